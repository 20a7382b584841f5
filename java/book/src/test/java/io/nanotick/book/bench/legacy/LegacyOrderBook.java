package io.nanotick.book.bench.legacy;

import io.nanotick.book.TopOfBookListener;
import io.nanotick.book.TradeListener;

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
 * Orders live in an open-addressing table (linear probing, backward-shift
 * delete) of {@code ref -> (price, shares, locate, side)} entries stored inline
 * in one preallocated {@code long[]} (one cache line per lookup); levels in
 * {@link LegacyLevels}.  Every operation returns the locate whose book it
 * changed, or -1.  No allocation in steady state: the table doubles when 50%
 * full and a locate's level arrays double when full (both rare, amortised),
 * and a locate's levels are created the first time it gets an order.
 */
public final class LegacyOrderBook
{
    public static final int LOCATES = 65536;
    private static final int NONE = -1;

    // Order table: open addressing, linear probing, backward-shift deletion.  Each entry is
    // STRIDE longs in one array, so a lookup touches one cache line:
    //   [ref, price, shares, meta]   meta = 0 for an empty entry, else 1 | locate << 1 | ask << 17
    private static final int STRIDE = 4;
    private long[] table;
    private int mask;   // entries - 1
    private int live;

    // levels per (locate, side): index locate << 1 | (1 for asks), see LegacyLevels for the layout
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

    /**
     * @param expectedOrders live orders to size the table for without growing
     * @param levelCapacity  initial price levels per locate and side
     */
    public LegacyOrderBook(final int expectedOrders, final int levelCapacity)
    {
        final int entries = Integer.highestOneBit(Math.max(16, expectedOrders) * 2 - 1) << 1; // >= 2x, power of two
        table = new long[entries * STRIDE];
        mask = entries - 1;
        this.levelCapacity = levelCapacity;
    }

    /** Sized for 64K live orders and 16 levels per side: both grow on demand. */
    public LegacyOrderBook()
    {
        this(1 << 16, 16);
    }

    private static int hash(final long ref)
    {
        long h = ref;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int)h;
    }

    /** Array index of a live ref's entry, or -1. */
    private int lookup(final long ref)
    {
        final long[] t = table;
        int i = hash(ref) & mask;
        while (true)
        {
            final int at = i * STRIDE;
            if (t[at + 3] == 0)
            {
                return NONE;
            }
            if (t[at] == ref)
            {
                return at;
            }
            i = (i + 1) & mask;
        }
    }

    private static void insert(final long[] t, final int mask, final long ref, final long px, final long qty, final long meta)
    {
        int i = hash(ref) & mask;
        while (t[i * STRIDE + 3] != 0)
        {
            i = (i + 1) & mask;
        }
        final int at = i * STRIDE;
        t[at] = ref;
        t[at + 1] = px;
        t[at + 2] = qty;
        t[at + 3] = meta;
    }

    /** Empties the entry at array index {@code at}, backward-shift deletion (no tombstones). */
    private void erase(final int at)
    {
        final long[] t = table;
        int i = at / STRIDE;
        int j = i;
        while (true)
        {
            j = (j + 1) & mask;
            final int jt = j * STRIDE;
            if (t[jt + 3] == 0)
            {
                break;
            }
            final int home = hash(t[jt]) & mask;
            // move j back to i unless its home lies in the cyclic range (i, j]
            if (((j - home) & mask) >= ((j - i) & mask))
            {
                final int it = i * STRIDE;
                t[it] = t[jt];
                t[it + 1] = t[jt + 1];
                t[it + 2] = t[jt + 2];
                t[it + 3] = t[jt + 3];
                i = j;
            }
        }
        t[i * STRIDE + 3] = 0;
        live--;
        removed++;
    }

    private void growTable()
    {
        orderTableGrowths++;
        final long[] old = table;
        final int entries = (mask + 1) * 2;
        final long[] t = new long[entries * STRIDE];
        for (int at = 0; at < old.length; at += STRIDE)
        {
            if (old[at + 3] != 0)
            {
                insert(t, entries - 1, old[at], old[at + 1], old[at + 2], old[at + 3]);
            }
        }
        table = t;
        mask = entries - 1;
    }

    private long[] side(final int index)
    {
        long[] l = sides[index];
        if (l == null)
        {
            l = LegacyLevels.create(levelCapacity);
            sides[index] = l;
        }
        return l;
    }

    private void addLevel(final int index, final boolean ask, final long px, final long qty)
    {
        final long[] l = side(index);
        final long[] after = LegacyLevels.add(l, LegacyLevels.key(ask, px), qty);
        if (after != l)
        {
            sides[index] = after;
        }
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
        if (lookup(ref) != NONE)
        {
            dupAdd++;
            return NONE;
        }
        if (qty == 0)
        {
            zeroShares++;
            return NONE;
        }
        if (live + 1 > (mask + 1) >>> 1)
        {
            growTable();
        }
        final boolean ask = side == 'S';
        insert(table, mask, ref, px, qty, 1L | ((long)locate << 1) | (ask ? 1L << 17 : 0));
        live++;
        final int index = (locate << 1) | (ask ? 1 : 0);
        addLevel(index, ask, px, qty);
        touched = index;
        return locate;
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
        final long[] t = table;
        final long meta = t[at + 3];
        final int locate = (int)(meta >>> 1) & 0xFFFF;
        final boolean ask = (meta & (1L << 17)) != 0;
        final long px = t[at + 1];
        lastSide = ask ? (byte)'S' : (byte)'B';
        lastPrice = px;
        long n = qty;
        final long left = t[at + 2];
        if (Long.compareUnsigned(n, left) > 0)
        {
            clamp++;
            n = left;
        }
        final int index = (locate << 1) | (ask ? 1 : 0);
        LegacyLevels.remove(sides[index], LegacyLevels.key(ask, px), n);
        touched = index;
        if (n == left)
        {
            erase(at);
        }
        else
        {
            t[at + 2] = left - n;
        }
        return locate;
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
        return deleteAt(at);
    }

    private int deleteAt(final int at)
    {
        final long[] t = table;
        final long meta = t[at + 3];
        final int locate = (int)(meta >>> 1) & 0xFFFF;
        final boolean ask = (meta & (1L << 17)) != 0;
        lastSide = ask ? (byte)'S' : (byte)'B';
        lastPrice = t[at + 1];
        final int index = (locate << 1) | (ask ? 1 : 0);
        LegacyLevels.remove(sides[index], LegacyLevels.key(ask, t[at + 1]), t[at + 2]);
        touched = index;
        erase(at);
        return locate;
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
        final int locate = deleteAt(at);
        addChecked(newRef, locate, lastSide, px, qty);
        return locate;
    }

    // ---- queries ----------------------------------------------------------

    /** The side index (locate << 1 | ask) the last operation that returned a locate changed. */
    int touched()
    {
        return touched;
    }

    /** The levels array of a side index (see {@link LegacyLevels}), or null if it never had an order. */
    long[] sideLevels(final int index)
    {
        return sides[index];
    }

    public long bestBidPrice(final int locate)
    {
        return LegacyLevels.bestPrice(sides[locate << 1], false);
    }

    public long bestBidQty(final int locate)
    {
        return LegacyLevels.bestQty(sides[locate << 1]);
    }

    public long bestAskPrice(final int locate)
    {
        return LegacyLevels.bestPrice(sides[(locate << 1) | 1], true);
    }

    public long bestAskQty(final int locate)
    {
        return LegacyLevels.bestQty(sides[(locate << 1) | 1]);
    }

    /** Number of price levels on a side ('B' or 'S'). */
    public int depth(final int locate, final byte side)
    {
        return LegacyLevels.size(sides[(locate << 1) | (side == 'S' ? 1 : 0)]);
    }

    /** Price of level {@code i} (0 = best) on a side. */
    public long levelPrice(final int locate, final byte side, final int i)
    {
        return LegacyLevels.priceAt(sides[(locate << 1) | (side == 'S' ? 1 : 0)], side == 'S', i);
    }

    public long levelQty(final int locate, final byte side, final int i)
    {
        return LegacyLevels.qtyAt(sides[(locate << 1) | (side == 'S' ? 1 : 0)], i);
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
