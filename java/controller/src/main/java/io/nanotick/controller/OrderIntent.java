package io.nanotick.controller;

/**
 * One order intent, preallocated and reused: what a strategy (or the operator) wants sent.
 * Filled by the controller's order sink, checked by risk, turned into an OUCH request by the OMS.
 */
public final class OrderIntent
{
    public static final byte ENTER = 'O';
    public static final byte REPLACE = 'U';
    public static final byte CANCEL = 'X';

    /** Flag: a flatten order; allowed under the kill switch if it only reduces the position. */
    public static final int REDUCE_ONLY = 1;

    public byte action;
    public int strategyId;
    public int locate;
    public byte side;
    public long price;
    public long quantity;
    public byte tif;
    /** Replace/cancel: the order being changed. */
    public long origUserRef;
    public long nowNs;
    public int flags;

    public OrderIntent enter(final int strategyId, final int locate, final byte side, final long price, final long quantity, final byte tif, final long nowNs)
    {
        this.action = ENTER;
        this.strategyId = strategyId;
        this.locate = locate;
        this.side = side;
        this.price = price;
        this.quantity = quantity;
        this.tif = tif;
        this.origUserRef = 0;
        this.nowNs = nowNs;
        this.flags = 0;
        return this;
    }

    public OrderIntent replace(final int strategyId, final long origUserRef, final int locate, final byte side, final long price, final long quantity, final byte tif, final long nowNs)
    {
        enter(strategyId, locate, side, price, quantity, tif, nowNs);
        this.action = REPLACE;
        this.origUserRef = origUserRef;
        return this;
    }

    @Override
    public String toString()
    {
        return (char)action + " s" + strategyId + " L" + locate + " " + (char)side + " " + Px.format(price) + "x" + quantity +
            (origUserRef != 0 ? " orig#" + origUserRef : "");
    }
}
