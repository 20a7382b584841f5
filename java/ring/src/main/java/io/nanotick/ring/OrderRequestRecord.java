package io.nanotick.ring;

import java.lang.foreign.MemorySegment;

import static io.nanotick.ring.RingAbi.*;

/**
 * Order request, host -> venue/card (struct nt_rec_order_request). Flyweight over a 64-byte slot:
 * {@code wrap(segment, offset)}, then getters/setters; offsets come from {@link RingAbi#REC_ORDER_REQUEST_LAYOUT}.
 */
public final class OrderRequestRecord extends RecordFlyweight<OrderRequestRecord>
{
    private static final long ACTION = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "action");
    private static final long FLAGS = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "flags");
    private static final long LOCATE = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "locate");
    private static final long SIDE = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "side");
    private static final long TIF = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "tif");
    private static final long USER_REF_NUM = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "user_ref_num");
    private static final long QUANTITY = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "quantity");
    private static final long PRICE = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "price");
    private static final long SYMBOL = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "symbol");
    private static final long ORIG_USER_REF_NUM = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "orig_user_ref_num");
    private static final long DISPLAY = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "display");
    private static final long CAPACITY = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "capacity");
    private static final long STRATEGY_ID = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "strategy_id");
    private static final long INTENT_TS = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "intent_ts");
    private static final long TRIGGER_SEQ = RingAbi.offset(REC_ORDER_REQUEST_LAYOUT, "trigger_seq");

    /** Clears bytes 8..63 and sets the type byte to {@code NT_REC_ORDER_REQUEST}. */
    public OrderRequestRecord reset()
    {
        clearPayload();
        segment.set(U8, offset + TYPE, (byte)REC_ORDER_REQUEST);
        return this;
    }

    public int action()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + ACTION));
    }

    public OrderRequestRecord action(final int v)
    {
        segment.set(U8, offset + ACTION, (byte)v);
        return this;
    }

    public int flags()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + FLAGS));
    }

    public OrderRequestRecord flags(final int v)
    {
        segment.set(U16, offset + FLAGS, (short)v);
        return this;
    }

    public int locate()
    {
        return Short.toUnsignedInt(segment.get(U16, offset + LOCATE));
    }

    public OrderRequestRecord locate(final int v)
    {
        segment.set(U16, offset + LOCATE, (short)v);
        return this;
    }

    public int side()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + SIDE));
    }

    public OrderRequestRecord side(final int v)
    {
        segment.set(U8, offset + SIDE, (byte)v);
        return this;
    }

    public int tif()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + TIF));
    }

    public OrderRequestRecord tif(final int v)
    {
        segment.set(U8, offset + TIF, (byte)v);
        return this;
    }

    public long userRefNum()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + USER_REF_NUM));
    }

    public OrderRequestRecord userRefNum(final long v)
    {
        segment.set(U32, offset + USER_REF_NUM, (int)v);
        return this;
    }

    public long quantity()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + QUANTITY));
    }

    public OrderRequestRecord quantity(final long v)
    {
        segment.set(U32, offset + QUANTITY, (int)v);
        return this;
    }

    public long price()
    {
        return segment.get(U64, offset + PRICE);
    }

    public OrderRequestRecord price(final long v)
    {
        segment.set(U64, offset + PRICE, v);
        return this;
    }

    /** 8 ASCII bytes as a little-endian long (first character in the low byte). */
    public long symbol()
    {
        return segment.get(U64, offset + SYMBOL);
    }

    public OrderRequestRecord symbol(final long v)
    {
        segment.set(U64, offset + SYMBOL, v);
        return this;
    }

    public long origUserRefNum()
    {
        return Integer.toUnsignedLong(segment.get(U32, offset + ORIG_USER_REF_NUM));
    }

    public OrderRequestRecord origUserRefNum(final long v)
    {
        segment.set(U32, offset + ORIG_USER_REF_NUM, (int)v);
        return this;
    }

    public int display()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + DISPLAY));
    }

    public OrderRequestRecord display(final int v)
    {
        segment.set(U8, offset + DISPLAY, (byte)v);
        return this;
    }

    public int capacity()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + CAPACITY));
    }

    public OrderRequestRecord capacity(final int v)
    {
        segment.set(U8, offset + CAPACITY, (byte)v);
        return this;
    }

    public int strategyId()
    {
        return Byte.toUnsignedInt(segment.get(U8, offset + STRATEGY_ID));
    }

    public OrderRequestRecord strategyId(final int v)
    {
        segment.set(U8, offset + STRATEGY_ID, (byte)v);
        return this;
    }

    public long intentTs()
    {
        return segment.get(U64, offset + INTENT_TS);
    }

    public OrderRequestRecord intentTs(final long v)
    {
        segment.set(U64, offset + INTENT_TS, v);
        return this;
    }

    public long triggerSeq()
    {
        return segment.get(U64, offset + TRIGGER_SEQ);
    }

    public OrderRequestRecord triggerSeq(final long v)
    {
        segment.set(U64, offset + TRIGGER_SEQ, v);
        return this;
    }
}
