package io.nanotick.controller.md;

/**
 * Market-data callbacks, one per ring.h record type. nowNs is the record's ingress timestamp
 * (CLOCK_MONOTONIC ns in software, the same clock as System.nanoTime on Linux).
 */
public interface MarketDataListener
{
    void onTopOfBook(int locate, long bidPx, long bidQty, long askPx, long askQty, int flags, long nowNs);

    void onTrade(int locate, byte restingSide, long price, long quantity, long nowNs);

    void onFeedEvent(int event, int locate, long expectedSeq, long receivedSeq, long count, long nowNs);
}
