package io.nanotick.matching;

import java.util.Arrays;

/**
 * Open-addressing map from a positive long key to an int, linear probing,
 * backward-shift deletion, locality-preserving hash (see {@link #hash}).  Fixed capacity: allocation happens only in the
 * constructor.  Key 0 marks an empty slot.
 */
public final class LongIntMap {
    private final long[] keys;
    private final int[] values;
    private final int mask;
    private final int missing;
    private int size;

    public LongIntMap(int expected, int missingValue) {
        int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
        missing = missingValue;
    }

    /**
     * Order reference numbers are handed out in sequence, so the hash keeps
     * them in sequence: the live orders, mostly recent, sit in a few
     * adjacent cache lines instead of all over the table.
     */
    private static int hash(long k) {
        return (int) (k ^ (k >>> 32));
    }

    public int get(long key) {
        int i = hash(key) & mask;
        long k;
        while ((k = keys[i]) != 0) {
            if (k == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return missing;
    }

    /** Puts a key not already present; false when the map is full. */
    public boolean put(long key, int value) {
        if (size >= (mask + 1) - (mask + 1) / 4) {
            return false;
        }
        int i = hash(key) & mask;
        while (keys[i] != 0) {
            if (keys[i] == key) {
                values[i] = value;
                return true;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return true;
    }

    public int remove(long key) {
        int i = hash(key) & mask;
        long k;
        while ((k = keys[i]) != 0) {
            if (k == key) {
                int v = values[i];
                deleteAt(i);
                size--;
                return v;
            }
            i = (i + 1) & mask;
        }
        return missing;
    }

    private void deleteAt(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            long k = keys[i];
            if (k == 0) {
                break;
            }
            int home = hash(k) & mask;
            // move k into the hole if its home is not cyclically in (hole, i]
            boolean between = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!between) {
                keys[hole] = k;
                values[hole] = values[i];
                hole = i;
            }
        }
        keys[hole] = 0;
    }

    public int size() {
        return size;
    }

    public void clear() {
        Arrays.fill(keys, 0);
        size = 0;
    }
}
