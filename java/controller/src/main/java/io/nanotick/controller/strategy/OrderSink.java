package io.nanotick.controller.strategy;

/**
 * Where strategies send order intents. The controller's implementation fills one preallocated
 * intent, runs pre-trade risk on it and hands it to the OMS (journal first, then the wire), all
 * synchronously on the hot thread, without allocation. Return values: a positive UserRefNum for
 * an accepted enter/replace, or a negative risk reason code ({@code -RiskReason.X}).
 */
public interface OrderSink
{
    long enter(int strategyId, int locate, byte side, long price, long quantity, byte tif, long nowNs);

    /**
     * Replaces a working order with a new price/quantity; returns the new UserRefNum, 0 if the order
     * is working but cannot be replaced yet (not accepted, or already being changed: keep the old
     * ref and try later), or -reason.
     */
    long replace(int strategyId, long userRef, long price, long quantity, long nowNs);

    /** Requests a cancel; returns true if a cancel was sent (false: unknown or already closed). */
    boolean cancel(int strategyId, long userRef, long nowNs);

    /** Cancels every working order of the strategy. */
    void cancelAll(int strategyId, long nowNs);
}
