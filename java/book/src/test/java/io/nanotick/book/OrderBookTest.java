package io.nanotick.book;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The book rules, by hand-computed cases and against a brute-force book (scan every order). */
class OrderBookTest
{
    private static final byte B = 'B';
    private static final byte S = 'S';

    private static String tob(final OrderBook b, final int loc)
    {
        return b.bestBidPrice(loc) + "," + b.bestBidQty(loc) + "," + b.bestAskPrice(loc) + "," + b.bestAskQty(loc);
    }

    @Test
    void addsAggregateAndBestIsHighestBidLowestAsk()
    {
        final OrderBook b = new OrderBook(16, 2);
        assertEquals("0,0,0,0", tob(b, 7));
        assertEquals(7, b.add(0, 7, B, 100_0000, 100));   // ref 0 is a normal ref
        assertEquals(7, b.add(1, 7, B, 100_0000, 50));
        assertEquals(7, b.add(2, 7, B, 99_9900, 10));
        assertEquals(7, b.add(3, 7, B, 100_0100, 5));
        assertEquals(7, b.add(4, 7, S, 100_0300, 7));
        assertEquals(7, b.add(5, 7, S, 100_0200, 8));
        assertEquals("1000100,5,1000200,8", tob(b, 7));
        assertEquals(3, b.depth(7, B));
        assertEquals(100_0000, b.levelPrice(7, B, 1));
        assertEquals(150, b.levelQty(7, B, 1));
        assertEquals(99_9900, b.levelPrice(7, B, 2));
        assertEquals(100_0300, b.levelPrice(7, S, 1));
        assertEquals("0,0,0,0", tob(b, 8), "other locates untouched");
    }

    @Test
    void ignoredAddsAreCounted()
    {
        final OrderBook b = new OrderBook(16, 4);
        assertEquals(1, b.add(9, 1, B, 500, 10));
        assertEquals(-1, b.add(9, 1, S, 600, 10), "live ref");
        assertEquals(-1, b.add(10, 1, B, 500, 0), "zero shares");
        assertEquals(-1, b.add(11, 1, (byte)'X', 500, 10), "bad side");
        assertEquals(1, b.dupAdd());
        assertEquals(1, b.zeroShares());
        assertEquals(1, b.badSide());
        assertEquals("500,10,0,0", tob(b, 1));
        assertEquals(1, b.liveOrders());
    }

    @Test
    void reduceClampsAndRemovesAtZero()
    {
        final OrderBook b = new OrderBook(16, 4);
        b.add(1, 3, S, 2000, 100);
        b.add(2, 3, S, 2000, 40);
        assertEquals(3, b.reduce(1, 30));
        assertEquals("0,0,2000,110", tob(b, 3));
        assertEquals(S, b.lastSide());
        assertEquals(2000, b.lastPrice());
        assertEquals(3, b.reduce(1, 500), "more than remains: clamped");
        assertEquals(1, b.clamp());
        assertEquals("0,0,2000,40", tob(b, 3));
        assertEquals(-1, b.reduce(1, 1), "gone");
        assertEquals(1, b.unknownRef());
        assertEquals(3, b.delete(2));
        assertEquals("0,0,0,0", tob(b, 3));
        assertEquals(-1, b.delete(2));
        assertEquals(0, b.liveOrders());
    }

    @Test
    void updatesUseTheStoredLocateAndSide()
    {
        final OrderBook b = new OrderBook(16, 4);
        b.add(5, 42, B, 1000, 10);
        assertEquals(42, b.reduce(5, 4));
        assertEquals("1000,6,0,0", tob(b, 42));
    }

    @Test
    void replaceRules()
    {
        final OrderBook b = new OrderBook(16, 4);
        b.add(1, 2, B, 1000, 10);
        b.add(2, 2, B, 1100, 20);
        assertEquals(2, b.replace(1, 3, 30, 1200));     // keeps side B and locate 2
        assertEquals("1200,30,0,0", tob(b, 2));
        assertEquals(-1, b.replace(1, 4, 5, 900), "unknown original");
        assertEquals(1, b.unknownRef());
        assertEquals(-1, b.delete(4), "the new ref of an ignored replace was not added");
        assertEquals(2, b.replace(3, 2, 5, 900), "new ref live: original removed, new not added");
        assertEquals(1, b.dupAdd());
        assertEquals("1100,20,0,0", tob(b, 2));
        assertEquals(2, b.replace(2, 2, 7, 1300), "same ref: removed then re-added");
        assertEquals("1300,7,0,0", tob(b, 2));
        assertEquals(2, b.replace(2, 8, 0, 1300), "zero shares: original removed, new not added");
        assertEquals("0,0,0,0", tob(b, 2));
        assertEquals(0, b.liveOrders());
    }

    @Test
    void exactAggregatesBeyond32Bits()
    {
        final OrderBook b = new OrderBook(16, 4);
        b.add(1, 1, B, 10, 0xFFFF_FFFFL);
        b.add(2, 1, B, 10, 0xFFFF_FFFFL);
        assertEquals(0x1_FFFF_FFFEL, b.bestBidQty(1));
    }

    /** Random operations with colliding refs against a brute-force book; growth of every array is exercised. */
    @Test
    void matchesABruteForceBook()
    {
        final SplittableRandom rnd = new SplittableRandom(42);
        final OrderBook b = new OrderBook(4, 1);
        final Map<Long, long[]> orders = new HashMap<>(); // ref -> {locate, side(0 B / 1 S), price, shares}
        final long[] refs = new long[5000];
        for (int i = 0; i < refs.length; i++)
        {
            // colliding references: multiples of 2^16 and 2^20, shared low 32 bits, 0
            refs[i] = switch (i % 4)
            {
                case 0 -> (long)i << 16;
                case 1 -> (long)i << 20;
                case 2 -> ((long)i << 32) | 0xABCD;
                default -> rnd.nextLong();
            };
        }
        for (int step = 0; step < 60_000; step++)
        {
            final long ref = refs[rnd.nextInt(refs.length)];
            final int op = rnd.nextInt(10);
            final long[] o = orders.get(ref);
            int touched;
            if (op < 4)
            {
                final int loc = rnd.nextInt(4);
                final boolean ask = rnd.nextBoolean();
                final long px = 1000 + rnd.nextInt(60) * 10L;
                final long qty = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(500);
                touched = b.add(ref, loc, ask ? S : B, px, qty);
                if (o == null && qty > 0)
                {
                    orders.put(ref, new long[]{loc, ask ? 1 : 0, px, qty});
                    assertEquals(loc, touched);
                }
                else
                {
                    assertEquals(-1, touched);
                }
            }
            else if (op < 7)
            {
                final long qty = rnd.nextInt(400);
                touched = b.reduce(ref, qty);
                if (o == null)
                {
                    assertEquals(-1, touched);
                }
                else
                {
                    assertEquals(o[0], touched);
                    o[3] -= Math.min(qty, o[3]);
                    if (o[3] == 0)
                    {
                        orders.remove(ref);
                    }
                }
            }
            else if (op < 8)
            {
                touched = b.delete(ref);
                assertEquals(o == null ? -1 : o[0], touched);
                orders.remove(ref);
            }
            else
            {
                final long newRef = refs[rnd.nextInt(refs.length)];
                final long px = 1000 + rnd.nextInt(60) * 10L;
                final long qty = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(500);
                touched = b.replace(ref, newRef, qty, px);
                if (o == null)
                {
                    assertEquals(-1, touched);
                }
                else
                {
                    assertEquals(o[0], touched);
                    orders.remove(ref);
                    if (!orders.containsKey(newRef) && qty > 0)
                    {
                        orders.put(newRef, new long[]{o[0], o[1], px, qty});
                    }
                }
            }
            if (touched >= 0 || step % 1000 == 0)
            {
                final int loc = touched >= 0 ? touched : rnd.nextInt(4);
                assertEquals(bruteTob(orders, loc), tob(b, loc), "step " + step);
            }
        }
        assertEquals(orders.size(), b.liveOrders());
        assertTrue(b.orderTableGrowths() > 0, "growth exercised");
    }

    private static String bruteTob(final Map<Long, long[]> orders, final int loc)
    {
        long bp = 0, bq = 0, ap = 0, aq = 0;
        for (final long[] o : orders.values())
        {
            if (o[0] != loc)
            {
                continue;
            }
            if (o[1] == 0)
            {
                if (o[2] > bp)
                {
                    bp = o[2];
                    bq = 0;
                }
                if (o[2] == bp)
                {
                    bq += o[3];
                }
            }
            else
            {
                if (ap == 0 || o[2] < ap)
                {
                    ap = o[2];
                    aq = 0;
                }
                if (o[2] == ap)
                {
                    aq += o[3];
                }
            }
        }
        return bp + "," + bq + "," + ap + "," + aq;
    }
}
