package io.nanotick.book;

/**
 * One side of one locate's price levels, as ONE flat {@code long[]}: the levels in
 * price order and their aggregates live in the same array, so a message touches the
 * order table and this array (and BookEngine's published row of its locate).
 * <pre>
 *   [0] number of levels  [1] head of the free-slot list (0 = none)  [2] slots handed out  [3] capacity (levels)
 *   [2 + 2s], [3 + 2s]          slot s (1-based): aggregate shares (or the next free slot), key
 *   [4 + 2cap + j]              level j in price order, BEST LAST: key &lt;&lt; 16 | slot    (j &lt; size)
 * </pre>
 * {@code key} grows towards the best: the price for bids, {@code 0xFFFFFFFF - price}
 * for asks (ITCH prices are u32).  A level keeps its slot for its whole life, so an
 * order remembers (side, slot) and an execute/cancel/delete reaches its level's
 * aggregate without a search; only a level that empties is searched for (by key,
 * from the top) and removed.  With the best level last, adding or removing a level
 * near the touch moves only the few levels above it.  Static methods only: the
 * array is replaced when it grows, the caller stores it back.
 */
final class Levels
{
    static final int SIZE = 0;
    private static final int FREE = 1;
    private static final int SLOTS = 2;
    private static final int CAP = 3;
    private static final int HEAD = 4;
    /** Slots are 15 bits in an order entry: at most this many levels per side. */
    static final int MAX_LEVELS = (1 << 15) - 1;
    private static final int NEAR_TOP = 8; // levels scanned linearly from the best before binary search

    private Levels()
    {
    }

    static long[] create(final int capacity)
    {
        final int cap = Math.min(MAX_LEVELS, Math.max(4, capacity));
        final long[] l = new long[HEAD + 3 * cap];
        l[CAP] = cap;
        return l;
    }

    static long key(final boolean ask, final long price)
    {
        return ask ? 0xFFFF_FFFFL - price : price;
    }

    static long price(final boolean ask, final long key)
    {
        return ask ? 0xFFFF_FFFFL - key : key;
    }

    /** Where a slot lives: fixed, so an order's aggregate is reached without reading the header first. */
    private static int qtyIndex(final long[] l, final int slot)
    {
        return HEAD - 2 + 2 * slot;
    }

    /** Where the price-ordered levels start (after the slots). */
    private static int first(final long[] l)
    {
        return HEAD + 2 * (int)l[CAP];
    }

    /** Aggregate shares of a slot's level. */
    static long qty(final long[] l, final int slot)
    {
        return l[qtyIndex(l, slot)];
    }

    /** Index j of the level with key, or -(insertion index) - 1. */
    static int find(final long[] l, final long key)
    {
        final int size = (int)l[SIZE];
        final int first = first(l);
        final int stop = Math.max(0, size - NEAR_TOP);
        for (int j = size - 1; j >= stop; j--)
        {
            final long k = l[first + j] >>> 16;
            if (k <= key)
            {
                return k == key ? j : -(j + 1) - 1;
            }
        }
        if (stop == 0)
        {
            return -1;
        }
        // levels [0, stop) remain: branch-free lower bound of key << 16 over them
        final long target = key << 16;
        int base = 0;
        int n = stop;
        while (n > 1)
        {
            final int half = n >>> 1;
            base = l[first + base + half] < target ? base + half : base;
            n -= half;
        }
        final int lowerBound = base + (l[first + base] < target ? 1 : 0);
        if (lowerBound < stop && (l[first + lowerBound] >>> 16) == key)
        {
            return lowerBound;
        }
        return -lowerBound - 1;
    }

    /** Slot of level j (from {@link #find}). */
    static int slotAt(final long[] l, final int j)
    {
        return (int)(l[first(l) + j] & 0xFFFF);
    }

    /** Adds shares to a slot's level. */
    static void addQty(final long[] l, final int slot, final long shares)
    {
        l[qtyIndex(l, slot)] += shares;
    }

    /** True if a new level fits without growing. */
    static boolean hasRoom(final long[] l)
    {
        return l[SIZE] < l[CAP];
    }

    /** A copy with twice the capacity (at most MAX_LEVELS), slot numbers kept; null if full at MAX_LEVELS. */
    static long[] grow(final long[] l)
    {
        final int cap = (int)l[CAP];
        if (cap >= MAX_LEVELS)
        {
            return null;
        }
        final int next = Math.min(MAX_LEVELS, cap * 2);
        final long[] g = new long[HEAD + 3 * next];
        System.arraycopy(l, 0, g, 0, HEAD + 2 * cap);                                      // header and slots
        System.arraycopy(l, HEAD + 2 * cap, g, HEAD + 2 * next, (int)l[SIZE]);              // levels
        g[CAP] = next;
        return g;
    }

    /** Inserts a new level with key and shares at index j (the array must have room); returns its slot. */
    static int insert(final long[] l, final int j, final long key, final long shares)
    {
        int slot = (int)l[FREE];
        if (slot != 0)
        {
            l[FREE] = l[qtyIndex(l, slot)];
        }
        else
        {
            slot = (int)++l[SLOTS];
        }
        final int q = qtyIndex(l, slot);
        l[q] = shares;
        l[q + 1] = key;
        final int size = (int)l[SIZE];
        final int above = size - j;
        if (above > 0)
        {
            System.arraycopy(l, first(l) + j, l, first(l) + j + 1, above);
        }
        l[first(l) + j] = (key << 16) | slot;
        l[SIZE] = size + 1;
        return slot;
    }

    /** Takes shares off a slot's level (never more than it holds); removes the level at 0.  Returns its key. */
    static long take(final long[] l, final int slot, final long shares)
    {
        final int q = qtyIndex(l, slot);
        final long left = l[q] - shares;
        final long key = l[q + 1];
        if (left != 0)
        {
            l[q] = left;
            return key;
        }
        final int j = find(l, key);
        if (j < 0)
        {
            throw new IllegalStateException("book corrupt: no level with key " + key);
        }
        final int size = (int)l[SIZE];
        final int above = size - j - 1;
        if (above > 0)
        {
            System.arraycopy(l, first(l) + j + 1, l, first(l) + j, above);
        }
        l[SIZE] = size - 1;
        l[q] = l[FREE];
        l[FREE] = slot;
        return key;
    }

    static int size(final long[] l)
    {
        return l == null ? 0 : (int)l[SIZE];
    }

    /** Best price, 0 when empty. */
    static long bestPrice(final long[] l, final boolean ask)
    {
        if (l == null)
        {
            return 0;
        }
        final int size = (int)l[SIZE];
        return size == 0 ? 0 : price(ask, l[first(l) + size - 1] >>> 16);
    }

    /** Best level's aggregate shares, 0 when empty. */
    static long bestQty(final long[] l)
    {
        if (l == null)
        {
            return 0;
        }
        final int size = (int)l[SIZE];
        return size == 0 ? 0 : l[qtyIndex(l, (int)(l[first(l) + size - 1] & 0xFFFF))];
    }

    /** Price of level {@code i}, 0 = best. */
    static long priceAt(final long[] l, final boolean ask, final int i)
    {
        return price(ask, l[first(l) + (int)l[SIZE] - 1 - i] >>> 16);
    }

    /** Aggregate of level {@code i}, 0 = best. */
    static long qtyAt(final long[] l, final int i)
    {
        return l[qtyIndex(l, (int)(l[first(l) + (int)l[SIZE] - 1 - i] & 0xFFFF))];
    }
}
