package io.nanotick.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import static io.nanotick.ring.RingAbi.*;

/**
 * One mapped ring file (header + records), as returned by {@link Rings#create} and {@link Rings#open}.
 * Closing it unmaps the file.  Producer and consumer objects are made from it.
 */
public final class Ring implements AutoCloseable
{
    /** 64-bit access with acquire/release/opaque modes: coordinates (MemorySegment, long byteOffset). */
    static final VarHandle LONG = U64.varHandle();
    /** 32-bit access with acquire/release modes. */
    static final VarHandle INT = U32.varHandle();

    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;
    private final long capacity;
    private final int kind;
    private final long epoch;
    private final Object fileKey;

    Ring(final Path path, final Arena arena, final MemorySegment segment, final Object fileKey)
    {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
        this.capacity = segment.get(U64, H_CAPACITY);
        this.kind = segment.get(U32, H_KIND);
        this.epoch = segment.get(U64, H_EPOCH);
        this.fileKey = fileKey;
    }

    public Path path()
    {
        return path;
    }

    /** The whole mapping: header at 0, record i at {@link #slotOffset(long)}. */
    public MemorySegment segment()
    {
        return segment;
    }

    public long capacity()
    {
        return capacity;
    }

    public int kind()
    {
        return kind;
    }

    /** Instance id seen when this ring was mapped. */
    public long epoch()
    {
        return epoch;
    }

    /** Byte offset of the slot of record index i within {@link #segment()}. */
    public long slotOffset(final long index)
    {
        return RING_DATA_OFFSET + ((index & (capacity - 1)) * RECORD_SIZE);
    }

    public String name()
    {
        final byte[] b = segment.asSlice(H_NAME, 32).toArray(U8);
        int n = 0;
        while (n < b.length && b[n] != 0)
        {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    public int state()
    {
        return (int)INT.getAcquire(segment, H_STATE);
    }

    public int producerPid()
    {
        return segment.get(U32, H_PRODUCER_PID);
    }

    /** pid of the last consumer that attached (0: none yet). */
    public int consumerPid()
    {
        return (int)INT.getAcquire(segment, H_CONSUMER_PID);
    }

    public long prodIndex()
    {
        return (long)LONG.getAcquire(segment, H_PROD_INDEX);
    }

    public long consIndex()
    {
        return (long)LONG.getAcquire(segment, H_CONS_INDEX);
    }

    public long prodHeartbeatNs()
    {
        return (long)LONG.getAcquire(segment, H_PROD_HEARTBEAT_NS);
    }

    public long prodFullCount()
    {
        return (long)LONG.getOpaque(segment, H_PROD_FULL_COUNT);
    }

    /** MD: records overwritten before the published consumer index passed them (see MdRingProducer). */
    public long prodOverwrites()
    {
        return (long)LONG.getOpaque(segment, H_PROD_OVERWRITES);
    }

    /** The consumer's last sign of life (CLOCK_MONOTONIC ns), 0 if none yet. */
    public long consHeartbeatNs()
    {
        return (long)LONG.getOpaque(segment, H_CONS_HEARTBEAT_NS);
    }

    public long consLappedEvents()
    {
        return (long)LONG.getOpaque(segment, H_CONS_LAPPED_EVENTS);
    }

    public long consLostRecords()
    {
        return (long)LONG.getOpaque(segment, H_CONS_LOST_RECORDS);
    }

    /** Producer: refresh the heartbeat (CLOCK_MONOTONIC ns, i.e. System.nanoTime() on Linux). */
    public void heartbeat(final long nowNs)
    {
        LONG.setRelease(segment, H_PROD_HEARTBEAT_NS, nowNs);
    }

    /** Producer: mark the ring CLOSED (clean end, data stays readable). */
    public void markClosed(final long prodIndex)
    {
        LONG.setRelease(segment, H_PROD_INDEX, prodIndex);
        INT.setRelease(segment, H_STATE, RING_STATE_CLOSED);
    }

    /** True if the producer of this LIVE ring is gone (stale), as nt_ring_is_stale(). */
    public boolean isStale()
    {
        if (state() != RING_STATE_LIVE)
        {
            return false;
        }
        final long pid = Integer.toUnsignedLong(producerPid());
        if (pid != 0)
        {
            // re-read the state after the pid check: a producer that closed the ring
            // and exited between the two reads is finished, not stale
            return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) &&
                state() == RING_STATE_LIVE;
        }
        final long hb = prodHeartbeatNs();
        final long now = System.nanoTime();
        return now > hb && now - hb > RING_STALE_NS;
    }

    /** True if the file at {@link #path()} is no longer the file we mapped (it was re-created). */
    public boolean isReplaced()
    {
        try
        {
            final Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return fileKey != null && !fileKey.equals(key);
        }
        catch (final java.io.IOException ex)
        {
            return true;
        }
    }

    @Override
    public void close()
    {
        if (arena.scope().isAlive())
        {
            arena.close();
        }
    }

    @Override
    public String toString()
    {
        return "Ring{" + path + ", kind=" + kind + ", capacity=" + capacity + ", epoch=0x" + Long.toHexString(epoch) + '}';
    }
}
