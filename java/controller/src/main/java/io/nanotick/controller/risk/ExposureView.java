package io.nanotick.controller.risk;

/** What risk needs to know about positions and working orders (implemented by the OMS). */
public interface ExposureView
{
    long position(int locate);

    /** Shares of working (incl. pending) buy orders. */
    long openBuyQty(int locate);

    long openSellQty(int locate);

    /** Sum over locates of max(|pos + openBuy|, |pos - openSell|). */
    long grossExposure();

    /** Worst-case exposure of one locate: max(|pos + openBuy|, |pos - openSell|). */
    long exposure(int locate);

    int openOrders();

    /** Highest price of the controller's working buys in the locate, ignoring excludeRef; 0 if none. */
    long ownBestBid(int locate, long excludeRef);

    /** Lowest price of its working sells, ignoring excludeRef; Long.MAX_VALUE if none. */
    long ownBestAsk(int locate, long excludeRef);
}
