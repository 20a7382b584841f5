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
 * Orders live in an open-addressing (linear probing, backward-shift delete)
 * {@code long ref -> int slot} table over preallocated primitive arrays; levels
 * in {@link PriceLevels}.  Every operation returns the locate whose book it
 * changed, or -1.  No allocation in steady state: the order arrays double when
 * 50% full and a locate's level arrays double when full (both rare, amortised),
 * and a locate's levels are created the first time it gets an order.
 */
public final class OrderBook
{
    public static final int LOCATES = 65536;
    private static final int NONE = -1;

    // order table: index -> slot + 1 (0 = empty)
    private long[] keys;
    private int[] index;
    private int mask;
    // order slots
    private long[] price;
    private long[] shares;
    private int[] locateSide; // locate << 1 | (1 if ask)
    private int[] nextFree;
    private int freeHead;
    private int slotsUsed;
    private int live;

    private final PriceLevels[] bids = new PriceLevels[LOCATES];
    private final PriceLevels[] asks = new PriceLevels[LOCATES];
    private final int levelCapacity;

    // what the last execute/cancel/delete/replace found (for trade prints)
    private byte lastSide;
    private long lastPrice;

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
    public OrderBook(final int expectedOrders, final int levelCapacity)
    {
        final int slots = Math.max(16, expectedOrders);
        int cap = Integer.highestOneBit(slots * 2 - 1) << 1; // >= 2 * slots, power of two
        allocateTable(cap);
        price = new long[slots];
        shares = new long[slots];
        locateSide = new int[slots];
        nextFree = new int[slots];
        freeHead = NONE;
        this.levelCapacity = levelCapacity;
    }

    public OrderBook()
    {
        this(1 << 20, 64);
    }

    private void allocateTable(final int cap)
    {
        keys = new long[cap];
        index = new int[cap];
        mask = cap - 1;
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

    /** Slot of a live ref, or -1. */
    private int lookup(final long ref)
    {
        int i = hash(ref) & mask;
        while (true)
        {
            final int v = index[i];
            if (v == 0)
            {
                return NONE;
            }
            if (keys[i] == ref)
            {
                return v - 1;
            }
            i = (i + 1) & mask;
        }
    }

    private void insert(final long ref, final int slot)
    {
        int i = hash(ref) & mask;
        while (index[i] != 0)
        {
            i = (i + 1) & mask;
        }
        keys[i] = ref;
        index[i] = slot + 1;
    }

    /** Removes ref from the table (it must be there), backward-shift deletion. */
    private void erase(final long ref)
    {
        int i = hash(ref) & mask;
        while (keys[i] != ref || index[i] == 0)
        {
            i = (i + 1) & mask;
        }
        int j = i;
        while (true)
        {
            j = (j + 1) & mask;
            if (index[j] == 0)
            {
                break;
            }
            final int home = hash(keys[j]) & mask;
            // move j back to i if its home is not in the cyclic range (i, j]
            if (((j - home) & mask) >= ((j - i) & mask))
            {
                keys[i] = keys[j];
                index[i] = index[j];
                i = j;
            }
        }
        index[i] = 0;
    }

    private int allocateSlot()
    {
        if (freeHead != NONE)
        {
            final int s = freeHead;
            freeHead = nextFree[s];
            return s;
        }
        if (slotsUsed == price.length)
        {
            final int n = price.length * 2;
            price = java.util.Arrays.copyOf(price, n);
            shares = java.util.Arrays.copyOf(shares, n);
            locateSide = java.util.Arrays.copyOf(locateSide, n);
            nextFree = java.util.Arrays.copyOf(nextFree, n);
        }
        return slotsUsed++;
    }

    private void growTable()
    {
        orderTableGrowths++;
        final long[] oldKeys = keys;
        final int[] oldIndex = index;
        allocateTable(keys.length * 2);
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldIndex[i] != 0)
            {
                insert(oldKeys[i], oldIndex[i] - 1);
            }
        }
    }

    private PriceLevels levels(final int locate, final boolean ask)
    {
        final PriceLevels[] side = ask ? asks : bids;
        PriceLevels l = side[locate];
        if (l == null)
        {
            l = new PriceLevels(ask, levelCapacity);
            side[locate] = l;
        }
        return l;
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
        final int s = allocateSlot();
        final boolean ask = side == 'S';
        price[s] = px;
        shares[s] = qty;
        locateSide[s] = (locate << 1) | (ask ? 1 : 0);
        insert(ref, s);
        live++;
        levels(locate, ask).add(px, qty);
        return locate;
    }

    /** E, C, X: reduce by at most what remains.  Returns the order's locate or -1 (unknown ref). */
    public int reduce(final long ref, final long qty)
    {
        final int s = lookup(ref);
        if (s == NONE)
        {
            unknownRef++;
            return NONE;
        }
        final int ls = locateSide[s];
        final int locate = ls >>> 1;
        final boolean ask = (ls & 1) != 0;
        lastSide = ask ? (byte)'S' : (byte)'B';
        lastPrice = price[s];
        long n = qty;
        final long left = shares[s];
        if (Long.compareUnsigned(n, left) > 0)
        {
            clamp++;
            n = left;
        }
        levels(locate, ask).remove(price[s], n);
        if (n == left)
        {
            free(ref, s);
        }
        else
        {
            shares[s] = left - n;
        }
        return locate;
    }

    /** D.  Returns the order's locate or -1 (unknown ref). */
    public int delete(final long ref)
    {
        final int s = lookup(ref);
        if (s == NONE)
        {
            unknownRef++;
            return NONE;
        }
        return deleteSlot(ref, s);
    }

    private int deleteSlot(final long ref, final int s)
    {
        final int ls = locateSide[s];
        final int locate = ls >>> 1;
        final boolean ask = (ls & 1) != 0;
        lastSide = ask ? (byte)'S' : (byte)'B';
        lastPrice = price[s];
        levels(locate, ask).remove(price[s], shares[s]);
        free(ref, s);
        return locate;
    }

    /** U.  Returns the original's locate (its book changed) or -1 (unknown original). */
    public int replace(final long originalRef, final long newRef, final long qty, final long px)
    {
        final int s = lookup(originalRef);
        if (s == NONE)
        {
            unknownRef++;
            return NONE;
        }
        final int locate = deleteSlot(originalRef, s);
        addChecked(newRef, locate, lastSide, px, qty);
        return locate;
    }

    private void free(final long ref, final int s)
    {
        erase(ref);
        nextFree[s] = freeHead;
        freeHead = s;
        live--;
        removed++;
    }

    // ---- queries ----------------------------------------------------------

    public long bestBidPrice(final int locate)
    {
        final PriceLevels l = bids[locate];
        return l == null ? 0 : l.bestPrice();
    }

    public long bestBidQty(final int locate)
    {
        final PriceLevels l = bids[locate];
        return l == null ? 0 : l.bestQty();
    }

    public long bestAskPrice(final int locate)
    {
        final PriceLevels l = asks[locate];
        return l == null ? 0 : l.bestPrice();
    }

    public long bestAskQty(final int locate)
    {
        final PriceLevels l = asks[locate];
        return l == null ? 0 : l.bestQty();
    }

    /** Number of price levels on a side ('B' or 'S'). */
    public int depth(final int locate, final byte side)
    {
        final PriceLevels l = side == 'S' ? asks[locate] : bids[locate];
        return l == null ? 0 : l.size();
    }

    /** Price of level {@code i} (0 = best) on a side. */
    public long levelPrice(final int locate, final byte side, final int i)
    {
        return (side == 'S' ? asks[locate] : bids[locate]).priceAt(i);
    }

    public long levelQty(final int locate, final byte side, final int i)
    {
        return (side == 'S' ? asks[locate] : bids[locate]).qtyAt(i);
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
