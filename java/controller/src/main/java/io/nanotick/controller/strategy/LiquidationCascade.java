package io.nanotick.controller.strategy;

import io.nanotick.controller.Side;
import io.nanotick.controller.Tif;

/**
 * Liquidation-cascade detector on trade prints. A cascade is a fast price move with a volume
 * burst: over the trailing window (windowMs), the price velocity
 * {@code (lastPx - firstPx) / firstPx} in basis points per second is at least velocityBps in
 * magnitude, and the window's traded volume exceeds volumeMultiple times the baseline, an EWMA
 * (weight alpha) of the volume of past tumbling windows (at least minBuckets of them closed).
 * On detection it sends one IOC of qty: mode 1 follows the move (sells into a down cascade at
 * the best bid), mode -1 fades it; then waits cooldownMs.
 */
public final class LiquidationCascade extends AbstractStrategy
{
    public static final String TYPE = "cascade";
    private static final int CAP = 8192;

    private final int pLocate = defineLocate();
    private final int pWindow = params.define("windowMs", 1000, 1, 3_600_000, "trailing and bucket window, ms");
    private final int pVelocity = params.define("velocityBps", 25, 0, 1e6, "minimum |velocity|, bps per second");
    private final int pMult = params.define("volumeMultiple", 3, 0, 1e6, "window volume over baseline needed");
    private final int pAlpha = params.define("alpha", 0.2, 1e-6, 1, "EWMA weight of the baseline");
    private final int pMinBuckets = params.define("minBuckets", 3, 1, 1e6, "closed windows before detecting");
    private final int pQty = params.define("qty", 100, 1, 1_000_000, "shares per order");
    private final int pCooldown = params.define("cooldownMs", 5000, 0, 1e9, "quiet time after a signal, ms");
    private final int pMode = params.define("mode", 1, -1, 1, "1 follow the cascade, -1 fade it");

    private final long[] ts = new long[CAP];
    private final long[] px = new long[CAP];
    private final long[] vol = new long[CAP];
    private long head;
    private long tail;
    private long windowVolume;

    private long bucketStart = Long.MIN_VALUE;
    private long bucketVolume;
    private long closedBuckets;
    private double baseline;
    private long cooldownUntil = Long.MIN_VALUE;
    private long detections;

    private int locate;
    private long windowNs;
    private double velocityBps;
    private double volumeMultiple;
    private double alpha;
    private long minBuckets;
    private long qty;
    private long cooldownNs;
    private int mode;

    public LiquidationCascade(final String name, final int id)
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
        windowNs = params.getLong(pWindow) * 1_000_000L;
        velocityBps = params.get(pVelocity);
        volumeMultiple = params.get(pMult);
        alpha = params.get(pAlpha);
        minBuckets = params.getLong(pMinBuckets);
        qty = params.getLong(pQty);
        cooldownNs = params.getLong(pCooldown) * 1_000_000L;
        mode = (int)params.getLong(pMode);
    }

    public long detections()
    {
        return detections;
    }

    public double baseline()
    {
        return baseline;
    }

    @Override
    public void onTrade(final int locate, final byte restingSide, final long price, final long quantity, final long nowNs)
    {
        if (locate != this.locate || price <= 0 || quantity <= 0)
        {
            return;
        }
        rollBuckets(nowNs);
        bucketVolume += quantity;

        if (head - tail == CAP)
        {
            windowVolume -= vol[(int)(tail++ % CAP)];
        }
        final int slot = (int)(head++ % CAP);
        ts[slot] = nowNs;
        px[slot] = price;
        vol[slot] = quantity;
        windowVolume += quantity;
        while (ts[(int)(tail % CAP)] <= nowNs - windowNs)
        {
            windowVolume -= vol[(int)(tail++ % CAP)];
        }

        final long firstPx = px[(int)(tail % CAP)];
        final double velocity = (price - firstPx) * 1e4 / firstPx / (windowNs * 1e-9);
        if (closedBuckets >= minBuckets &&
            windowVolume > volumeMultiple * baseline &&
            Math.abs(velocity) >= velocityBps &&
            velocity != 0 &&
            nowNs >= cooldownUntil)
        {
            detections++;
            cooldownUntil = nowNs + cooldownNs;
            if (running)
            {
                final boolean down = velocity < 0;
                final byte side = (down == (mode == 1)) ? Side.SELL : Side.BUY;
                long limit = side == Side.SELL ? market.bidPx(locate) : market.askPx(locate);
                if (limit <= 0)
                {
                    limit = price;
                }
                orders.enter(id, locate, side, limit, qty, Tif.IOC, nowNs);
            }
        }
    }

    private void rollBuckets(final long nowNs)
    {
        if (bucketStart == Long.MIN_VALUE)
        {
            bucketStart = nowNs;
            return;
        }
        int guard = 0;
        while (nowNs >= bucketStart + windowNs)
        {
            baseline = closedBuckets == 0 ? bucketVolume : alpha * bucketVolume + (1 - alpha) * baseline;
            closedBuckets++;
            bucketVolume = 0;
            bucketStart += windowNs;
            if (++guard == 10_000)
            {
                // a very long silence: the baseline has decayed to nothing anyway
                baseline = 0;
                bucketStart = nowNs;
            }
        }
    }
}
