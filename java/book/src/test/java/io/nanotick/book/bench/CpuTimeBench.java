package io.nanotick.book.bench;

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
            // passes interleave the engines, so a change in the machine's load hits all of them alike
            final String[] names = {"nanotick", "session1", "treemap"};
            final MoldUdp64Listener[] books = new MoldUdp64Listener[names.length];
            final FeedReplay[] replays = new FeedReplay[names.length];
            final double[] minCpu = new double[names.length];
            final double[] minWall = new double[names.length];
            for (int e = 0; e < names.length; e++)
            {
                books[e] = BookBenchmark.engine(names[e], sink);
                replays[e] = new FeedReplay();
                minCpu[e] = Double.MAX_VALUE;
                minWall[e] = Double.MAX_VALUE;
            }
            for (int p = 0; p < passes; p++)
            {
                for (int e = 0; e < names.length; e++)
                {
                    final long w0 = System.nanoTime();
                    final long c0 = mx.getCurrentThreadCpuTime();
                    replays[e].replay(stream, books[e]);
                    final double cpu = (mx.getCurrentThreadCpuTime() - c0) / (double)s.messages();
                    final double wall = (System.nanoTime() - w0) / (double)s.messages();
                    if (p >= passes / 2)
                    {
                        minCpu[e] = Math.min(minCpu[e], cpu);
                        minWall[e] = Math.min(minWall[e], wall);
                    }
                }
            }
            for (int e = 0; e < names.length; e++)
            {
                System.out.printf("cpu-time bench: %-9s %7.1f ns/message CPU, %7.1f ns/message wall (best of the last %d passes)%n",
                    names[e], minCpu[e], minWall[e], passes - passes / 2);
            }
            for (int e = 1; e < names.length; e++)
            {
                System.out.printf("cpu-time bench: %s / nanotick = %.1fx (CPU time)%n", names[e], minCpu[e] / minCpu[0]);
            }
        }
        System.out.println("checksum " + (checksum & 0xFF));
    }
}
