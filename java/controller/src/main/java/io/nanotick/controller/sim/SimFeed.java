package io.nanotick.controller.sim;

import io.nanotick.controller.Controller;
import io.nanotick.controller.md.FeedSource;

import java.util.SplittableRandom;

/**
 * A deterministic synthetic market for demos and console tests: every intervalNs one locate (round
 * robin) moves its mid by -1, 0 or +1 tick with a 1-3 tick spread and random sizes, and one update
 * in three prints a trade at the touch. Feeds the controller and then the paper venue.
 */
public final class SimFeed implements FeedSource
{
    private final int[] locates;
    private final long[] mid;
    private final long tick;
    private final long intervalNs;
    private final SplittableRandom rnd;
    private final PaperVenue venue;
    private long next = Long.MIN_VALUE;
    private int cursor;
    private long records;

    public SimFeed(final int[] locates, final long[] startPx, final long tick, final long intervalNs, final long seed,
        final PaperVenue venue)
    {
        this.locates = locates.clone();
        this.mid = startPx.clone();
        this.tick = tick;
        this.intervalNs = intervalNs;
        this.rnd = new SplittableRandom(seed);
        this.venue = venue;
    }

    @Override
    public long records()
    {
        return records;
    }

    @Override
    public long lostRecords()
    {
        return 0;
    }

    @Override
    public String describe()
    {
        return "sim (" + locates.length + " locates, every " + intervalNs / 1000 + " us)";
    }

    /** Emits the updates due by nowNs (at most limit); returns how many. */
    @Override
    public int poll(final Controller c, final long nowNs, final int limit)
    {
        if (next == Long.MIN_VALUE)
        {
            next = nowNs;
        }
        int n = 0;
        while (nowNs >= next && n < limit)
        {
            step(c, nowNs);
            next += intervalNs;
            n++;
        }
        if (nowNs - next > 1_000_000_000L)
        {
            next = nowNs; // fell behind (paused): do not burst
        }
        return n;
    }

    private void step(final Controller c, final long nowNs)
    {
        final int i = cursor;
        cursor = (cursor + 1) % locates.length;
        final int locate = locates[i];
        mid[i] = Math.max(10 * tick, mid[i] + (rnd.nextInt(3) - 1) * tick);
        final int spreadTicks = 1 + rnd.nextInt(3);
        final long bid = mid[i] - spreadTicks / 2 * tick;
        final long ask = bid + spreadTicks * tick;
        final long bq = 100L * (1 + rnd.nextInt(10));
        final long aq = 100L * (1 + rnd.nextInt(10));
        c.onTopOfBook(locate, bid, bq, ask, aq, 0, nowNs);
        records++;
        if (venue != null)
        {
            venue.onBook(locate, nowNs);
        }
        if (rnd.nextInt(3) == 0)
        {
            final boolean atBid = rnd.nextBoolean();
            c.onTrade(locate, atBid ? (byte)'B' : (byte)'S', atBid ? bid : ask, 100L * (1 + rnd.nextInt(5)), nowNs);
            records++;
        }
    }
}
