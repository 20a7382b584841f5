package io.nanotick.matching.bench;

import io.nanotick.matching.MatchListener;
import io.nanotick.matching.MatchingEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Orders per second through one matching engine on one thread: a steady
 * flow of 60% new day limit orders (10% of them IOC) priced around a
 * drifting mid, 30% cancels of the oldest open window entry and 10% replaces (one tick
 * away) of a random one: the book stays bounded, over 16 books.
 * Each operation is one engine call; the listener only counts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatchingBenchmark {
    static final int BATCH = 1024;
    static final int BOOKS = 16;
    static final int RECENT = 4096;

    private MatchingEngine engine;
    private final long[] recent = new long[RECENT];
    private long head;
    private long tail;
    private long seed = 0x9E3779B97F4A7C15L;
    private final long[] mid = new long[BOOKS];
    private Counter counter;
    private int tag;

    static final class Counter implements MatchListener {
        long events;

        @Override
        public void onEntered(long ref, int book, byte side, long price, int qty, int owner, long tag) {
            events++;
        }

        @Override
        public void onReplaced(long oldRef, long newRef, int book, byte side, long price, int qty, int owner,
                               long oldTag, long newTag, int oldLeaves, boolean keptPriority) {
            events++;
        }

        @Override
        public void onExecuted(int book, long price, int qty, long matchNumber, long restingRef, int restingOwner,
                               long restingTag, int restingLeaves, long aggressorRef, int aggressorOwner,
                               long aggressorTag, byte aggressorSide, int aggressorLeaves) {
            events++;
        }

        @Override
        public void onAdded(long ref, int book, byte side, long price, int qty, int owner, long tag) {
            events++;
        }

        @Override
        public void onCanceled(long ref, int book, byte side, long price, int owner, long tag, int canceledQty,
                               int leaves, byte reason, boolean wasResting) {
            events++;
        }
    }

    @Setup
    public void setup() {
        counter = new Counter();
        engine = new MatchingEngine(BOOKS, 1 << 20, 1 << 16, MatchingEngine.SMP_NONE, counter);
        for (int b = 0; b < BOOKS; b++) {
            mid[b] = 1_000_000;
        }
    }

    private int next() {
        long x = seed;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        seed = x;
        return (int) (x >>> 33);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void orders(Blackhole bh) {
        run(BATCH);
        bh.consume(counter.events);
    }

    /** The flow itself: {@code ops} engine calls. */
    void run(int ops) {
        MatchingEngine e = engine;
        for (int i = 0; i < ops; i++) {
            int r = next();
            int op = r % 100;
            int book = (r >>> 8) & (BOOKS - 1);
            if (head - tail >= RECENT / 2) {
                op = 60; // keep the window (and the book) bounded: cancel the oldest
            }
            if (op < 60) {
                int r2 = next();
                byte side = (r2 & 1) == 0 ? MatchingEngine.BUY : MatchingEngine.SELL;
                int offset = (r2 >>> 1) % 20 - 4; // ticks away from mid, mostly passive
                long price = side == MatchingEngine.BUY ? mid[book] - offset * 100L : mid[book] + offset * 100L;
                int qty = 100 * (1 + (r2 >>> 8) % 5);
                byte tif = (r2 >>> 16) % 10 == 0 ? MatchingEngine.TIF_IOC : MatchingEngine.TIF_DAY;
                long ref = e.enter(1 + (r2 >>> 20) % 8, ++tag, book, side, price, qty, tif);
                recent[(int) (head++ & (RECENT - 1))] = ref;
                if ((r2 >>> 24) % 50 == 0) {
                    mid[book] += ((r2 >>> 28) & 1) == 0 ? 100 : -100;
                }
            } else if (op < 90 || head == tail) {
                if (tail < head) {
                    e.cancel(recent[(int) (tail++ & (RECENT - 1))], 0, MatchingEngine.REASON_USER);
                }
            } else {
                int slot = (int) ((tail + (r >>> 12) % (head - tail)) & (RECENT - 1));
                long ref = recent[slot];
                long px = e.orderPrice(ref);
                if (px != 0) {
                    long nr = e.replace(ref, ++tag, px + ((r & 1) == 0 ? 100 : -100), 100, MatchingEngine.TIF_DAY);
                    if (nr > 0) {
                        recent[slot] = nr;
                    }
                }
            }
        }
    }

    /**
     * Orders per second of thread CPU time (immune to other processes taking
     * the core away, which the JMH wall-clock score is not on a shared
     * machine): {@code java ... MatchingBenchmark\$CpuTime [ops]}.
     */
    public static final class CpuTime {
        public static void main(String[] args) {
            long ops = args.length > 0 ? Long.parseLong(args[0]) : 200_000_000L;
            MatchingBenchmark b = new MatchingBenchmark();
            b.setup();
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            b.run(20_000_000); // warm-up
            for (int round = 0; round < 3; round++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (long done = 0; done < ops; done += 1_000_000) {
                    b.run(1_000_000);
                }
                long cpu = mx.getCurrentThreadCpuTime() - c0;
                long wall = System.nanoTime() - w0;
                System.out.printf("round %d: %d ops, %.2f M ops per CPU-second, %.2f M ops per wall second, "
                        + "%d events, %d live orders%n", round, ops, ops * 1e3 / cpu, ops * 1e3 / wall,
                        b.counter.events, b.engine.liveOrders());
            }
        }
    }
}
