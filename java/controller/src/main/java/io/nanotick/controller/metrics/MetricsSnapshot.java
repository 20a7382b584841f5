package io.nanotick.controller.metrics;

import io.nanotick.controller.Controller;
import io.nanotick.controller.md.FeedSource;
import io.nanotick.controller.md.MarketState;
import io.nanotick.controller.risk.RiskReason;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Hot thread -> metrics thread. The hot thread copies its counters here (ordered stores into an
 * AtomicLongArray, no allocation, no lock) on its timer; the Prometheus exporter's thread reads
 * them. Nothing on the metrics side ever touches the hot thread's own state.
 */
public final class MetricsSnapshot
{
    public static final int FEED_RECORDS = 0;
    public static final int TOB = 1;
    public static final int TRADES = 2;
    public static final int GAP_EVENTS = 3;
    public static final int LAPPED = 4;
    public static final int STALE = 5;
    public static final int REQUESTS = 6;
    public static final int EXECUTIONS = 7;
    public static final int OPEN_ORDERS = 8;
    public static final int ACCEPTED = 9;
    public static final int PNL = 10;
    public static final int REALIZED = 11;
    public static final int UNREALIZED = 12;
    public static final int FEES = 13;
    public static final int KILLED = 14;
    public static final int T2O_COUNT = 15;
    public static final int T2O_P50 = 16;
    public static final int T2O_P99 = 17;
    public static final int T2O_MAX = 18;
    public static final int PUBLISHES = 19;
    public static final int REJECTS = 20;
    public static final int SIZE = REJECTS + RiskReason.COUNT;

    private final AtomicLongArray v = new AtomicLongArray(SIZE);

    /** Hot thread only. */
    public void publish(final Controller c, final FeedSource feed)
    {
        final MarketState m = c.market();
        v.lazySet(FEED_RECORDS, feed == null ? 0 : feed.records());
        v.lazySet(TOB, m.tobRecords());
        v.lazySet(TRADES, m.tradeRecords());
        v.lazySet(GAP_EVENTS, m.gapEvents());
        v.lazySet(LAPPED, feed == null ? m.lappedRecords() : feed.lostRecords());
        v.lazySet(STALE, m.staleRecords());
        v.lazySet(REQUESTS, c.oms().requestsSent());
        v.lazySet(EXECUTIONS, c.oms().executions());
        v.lazySet(OPEN_ORDERS, c.oms().openOrders());
        v.lazySet(ACCEPTED, c.risk().accepted());
        v.lazySet(PNL, c.positions().totalPnl());
        v.lazySet(REALIZED, c.positions().totalRealized());
        v.lazySet(UNREALIZED, c.positions().totalUnrealized());
        v.lazySet(FEES, c.positions().totalFees());
        v.lazySet(KILLED, c.risk().killed() ? 1 : 0);
        final Histogram h = c.tickToOrder();
        v.lazySet(T2O_COUNT, h.getTotalCount());
        if (h.getTotalCount() > 0)
        {
            v.lazySet(T2O_P50, h.getValueAtPercentile(50));
            v.lazySet(T2O_P99, h.getValueAtPercentile(99));
            v.lazySet(T2O_MAX, h.getMaxValue());
        }
        for (int r = 0; r < RiskReason.COUNT; r++)
        {
            v.lazySet(REJECTS + r, c.risk().rejects(r));
        }
        v.set(PUBLISHES, v.get(PUBLISHES) + 1); // volatile store last: readers see a complete set
    }

    /** Any thread. */
    public long get(final int i)
    {
        return v.get(i);
    }
}
