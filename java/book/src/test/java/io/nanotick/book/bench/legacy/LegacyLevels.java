package io.nanotick.book.bench.legacy;

import io.nanotick.book.TopOfBookListener;
import io.nanotick.book.TradeListener;

/**
 * One side of one locate's full-depth book, as ONE flat {@code long[]} (no
 * object in between, so the best level is two dependent loads away from the
 * locate: the side's slot, then this array's first cache line):
 * <pre>
 *   [0] number of levels   [1] published best price   [2] published best aggregate   [3] unused
 *   [4 + 2j] key of level j   [5 + 2j] aggregate shares of level j      (j = 0 is the BEST level)
 * </pre>
 * Keys ascend from the best: {@code key = price} for asks, {@code -price} for bids.
 * A level exists while its aggregate is &gt; 0; aggregates are exact (long).
 * Static methods only: the array may be replaced when it grows, the caller stores it back.
 */
final class LegacyLevels
{
    static final int SIZE = 0;
    static final int SHOWN_PRICE = 1;
    static final int SHOWN_QTY = 2;
    static final int FIRST = 4;
    private static final int NEAR_TOP = 8; // levels scanned linearly from the best before binary search

    private LegacyLevels()
    {
    }

    static long[] create(final int capacity)
    {
        return new long[FIRST + 2 * Math.max(4, capacity)];
    }

    static long key(final boolean ask, final long price)
    {
        return ask ? price : -price;
    }

    static long price(final boolean ask, final long key)
    {
        return ask ? key : -key;
    }

    /** Index (0 = best) of key, or -(insertion index) - 1. */
    static int find(final long[] l, final long key)
    {
        final int size = (int)l[SIZE];
        final int near = Math.min(size, NEAR_TOP);
        int j = 0;
        for (; j < near; j++)
        {
            final long k = l[FIRST + 2 * j];
            if (k >= key)
            {
                return k == key ? j : -j - 1;
            }
        }
        if (j == size)
        {
            return -j - 1;
        }
        // keys [j, size) remain: branch-free lower bound
        int base = j;
        int n = size - j;
        while (n > 1)
        {
            final int half = n >>> 1;
            base = l[FIRST + 2 * (base + half)] < key ? base + half : base;
            n -= half;
        }
        final int lowerBound = base + (l[FIRST + 2 * base] < key ? 1 : 0);
        if (lowerBound < size && l[FIRST + 2 * lowerBound] == key)
        {
            return lowerBound;
        }
        return -lowerBound - 1;
    }

    /** Adds shares at key; returns the array (a new one if it had to grow). */
    static long[] add(final long[] levels, final long key, final long shares)
    {
        long[] l = levels;
        int j = find(l, key);
        if (j >= 0)
        {
            l[FIRST + 2 * j + 1] += shares;
            return l;
        }
        j = -j - 1;
        final int size = (int)l[SIZE];
        if (FIRST + 2 * size == l.length)
        {
            l = java.util.Arrays.copyOf(l, FIRST + 4 * size);
        }
        final int tail = size - j;
        if (tail > 0)
        {
            System.arraycopy(l, FIRST + 2 * j, l, FIRST + 2 * j + 2, 2 * tail);
        }
        l[FIRST + 2 * j] = key;
        l[FIRST + 2 * j + 1] = shares;
        l[SIZE] = size + 1;
        return l;
    }

    /** Removes shares at key (never more than the level holds: the order table guarantees it). */
    static void remove(final long[] l, final long key, final long shares)
    {
        final int j = find(l, key);
        if (j < 0)
        {
            throw new IllegalStateException("book corrupt: no level with key " + key);
        }
        final long q = l[FIRST + 2 * j + 1] - shares;
        if (q > 0)
        {
            l[FIRST + 2 * j + 1] = q;
            return;
        }
        final int size = (int)l[SIZE];
        final int tail = size - j - 1;
        if (tail > 0)
        {
            System.arraycopy(l, FIRST + 2 * j + 2, l, FIRST + 2 * j, 2 * tail);
        }
        l[SIZE] = size - 1;
    }

    static int size(final long[] l)
    {
        return l == null ? 0 : (int)l[SIZE];
    }

    /** Best key's price, 0 when empty. */
    static long bestPrice(final long[] l, final boolean ask)
    {
        return l == null || l[SIZE] == 0 ? 0 : price(ask, l[FIRST]);
    }

    static long bestQty(final long[] l)
    {
        return l == null || l[SIZE] == 0 ? 0 : l[FIRST + 1];
    }

    static long priceAt(final long[] l, final boolean ask, final int j)
    {
        return price(ask, l[FIRST + 2 * j]);
    }

    static long qtyAt(final long[] l, final int j)
    {
        return l[FIRST + 2 * j + 1];
    }
}
