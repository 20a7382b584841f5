package io.nanotick.controller.oms;

import java.util.Arrays;

/** Open-addressing long -> int map (linear probing, backward-shift delete), no allocation after construction. */
final class LongIntMap
{
    private static final long EMPTY = Long.MIN_VALUE;
    private final long[] keys;
    private final int[] values;
    private final int mask;
    private int size;

    LongIntMap(final int capacityPow2)
    {
        keys = new long[capacityPow2];
        values = new int[capacityPow2];
        mask = capacityPow2 - 1;
        Arrays.fill(keys, EMPTY);
    }

    private int slot(final long key)
    {
        final long h = key * 0x9E3779B97F4A7C15L;
        return (int)(h ^ (h >>> 32)) & mask;
    }

    int get(final long key, final int missing)
    {
        int i = slot(key);
        while (keys[i] != EMPTY)
        {
            if (keys[i] == key)
            {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return missing;
    }

    void put(final long key, final int value)
    {
        int i = slot(key);
        while (keys[i] != EMPTY)
        {
            if (keys[i] == key)
            {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        if (size + 1 > (mask + 1) / 2 + (mask + 1) / 4)
        {
            throw new IllegalStateException("LongIntMap full");
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    void remove(final long key)
    {
        int i = slot(key);
        while (keys[i] != EMPTY)
        {
            if (keys[i] == key)
            {
                keys[i] = EMPTY;
                size--;
                // backward shift the following cluster
                int j = (i + 1) & mask;
                while (keys[j] != EMPTY)
                {
                    final long k = keys[j];
                    final int v = values[j];
                    keys[j] = EMPTY;
                    size--;
                    put(k, v);
                    j = (j + 1) & mask;
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    int size()
    {
        return size;
    }

    void clear()
    {
        Arrays.fill(keys, EMPTY);
        size = 0;
    }
}
