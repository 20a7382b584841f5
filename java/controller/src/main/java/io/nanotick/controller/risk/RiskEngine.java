package io.nanotick.controller.risk;

import io.nanotick.controller.OrderIntent;
import io.nanotick.controller.Side;
import io.nanotick.controller.md.MarketState;

/**
 * Pre-trade risk on the hot path: every enter/replace intent passes {@link #check} before a byte
 * is sent; cancels always pass. Rejections are counted per reason and reported to a listener
 * (the controller journals them with the intent). The P&amp;L guard ({@link #onPnl}) trips the
 * kill switch on the daily loss or drawdown limit and stops trading at the profit target; the
 * controller then cancels everything. No allocation, no locks.
 */
public final class RiskEngine
{
    /** Told about every rejection and kill-switch change. */
    public interface Listener
    {
        void onReject(int reason, OrderIntent intent);

        void onKill(int reason, boolean killed);
    }

    private static final int DUP_SLOTS = 64;

    private final RiskLimits limits;
    private final MarketState market;
    private final ExposureView exposure;
    private Listener listener;

    private final long[] rejects = new long[RiskReason.COUNT];

    /** The last LOG_SIZE rejections (preallocated ring, newest at logNext - 1). */
    public static final int LOG_SIZE = 64;
    private final int[] logReason = new int[LOG_SIZE];
    private final byte[] logAction = new byte[LOG_SIZE];
    private final int[] logStrategy = new int[LOG_SIZE];
    private final int[] logLocate = new int[LOG_SIZE];
    private final byte[] logSide = new byte[LOG_SIZE];
    private final long[] logPrice = new long[LOG_SIZE];
    private final long[] logQty = new long[LOG_SIZE];
    private final long[] logNs = new long[LOG_SIZE];
    private long logNext;
    private long accepted;

    private boolean killed;
    private boolean venueDown;
    private int killReason;
    private boolean stopped;
    private long peakPnl;
    private long lastPnl;

    private final long[] sendTimes = new long[RiskLimits.MAX_RATE];
    private long sends;

    private final long[] dupPx = new long[DUP_SLOTS];
    private final long[] dupMeta = new long[DUP_SLOTS];
    private final long[] dupQty = new long[DUP_SLOTS];
    private final long[] dupTime = new long[DUP_SLOTS];
    private int dupNext;

    public RiskEngine(final RiskLimits limits, final MarketState market, final ExposureView exposure)
    {
        this.limits = limits;
        this.market = market;
        this.exposure = exposure;
    }

    public void listener(final Listener listener)
    {
        this.listener = listener;
    }

    public RiskLimits limits()
    {
        return limits;
    }

    /**
     * Checks an enter or replace. For a replace, replacedLeaves is the remaining quantity of the
     * order being replaced (its exposure is already counted). Returns a {@link RiskReason}; on OK
     * the send is recorded for the throttle and duplicate guards.
     */
    public int check(final OrderIntent in, final long replacedLeaves)
    {
        final int reason = evaluate(in, replacedLeaves);
        if (reason == RiskReason.OK)
        {
            accepted++;
            sendTimes[(int)(sends++ % RiskLimits.MAX_RATE)] = in.nowNs;
            if (in.action == OrderIntent.ENTER)
            {
                final int slot = dupNext++ & (DUP_SLOTS - 1);
                dupPx[slot] = in.price;
                dupMeta[slot] = meta(in);
                dupQty[slot] = in.quantity;
                dupTime[slot] = in.nowNs;
            }
        }
        else
        {
            rejected(reason, in);
        }
        return reason;
    }

    private static long meta(final OrderIntent in)
    {
        return ((long)in.locate << 16) | ((long)(in.strategyId & 0xFF) << 8) | (in.side & 0xFF);
    }

    private int evaluate(final OrderIntent in, final long replacedLeaves)
    {
        final int locate = in.locate;
        final long qty = in.quantity;
        final long px = in.price;
        final boolean reduceOnly = (in.flags & OrderIntent.REDUCE_ONLY) != 0;
        final long position = exposure.position(locate);
        final int sign = Side.sign(in.side);

        if (qty <= 0 || px <= 0 || locate <= 0 || locate >= MarketState.MAX_LOCATES ||
            (in.side != Side.BUY && in.side != Side.SELL))
        {
            return RiskReason.BAD_ORDER;
        }
        if (reduceOnly)
        {
            // must not flip or grow the position even if every working order of that side fills
            final long sameSideOpen = sign > 0 ? exposure.openBuyQty(locate) : exposure.openSellQty(locate);
            if (position * sign >= 0 || qty + sameSideOpen - replacedLeaves > Math.abs(position))
            {
                return RiskReason.NOT_REDUCING;
            }
        }
        else
        {
            if (killed)
            {
                return RiskReason.KILLED;
            }
            if (stopped)
            {
                return RiskReason.STOPPED;
            }
        }

        if (venueDown)
        {
            return RiskReason.VENUE_DOWN;
        }
        if (market.updates(locate) == 0)
        {
            return RiskReason.NO_REFERENCE;
        }
        final int flags = market.flags(locate);
        if ((flags & MarketState.FLAG_STALE) != 0)
        {
            return RiskReason.STALE_BOOK;
        }
        if ((flags & MarketState.FLAG_GAP) != 0 || market.feedGap() || market.feedDown())
        {
            return RiskReason.GAP;
        }
        if (limits.maxDataAgeNs > 0 && in.nowNs - market.lastUpdateNs(locate) > limits.maxDataAgeNs)
        {
            return RiskReason.DATA_TOO_OLD;
        }
        if (qty > limits.maxOrderQty)
        {
            return RiskReason.MAX_QTY;
        }
        if (qty > Long.MAX_VALUE / px || px * qty > limits.maxOrderNotional)
        {
            return RiskReason.MAX_NOTIONAL;
        }

        final long bid = market.bidPx(locate);
        final long ask = market.askPx(locate);
        final long ref = bid > 0 && ask > 0 ? (bid + ask) / 2 : (bid > 0 ? bid : ask);
        if (ref <= 0)
        {
            return RiskReason.NO_REFERENCE;
        }
        if (Math.abs(px - ref) * 10_000 > ref * limits.collarBps)
        {
            return RiskReason.PRICE_COLLAR;
        }

        final long added = qty - replacedLeaves;
        final long openBuy = exposure.openBuyQty(locate);
        final long openSell = exposure.openSellQty(locate);
        final long before = exposure.exposure(locate);
        long after = before;
        if (sign > 0)
        {
            final long worstLong = position + openBuy + Math.max(0, added);
            if (!reduceOnly && worstLong > limits.maxPosition)
            {
                return RiskReason.MAX_POSITION;
            }
            after = Math.max(Math.abs(worstLong), Math.abs(position - openSell));
        }
        else
        {
            final long worstShort = position - openSell - Math.max(0, added);
            if (!reduceOnly && -worstShort > limits.maxPosition)
            {
                return RiskReason.MAX_POSITION;
            }
            after = Math.max(Math.abs(position + openBuy), Math.abs(worstShort));
        }
        if (!reduceOnly && exposure.grossExposure() - before + after > limits.maxGross)
        {
            return RiskReason.MAX_GROSS;
        }
        if (in.action == OrderIntent.ENTER && exposure.openOrders() >= limits.maxOpenOrders)
        {
            return RiskReason.MAX_OPEN_ORDERS;
        }
        if (limits.selfTradePrevention)
        {
            if (sign > 0 ? px >= exposure.ownBestAsk(locate, in.origUserRef) : px <= exposure.ownBestBid(locate, in.origUserRef))
            {
                return RiskReason.SELF_TRADE;
            }
        }
        if (in.action == OrderIntent.ENTER && limits.dupWindowNs > 0 && isDuplicate(in))
        {
            return RiskReason.DUPLICATE;
        }
        if (sends >= limits.maxOrdersPerWindow)
        {
            final long oldest = sendTimes[(int)((sends - limits.maxOrdersPerWindow) % RiskLimits.MAX_RATE)];
            if (in.nowNs - oldest < limits.throttleWindowNs)
            {
                return RiskReason.THROTTLE;
            }
        }
        return RiskReason.OK;
    }

    private boolean isDuplicate(final OrderIntent in)
    {
        final long meta = meta(in);
        for (int i = 0; i < DUP_SLOTS; i++)
        {
            if (dupPx[i] == in.price && dupMeta[i] == meta && dupQty[i] == in.quantity &&
                in.nowNs - dupTime[i] < limits.dupWindowNs)
            {
                return true;
            }
        }
        return false;
    }

    /** Called with the total P&amp;L (realized + unrealized - fees, price units * shares) after every change. */
    public void onPnl(final long totalPnl)
    {
        lastPnl = totalPnl;
        if (totalPnl > peakPnl)
        {
            peakPnl = totalPnl;
        }
        if (!killed)
        {
            if (limits.maxLoss > 0 && totalPnl <= -limits.maxLoss)
            {
                kill(RiskReason.KILLED);
            }
            else if (limits.maxDrawdown > 0 && peakPnl - totalPnl >= limits.maxDrawdown)
            {
                kill(RiskReason.KILLED);
            }
        }
        if (!stopped && limits.targetProfit > 0 && totalPnl >= limits.targetProfit)
        {
            stopped = true;
            if (listener != null)
            {
                listener.onKill(RiskReason.STOPPED, true);
            }
        }
    }

    /** Trips the kill switch (operator or P&amp;L guard). */
    public void kill(final int reason)
    {
        if (!killed)
        {
            killed = true;
            killReason = reason;
            if (listener != null)
            {
                listener.onKill(reason, true);
            }
        }
    }

    /**
     * Operator reset: clears the kill switch and the profit stop; the drawdown peak restarts here.
     * The P&amp;L limits are evaluated again at once: still beyond the loss limit (not raised) trips
     * the switch again.
     */
    public void resume()
    {
        final boolean was = killed || stopped;
        killed = false;
        stopped = false;
        peakPnl = lastPnl;
        if (was && listener != null)
        {
            listener.onKill(RiskReason.OK, false);
        }
        onPnl(lastPnl);
    }

    /** Restores the switch state from the journal without notifying. */
    public void restore(final boolean killed, final boolean stopped)
    {
        this.killed = killed;
        this.stopped = stopped;
    }

    public boolean killed()
    {
        return killed;
    }

    /** Set by the venue adapter: no new orders while the session is down or being reconciled. */
    public void venueDown(final boolean down)
    {
        venueDown = down;
    }

    public boolean venueDown()
    {
        return venueDown;
    }

    public int killReason()
    {
        return killReason;
    }

    public boolean stopped()
    {
        return stopped;
    }

    public long peakPnl()
    {
        return peakPnl;
    }

    public long rejects(final int reason)
    {
        return rejects[reason];
    }

    /** Counts a rejection without telling the listener (journal replay). */
    public void countReject(final int reason)
    {
        rejects[reason]++;
    }

    /** A rejection decided outside {@link #check} (unknown order, full order table): counted and reported. */
    public void reject(final int reason, final OrderIntent in)
    {
        rejected(reason, in);
    }

    private void rejected(final int reason, final OrderIntent in)
    {
        rejects[reason]++;
        final int i = (int)(logNext++ & (LOG_SIZE - 1));
        logReason[i] = reason;
        logAction[i] = in.action;
        logStrategy[i] = in.strategyId;
        logLocate[i] = in.locate;
        logSide[i] = in.side;
        logPrice[i] = in.price;
        logQty[i] = in.quantity;
        logNs[i] = in.nowNs;
        if (listener != null)
        {
            listener.onReject(reason, in);
        }
    }

    /** Rejections recorded so far (the log holds the last LOG_SIZE). */
    public long logged()
    {
        return logNext;
    }

    /** One line for the k-th most recent rejection (0 = newest), or null. */
    public String logLine(final int k)
    {
        if (k >= LOG_SIZE || k >= logNext)
        {
            return null;
        }
        final int i = (int)((logNext - 1 - k) & (LOG_SIZE - 1));
        return String.format(java.util.Locale.ROOT, "%-16s %c s%-3d L%-5d %c %12s x %-8d t=%d",
            RiskReason.name(logReason[i]), (char)logAction[i], logStrategy[i], logLocate[i],
            logSide[i] == 0 ? '-' : (char)logSide[i], io.nanotick.controller.Px.format(logPrice[i]), logQty[i], logNs[i]);
    }

    public long accepted()
    {
        return accepted;
    }

    public long totalRejects()
    {
        long n = 0;
        for (final long r : rejects)
        {
            n += r;
        }
        return n;
    }
}
