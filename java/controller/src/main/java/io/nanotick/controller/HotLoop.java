package io.nanotick.controller;

import io.nanotick.controller.console.CommandProcessor;
import io.nanotick.controller.console.CommandQueue;
import io.nanotick.controller.md.FeedSource;
import io.nanotick.controller.venue.Venue;

import java.util.concurrent.locks.LockSupport;

/**
 * The hot thread: polls market data, venue events and operator commands, drives the strategy
 * timer, and idles (park / yield / spin) when there is nothing to do. Everything the controller
 * does happens on this thread.
 */
public final class HotLoop implements Runnable, CommandProcessor.Runtime
{
    private final Controller controller;
    private final FeedSource feed;
    private final Venue venue;
    private final CommandQueue commands;
    private final CommandProcessor processor;
    private final String idle;
    private final long timerNs;
    private final io.nanotick.controller.metrics.MetricsSnapshot metrics = new io.nanotick.controller.metrics.MetricsSnapshot();
    private int cpu = -1;
    private volatile String affinity = "not pinned";
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long loops;

    public HotLoop(final Controller controller, final FeedSource feed, final Venue venue, final CommandQueue commands,
        final String idle, final long timerNs)
    {
        this.controller = controller;
        this.feed = feed;
        this.venue = venue;
        this.commands = commands;
        this.idle = idle;
        this.timerNs = timerNs;
        this.processor = new CommandProcessor(controller, this);
    }

    /** Pins the hot thread to this CPU (OpenHFT Affinity) when it starts; -1 = no pinning. */
    public void cpu(final int cpu)
    {
        this.cpu = cpu;
    }

    public String affinity()
    {
        return affinity;
    }

    public io.nanotick.controller.metrics.MetricsSnapshot metrics()
    {
        return metrics;
    }

    @Override
    public void run()
    {
        net.openhft.affinity.AffinityLock lock = null;
        if (cpu >= 0)
        {
            try
            {
                lock = net.openhft.affinity.AffinityLock.acquireLock(cpu);
                affinity = lock.isAllocated() ? "pinned to cpu " + lock.cpuId() : "pinning to cpu " + cpu + " failed";
            }
            catch (final RuntimeException ex)
            {
                affinity = "pinning to cpu " + cpu + " failed: " + ex.getMessage();
            }
        }
        try
        {
            long nextTimer = System.nanoTime();
            long nextPublish = nextTimer;
            metrics.publish(controller, feed);
            while (running)
            {
                final long now = System.nanoTime();
                int work = feed.poll(controller, now, 256);
                if (venue != null)
                {
                    work += venue.poll(controller, 256);
                }
                work += commands.poll(processor);
                if (now >= nextTimer)
                {
                    controller.onTimer(now);
                    nextTimer = now + timerNs;
                    work++;
                    if (now >= nextPublish)
                    {
                        metrics.publish(controller, feed);
                        nextPublish = now + 100_000_000L;
                    }
                }
                loops++;
                if (work == 0)
                {
                    idle();
                }
            }
        }
        catch (final Throwable t)
        {
            failure = t;
            running = false;
        }
        finally
        {
            if (lock != null)
            {
                lock.release();
            }
        }
    }

    private void idle()
    {
        switch (idle)
        {
            case "spin":
                Thread.onSpinWait();
                break;
            case "yield":
                Thread.yield();
                break;
            default:
                LockSupport.parkNanos(50_000);
                break;
        }
    }

    public void stop()
    {
        running = false;
    }

    public boolean running()
    {
        return running;
    }

    public Throwable failure()
    {
        return failure;
    }

    @Override
    public long nowNs()
    {
        return System.nanoTime();
    }

    @Override
    public String threading()
    {
        return "hot thread " + affinity + ", idle " + idle;
    }

    @Override
    public String feedSource()
    {
        return feed.describe();
    }

    @Override
    public long feedRecords()
    {
        return feed.records();
    }

    @Override
    public long lostRecords()
    {
        return feed.lostRecords();
    }

    @Override
    public String venue()
    {
        return venue != null ? venue.describe() : "none";
    }
}
