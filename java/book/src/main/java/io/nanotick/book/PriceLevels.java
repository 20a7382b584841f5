package io.nanotick.book;

/**
 * One side of one locate's full-depth book: price levels kept sorted in ONE
 * primitive array of (key, aggregate) pairs with the best level LAST, so the
 * busy end of the book is one or two cache lines and moves few elements.  Keys
 * are {@code price} for bids and {@code -price} for asks, so the best level is
 * always the largest key.  Aggregates are exact (long); a level exists while its
 * aggregate is &gt; 0.  Grows by doubling (rare).
 */
final class PriceLevels
{
    private static final int NEAR_TOP = 8; // levels scanned linearly from the best before binary search

    private long[] levels; // [2*i] = key, [2*i + 1] = aggregate shares, ascending keys
    private int size;
    private final boolean ask;
    /** Best price and aggregate as last published (top-of-book change detection lives here: same cache line). */
    long shownPrice;
    long shownQty;

    PriceLevels(final boolean ask, final int initialCapacity)
    {
        this.ask = ask;
        this.levels = new long[2 * Math.max(4, initialCapacity)];
    }

    boolean isAsk()
    {
        return ask;
    }

    int size()
    {
        return size;
    }

    /** Best price, 0 when empty. */
    long bestPrice()
    {
        if (size == 0)
        {
            return 0;
        }
        final long k = levels[2 * size - 2];
        return ask ? -k : k;
    }

    /** Aggregate shares at the best price, 0 when empty. */
    long bestQty()
    {
        return size == 0 ? 0 : levels[2 * size - 1];
    }

    /** Price of level {@code i} counted from the best (0 = best). */
    long priceAt(final int i)
    {
        final long k = levels[2 * (size - 1 - i)];
        return ask ? -k : k;
    }

    long qtyAt(final int i)
    {
        return levels[2 * (size - 1 - i) + 1];
    }

    /**
     * Index of key, or -(insertion point) - 1.  Most activity is at or near the
     * top of the book: the best NEAR_TOP levels (the end of the array: one or two
     * cache lines) are scanned linearly; deeper keys use a branch-free lower bound.
     */
    private int find(final long key)
    {
        final long[] l = levels;
        int i = size - 1;
        final int stop = Math.max(0, size - NEAR_TOP);
        for (; i >= stop; i--)
        {
            final long k = l[2 * i];
            if (k <= key)
            {
                return k == key ? i : -(i + 1) - 1;
            }
        }
        int n = i + 1; // keys [0, n) are all candidates, every key beyond is > key
        if (n == 0)
        {
            return -1;
        }
        int base = 0;
        while (n > 1)
        {
            final int half = n >>> 1;
            base = l[2 * (base + half)] < key ? base + half : base;
            n -= half;
        }
        final int lowerBound = base + (l[2 * base] < key ? 1 : 0); // first index whose key is >= key
        if (lowerBound < i + 1 && l[2 * lowerBound] == key)
        {
            return lowerBound;
        }
        return -lowerBound - 1;
    }

    void add(final long price, final long shares)
    {
        final long key = ask ? -price : price;
        int i = find(key);
        if (i >= 0)
        {
            levels[2 * i + 1] += shares;
            return;
        }
        i = -i - 1;
        if (2 * size == levels.length)
        {
            levels = java.util.Arrays.copyOf(levels, levels.length * 2);
        }
        final int tail = size - i;
        if (tail > 0)
        {
            System.arraycopy(levels, 2 * i, levels, 2 * i + 2, 2 * tail);
        }
        levels[2 * i] = key;
        levels[2 * i + 1] = shares;
        size++;
    }

    /** Removes {@code shares} (never more than the level holds: the order table guarantees it). */
    void remove(final long price, final long shares)
    {
        final long key = ask ? -price : price;
        final int i = find(key);
        if (i < 0)
        {
            throw new IllegalStateException("book corrupt: no level " + price);
        }
        final long q = levels[2 * i + 1] - shares;
        if (q > 0)
        {
            levels[2 * i + 1] = q;
            return;
        }
        final int tail = size - i - 1;
        if (tail > 0)
        {
            System.arraycopy(levels, 2 * i + 2, levels, 2 * i, 2 * tail);
        }
        size--;
    }
}
