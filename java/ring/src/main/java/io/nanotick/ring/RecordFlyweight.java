package io.nanotick.ring;

import java.lang.foreign.MemorySegment;

import static io.nanotick.ring.RingAbi.*;

/**
 * Base of the record flyweights (Agrona style): {@code wrap(segment, offset)} over a 64-byte slot, then
 * getters and setters at the offsets of the layouts in {@link RingAbi}.  Bytes 0..8 (seq, type) are common
 * to every record type.  The seq word belongs to the ring: producers never set it through a flyweight.
 */
public abstract class RecordFlyweight<T extends RecordFlyweight<T>>
{
    static final long SEQ = 0;
    static final long TYPE = 8;

    protected MemorySegment segment;
    protected long offset;

    @SuppressWarnings("unchecked")
    public final T wrap(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        this.offset = offset;
        return (T)this;
    }

    public final MemorySegment segment()
    {
        return segment;
    }

    public final long offset()
    {
        return offset;
    }

    /** Ring sequence word: index + 1 of the record. */
    public final long seq()
    {
        return segment.get(U64, offset + SEQ);
    }

    /** Record type, NT_REC_*. */
    public final int type()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + TYPE));
    }

    /** Zero bytes 8..63. */
    protected final void clearPayload()
    {
        for (long w = 8; w < RECORD_SIZE; w += 8)
        {
            segment.set(U64, offset + w, 0L);
        }
    }
}
