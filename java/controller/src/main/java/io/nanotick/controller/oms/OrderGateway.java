package io.nanotick.controller.oms;

/**
 * Where OUCH requests go (an OUCH/SoupBinTCP session, the card's order ring, or a paper venue).
 * Called on the hot thread after the request has been journaled.
 */
public interface OrderGateway
{
    void enter(long userRef, int locate, byte side, long quantity, long price, byte tif, int strategyId, long nowNs);

    void replace(long origUserRef, long newUserRef, long quantity, long price, long nowNs);

    /** quantity = shares to leave open (OUCH Cancel Order "Quantity"; 0 = cancel all). */
    void cancel(long userRef, long quantity, long nowNs);
}
