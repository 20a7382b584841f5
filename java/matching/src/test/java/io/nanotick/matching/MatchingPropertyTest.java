package io.nanotick.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random order flow through the engine and through {@link ReferenceBook}:
 * identical event streams (so fills follow price-time priority as the
 * naive scan defines it), and, from the engine's events alone: shares are
 * conserved, the book is never crossed, every order reaches exactly one
 * terminal state.
 */
class MatchingPropertyTest {
    static final int BOOKS = 3;
    static final int OWNERS = 5;

    @ParameterizedTest
    @CsvSource({"1,0,20000", "2,0,20000", "3,1,20000", "4,2,20000", "5,0,5000", "6,1,5000", "7,2,5000"})
    void randomFlowMatchesReference(long seed, int smp, int ops) {
        Recorder rec = new Recorder();
        MatchingEngine eng = new MatchingEngine(BOOKS, 1 << 14, 1 << 12, smp, rec);
        ReferenceBook ref = new ReferenceBook(smp);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Long> live = new ArrayList<>();
        Accounting acc = new Accounting();
        for (int i = 0; i < ops; i++) {
            int op = rnd.nextInt(100);
            if (op < 55 || live.isEmpty()) {
                int owner = 1 + rnd.nextInt(OWNERS);
                int book = rnd.nextInt(BOOKS);
                byte side = rnd.nextBoolean() ? MatchingEngine.BUY : MatchingEngine.SELL;
                long price = (100 + rnd.nextInt(21)) * 100L;
                int qty = 1 + rnd.nextInt(500);
                byte tif = rnd.nextInt(5) == 0 ? MatchingEngine.TIF_IOC : MatchingEngine.TIF_DAY;
                long tag = rnd.nextLong(1, 1L << 40);
                long r1 = eng.enter(owner, tag, book, side, price, qty, tif);
                long r2 = ref.enter(owner, tag, book, side, price, qty, tif);
                assertEquals(r2, r1);
                live.add(r1);
            } else if (op < 80) {
                long r = live.get(rnd.nextInt(live.size()));
                int lv = eng.leaves(r);
                int newSize = lv > 1 && rnd.nextBoolean() ? rnd.nextInt(lv) : 0;
                eng.cancel(r, newSize, MatchingEngine.REASON_USER);
                ref.cancel(r, newSize);
            } else {
                long r = live.get(rnd.nextInt(live.size()));
                int lv = eng.leaves(r);
                long price;
                int qty;
                if (lv > 1 && rnd.nextInt(3) == 0) {
                    price = eng.orderPrice(r);
                    qty = 1 + rnd.nextInt(lv);
                } else {
                    price = (100 + rnd.nextInt(21)) * 100L;
                    qty = 1 + rnd.nextInt(500);
                }
                byte tif = rnd.nextInt(8) == 0 ? MatchingEngine.TIF_IOC : MatchingEngine.TIF_DAY;
                long tag = rnd.nextLong(1, 1L << 40);
                long n1 = eng.replace(r, tag, price, qty, tif);
                long n2 = ref.replace(r, tag, price, qty, tif);
                assertEquals(n2, n1);
                if (n1 > 0 && n1 != r) {
                    live.add(n1);
                }
            }
            if (live.size() > 4000) {
                live.subList(0, 2000).clear();
            }
            for (int b = 0; b < BOOKS; b++) {
                assertFalse(eng.crossed(b), "crossed book " + b + " after op " + i);
            }
        }
        assertEquals(ref.events, rec.events, "engine and reference disagree");
        assertTrue(rec.events.size() > ops, "flow too small");
        acc.apply(rec.events);
        assertEquals(acc.restingShares(), bookShares(eng), "level totals vs order accounting");
        assertEquals(acc.restingOrders(), eng.liveOrders());

        for (int o = 1; o <= OWNERS; o++) {
            eng.cancelAll(o, MatchingEngine.REASON_USER);
        }
        assertEquals(0, eng.liveOrders());
        for (int b = 0; b < BOOKS; b++) {
            assertEquals(0, eng.levels(b, MatchingEngine.BUY));
            assertEquals(0, eng.levels(b, MatchingEngine.SELL));
        }
        acc.apply(rec.events);
        acc.checkAllTerminal();
    }

    static long bookShares(MatchingEngine eng) {
        long sum = 0;
        for (int b = 0; b < BOOKS; b++) {
            for (byte side : new byte[] {MatchingEngine.BUY, MatchingEngine.SELL}) {
                for (int d = 0; d < eng.levels(b, side); d++) {
                    sum += eng.levelQty(b, side, d);
                }
            }
        }
        return sum;
    }

    /** Per-order share accounting from the event strings alone. */
    static final class Accounting {
        final Map<Long, Long> open = new HashMap<>();
        final Map<Long, Integer> terminal = new HashMap<>();
        final Map<Long, Boolean> resting = new HashMap<>();
        final Map<Long, long[]> limit = new HashMap<>(); // side, price
        int applied;

        void apply(List<String> events) {
            for (; applied < events.size(); applied++) {
                String[] f = events.get(applied).split(" ");
                switch (f[0]) {
                    case "ENTER" -> {
                        long r = Long.parseLong(f[1]);
                        open.put(r, Long.parseLong(f[5]));
                        terminal.put(r, 0);
                        limit.put(r, new long[] {f[3].charAt(0), Long.parseLong(f[4])});
                    }
                    case "REPLACE" -> {
                        long old = Long.parseLong(f[1]);
                        long nr = Long.parseLong(f[2]);
                        long qty = Long.parseLong(f[4]);
                        assertEquals(open.get(old), Long.parseLong(f[5]), "replace: old leaves");
                        if (Boolean.parseBoolean(f[6])) {
                            assertTrue(qty <= open.get(old));
                            open.put(old, qty);
                        } else {
                            open.put(old, 0L);
                            resting.put(old, false);
                            terminal(old);
                            long side = limit.get(old)[0];
                            open.put(nr, qty);
                            terminal.put(nr, 0);
                            limit.put(nr, new long[] {side, Long.parseLong(f[3])});
                        }
                    }
                    case "EXEC" -> {
                        long px = Long.parseLong(f[2]);
                        long q = Long.parseLong(f[3]);
                        long rr = Long.parseLong(f[5]);
                        long ar = Long.parseLong(f[7]);
                        assertTrue(q > 0);
                        dec(rr, q, Long.parseLong(f[6]));
                        dec(ar, q, Long.parseLong(f[8]));
                        long[] lim = limit.get(ar);
                        assertTrue(lim[0] == 'B' ? px <= lim[1] : px >= lim[1], "trade through the limit");
                        long[] rlim = limit.get(rr);
                        assertEquals(rlim[1], px, "trade at the resting price");
                        assertTrue(rlim[0] != lim[0], "same-side trade");
                    }
                    case "ADD" -> {
                        long r = Long.parseLong(f[1]);
                        assertEquals(open.get(r), Long.parseLong(f[5]));
                        resting.put(r, true);
                    }
                    case "CANCEL" -> dec(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
                    default -> fail("unknown event " + events.get(applied));
                }
            }
        }

        void dec(long r, long q, long expectLeft) {
            long left = open.get(r) - q;
            assertEquals(expectLeft, left, "shares not conserved for order " + r);
            open.put(r, left);
            if (left == 0) {
                resting.put(r, false);
                terminal(r);
            }
        }

        void terminal(long r) {
            int t = terminal.merge(r, 1, Integer::sum);
            assertEquals(1, t, "order " + r + " reached a second terminal state");
        }

        long restingShares() {
            long s = 0;
            for (var e : resting.entrySet()) {
                if (e.getValue()) {
                    s += open.get(e.getKey());
                }
            }
            return s;
        }

        int restingOrders() {
            int n = 0;
            for (var e : resting.entrySet()) {
                if (e.getValue()) {
                    n++;
                }
            }
            return n;
        }

        void checkAllTerminal() {
            for (var e : terminal.entrySet()) {
                assertEquals(1, e.getValue(), "order " + e.getKey() + " terminal states");
                assertEquals(0L, open.get(e.getKey()));
            }
        }
    }
}
