package io.nanotick.controller.oms;

/** OMS notifications to the controller (which routes them to the owning strategy). */
public interface OrderListener
{
    void onFill(int strategyId, long userRef, int locate, byte side, long price, long quantity, byte liquidity, long nowNs);

    void onClosed(int strategyId, long userRef, byte state, long nowNs);
}
