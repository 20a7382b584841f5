package io.nanotick.controller.strategy;

import io.nanotick.controller.Side;

/**
 * Pairs statistical arbitrage on the hedged spread {@code spread = midA - beta * midB} (dollars).
 * Each two-sided update of either leg is one sample. With the mean and population standard
 * deviation of the previous {@code window} samples, {@code z = (spread - mean) / std}:
 * flat and z &gt;= entryZ: sell the spread (sell qtyA of A at A's bid, buy round(beta*qtyA) of B at
 * B's ask, both IOC); flat and z &lt;= -entryZ: buy it; holding and |z| &lt;= exitZ: unwind whatever
 * the legs actually filled. Nothing new is sent while an order of the strategy is working.
 */
public final class PairsArbitrage extends AbstractStrategy
{
    public static final String TYPE = "pairs";
    private static final int MAX_WINDOW = 4096;

    private final int pLocateA = params.define("locateA", 1, 1, 65_535, "stock locate of leg A");
    private final int pLocateB = params.define("locateB", 2, 1, 65_535, "stock locate of leg B");
    private final int pBeta = params.define("beta", 1, -1e6, 1e6, "hedge ratio: shares of B per share of A");
    private final int pWindow = params.define("window", 100, 2, MAX_WINDOW, "samples in the mean/std window");
    private final int pEntry = params.define("entryZ", 2, 0, 1e6, "|z| that opens a position");
    private final int pExit = params.define("exitZ", 0.5, 0, 1e6, "|z| that closes it");
    private final int pQty = params.define("qtyA", 100, 1, 1_000_000, "shares of A per entry");

    private final double[] samples = new double[MAX_WINDOW];
    private long count;
    private double sum;
    private double sumSq;

    private int locateA;
    private int locateB;
    private double beta;
    private int window;
    private double entryZ;
    private double exitZ;
    private long qtyA;
    private long qtyB;

    private int state;          // 0 flat, +1 long spread, -1 short spread
    private long legA;          // own filled position in A
    private long legB;
    private int working;        // own orders not yet closed
    private double lastZ = Double.NaN;

    public PairsArbitrage(final String name, final int id)
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
        locateA = (int)params.getLong(pLocateA);
        locateB = (int)params.getLong(pLocateB);
        beta = params.get(pBeta);
        final int w = (int)params.getLong(pWindow);
        if (w != window)
        {
            window = w;
            count = 0;
            sum = 0;
            sumSq = 0;
        }
        entryZ = params.get(pEntry);
        exitZ = params.get(pExit);
        qtyA = params.getLong(pQty);
        qtyB = Math.round(Math.abs(beta) * qtyA);
    }

    public double lastZ()
    {
        return lastZ;
    }

    @Override
    public void onTopOfBook(final int locate, final long nowNs)
    {
        if ((locate != locateA && locate != locateB) || !market.hasTwoSided(locateA) || !market.hasTwoSided(locateB))
        {
            return;
        }
        final double spread = market.mid2(locateA) / 2e4 - beta * market.mid2(locateB) / 2e4;
        double z = Double.NaN;
        if (count >= window)
        {
            final double mean = sum / window;
            final double var = Math.max(0, sumSq / window - mean * mean);
            final double std = Math.sqrt(var);
            if (std > 1e-12)
            {
                z = (spread - mean) / std;
            }
            final double old = samples[(int)((count - window) % MAX_WINDOW)];
            sum -= old;
            sumSq -= old * old;
        }
        samples[(int)(count % MAX_WINDOW)] = spread;
        sum += spread;
        sumSq += spread * spread;
        count++;
        lastZ = z;

        if (!running || working > 0 || Double.isNaN(z))
        {
            return;
        }
        if (state == 0)
        {
            if (z >= entryZ)
            {
                send(locateA, Side.SELL, qtyA, nowNs);
                send(locateB, beta >= 0 ? Side.BUY : Side.SELL, qtyB, nowNs);
                state = -1;
            }
            else if (z <= -entryZ)
            {
                send(locateA, Side.BUY, qtyA, nowNs);
                send(locateB, beta >= 0 ? Side.SELL : Side.BUY, qtyB, nowNs);
                state = 1;
            }
        }
        else if (Math.abs(z) <= exitZ)
        {
            if (legA != 0)
            {
                send(locateA, legA > 0 ? Side.SELL : Side.BUY, Math.abs(legA), nowNs);
            }
            if (legB != 0)
            {
                send(locateB, legB > 0 ? Side.SELL : Side.BUY, Math.abs(legB), nowNs);
            }
            state = 0;
        }
    }

    private void send(final int locate, final byte side, final long qty, final long nowNs)
    {
        if (qty <= 0)
        {
            return;
        }
        if (takeIoc(locate, side, qty, nowNs) > 0)
        {
            working++;
        }
    }

    @Override
    public void onFill(final long userRef, final int locate, final byte side, final long price, final long quantity, final long nowNs)
    {
        final long signed = Side.sign(side) * quantity;
        if (locate == locateA)
        {
            legA += signed;
        }
        else if (locate == locateB)
        {
            legB += signed;
        }
    }

    @Override
    public void onOrderClosed(final long userRef, final long nowNs)
    {
        if (working > 0)
        {
            working--;
        }
    }

    @Override
    protected void onStopped(final long nowNs)
    {
        working = 0;
    }

    public long legA()
    {
        return legA;
    }

    public long legB()
    {
        return legB;
    }
}
