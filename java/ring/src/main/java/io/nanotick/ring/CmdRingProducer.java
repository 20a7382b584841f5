package io.nanotick.ring;

import java.lang.foreign.MemorySegment;

import static io.nanotick.ring.RingAbi.*;

/**
 * Command-ring producer (host -> card orders, card -> host acks): lossless SPSC with backpressure.  It never
 * overwrites a record the consumer has not taken (cons_index, read with acquire): {@link #tryClaim()} returns
 * -1 when the ring is full (counted in prod_full_count), {@link #claim(Idle)} waits.
 */
public final class CmdRingProducer extends MdRingProducer
{
    public CmdRingProducer(final Ring ring)
    {
        super(ring);
        if (ring.kind() != RING_KIND_CMD)
        {
            throw new IllegalArgumentException(ring.path() + ": field kind is " + ring.kind() + ", expected CMD (2)");
        }
    }

    /** Claim the next slot: its byte offset in {@link #segment()}, or -1 if the ring is full. */
    public long tryClaim()
    {
        final long i = next;
        if (i - cachedCons >= capacity)
        {
            cachedCons = (long)Ring.LONG.getAcquire(seg, H_CONS_INDEX);
            if (i - cachedCons >= capacity)
            {
                publishIndex(); // waiting: prod_index shows every record committed
                Ring.LONG.setOpaque(seg, H_PROD_FULL_COUNT, ++fullCount);
                return -1;
            }
        }
        return claimSlot();
    }

    /** Claim the next slot, waiting with {@code idle} while the ring is full. */
    public long claim(final Idle idle)
    {
        long off;
        int attempts = 0;
        while ((off = tryClaim()) < 0)
        {
            idle.idle(attempts++);
        }
        return off;
    }

    /** Blocking claim with busy spinning. */
    @Override
    public long claim()
    {
        return claim(Idle.BUSY_SPIN);
    }

    /** Copy and publish, or return -1 at once if the ring is full. */
    public long tryPublish(final MemorySegment src, final long srcOffset)
    {
        final long off = tryClaim();
        if (off < 0)
        {
            return -1;
        }
        copyPayload(src, srcOffset, seg, off);
        return commit();
    }

    /** Copy and publish, waiting with {@code idle} while full. */
    public long publish(final MemorySegment src, final long srcOffset, final Idle idle)
    {
        final long off = claim(idle);
        copyPayload(src, srcOffset, seg, off);
        return commit();
    }

    /** Times this producer found the ring full. */
    public long fullCount()
    {
        return fullCount;
    }
}
