package io.nanotick.ring;

import java.lang.foreign.MemorySegment;

import static io.nanotick.ring.RingAbi.*;

/**
 * Trade print (struct nt_rec_trade). Flyweight over a 64-byte slot:
 * {@code wrap(segment, offset)}, then getters/setters; offsets come from {@link RingAbi#REC_TRADE_LAYOUT}.
 */
public final class TradeRecord extends RecordFlyweight<TradeRecord>
{
    private static final long MSG_TYPE = RingAbi.offset(REC_TRADE_LAYOUT, "msg_type");
    private static final long FLAGS = RingAbi.offset(REC_TRADE_LAYOUT, "flags");
    private static final long LOCATE = RingAbi.offset(REC_TRADE_LAYOUT, "locate");
    private static final long SIDE = RingAbi.offset(REC_TRADE_LAYOUT, "side");
    private static final long PRINTABLE = RingAbi.offset(REC_TRADE_LAYOUT, "printable");
    private static final long PRICE = RingAbi.offset(REC_TRADE_LAYOUT, "price");
    private static final long SHARES = RingAbi.offset(REC_TRADE_LAYOUT, "shares");
    private static final long ITCH_TS = RingAbi.offset(REC_TRADE_LAYOUT, "itch_ts");
    private static final long MATCH_NUMBER = RingAbi.offset(REC_TRADE_LAYOUT, "match_number");
    private static final long MSG_ORDINAL = RingAbi.offset(REC_TRADE_LAYOUT, "msg_ordinal");
    private static final long INGRESS_TS = RingAbi.offset(REC_TRADE_LAYOUT, "ingress_ts");

    /** Clears bytes 8..63 and sets the type byte to {@code NT_REC_TRADE}. */
    public TradeRecord reset()
    {
        clearPayload();
        segment.set(U8, offset + TYPE, (byte)REC_TRADE);
        return this;
    }

    public int msgType()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + MSG_TYPE));
    }

    public TradeRecord msgType(final int v)
    {
        segment.set(U8, offset + MSG_TYPE, (byte)v);
        return this;
    }

    public int flags()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + FLAGS));
    }

    public TradeRecord flags(final int v)
    {
        segment.set(U16, offset + FLAGS, (short)v);
        return this;
    }

    public int locate()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + LOCATE));
    }

    public TradeRecord locate(final int v)
    {
        segment.set(U16, offset + LOCATE, (short)v);
        return this;
    }

    public int side()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + SIDE));
    }

    public TradeRecord side(final int v)
    {
        segment.set(U8, offset + SIDE, (byte)v);
        return this;
    }

    public int printable()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + PRINTABLE));
    }

    public TradeRecord printable(final int v)
    {
        segment.set(U8, offset + PRINTABLE, (byte)v);
        return this;
    }

    public long price()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + PRICE));
    }

    public TradeRecord price(final long v)
    {
        segment.set(U32, offset + PRICE, (int)v);
        return this;
    }

    public long shares()
    {
        return segment.get(U64, offset + SHARES);
    }

    public TradeRecord shares(final long v)
    {
        segment.set(U64, offset + SHARES, v);
        return this;
    }

    public long itchTs()
    {
        return segment.get(U64, offset + ITCH_TS);
    }

    public TradeRecord itchTs(final long v)
    {
        segment.set(U64, offset + ITCH_TS, v);
        return this;
    }

    public long matchNumber()
    {
        return segment.get(U64, offset + MATCH_NUMBER);
    }

    public TradeRecord matchNumber(final long v)
    {
        segment.set(U64, offset + MATCH_NUMBER, v);
        return this;
    }

    public long msgOrdinal()
    {
        return segment.get(U64, offset + MSG_ORDINAL);
    }

    public TradeRecord msgOrdinal(final long v)
    {
        segment.set(U64, offset + MSG_ORDINAL, v);
        return this;
    }

    public long ingressTs()
    {
        return segment.get(U64, offset + INGRESS_TS);
    }

    public TradeRecord ingressTs(final long v)
    {
        segment.set(U64, offset + INGRESS_TS, v);
        return this;
    }
}
