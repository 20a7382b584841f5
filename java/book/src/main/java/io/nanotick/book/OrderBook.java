package io.nanotick.book;

/**
 * Full-depth order book for every locate, with the Nanotick book rules
 * (docs/reference-model.md, "Book rules"):
 * <ul>
 * <li>add: ref already live, shares 0 or side not B/S: ignored and counted;</li>
 * <li>execute/cancel reduce by at most what remains (more is clamped and counted),
 *     at 0 the order is removed; delete removes;</li>
 * <li>replace removes the original and adds the new ref with the original's locate
 *     and side (same checks as an add); unknown original: ignored, new ref not added;</li>
 * <li>unknown refs are ignored and counted; updates use the stored locate and side;
 *     ref 0 is a normal ref.</li>
 * </ul>
 * Memory layout (primitive arrays only, nothing boxed, nothing allocated per message):
 * <ul>
 * <li><b>orders</b>: an open-addressing table (linear probing, backward-shift
 *     deletion, no tombstones) of 16-byte entries {@code [ref, shares << 32 | side << 15 | slot]}
 *     in one {@code long[]} ({@code side} = locate << 1 | ask, {@code slot} = the
 *     order's price level in that side's {@link Levels} array, never 0, so a 0
 *     second word marks an empty entry).  The home entry keeps a ref's low 4 bits, so
 *     refs handed out in sequence land next to each other (an add usually finds its line
 *     already in cache); the table doubles at 50% load, which keeps the runs those
 *     neighbours form short.</li>
 * <li><b>sides</b>: per (locate, side) one {@code long[]} ({@link Levels}) holding the
 *     published top of book, the levels in price order (best last) and their
 *     aggregates.  Execute/cancel/delete go from the order entry straight to the
 *     level's aggregate (no search); an add searches its side from the top.</li>
 * </ul>
 * Every operation returns the locate whose book it changed, or -1.  Limits: shares
 * and prices are u32 (as in ITCH); at most {@link Levels#MAX_LEVELS} (32,767) price
 * levels per side: an add that would need one more is refused and counted
 * ({@link #levelFull()}).  Growth (order table, a side's array, a locate's first
 * order) is the only allocation: rare and amortised.
 */
public final class OrderBook
{
    public static final int LOCATES = 65536;
    private static final int NONE = -1;

    // ---- orders: [ref, shares << 32 | side << 15 | slot]; second word 0 = empty entry ------
    private long[] table;
    private int mask;       // entries - 1
    private int growAt;     // live count that triggers doubling (50% load)
    private int live;

    // ---- sides: index locate << 1 | (1 for asks), see Levels ------------------------------
    private final long[][] sides = new long[LOCATES * 2][];
    private final int levelCapacity;

    // what the last execute/cancel/delete/replace found (for trade prints)
    private byte lastSide;
    private long lastPrice;
    // the side (locate << 1 | ask) the last successful operation changed
    private int touched;

    private long adds;
    private long dupAdd;
    private long zeroShares;
    private long badSide;
    private long unknownRef;
    private long clamp;
    private long removed;
    private long orderTableGrowths;
    private long levelFull;

    /**
     * @param expectedOrders live orders to size the table for without growing
     * @param levelCapacity  initial price levels per locate and side
     */
    public OrderBook(final int expectedOrders, final int levelCapacity)
    {
        int entries = 16;
        while (entries / 2 < expectedOrders)
        {
            entries <<= 1;
        }
        table = new long[entries * 2];
        mask = entries - 1;
        growAt = entries / 2;
        this.levelCapacity = levelCapacity;
    }

    /** Sized for 64K live orders and 16 levels per side: both grow on demand. */
    public OrderBook()
    {
        this(64 << 10, 16);
    }

    /**
     * Home entry of a ref: its low 4 bits kept, the rest mixed.  16 consecutive refs
     * (exchanges hand them out in sequence) share one 256-byte stretch of the table, so
     * an add usually lands on a line the previous adds already brought into cache,
     * while refs that differ only in high bits still spread over the whole table.
     */
    private static int hash(final long ref)
    {
        long h = (ref >>> 4) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int)((h ^ (h >>> 32)) << 4) | (int)(ref & 15);
    }

    /** Array index of a live ref's entry, or -1. */
    private int lookup(final long ref)
    {
        final long[] t = table;
        final int m = mask;
        int i = hash(ref) & m;
        while (true)
        {
            final int at = i << 1;
            if (t[at + 1] == 0)
            {
                return NONE;
            }
            if (t[at] == ref)
            {
                return at;
            }
            i = (i + 1) & m;
        }
    }

    /** Empties the entry at array index {@code at}, backward-shift deletion (no tombstones). */
    private void erase(final int at)
    {
        final long[] t = table;
        final int m = mask;
        int i = at >> 1;
        int j = i;
        while (true)
        {
            j = (j + 1) & m;
            final int jt = j << 1;
            if (t[jt + 1] == 0)
            {
                break;
            }
            final int home = hash(t[jt]) & m;
            // move j back to i unless its home lies in the cyclic range (i, j]
            if (((j - home) & m) >= ((j - i) & m))
            {
                final int it = i << 1;
                t[it] = t[jt];
                t[it + 1] = t[jt + 1];
                i = j;
            }
        }
        t[(i << 1) + 1] = 0;
        live--;
        removed++;
    }

    private void growTable()
    {
        orderTableGrowths++;
        final long[] old = table;
        final int entries = (mask + 1) * 2;
        final int m = entries - 1;
        final long[] t = new long[entries * 2];
        for (int at = 0; at < old.length; at += 2)
        {
            if (old[at + 1] != 0)
            {
                int i = hash(old[at]) & m;
                while (t[(i << 1) + 1] != 0)
                {
                    i = (i + 1) & m;
                }
                t[i << 1] = old[at];
                t[(i << 1) + 1] = old[at + 1];
            }
        }
        table = t;
        mask = m;
        growAt = entries / 2;
    }

    /** A/F.  Returns the locate, or -1 if ignored (bad side, live ref, 0 shares). */
    public int add(final long ref, final int locate, final byte side, final long px, final long qty)
    {
        adds++;
        return addChecked(ref, locate, side, px, qty);
    }

    private int addChecked(final long ref, final int locate, final byte side, final long px, final long qty)
    {
        if (side != 'B' && side != 'S')
        {
            badSide++;
            return NONE;
        }
        if (live >= growAt)
        {
            growTable();
        }
        // one probe: either the live ref or the empty entry where it goes
        final long[] t = table;
        final int m = mask;
        int i = hash(ref) & m;
        int at;
        while (true)
        {
            at = i << 1;
            if (t[at + 1] == 0)
            {
                break;
            }
            if (t[at] == ref)
            {
                dupAdd++;
                return NONE;
            }
            i = (i + 1) & m;
        }
        if (qty == 0)
        {
            zeroShares++;
            return NONE;
        }
        final boolean ask = side == 'S';
        final int index = (locate << 1) | (ask ? 1 : 0);
        final int slot = addToLevel(index, ask, px, qty);
        if (slot == 0)
        {
            levelFull++;
            return NONE;
        }
        t[at] = ref;
        t[at + 1] = (qty << 32) | ((long)index << 15) | slot;
        live++;
        touched = index;
        return locate;
    }

    /** Adds shares at price on a side; returns the level's slot, or 0 if the side has no room for a new level. */
    private int addToLevel(final int index, final boolean ask, final long px, final long qty)
    {
        long[] l = sides[index];
        if (l == null)
        {
            l = Levels.create(levelCapacity);
            sides[index] = l;
        }
        final long key = Levels.key(ask, px);
        final int j = Levels.find(l, key);
        if (j >= 0)
        {
            final int slot = Levels.slotAt(l, j);
            Levels.addQty(l, slot, qty);
            return slot;
        }
        if (!Levels.hasRoom(l))
        {
            l = Levels.grow(l);
            if (l == null)
            {
                return 0;
            }
            sides[index] = l;
        }
        return Levels.insert(l, -j - 1, key, qty);
    }

    /** Takes {@code n} shares (at most what it has, {@code left}) off the order at {@code at}; returns its locate. */
    private int take(final int at, final long n, final long left, final long v)
    {
        final int index = (int)(v >>> 15) & 0x1FFFF;
        final boolean ask = (index & 1) != 0;
        final long key = Levels.take(sides[index], (int)v & 0x7FFF, n);
        lastSide = ask ? (byte)'S' : (byte)'B';
        lastPrice = Levels.price(ask, key);
        touched = index;
        if (n == left)
        {
            erase(at);
        }
        else
        {
            table[at + 1] = v - (n << 32);
        }
        return index >>> 1;
    }

    /** E, C, X: reduce by at most what remains.  Returns the order's locate or -1 (unknown ref). */
    public int reduce(final long ref, final long qty)
    {
        final int at = lookup(ref);
        if (at == NONE)
        {
            unknownRef++;
            return NONE;
        }
        final long v = table[at + 1];
        final long left = v >>> 32;
        long n = qty;
        if (Long.compareUnsigned(n, left) > 0)
        {
            clamp++;
            n = left;
        }
        return take(at, n, left, v);
    }

    /** D.  Returns the order's locate or -1 (unknown ref). */
    public int delete(final long ref)
    {
        final int at = lookup(ref);
        if (at == NONE)
        {
            unknownRef++;
            return NONE;
        }
        final long v = table[at + 1];
        return take(at, v >>> 32, v >>> 32, v);
    }

    /** U.  Returns the original's locate (its book changed) or -1 (unknown original). */
    public int replace(final long originalRef, final long newRef, final long qty, final long px)
    {
        final int at = lookup(originalRef);
        if (at == NONE)
        {
            unknownRef++;
            return NONE;
        }
        final long v = table[at + 1];
        final int locate = take(at, v >>> 32, v >>> 32, v);
        final int index = touched;
        addChecked(newRef, locate, lastSide, px, qty);
        touched = index; // (an ignored re-add leaves it; a successful one sets the same side)
        return locate;
    }

    // ---- queries ----------------------------------------------------------

    /** The side index (locate << 1 | ask) the last operation that returned a locate changed. */
    int touched()
    {
        return touched;
    }

    /** The levels array of a side index (see {@link Levels}), or null if it never had an order. */
    long[] sideLevels(final int index)
    {
        return sides[index];
    }

    public long bestBidPrice(final int locate)
    {
        return Levels.bestPrice(sides[locate << 1], false);
    }

    public long bestBidQty(final int locate)
    {
        return Levels.bestQty(sides[locate << 1]);
    }

    public long bestAskPrice(final int locate)
    {
        return Levels.bestPrice(sides[(locate << 1) | 1], true);
    }

    public long bestAskQty(final int locate)
    {
        return Levels.bestQty(sides[(locate << 1) | 1]);
    }

    /** Number of price levels on a side ('B' or 'S'). */
    public int depth(final int locate, final byte side)
    {
        return Levels.size(sides[(locate << 1) | (side == 'S' ? 1 : 0)]);
    }

    /** Price of level {@code i} (0 = best) on a side. */
    public long levelPrice(final int locate, final byte side, final int i)
    {
        return Levels.priceAt(sides[(locate << 1) | (side == 'S' ? 1 : 0)], side == 'S', i);
    }

    /** Aggregate shares of level {@code i} (0 = best) on a side. */
    public long levelQty(final int locate, final byte side, final int i)
    {
        return Levels.qtyAt(sides[(locate << 1) | (side == 'S' ? 1 : 0)], i);
    }

    /** Side ('B'/'S') of the order the last reduce/delete/replace found. */
    public byte lastSide()
    {
        return lastSide;
    }

    /** Price of the order the last reduce/delete/replace found. */
    public long lastPrice()
    {
        return lastPrice;
    }

    public int liveOrders()
    {
        return live;
    }

    /** Adds refused because their side already had {@link Levels#MAX_LEVELS} price levels. */
    public long levelFull()
    {
        return levelFull;
    }

    public long adds()
    {
        return adds;
    }

    public long dupAdd()
    {
        return dupAdd;
    }

    public long zeroShares()
    {
        return zeroShares;
    }

    public long badSide()
    {
        return badSide;
    }

    public long unknownRef()
    {
        return unknownRef;
    }

    public long clamp()
    {
        return clamp;
    }

    public long removed()
    {
        return removed;
    }

    public long orderTableGrowths()
    {
        return orderTableGrowths;
    }
}
