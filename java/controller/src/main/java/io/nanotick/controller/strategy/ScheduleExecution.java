package io.nanotick.controller.strategy;

import io.nanotick.controller.Side;
import io.nanotick.controller.Tif;

/**
 * TWAP and VWAP execution: works {@code quantity} shares on one side over {@code durationMs} split
 * into buckets. Bucket i starts at start + i * duration / n; by then the cumulative target is
 * {@code floor(quantity * (w0 + .. + wi) / sum(w))} (TWAP: equal weights; VWAP: the configured
 * intraday volume profile). Whenever no child is working and the filled quantity is below the
 * current target, one IOC child for the difference goes out at the far touch plus limitTicks
 * (buy: ask + limitTicks*tick, sell: bid - limitTicks*tick). Unfilled shares roll into the next
 * child. The algo stops when everything is filled. Time advances on timer ticks and book updates.
 */
public final class ScheduleExecution extends AbstractStrategy
{
    public static final String TWAP = "twap";
    public static final String VWAP = "vwap";
    private static final int MAX_BUCKETS = 1024;

    private final String type;
    private final int pLocate = defineLocate();
    private final int pSide = params.define("side", 1, -1, 1, "1 buy, -1 sell");
    private final int pQty = params.define("quantity", 1000, 1, 1e12, "total shares to execute");
    private final int pDuration = params.define("durationMs", 60_000, 1, 1e11, "schedule length, ms");
    private final int pSlices = params.define("slices", 10, 1, MAX_BUCKETS, "TWAP buckets (VWAP: profile length)");
    private final int pLimit = params.define("limitTicks", 0, 0, 1e6, "ticks through the far touch a child may pay");
    private final int pTick = params.define("tick", 100, 1, 1_000_000, "tick size, price units (1e-4 $)");
    private final int pProfile;

    private final long[] cumTarget = new long[MAX_BUCKETS];
    private int buckets;
    private int locate;
    private byte side;
    private long quantity;
    private long durationNs;
    private long limit;

    private long startNs = Long.MIN_VALUE;
    private long filled;
    private long childRef;
    private long children;

    public ScheduleExecution(final String type, final String name, final int id)
    {
        super(name, id);
        if (!TWAP.equals(type) && !VWAP.equals(type))
        {
            throw new IllegalArgumentException("schedule type must be twap or vwap: " + type);
        }
        this.type = type;
        pProfile = params.defineText("profile", "1", ScheduleExecution::checkProfile,
            "VWAP volume profile: comma-separated bucket weights");
    }

    static String checkProfile(final String value)
    {
        final String[] parts = value.split(",");
        if (parts.length > MAX_BUCKETS)
        {
            return "more than " + MAX_BUCKETS + " buckets";
        }
        double total = 0;
        for (final String p : parts)
        {
            final double w;
            try
            {
                w = Double.parseDouble(p.trim());
            }
            catch (final NumberFormatException ex)
            {
                return "weight '" + p + "' is not a number";
            }
            if (!(w >= 0))
            {
                return "weight '" + p + "' is negative";
            }
            total += w;
        }
        return total > 0 ? null : "weights sum to zero";
    }

    @Override
    public String type()
    {
        return type;
    }

    @Override
    protected void onParamsChanged()
    {
        locate = (int)params.getLong(pLocate);
        side = params.getLong(pSide) >= 0 ? Side.BUY : Side.SELL;
        quantity = params.getLong(pQty);
        durationNs = params.getLong(pDuration) * 1_000_000L;
        limit = params.getLong(pLimit) * params.getLong(pTick);
        final double[] w;
        if (VWAP.equals(type))
        {
            final String[] parts = params.text(pProfile).split(",");
            w = new double[parts.length];
            for (int i = 0; i < parts.length; i++)
            {
                w[i] = Double.parseDouble(parts[i].trim());
            }
        }
        else
        {
            w = new double[(int)params.getLong(pSlices)];
            java.util.Arrays.fill(w, 1.0);
        }
        double total = 0;
        for (final double x : w)
        {
            total += x;
        }
        double acc = 0;
        for (int i = 0; i < w.length; i++)
        {
            acc += w[i];
            cumTarget[i] = i == w.length - 1 ? quantity : (long)Math.floor(quantity * acc / total + 1e-9);
        }
        buckets = w.length;
    }

    @Override
    public void start(final long nowNs)
    {
        super.start(nowNs);
        startNs = nowNs;
        filled = 0;
        childRef = 0;
        children = 0;
        work(nowNs);
    }

    @Override
    protected void onStopped(final long nowNs)
    {
        childRef = 0;
    }

    public long filled()
    {
        return filled;
    }

    public long children()
    {
        return children;
    }

    /** Cumulative target at nowNs. */
    public long target(final long nowNs)
    {
        if (nowNs >= startNs + durationNs)
        {
            return quantity;
        }
        final long elapsed = Math.max(0, nowNs - startNs);
        final int bucket = (int)Math.min(buckets - 1, (long)((double)elapsed * buckets / durationNs));
        return cumTarget[bucket];
    }

    private void work(final long nowNs)
    {
        if (!running || childRef != 0)
        {
            return;
        }
        if (filled >= quantity)
        {
            running = false;
            return;
        }
        final long want = target(nowNs) - filled;
        if (want <= 0)
        {
            return;
        }
        final long touch = side == Side.BUY ? market.askPx(locate) : market.bidPx(locate);
        if (touch <= 0)
        {
            return;
        }
        final long px = side == Side.BUY ? touch + limit : Math.max(touch - limit, 1);
        final long ref = orders.enter(id, locate, side, px, want, Tif.IOC, nowNs);
        if (ref > 0)
        {
            childRef = ref;
            children++;
        }
    }

    @Override
    public void onTopOfBook(final int locate, final long nowNs)
    {
        if (locate == this.locate)
        {
            work(nowNs);
        }
    }

    @Override
    public void onTimer(final long nowNs)
    {
        work(nowNs);
    }

    @Override
    public void onFill(final long userRef, final int locate, final byte side, final long price, final long quantity, final long nowNs)
    {
        if (userRef == childRef)
        {
            filled += quantity;
        }
    }

    @Override
    public void onOrderClosed(final long userRef, final long nowNs)
    {
        if (userRef == childRef)
        {
            childRef = 0;
            if (filled >= quantity)
            {
                running = false;
            }
        }
    }
}
