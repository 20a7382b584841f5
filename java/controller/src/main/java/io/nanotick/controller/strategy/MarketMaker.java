package io.nanotick.controller.strategy;

import io.nanotick.controller.Px;
import io.nanotick.controller.Side;
import io.nanotick.controller.Tif;

/**
 * Avellaneda–Stoikov market maker with inventory skew.
 *
 * <pre>
 *   q      = position / qty                         (inventory in quote lots)
 *   r      = s - q * gamma * sigma^2 * tau           (reservation price)
 *   delta  = gamma * sigma^2 * tau + (2/gamma) * ln(1 + gamma/k)   (total spread)
 *   bid    = floorTick(r - delta/2),  ask = ceilTick(r + delta/2)
 * </pre>
 *
 * s is the mid in dollars, sigma in dollars per sqrt(second) (0: estimated online as an EWMA of
 * squared mid changes per second), tau the (constant, "infinite horizon") time-to-close in seconds.
 * Quotes never cross the book (bid &lt;= best ask - tick, ask &gt;= best bid + tick); no bid at
 * position &gt;= maxInventory, no ask at position &lt;= -maxInventory. A working quote is replaced
 * when its target moves by requoteTicks or more. Quotes are recomputed on every top-of-book update
 * of the locate (a fill changes the inventory skew from the next update on).
 */
public final class MarketMaker extends AbstractStrategy
{
    public static final String TYPE = "mm";

    private final int pLocate = defineLocate();
    private final int pQty = params.define("qty", 100, 1, 1_000_000, "shares per quote");
    private final int pGamma = params.define("gamma", 0.1, 1e-9, 1e6, "risk aversion");
    private final int pK = params.define("k", 10, 1e-9, 1e9, "order-arrival intensity decay k");
    private final int pSigma = params.define("sigma", 0, 0, 1e6, "volatility $/sqrt(s); 0 = estimate");
    private final int pTau = params.define("tau", 1, 0, 1e6, "time horizon, seconds");
    private final int pTick = params.define("tick", 100, 1, 1_000_000, "tick size, price units (1e-4 $)");
    private final int pRequote = params.define("requoteTicks", 1, 1, 1_000_000, "replace when the target moves this far");
    private final int pMaxInv = params.define("maxInventory", 1000, 0, 1e9, "stop quoting the side that adds beyond this");
    private final int pAlpha = params.define("alpha", 0.05, 1e-6, 1, "EWMA weight of the sigma estimator");
    private final int pMinSamples = params.define("minSamples", 20, 1, 1e9, "mid changes before an estimated sigma is used");

    private int locate;
    private long qty;
    private double gamma;
    private double k;
    private double sigmaParam;
    private double tau;
    private long tick;
    private long requote;
    private long maxInventory;
    private double alpha;
    private long minSamples;

    private long bidRef;
    private long bidPx;
    private long askRef;
    private long askPx;

    private long lastMid2;
    private long lastMidNs;
    private double varPerSec;
    private long samples;

    public MarketMaker(final String name, final int id)
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
        gamma = params.get(pGamma);
        k = params.get(pK);
        sigmaParam = params.get(pSigma);
        tau = params.get(pTau);
        tick = params.getLong(pTick);
        requote = params.getLong(pRequote) * tick;
        maxInventory = params.getLong(pMaxInv);
        alpha = params.get(pAlpha);
        minSamples = params.getLong(pMinSamples);
    }

    @Override
    protected void onStopped(final long nowNs)
    {
        bidRef = 0;
        askRef = 0;
    }

    /** Current sigma estimate in $/sqrt(s) (NaN until enough samples). */
    public double sigma()
    {
        if (sigmaParam > 0)
        {
            return sigmaParam;
        }
        return samples >= minSamples ? Math.sqrt(varPerSec) : Double.NaN;
    }

    @Override
    public void onTopOfBook(final int locate, final long nowNs)
    {
        final long mid2 = ownMid2(locate, this.locate);
        if (mid2 == 0)
        {
            return;
        }
        estimate(mid2, nowNs);
        if (!running)
        {
            return;
        }
        final double sigma = sigma();
        if (Double.isNaN(sigma))
        {
            return;
        }
        final long position = ctx.position(locate);
        final double s = mid2 / (2.0 * Px.SCALE);
        final double q = position / (double)qty;
        final double var = sigma * sigma;
        final double r = s - q * gamma * var * tau;
        final double delta = gamma * var * tau + (2.0 / gamma) * Math.log(1.0 + gamma / k);
        long bid = Px.floorToTick(Math.round((r - delta / 2) * Px.SCALE), tick);
        long ask = Px.ceilToTick(Math.round((r + delta / 2) * Px.SCALE), tick);
        bid = Math.min(bid, market.askPx(locate) - tick);
        ask = Math.max(ask, market.bidPx(locate) + tick);

        if (position >= maxInventory || bid <= 0)
        {
            bidRef = pull(bidRef, nowNs);
        }
        else
        {
            bidRef = quote(bidRef, bidPx, Side.BUY, bid, nowNs);
            if (lastRef > 0)
            {
                bidPx = bid;
            }
        }
        if (position <= -maxInventory)
        {
            askRef = pull(askRef, nowNs);
        }
        else
        {
            askRef = quote(askRef, askPx, Side.SELL, ask, nowNs);
            if (lastRef > 0)
            {
                askPx = ask;
            }
        }
    }

    private long lastRef;

    /** Enters or replaces; returns the working ref (0 if none). lastRef = ref of a new order sent now. */
    private long quote(final long ref, final long workingPx, final byte side, final long px, final long nowNs)
    {
        lastRef = -1;
        if (ref == 0)
        {
            final long r = orders.enter(id, locate, side, px, qty, Tif.DAY, nowNs);
            if (r > 0)
            {
                lastRef = r;
                return r;
            }
            return 0;
        }
        if (Math.abs(px - workingPx) >= requote)
        {
            final long r = orders.replace(id, ref, px, qty, nowNs);
            if (r > 0)
            {
                lastRef = r;
                return r;
            }
        }
        return ref;
    }

    private long pull(final long ref, final long nowNs)
    {
        if (ref != 0)
        {
            orders.cancel(id, ref, nowNs);
        }
        return 0;
    }

    private void estimate(final long mid2, final long nowNs)
    {
        if (lastMid2 != 0 && mid2 != lastMid2 && nowNs > lastMidNs)
        {
            final double d = (mid2 - lastMid2) / (2.0 * Px.SCALE);
            final double dt = (nowNs - lastMidNs) * 1e-9;
            final double x = d * d / dt;
            varPerSec = samples == 0 ? x : alpha * x + (1 - alpha) * varPerSec;
            samples++;
        }
        if (mid2 != lastMid2)
        {
            lastMid2 = mid2;
            lastMidNs = nowNs;
        }
    }

    @Override
    public void onOrderClosed(final long userRef, final long nowNs)
    {
        if (userRef == bidRef)
        {
            bidRef = 0;
        }
        else if (userRef == askRef)
        {
            askRef = 0;
        }
    }
}
