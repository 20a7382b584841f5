package io.nanotick.ring;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import static io.nanotick.ring.RingAbi.*;

/**
 * Market-data producer (card -> host discipline): never waits.  A slow consumer is lapped and counts its
 * losses itself.  Zero copy: {@link #claim()} returns the slot's offset in {@link #segment()}; write bytes
 * 8..63 there (e.g. through a flyweight) and call {@link #commit()}.  Single producer; no allocation.
 * <pre>
 *   claim:  if the slot held an older lap: seq = BUSY (0); releaseFence
 *   (caller writes the payload)
 *   commit: seq = index + 1 (setRelease); every PROD_INDEX_EVERY records: prod_index = index + 1 (setRelease)
 * </pre>
 * prod_index is a coalesced hint (ring.h): published every {@link RingAbi#PROD_INDEX_EVERY} records, by
 * {@link #publishIndex()}, {@link #heartbeat(long)} and {@link #close()}, and by a CMD producer that finds the ring
 * full.  One header store per 64 records instead of one per record: in the same-JVM JMH the per-record store
 * cost about 40% of the throughput.
 */
public class MdRingProducer extends ProducerRhsPadding implements AutoCloseable
{
    public MdRingProducer(final Ring ring)
    {
        super(ring);
        if (ring.kind() != RING_KIND_MD && !(this instanceof CmdRingProducer))
        {
            throw new IllegalArgumentException(ring.path() + ": field kind is " + ring.kind() + ", expected MD (1)");
        }
    }

    public final Ring ring()
    {
        return ring;
    }

    public final MemorySegment segment()
    {
        return seg;
    }

    /** Index the next record will get. */
    public final long position()
    {
        return next;
    }

    /** Claim the next slot; returns its byte offset in {@link #segment()}.  Always succeeds. */
    public long claim()
    {
        return claimSlot();
    }

    protected final long claimSlot()
    {
        final long i = next;
        final long off = RING_DATA_OFFSET + ((i & mask) << 6);
        if (i >= capacity && !cmd)
        {
            if ((i & (OVERWRITE_CHECK - 1)) == 0)
            {
                countOverwrites(i - capacity + 1); // this write overwrites record i - capacity
            }
            Ring.LONG.setOpaque(seg, off, SEQ_BUSY); // seqlock: invalidate before overwriting an older lap
            VarHandle.releaseFence();
        }
        claimedOffset = off;
        return off;
    }

    /**
     * MD: prod_overwrites counts the records below {@code upto} overwritten while the published cons_index was
     * still at or before them; cons_index is read once per {@link #OVERWRITE_CHECK} records (a bound by the
     * published index: the consumer's own cons_lost_records is the exact loss).  As nt__count_overwrites.
     */
    public static final int OVERWRITE_CHECK = 64;

    private void countOverwrites(final long upto)
    {
        final long c = (long)Ring.LONG.getOpaque(seg, H_CONS_INDEX);
        final long from = Math.max(c, overwriteMark);
        if (upto > from)
        {
            Ring.LONG.setOpaque(seg, H_PROD_OVERWRITES, (long)Ring.LONG.getOpaque(seg, H_PROD_OVERWRITES) + upto - from);
        }
        overwriteMark = Math.max(overwriteMark, upto);
    }

    /** Publish the claimed record; returns its index. */
    public final long commit()
    {
        final long i = next;
        Ring.LONG.setRelease(seg, claimedOffset, i + 1);
        next = i + 1;
        if (((i + 1) & (PROD_INDEX_EVERY - 1)) == 0)
        {
            Ring.LONG.setRelease(seg, H_PROD_INDEX, i + 1);
        }
        return i;
    }

    /** Copy bytes 8..63 of the 64-byte record at {@code src[srcOffset]} into the next slot and publish it. */
    public long publish(final MemorySegment src, final long srcOffset)
    {
        final long off = claim();
        copyPayload(src, srcOffset, seg, off);
        return commit();
    }

    static void copyPayload(final MemorySegment src, final long srcOff, final MemorySegment dst, final long dstOff)
    {
        for (long w = 8; w < RECORD_SIZE; w += 8)
        {
            dst.set(U64, dstOff + w, src.get(U64, srcOff + w));
        }
    }

    /** Publish prod_index now (every record committed so far). */
    public final void publishIndex()
    {
        Ring.LONG.setRelease(seg, H_PROD_INDEX, next);
    }

    /** Publish prod_index and refresh the heartbeat (call at least every RING_HEARTBEAT_NS when idle). */
    public final void heartbeat(final long nowNs)
    {
        publishIndex();
        ring.heartbeat(nowNs);
    }

    /** Mark the ring CLOSED (clean end; data stays readable) and unmap it. */
    @Override
    public void close()
    {
        if (!cmd && next > capacity)
        {
            countOverwrites(next - capacity); // the final tally: records 0 .. next - capacity - 1
        }
        ring.markClosed(next);
        ring.close();
    }
}

/** 128 bytes before the hot fields: no false sharing with whatever the heap put just before us. */
abstract class ProducerLhsPadding
{
    long p01, p02, p03, p04, p05, p06, p07, p08;
    long p09, p10, p11, p12, p13, p14, p15, p16;
}

/** The producer's state: written on every record by the producing thread only. */
abstract class ProducerFields extends ProducerLhsPadding
{
    final Ring ring;
    final MemorySegment seg;
    final long capacity;
    final long mask;
    final boolean cmd; // CMD slots are rewritten only after the consumer is past them: no BUSY needed
    long next;
    long claimedOffset;
    long cachedCons; // CMD
    long fullCount;  // CMD
    long overwriteMark; // MD: records below this index were checked for overwrites

    ProducerFields(final Ring ring)
    {
        this.ring = ring;
        this.seg = ring.segment();
        this.capacity = ring.capacity();
        this.mask = capacity - 1;
        this.cmd = ring.kind() == RING_KIND_CMD;
        this.next = ring.prodIndex();
        this.cachedCons = ring.consIndex();
        this.fullCount = ring.prodFullCount();
    }
}

/** 128 bytes after the hot fields. */
abstract class ProducerRhsPadding extends ProducerFields
{
    long q01, q02, q03, q04, q05, q06, q07, q08;
    long q09, q10, q11, q12, q13, q14, q15, q16;

    ProducerRhsPadding(final Ring ring)
    {
        super(ring);
    }
}
