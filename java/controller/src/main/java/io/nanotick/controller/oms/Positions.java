package io.nanotick.controller.oms;

import io.nanotick.controller.Side;
import io.nanotick.controller.md.MarketState;

/**
 * Positions and P&amp;L per locate, in price units times shares (1e-4 $), average-cost method.
 * Fees per share: makerFee for executions that added liquidity (OUCH liquidity flag 'A'),
 * takerFee otherwise; a negative fee is a rebate. Unrealized P&amp;L is marked at the mid
 * (else last trade) on every book update of a held locate; the running totals are O(1).
 */
public final class Positions
{
    private final long[] position = new long[MarketState.MAX_LOCATES];
    private final long[] costBasis = new long[MarketState.MAX_LOCATES];
    private final long[] realized = new long[MarketState.MAX_LOCATES];
    private final long[] fees = new long[MarketState.MAX_LOCATES];
    private final long[] unrealized = new long[MarketState.MAX_LOCATES];
    private final long[] mark = new long[MarketState.MAX_LOCATES];
    private final long[] volume = new long[MarketState.MAX_LOCATES];
    private final boolean[] touched = new boolean[MarketState.MAX_LOCATES];
    private final int[] active = new int[MarketState.MAX_LOCATES];
    private int activeCount;

    private long makerFee;
    private long takerFee;
    private long totalRealized;
    private long totalFees;
    private long totalUnrealized;
    private long fills;
    private long filledQty;
    private long closes;
    private long wins;

    public void fees(final long makerFeePerShare, final long takerFeePerShare)
    {
        this.makerFee = makerFeePerShare;
        this.takerFee = takerFeePerShare;
    }

    public long makerFee()
    {
        return makerFee;
    }

    public long takerFee()
    {
        return takerFee;
    }

    public void onFill(final int locate, final byte side, final long price, final long qty, final byte liquidity)
    {
        touch(locate);
        final long signed = Side.sign(side) * qty;
        long pos = position[locate];
        long remaining = signed;
        if (pos != 0 && Long.signum(pos) != Long.signum(signed))
        {
            final long close = Math.min(Math.abs(signed), Math.abs(pos));
            final long basisClosed = costBasis[locate] / Math.abs(pos) * close +
                costBasis[locate] % Math.abs(pos) * close / Math.abs(pos);
            final long pnl = Long.signum(pos) * price * close - basisClosed;
            realized[locate] += pnl;
            totalRealized += pnl;
            costBasis[locate] -= basisClosed;
            pos += Long.signum(signed) * close;
            remaining = signed - Long.signum(signed) * close;
            closes++;
            if (pnl > 0)
            {
                wins++;
            }
        }
        if (remaining != 0)
        {
            costBasis[locate] += price * remaining;
            pos += remaining;
        }
        if (pos == 0)
        {
            costBasis[locate] = 0;
        }
        position[locate] = pos;
        final long fee = qty * (liquidity == 'A' ? makerFee : takerFee);
        fees[locate] += fee;
        totalFees += fee;
        volume[locate] += qty;
        fills++;
        filledQty += qty;
        if (mark[locate] == 0)
        {
            mark[locate] = price;
        }
        remark(locate);
    }

    /** New mark price for the locate (mid or last trade); returns true if P&amp;L changed. */
    public boolean onMark(final int locate, final long markPx)
    {
        if (markPx <= 0 || markPx == mark[locate])
        {
            return false;
        }
        mark[locate] = markPx;
        return touched[locate] && remark(locate);
    }

    private boolean remark(final int locate)
    {
        final long u = position[locate] * mark[locate] - costBasis[locate];
        final long old = unrealized[locate];
        unrealized[locate] = u;
        totalUnrealized += u - old;
        return u != old;
    }

    private void touch(final int locate)
    {
        if (!touched[locate])
        {
            touched[locate] = true;
            active[activeCount++] = locate;
        }
    }

    public long position(final int locate)
    {
        return position[locate];
    }

    public long costBasis(final int locate)
    {
        return costBasis[locate];
    }

    public long realized(final int locate)
    {
        return realized[locate];
    }

    public long unrealized(final int locate)
    {
        return unrealized[locate];
    }

    public long fees(final int locate)
    {
        return fees[locate];
    }

    public long mark(final int locate)
    {
        return mark[locate];
    }

    public long volume(final int locate)
    {
        return volume[locate];
    }

    public int activeCount()
    {
        return activeCount;
    }

    public int activeLocate(final int i)
    {
        return active[i];
    }

    public long totalRealized()
    {
        return totalRealized;
    }

    public long totalUnrealized()
    {
        return totalUnrealized;
    }

    public long totalFees()
    {
        return totalFees;
    }

    /** realized + unrealized - fees. */
    public long totalPnl()
    {
        return totalRealized + totalUnrealized - totalFees;
    }

    public long fills()
    {
        return fills;
    }

    public long filledQty()
    {
        return filledQty;
    }

    public long closes()
    {
        return closes;
    }

    public long wins()
    {
        return wins;
    }
}
