package io.nanotick.ring;

import java.lang.foreign.MemorySegment;

import static io.nanotick.ring.RingAbi.*;

/**
 * Top-of-book update (struct nt_rec_tob). Flyweight over a 64-byte slot:
 * {@code wrap(segment, offset)}, then getters/setters; offsets come from {@link RingAbi#REC_TOB_LAYOUT}.
 */
public final class TobRecord extends RecordFlyweight<TobRecord>
{
    private static final long MSG_TYPE = RingAbi.offset(REC_TOB_LAYOUT, "msg_type");
    private static final long FLAGS = RingAbi.offset(REC_TOB_LAYOUT, "flags");
    private static final long LOCATE = RingAbi.offset(REC_TOB_LAYOUT, "locate");
    private static final long BID_PX = RingAbi.offset(REC_TOB_LAYOUT, "bid_px");
    private static final long BID_QTY = RingAbi.offset(REC_TOB_LAYOUT, "bid_qty");
    private static final long ASK_PX = RingAbi.offset(REC_TOB_LAYOUT, "ask_px");
    private static final long ASK_QTY = RingAbi.offset(REC_TOB_LAYOUT, "ask_qty");
    private static final long ITCH_TS = RingAbi.offset(REC_TOB_LAYOUT, "itch_ts");
    private static final long MOLD_SEQ = RingAbi.offset(REC_TOB_LAYOUT, "mold_seq");
    private static final long MSG_ORDINAL = RingAbi.offset(REC_TOB_LAYOUT, "msg_ordinal");
    private static final long INGRESS_TS = RingAbi.offset(REC_TOB_LAYOUT, "ingress_ts");

    /** Clears bytes 8..63 and sets the type byte to {@code NT_REC_TOB}. */
    public TobRecord reset()
    {
        clearPayload();
        segment.set(U8, offset + TYPE, (byte)REC_TOB);
        return this;
    }

    public int msgType()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + MSG_TYPE));
    }

    public TobRecord msgType(final int v)
    {
        segment.set(U8, offset + MSG_TYPE, (byte)v);
        return this;
    }

    public int flags()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + FLAGS));
    }

    public TobRecord flags(final int v)
    {
        segment.set(U16, offset + FLAGS, (short)v);
        return this;
    }

    public int locate()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + LOCATE));
    }

    public TobRecord locate(final int v)
    {
        segment.set(U16, offset + LOCATE, (short)v);
        return this;
    }

    public long bidPx()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + BID_PX));
    }

    public TobRecord bidPx(final long v)
    {
        segment.set(U32, offset + BID_PX, (int)v);
        return this;
    }

    public long bidQty()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + BID_QTY));
    }

    public TobRecord bidQty(final long v)
    {
        segment.set(U32, offset + BID_QTY, (int)v);
        return this;
    }

    public long askPx()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + ASK_PX));
    }

    public TobRecord askPx(final long v)
    {
        segment.set(U32, offset + ASK_PX, (int)v);
        return this;
    }

    public long askQty()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + ASK_QTY));
    }

    public TobRecord askQty(final long v)
    {
        segment.set(U32, offset + ASK_QTY, (int)v);
        return this;
    }

    public long itchTs()
    {
        return segment.get(U64, offset + ITCH_TS);
    }

    public TobRecord itchTs(final long v)
    {
        segment.set(U64, offset + ITCH_TS, v);
        return this;
    }

    public long moldSeq()
    {
        return segment.get(U64, offset + MOLD_SEQ);
    }

    public TobRecord moldSeq(final long v)
    {
        segment.set(U64, offset + MOLD_SEQ, v);
        return this;
    }

    public long msgOrdinal()
    {
        return segment.get(U64, offset + MSG_ORDINAL);
    }

    public TobRecord msgOrdinal(final long v)
    {
        segment.set(U64, offset + MSG_ORDINAL, v);
        return this;
    }

    public long ingressTs()
    {
        return segment.get(U64, offset + INGRESS_TS);
    }

    public TobRecord ingressTs(final long v)
    {
        segment.set(U64, offset + INGRESS_TS, v);
        return this;
    }
}
