package io.nanotick.controller;

import io.nanotick.controller.journal.Journal;
import io.nanotick.controller.sim.PaperVenue;
import io.nanotick.controller.sim.SimFeed;
import io.nanotick.controller.strategy.AbstractStrategy;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;

/**
 * A whole controller in one thread, for the tick-to-order benchmark and the zero-allocation test:
 * risk limits and strategies from properties (as a config file would give them), an optional
 * journal, the paper venue and a synthetic feed, and {@link #drive} = the hot loop's body.
 */
public final class PaperRig
{
    public final Controller controller;
    public final PaperVenue venue;
    public final SimFeed feed;

    /**
     * @param p        risk.* and strategy.* keys (ControllerConfig syntax)
     * @param journal  journal file, or null for none
     * @param locates  the synthetic feed's locates and their start prices (price units)
     */
    public PaperRig(final Properties p, final File journal, final int[] locates, final long[] prices, final long tick,
        final long intervalNs, final long seed) throws ConfigException, IOException
    {
        final ControllerConfig cfg = ControllerConfig.parse(p);
        controller = new Controller(4096);
        for (final Map.Entry<String, String> e : cfg.risk.entrySet())
        {
            controller.limits().set(e.getKey(), e.getValue());
        }
        for (final AbstractStrategy s : cfg.strategies)
        {
            controller.addStrategy(s);
        }
        if (journal != null)
        {
            controller.journal(Journal.open(journal));
        }
        venue = new PaperVenue(controller.market());
        controller.oms().gateway(venue);
        feed = new SimFeed(locates, prices, tick, intervalNs, seed, venue);
    }

    public void startStrategies(final long nowNs)
    {
        for (final AbstractStrategy s : controller.strategies())
        {
            s.start(nowNs);
        }
    }

    /**
     * Delivers n records, one per turn, each followed by the venue's events and, every 1 ms, the
     * strategy timer. The clock is System.nanoTime(), or with simClock a simulated one advanced
     * 1 µs per record (simClock[0] holds it across calls). Returns the records delivered.
     */
    public long drive(final long n, final long[] simClock)
    {
        final Controller c = controller;
        final long start = feed.records();
        long nextTimer = simClock == null ? System.nanoTime() : simClock[0];
        while (feed.records() - start < n)
        {
            final long now;
            if (simClock == null)
            {
                now = System.nanoTime();
            }
            else
            {
                now = simClock[0] += 1000;
            }
            feed.poll(c, now, 1);
            venue.poll(c, 256);
            if (now >= nextTimer)
            {
                c.onTimer(now);
                nextTimer = now + 1_000_000;
            }
        }
        return feed.records() - start;
    }
}
