package io.nanotick.ring;

import java.lang.foreign.MemorySegment;

import static io.nanotick.ring.RingAbi.*;

/**
 * Feed event (struct nt_rec_feed_event). Flyweight over a 64-byte slot:
 * {@code wrap(segment, offset)}, then getters/setters; offsets come from {@link RingAbi#REC_FEED_EVENT_LAYOUT}.
 */
public final class FeedEventRecord extends RecordFlyweight<FeedEventRecord>
{
    private static final long EVENT = RingAbi.offset(REC_FEED_EVENT_LAYOUT, "event");
    private static final long FLAGS = RingAbi.offset(REC_FEED_EVENT_LAYOUT, "flags");
    private static final long LOCATE = RingAbi.offset(REC_FEED_EVENT_LAYOUT, "locate");
    private static final long LINE = RingAbi.offset(REC_FEED_EVENT_LAYOUT, "line");
    private static final long EXPECTED_SEQ = RingAbi.offset(REC_FEED_EVENT_LAYOUT, "expected_seq");
    private static final long RECEIVED_SEQ = RingAbi.offset(REC_FEED_EVENT_LAYOUT, "received_seq");
    private static final long COUNT = RingAbi.offset(REC_FEED_EVENT_LAYOUT, "count");
    private static final long AUX = RingAbi.offset(REC_FEED_EVENT_LAYOUT, "aux");
    private static final long MSG_ORDINAL = RingAbi.offset(REC_FEED_EVENT_LAYOUT, "msg_ordinal");
    private static final long INGRESS_TS = RingAbi.offset(REC_FEED_EVENT_LAYOUT, "ingress_ts");

    /** Clears bytes 8..63 and sets the type byte to {@code NT_REC_FEED_EVENT}. */
    public FeedEventRecord reset()
    {
        clearPayload();
        segment.set(U8, offset + TYPE, (byte)REC_FEED_EVENT);
        return this;
    }

    public int event()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + EVENT));
    }

    public FeedEventRecord event(final int v)
    {
        segment.set(U8, offset + EVENT, (byte)v);
        return this;
    }

    public int flags()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + FLAGS));
    }

    public FeedEventRecord flags(final int v)
    {
        segment.set(U16, offset + FLAGS, (short)v);
        return this;
    }

    public int locate()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + LOCATE));
    }

    public FeedEventRecord locate(final int v)
    {
        segment.set(U16, offset + LOCATE, (short)v);
        return this;
    }

    public int line()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + LINE));
    }

    public FeedEventRecord line(final int v)
    {
        segment.set(U8, offset + LINE, (byte)v);
        return this;
    }

    public long expectedSeq()
    {
        return segment.get(U64, offset + EXPECTED_SEQ);
    }

    public FeedEventRecord expectedSeq(final long v)
    {
        segment.set(U64, offset + EXPECTED_SEQ, v);
        return this;
    }

    public long receivedSeq()
    {
        return segment.get(U64, offset + RECEIVED_SEQ);
    }

    public FeedEventRecord receivedSeq(final long v)
    {
        segment.set(U64, offset + RECEIVED_SEQ, v);
        return this;
    }

    public long count()
    {
        return segment.get(U64, offset + COUNT);
    }

    public FeedEventRecord count(final long v)
    {
        segment.set(U64, offset + COUNT, v);
        return this;
    }

    public long aux()
    {
        return segment.get(U64, offset + AUX);
    }

    public FeedEventRecord aux(final long v)
    {
        segment.set(U64, offset + AUX, v);
        return this;
    }

    public long msgOrdinal()
    {
        return segment.get(U64, offset + MSG_ORDINAL);
    }

    public FeedEventRecord msgOrdinal(final long v)
    {
        segment.set(U64, offset + MSG_ORDINAL, v);
        return this;
    }

    public long ingressTs()
    {
        return segment.get(U64, offset + INGRESS_TS);
    }

    public FeedEventRecord ingressTs(final long v)
    {
        segment.set(U64, offset + INGRESS_TS, v);
        return this;
    }
}
