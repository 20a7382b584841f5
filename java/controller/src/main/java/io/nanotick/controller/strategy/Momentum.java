package io.nanotick.controller.strategy;

import io.nanotick.controller.Side;

/**
 * Momentum with fee-aware thresholds. Over the last {@code lookback} two-sided top-of-book updates,
 * the mid must move by more than the round-trip taker fee plus a minimum edge
 * ({@code 2 * takerFee + minEdge}, price units per share) before the strategy takes liquidity in
 * the direction of the move: a buy IOC at the best ask, or a sell IOC at the best bid, while the
 * position stays within maxPosition. After a signal the window restarts.
 */
public final class Momentum extends AbstractStrategy
{
    public static final String TYPE = "momentum";
    private static final int MAX_LOOKBACK = 4096;

    private final int pLocate = defineLocate();
    private final int pLookback = params.define("lookback", 10, 1, MAX_LOOKBACK - 1, "updates between the compared mids");
    private final int pQty = params.define("qty", 100, 1, 1_000_000, "shares per order");
    private final int pMaxPos = params.define("maxPosition", 500, 0, 1e9, "absolute position cap, shares");
    private final int pFee = params.define("takerFee", 30, 0, 1e6, "taker fee per share, price units (30 = $0.0030)");
    private final int pEdge = params.define("minEdge", 100, 0, 1e9, "required edge beyond fees, price units");

    private final long[] mids2 = new long[MAX_LOOKBACK];
    private int locate;
    private int lookback;
    private long qty;
    private long maxPosition;
    private long threshold2;
    private long count;

    public Momentum(final String name, final int id)
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
        lookback = (int)params.getLong(pLookback);
        qty = params.getLong(pQty);
        maxPosition = params.getLong(pMaxPos);
        // mids are kept doubled (bid + ask), so the threshold is doubled too
        threshold2 = 2 * (2 * params.getLong(pFee) + params.getLong(pEdge));
        count = 0;
    }

    /** Move in price units a signal needs to exceed: 2 * takerFee + minEdge. */
    public long threshold()
    {
        return threshold2 / 2;
    }

    @Override
    public void onTopOfBook(final int locate, final long nowNs)
    {
        final long mid2 = ownMid2(locate, this.locate);
        if (mid2 == 0)
        {
            return;
        }
        mids2[(int)(count % MAX_LOOKBACK)] = mid2;
        count++;
        if (!running || count <= lookback)
        {
            return;
        }
        final long move2 = mid2 - mids2[(int)((count - 1 - lookback) % MAX_LOOKBACK)];
        if (move2 > threshold2 && withinPosition(locate, Side.BUY, qty, maxPosition))
        {
            takeIoc(locate, Side.BUY, qty, nowNs);
            count = 0;
        }
        else if (move2 < -threshold2 && withinPosition(locate, Side.SELL, qty, maxPosition))
        {
            takeIoc(locate, Side.SELL, qty, nowNs);
            count = 0;
        }
    }
}
