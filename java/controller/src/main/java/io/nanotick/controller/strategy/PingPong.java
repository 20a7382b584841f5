package io.nanotick.controller.strategy;

import io.nanotick.controller.Side;
import io.nanotick.controller.Tif;

/**
 * Test strategy: joins the best bid with one order; when it is completely filled, offers the
 * same quantity spreadTicks above the fill price; when that fills, bids spreadTicks below, and so on.
 */
public final class PingPong extends AbstractStrategy
{
    public static final String TYPE = "pingpong";

    private final int pLocate = defineLocate();
    private final int pQty = params.define("qty", 100, 1, 1_000_000, "shares per order");
    private final int pSpread = params.define("spreadTicks", 1, 1, 10_000, "distance between buy and sell, ticks");
    private final int pTick = params.define("tick", 100, 1, 1_000_000, "tick size, price units (1e-4 $)");

    private int locate;
    private long qty;
    private long spread;

    private long workingRef;
    private long workingLeaves;
    private byte nextSide = Side.BUY;
    private long nextPx;

    public PingPong(final String name, final int id)
    {
        super(name, id);
    }

    @Override
    public String type()
    {
        return TYPE;
    }

    @Override
    protected void onParamsChanged()
    {
        locate = (int)params.getLong(pLocate);
        qty = params.getLong(pQty);
        spread = params.getLong(pSpread) * params.getLong(pTick);
    }

    @Override
    protected void onStopped(final long nowNs)
    {
        workingRef = 0;
    }

    @Override
    public void onTopOfBook(final int locate, final long nowNs)
    {
        if (running && locate == this.locate && workingRef == 0)
        {
            place(nowNs);
        }
    }

    private void place(final long nowNs)
    {
        long px = nextPx;
        if (px == 0)
        {
            px = nextSide == Side.BUY ? market.bidPx(locate) : market.askPx(locate);
        }
        if (px <= 0)
        {
            return;
        }
        final long ref = orders.enter(id, locate, nextSide, px, qty, Tif.DAY, nowNs);
        if (ref > 0)
        {
            workingRef = ref;
            workingLeaves = qty;
            nextPx = px;
        }
    }

    @Override
    public void onFill(final long userRef, final int locate, final byte side, final long price, final long quantity, final long nowNs)
    {
        if (userRef != workingRef)
        {
            return;
        }
        workingLeaves -= quantity;
        if (workingLeaves <= 0)
        {
            workingRef = 0;
            nextSide = Side.opposite(side);
            nextPx = side == Side.BUY ? price + spread : price - spread;
            if (running)
            {
                place(nowNs);
            }
        }
    }

    @Override
    public void onOrderClosed(final long userRef, final long nowNs)
    {
        if (userRef == workingRef)
        {
            workingRef = 0;
        }
    }
}
