package io.nanotick.ring;

import java.lang.foreign.MemorySegment;

import static io.nanotick.ring.RingAbi.*;

/**
 * Order event, venue/card -> host (struct nt_rec_order_event). Flyweight over a 64-byte slot:
 * {@code wrap(segment, offset)}, then getters/setters; offsets come from {@link RingAbi#REC_ORDER_EVENT_LAYOUT}.
 */
public final class OrderEventRecord extends RecordFlyweight<OrderEventRecord>
{
    private static final long EVENT = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "event");
    private static final long FLAGS = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "flags");
    private static final long LOCATE = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "locate");
    private static final long SIDE = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "side");
    private static final long LIQUIDITY = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "liquidity");
    private static final long USER_REF_NUM = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "user_ref_num");
    private static final long QUANTITY = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "quantity");
    private static final long PRICE = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "price");
    private static final long ORDER_REF = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "order_ref");
    private static final long ORIG_USER_REF_NUM = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "orig_user_ref_num");
    private static final long REASON = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "reason");
    private static final long VENUE_TS = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "venue_ts");
    private static final long INGRESS_TS = RingAbi.offset(REC_ORDER_EVENT_LAYOUT, "ingress_ts");

    /** Clears bytes 8..63 and sets the type byte to {@code NT_REC_ORDER_EVENT}. */
    public OrderEventRecord reset()
    {
        clearPayload();
        segment.set(U8, offset + TYPE, (byte)REC_ORDER_EVENT);
        return this;
    }

    public int event()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + EVENT));
    }

    public OrderEventRecord event(final int v)
    {
        segment.set(U8, offset + EVENT, (byte)v);
        return this;
    }

    public int flags()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + FLAGS));
    }

    public OrderEventRecord flags(final int v)
    {
        segment.set(U16, offset + FLAGS, (short)v);
        return this;
    }

    public int locate()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + LOCATE));
    }

    public OrderEventRecord locate(final int v)
    {
        segment.set(U16, offset + LOCATE, (short)v);
        return this;
    }

    public int side()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + SIDE));
    }

    public OrderEventRecord side(final int v)
    {
        segment.set(U8, offset + SIDE, (byte)v);
        return this;
    }

    public int liquidity()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + LIQUIDITY));
    }

    public OrderEventRecord liquidity(final int v)
    {
        segment.set(U8, offset + LIQUIDITY, (byte)v);
        return this;
    }

    public long userRefNum()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + USER_REF_NUM));
    }

    public OrderEventRecord userRefNum(final long v)
    {
        segment.set(U32, offset + USER_REF_NUM, (int)v);
        return this;
    }

    public long quantity()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + QUANTITY));
    }

    public OrderEventRecord quantity(final long v)
    {
        segment.set(U32, offset + QUANTITY, (int)v);
        return this;
    }

    public long price()
    {
        return segment.get(U64, offset + PRICE);
    }

    public OrderEventRecord price(final long v)
    {
        segment.set(U64, offset + PRICE, v);
        return this;
    }

    public long orderRef()
    {
        return segment.get(U64, offset + ORDER_REF);
    }

    public OrderEventRecord orderRef(final long v)
    {
        segment.set(U64, offset + ORDER_REF, v);
        return this;
    }

    public long origUserRefNum()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + ORIG_USER_REF_NUM));
    }

    public OrderEventRecord origUserRefNum(final long v)
    {
        segment.set(U32, offset + ORIG_USER_REF_NUM, (int)v);
        return this;
    }

    public int reason()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + REASON));
    }

    public OrderEventRecord reason(final int v)
    {
        segment.set(U16, offset + REASON, (short)v);
        return this;
    }

    public long venueTs()
    {
        return segment.get(U64, offset + VENUE_TS);
    }

    public OrderEventRecord venueTs(final long v)
    {
        segment.set(U64, offset + VENUE_TS, v);
        return this;
    }

    public long ingressTs()
    {
        return segment.get(U64, offset + INGRESS_TS);
    }

    public OrderEventRecord ingressTs(final long v)
    {
        segment.set(U64, offset + INGRESS_TS, v);
        return this;
    }
}
