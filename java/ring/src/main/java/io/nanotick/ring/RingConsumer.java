package io.nanotick.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import static io.nanotick.ring.RingAbi.*;

/**
 * Consumer for both disciplines, the same protocol as nt_ring_poll() in ring_io.h.
 * <p>
 * MD rings: {@link #poll()} copies the next record into a private 64-byte buffer under the slot's seqlock
 * (a lapping producer may rewrite the slot at any time):
 * <pre>
 *   s1 = seq (getAcquire); s1 == c + 1 ?  copy bytes 8..63; acquireFence; s2 = seq; s2 == s1 -> RECORD
 *   otherwise: p = max(prod_index, s1); s1 &gt; c + 1 or p &gt;= c + capacity -> LAPPED:
 *     resume at p - capacity/2, lost += that - c (exact), else EMPTY
 * </pre>
 * CMD rings: a slot is never rewritten before the consumer publishes an index past it, so the record is read
 * in place (zero copy): {@code s1 = seq (getAcquire); s1 == c + 1 -> RECORD}, and cons_index is published
 * only up to the records returned <em>before</em> the current one.
 * <p>
 * Either way the record returned by {@link #poll()} is at {@link #record()} + {@link #recordOffset()} and
 * stays valid until the next {@link #poll()}: wrap a flyweight on it after each poll
 * ({@code tob.wrap(c.record(), c.recordOffset())}).  No allocation, no locks, no syscalls on the hot path.
 */
public final class RingConsumer extends RingConsumerRhsPadding implements AutoCloseable
{
    public static final int EMPTY = 0;
    public static final int RECORD = 1;
    public static final int LAPPED = 2;

    /**
     * cons_index is published every this many records (CMD: at most capacity/8), whenever the ring is found
     * empty, and on {@link #publishPosition()}: one store per batch instead of a cache-line transfer per record.
     */
    public static final int MD_PUBLISH_EVERY = 64;
    public static final int CMD_PUBLISH_EVERY = 64;

    public RingConsumer(final Ring ring)
    {
        super(ring);
    }

    public Ring ring()
    {
        return ring;
    }

    /** Segment holding the last record returned by {@link #poll()}: the ring (CMD) or a private copy (MD). */
    public MemorySegment record()
    {
        return cmd ? seg : rec;
    }

    /** Offset of the last record returned by {@link #poll()} in {@link #record()}. */
    public long recordOffset()
    {
        return recordOffset;
    }

    /** Index of the next record to read. */
    public long position()
    {
        return cons;
    }

    /** MD: records lost to lapping so far (exact). */
    public long lostRecords()
    {
        return lostRecords;
    }

    /** MD: times this consumer was lapped. */
    public long lappedEvents()
    {
        return lappedEvents;
    }

    /** RECORD (at {@link #record()} + {@link #recordOffset()}), EMPTY, or LAPPED (MD: see the class comment). */
    public int poll()
    {
        final long c = cons;
        final long off = RING_DATA_OFFSET + ((c & mask) << 6);
        long s1 = (long)Ring.LONG.getAcquire(seg, off);
        if (cmd)
        {
            if (s1 == c + 1)
            {
                recordOffset = off;
                cons = c + 1;
                if (++unpublished >= publishEvery)
                {
                    unpublished = 0;
                    Ring.LONG.setRelease(seg, H_CONS_INDEX, c); // the records before this one are done
                }
                return RECORD;
            }
            return empty(c); // CMD slots are never overwritten unread: simply empty
        }
        if (s1 == c + 1)
        {
            final MemorySegment src = seg;
            final MemorySegment dst = rec;
            dst.set(U64, 8, src.get(U64, off + 8));
            dst.set(U64, 16, src.get(U64, off + 16));
            dst.set(U64, 24, src.get(U64, off + 24));
            dst.set(U64, 32, src.get(U64, off + 32));
            dst.set(U64, 40, src.get(U64, off + 40));
            dst.set(U64, 48, src.get(U64, off + 48));
            dst.set(U64, 56, src.get(U64, off + 56));
            VarHandle.acquireFence();
            final long s2 = (long)Ring.LONG.getOpaque(seg, off);
            if (s2 == s1)
            {
                dst.set(U64, 0, s1);
                cons = c + 1;
                if (++unpublished >= publishEvery)
                {
                    unpublished = 0;
                    Ring.LONG.setRelease(seg, H_CONS_INDEX, c + 1);
                }
                return RECORD;
            }
            s1 = s2; // overwritten during the copy: we were lapped
        }
        long p = (long)Ring.LONG.getAcquire(seg, H_PROD_INDEX);
        if (s1 > p)
        {
            p = s1; // the slot proves the producer got at least this far
        }
        if (!(s1 > c + 1 || p >= c + capacity))
        {
            return empty(c);
        }
        final long half = capacity >>> 1;
        long nc = p > half ? p - half : 0;
        if (nc <= c)
        {
            nc = c + 1;
        }
        lostRecords += nc - c;
        lappedEvents++;
        cons = nc;
        Ring.LONG.setOpaque(seg, H_CONS_LOST_RECORDS, lostRecords);
        Ring.LONG.setOpaque(seg, H_CONS_LAPPED_EVENTS, lappedEvents);
        Ring.LONG.setRelease(seg, H_CONS_INDEX, nc);
        return LAPPED;
    }

    private int empty(final long c)
    {
        if (unpublished != 0)
        {
            unpublished = 0;
            Ring.LONG.setRelease(seg, H_CONS_INDEX, c); // every record returned so far is done
        }
        if ((++emptyPolls & (HEARTBEAT_EVERY - 1)) == 1)
        {
            heartbeat(System.nanoTime());
        }
        return EMPTY;
    }

    /**
     * cons_heartbeat_ns is refreshed every this many empty polls (a busy consumer shows life by cons_index
     * moving), as nt_ring_poll.
     */
    public static final int HEARTBEAT_EVERY = 1024;

    /** Write cons_heartbeat_ns (CLOCK_MONOTONIC: System.nanoTime() on Linux), a sign of life. */
    public void heartbeat(final long nowNs)
    {
        Ring.LONG.setOpaque(seg, H_CONS_HEARTBEAT_NS, nowNs);
    }

    /**
     * Publish the position now: every record returned so far, including the last one, is done (MD consumers
     * call this when idle; a CMD consumer must have finished with the last record).
     */
    public void publishPosition()
    {
        unpublished = 0;
        Ring.LONG.setRelease(seg, H_CONS_INDEX, cons);
    }

    /** True once the producer closed the ring and every published record was consumed or counted lost. */
    public boolean isDrained()
    {
        return ring.state() == RING_STATE_CLOSED && cons >= ring.prodIndex();
    }

    @Override
    public void close()
    {
        publishPosition();
        ring.close();
    }
}

/** 128 bytes before the hot fields: no false sharing with whatever the heap put just before us. */
abstract class RingConsumerLhsPadding
{
    long p01, p02, p03, p04, p05, p06, p07, p08;
    long p09, p10, p11, p12, p13, p14, p15, p16;
}

/** The consumer's state: written on every poll by the consuming thread only. */
abstract class RingConsumerFields extends RingConsumerLhsPadding
{
    final Ring ring;
    final MemorySegment seg;
    final MemorySegment rec;
    final long capacity;
    final long mask;
    final boolean cmd;
    final long publishEvery;
    long cons;
    long recordOffset;
    long lostRecords;
    long lappedEvents;
    long unpublished;
    long emptyPolls;

    RingConsumerFields(final Ring ring)
    {
        this.ring = ring;
        this.seg = ring.segment();
        // the private copy of the current record, on its own 128-byte line pair
        this.rec = Arena.ofAuto().allocate(3L * RING_LINE, RING_LINE).asSlice(RING_LINE, RECORD_SIZE);
        this.capacity = ring.capacity();
        this.mask = capacity - 1;
        this.cmd = ring.kind() == RING_KIND_CMD;
        this.publishEvery = cmd ? Math.max(1, Math.min(RingConsumer.CMD_PUBLISH_EVERY, capacity / 8)) :
            RingConsumer.MD_PUBLISH_EVERY;
        this.cons = ring.consIndex();
        this.lostRecords = ring.consLostRecords();
        this.lappedEvents = ring.consLappedEvents();
        seg.set(U32, H_CONSUMER_PID, (int)ProcessHandle.current().pid());
    }
}

/** 128 bytes after the hot fields. */
abstract class RingConsumerRhsPadding extends RingConsumerFields
{
    long q01, q02, q03, q04, q05, q06, q07, q08;
    long q09, q10, q11, q12, q13, q14, q15, q16;

    RingConsumerRhsPadding(final Ring ring)
    {
        super(ring);
    }
}
