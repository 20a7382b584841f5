package io.nanotick.book;

/**
 * One side of one locate's full-depth book: price levels kept sorted in
 * primitive arrays with the best level LAST, so the busy end of the book moves
 * few elements.  Keys are {@code price} for bids and {@code -price} for asks,
 * so the best level is always the largest key.  Aggregates are exact (long);
 * a level exists while its aggregate is &gt; 0.  Grows by doubling (rare).
 */
final class PriceLevels
{
    private long[] keys;
    private long[] qty;
    private int size;
    private final boolean ask;

    PriceLevels(final boolean ask, final int initialCapacity)
    {
        this.ask = ask;
        this.keys = new long[initialCapacity];
        this.qty = new long[initialCapacity];
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
        final long k = keys[size - 1];
        return ask ? -k : k;
    }

    /** Aggregate shares at the best price, 0 when empty. */
    long bestQty()
    {
        return size == 0 ? 0 : qty[size - 1];
    }

    /** Price of level {@code i} counted from the best (0 = best). */
    long priceAt(final int i)
    {
        final long k = keys[size - 1 - i];
        return ask ? -k : k;
    }

    long qtyAt(final int i)
    {
        return qty[size - 1 - i];
    }

    /** Index of key, or -(insertion point) - 1.  Scans the best few levels first. */
    private int find(final long key)
    {
        int hi = size - 1;
        // most activity is at or near the top: check the last 4 levels linearly
        final int stop = Math.max(0, size - 4);
        while (hi >= stop)
        {
            final long k = keys[hi];
            if (k == key)
            {
                return hi;
            }
            if (k < key)
            {
                return -(hi + 1) - 1;
            }
            hi--;
        }
        int lo = 0;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long k = keys[mid];
            if (k < key)
            {
                lo = mid + 1;
            }
            else if (k > key)
            {
                hi = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -lo - 1;
    }

    void add(final long price, final long shares)
    {
        final long key = ask ? -price : price;
        int i = find(key);
        if (i >= 0)
        {
            qty[i] += shares;
            return;
        }
        i = -i - 1;
        if (size == keys.length)
        {
            grow();
        }
        final int tail = size - i;
        if (tail > 0)
        {
            System.arraycopy(keys, i, keys, i + 1, tail);
            System.arraycopy(qty, i, qty, i + 1, tail);
        }
        keys[i] = key;
        qty[i] = shares;
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
        final long q = qty[i] - shares;
        if (q > 0)
        {
            qty[i] = q;
            return;
        }
        final int tail = size - i - 1;
        if (tail > 0)
        {
            System.arraycopy(keys, i + 1, keys, i, tail);
            System.arraycopy(qty, i + 1, qty, i, tail);
        }
        size--;
    }

    private void grow()
    {
        keys = java.util.Arrays.copyOf(keys, keys.length * 2);
        qty = java.util.Arrays.copyOf(qty, qty.length * 2);
    }
}
