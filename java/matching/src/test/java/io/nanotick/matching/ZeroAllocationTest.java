package io.nanotick.matching;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Steady-state order flow through the engine allocates nothing (thread allocation counter). */
class ZeroAllocationTest {
    static final class Sink implements MatchListener {
        long n;

        @Override
        public void onEntered(long ref, int book, byte side, long price, int qty, int owner, long tag) {
            n++;
        }

        @Override
        public void onReplaced(long oldRef, long newRef, int book, byte side, long price, int qty, int owner,
                               long oldTag, long newTag, int oldLeaves, boolean keptPriority) {
            n++;
        }

        @Override
        public void onExecuted(int book, long price, int qty, long matchNumber, long restingRef, int restingOwner,
                               long restingTag, int restingLeaves, long aggressorRef, int aggressorOwner,
                               long aggressorTag, byte aggressorSide, int aggressorLeaves) {
            n++;
        }

        @Override
        public void onAdded(long ref, int book, byte side, long price, int qty, int owner, long tag) {
            n++;
        }

        @Override
        public void onCanceled(long ref, int book, byte side, long price, int owner, long tag, int canceledQty,
                               int leaves, byte reason, boolean wasResting) {
            n++;
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static void flow(MatchingEngine e, SplittableRandom rnd, long[] window, int ops) {
        for (int i = 0; i < ops; i++) {
            int op = rnd.nextInt(10);
            int slot = rnd.nextInt(window.length);
            if (op < 6) {
                byte side = rnd.nextBoolean() ? MatchingEngine.BUY : MatchingEngine.SELL;
                long px = (1000 + rnd.nextInt(40) - 20) * 100L;
                long ref = e.enter(1 + rnd.nextInt(4), i, rnd.nextInt(4), side, px, 100 * (1 + rnd.nextInt(5)),
                        rnd.nextInt(8) == 0 ? MatchingEngine.TIF_IOC : MatchingEngine.TIF_DAY);
                if (window[slot] != 0) {
                    e.cancel(window[slot], 0, MatchingEngine.REASON_USER);
                }
                window[slot] = ref;
            } else if (op < 9) {
                e.cancel(window[slot], 0, MatchingEngine.REASON_USER);
            } else {
                long px = e.orderPrice(window[slot]);
                if (px != 0) {
                    long nr = e.replace(window[slot], i, px + 100, 100, MatchingEngine.TIF_DAY);
                    if (nr > 0) {
                        window[slot] = nr;
                    }
                }
            }
        }
    }

    @Test
    void steadyStateFlowAllocatesNothing() {
        Sink sink = new Sink();
        MatchingEngine e = new MatchingEngine(4, 1 << 16, 1 << 12, MatchingEngine.SMP_CANCEL_RESTING, sink);
        SplittableRandom rnd = new SplittableRandom(42);
        long[] window = new long[2048];
        flow(e, rnd, window, 300_000); // warm up: JIT, level arrays at their high-water mark
        long before = allocated();
        flow(e, rnd, window, 1_000_000);
        long bytes = allocated() - before;
        assertTrue(sink.n > 1_000_000);
        assertTrue(bytes < 1024, "1M engine calls allocated " + bytes + " bytes");
    }
}
