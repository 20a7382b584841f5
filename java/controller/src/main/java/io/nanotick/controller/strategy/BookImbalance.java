package io.nanotick.controller.strategy;

import io.nanotick.controller.Side;

/**
 * Order-book-imbalance signal on the top of book:
 * {@code imbalance = (bidQty - askQty) / (bidQty + askQty)}. At imbalance &gt;= threshold it buys
 * qty IOC at the best ask, at &lt;= -threshold it sells at the best bid, within maxPosition, when
 * the touch holds at least minDepth shares, and at most once per cooldownMs.
 */
public final class BookImbalance extends AbstractStrategy
{
    public static final String TYPE = "obi";

    private final int pLocate = defineLocate();
    private final int pThreshold = params.define("threshold", 0.6, 0, 1, "|imbalance| that triggers");
    private final int pQty = params.define("qty", 100, 1, 1_000_000, "shares per order");
    private final int pMaxPos = params.define("maxPosition", 500, 0, 1e9, "absolute position cap, shares");
    private final int pMinDepth = params.define("minDepth", 0, 0, 1e12, "bidQty + askQty needed");
    private final int pCooldown = params.define("cooldownMs", 1000, 0, 1e9, "quiet time after a signal, ms");

    private int locate;
    private double threshold;
    private long qty;
    private long maxPosition;
    private long minDepth;
    private long cooldownNs;
    private long cooldownUntil = Long.MIN_VALUE;

    public BookImbalance(final String name, final int id)
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
        threshold = params.get(pThreshold);
        qty = params.getLong(pQty);
        maxPosition = params.getLong(pMaxPos);
        minDepth = params.getLong(pMinDepth);
        cooldownNs = params.getLong(pCooldown) * 1_000_000L;
    }

    @Override
    public void onTopOfBook(final int locate, final long nowNs)
    {
        if (!running || ownMid2(locate, this.locate) == 0 || nowNs < cooldownUntil)
        {
            return;
        }
        final long b = market.bidQty(locate);
        final long a = market.askQty(locate);
        if (a + b < minDepth)
        {
            return;
        }
        final double imbalance = (b - a) / (double)(b + a);
        if (imbalance >= threshold && withinPosition(locate, Side.BUY, qty, maxPosition))
        {
            takeIoc(locate, Side.BUY, qty, nowNs);
            cooldownUntil = nowNs + cooldownNs;
        }
        else if (imbalance <= -threshold && withinPosition(locate, Side.SELL, qty, maxPosition))
        {
            takeIoc(locate, Side.SELL, qty, nowNs);
            cooldownUntil = nowNs + cooldownNs;
        }
    }
}
