package io.nanotick.matching;

import static io.nanotick.matching.MatchingEngine.BUY;
import static io.nanotick.matching.MatchingEngine.SELL;
import static io.nanotick.matching.MatchingEngine.TIF_DAY;
import static io.nanotick.matching.MatchingEngine.TIF_IOC;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written scenarios with the expected events spelled out. */
class MatchingEngineTest {
    final Recorder rec = new Recorder();

    @Test
    void partialThenFullFillInTimePriority() {
        MatchingEngine e = new MatchingEngine(1, 64, 64, MatchingEngine.SMP_NONE, rec);
        e.enter(1, 11, 0, SELL, 10_000, 100, TIF_DAY); // ref 1
        e.enter(2, 12, 0, SELL, 10_000, 50, TIF_DAY);  // ref 2, behind 1
        e.enter(3, 13, 0, SELL, 9_900, 30, TIF_DAY);   // ref 3, better price
        rec.events.clear();
        e.enter(4, 14, 0, BUY, 10_000, 150, TIF_DAY);  // ref 4: takes 3 (30), 1 (100), 2 (20)
        assertEquals(List.of(
                "ENTER 4 0 B 10000 150 4 14",
                "EXEC 0 9900 30 1 3 0 4 120",
                "EXEC 0 10000 100 2 1 0 4 20",
                "EXEC 0 10000 20 3 2 30 4 0"), rec.events);
        assertEquals(30, e.leaves(2));
        assertEquals(10_000, e.bestAsk(0));
        assertEquals(0, e.bestBid(0));
    }

    @Test
    void iocRemainderIsCanceled() {
        MatchingEngine e = new MatchingEngine(1, 64, 64, MatchingEngine.SMP_NONE, rec);
        e.enter(1, 1, 0, SELL, 10_000, 10, TIF_DAY);
        rec.events.clear();
        e.enter(2, 2, 0, BUY, 10_100, 25, TIF_IOC);
        assertEquals(List.of("ENTER 2 0 B 10100 25 2 2", "EXEC 0 10000 10 1 1 0 2 15", "CANCEL 2 15 0 I false"),
                rec.events);
        assertEquals(0, e.liveOrders());
    }

    @Test
    void replaceKeepsPriorityOnlyForSizeReductionAtSamePrice() {
        MatchingEngine e = new MatchingEngine(1, 64, 64, MatchingEngine.SMP_NONE, rec);
        long a = e.enter(1, 1, 0, BUY, 10_000, 100, TIF_DAY);
        long b = e.enter(2, 2, 0, BUY, 10_000, 100, TIF_DAY);
        assertEquals(a, e.replace(a, 5, 10_000, 60, TIF_DAY)); // reduction: keeps ref and place
        long a2 = e.replace(a, 6, 10_000, 80, TIF_DAY);        // increase: new ref, back of the queue
        assertEquals(3, a2);
        rec.events.clear();
        e.enter(3, 3, 0, SELL, 10_000, 120, TIF_DAY);
        assertEquals(List.of("ENTER 4 0 S 10000 120 3 3", "EXEC 0 10000 100 1 2 0 4 20",
                "EXEC 0 10000 20 2 3 60 4 0"), rec.events);
        assertEquals(-1, e.leaves(a));
        assertEquals(-1, e.leaves(b));
        assertEquals(60, e.leaves(a2));
    }

    @Test
    void selfMatchPreventionCancelsResting() {
        MatchingEngine e = new MatchingEngine(1, 64, 64, MatchingEngine.SMP_CANCEL_RESTING, rec);
        e.enter(7, 1, 0, SELL, 10_000, 10, TIF_DAY);
        e.enter(8, 2, 0, SELL, 10_000, 10, TIF_DAY);
        rec.events.clear();
        e.enter(7, 3, 0, BUY, 10_000, 15, TIF_DAY);
        assertEquals(List.of("ENTER 3 0 B 10000 15 7 3", "CANCEL 1 10 0 Q true", "EXEC 0 10000 10 1 2 0 3 5",
                "ADD 3 0 B 10000 5"), rec.events);
    }

    @Test
    void cancelDownToASize() {
        MatchingEngine e = new MatchingEngine(1, 64, 64, MatchingEngine.SMP_NONE, rec);
        long a = e.enter(1, 1, 0, BUY, 10_000, 100, TIF_DAY);
        assertEquals(70, e.cancel(a, 30, MatchingEngine.REASON_USER));
        assertEquals(0, e.cancel(a, 30, MatchingEngine.REASON_USER));
        assertEquals(30, e.levelQty(0, BUY, 0));
        assertEquals(30, e.cancel(a, 0, MatchingEngine.REASON_USER));
        assertEquals(0, e.levels(0, BUY));
        assertEquals(0, e.cancel(a, 0, MatchingEngine.REASON_USER));
    }
}
