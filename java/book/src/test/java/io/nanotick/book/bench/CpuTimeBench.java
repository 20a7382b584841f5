package io.nanotick.book.bench;

import io.nanotick.book.BookEngine;
import io.nanotick.book.OrderBook;
import io.nanotick.book.SyntheticItch;
import io.nanotick.book.TopOfBookListener;
import io.nanotick.itch.FeedReplay;
import io.nanotick.itch.MoldUdp64Listener;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Companion to {@link BookBenchmark} for a shared, busy machine: the same stream
 * and engines, timed with the thread's CPU time (ThreadMXBean) as well as wall
 * time, so time spent descheduled by other load is not counted.  (Cache and
 * memory bandwidth stolen by neighbours still are.)  Prints ns/message per pass.
 *   java -cp ... io.nanotick.book.bench.CpuTimeBench [passes]
 */
public final class CpuTimeBench
{
    private static long checksum;

    public static void main(final String[] args)
    {
        final int passes = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        final SyntheticItch s = SyntheticItch.generate(2026, BookBenchmark.MESSAGES, 500, 50_000);
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment stream = arena.allocate(s.binaryFile().length, 64);
            MemorySegment.copy(MemorySegment.ofArray(s.binaryFile()), 0, stream, 0, s.binaryFile().length);
            final TopOfBookListener sink = (msg, type, flags, locate, bp, bq, ap, aq, ts, seq) -> checksum += msg ^ bp ^ aq;
            double best = 0;
            for (final String engine : new String[]{"nanotick", "treemap"})
            {
                final MoldUdp64Listener book = "treemap".equals(engine) ? new TreeMapBookEngine(sink)
                    : new BookEngine(new OrderBook(), sink, null);
                final FeedReplay replay = new FeedReplay();
                double minCpu = Double.MAX_VALUE;
                double minWall = Double.MAX_VALUE;
                for (int p = 0; p < passes; p++)
                {
                    final long w0 = System.nanoTime();
                    final long c0 = mx.getCurrentThreadCpuTime();
                    replay.replay(stream, book);
                    final double cpu = (mx.getCurrentThreadCpuTime() - c0) / (double)s.messages();
                    final double wall = (System.nanoTime() - w0) / (double)s.messages();
                    if (p >= passes / 2)
                    {
                        minCpu = Math.min(minCpu, cpu);
                        minWall = Math.min(minWall, wall);
                    }
                }
                System.out.printf("cpu-time bench: %-9s %7.1f ns/message CPU, %7.1f ns/message wall (best of the last %d passes)%n",
                    engine, minCpu, minWall, passes - passes / 2);
                if ("nanotick".equals(engine))
                {
                    best = minCpu;
                }
                else
                {
                    System.out.printf("cpu-time bench: treemap / nanotick = %.1fx (CPU time)%n", minCpu / best);
                }
            }
        }
        System.out.println("checksum " + (checksum & 0xFF));
    }
}
