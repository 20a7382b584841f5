package io.nanotick.book;

import io.nanotick.itch.Itch;
import io.nanotick.itch.MoldUdp64Listener;
import io.nanotick.itch.SegmentMessageListener;
import org.agrona.DirectBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Java book engine: in-order ITCH messages (from {@link io.nanotick.itch.FeedReplay}
 * or any {@link MoldUdp64Listener} source) into {@link OrderBook}, and one
 * {@link TopOfBookListener} call each time the touched locate's (best bid px,
 * best bid shares, best ask px, best ask shares) differs from its previous value
 * (initially all 0) after a whole message.  Every delivered message counts in the
 * ordinal, including unknown types and wrong lengths (then ignored and counted).
 * The GAP flag is set on every row after the first sequence gap.
 * <p>
 * Messages are read straight from a {@link MemorySegment} with big-endian value
 * layouts at the ITCH 5.0 field offsets (no flyweight, no {@code sun.misc.Unsafe}):
 * {@link #onMessage(MemorySegment, long, int, long)} is the entry point, and the
 * {@link DirectBuffer} one only locates the bytes (native address or the backing
 * {@code byte[]}) and calls it.  No allocation in steady state; never throws on bad input.
 */
public final class BookEngine implements MoldUdp64Listener, SegmentMessageListener
{
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** All of native memory: native DirectBuffers are read at their absolute address. */
    private static final MemorySegment NATIVE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    // ITCH 5.0 field offsets (Add Order A / F, Order Executed E, Order Executed With Price C,
    // Order Cancel X, Order Delete D, Order Replace U, Trade P, Cross Trade Q)
    private static final int LOCATE = 1;
    private static final int TIMESTAMP = 5;
    private static final int REF = 11;
    private static final int A_SIDE = 19;
    private static final int A_SHARES = 20;
    private static final int A_PRICE = 32;
    private static final int E_SHARES = 19;
    private static final int E_MATCH = 23;
    private static final int C_PRINTABLE = 31;
    private static final int C_PRICE = 32;
    private static final int U_NEW_REF = 19;
    private static final int U_SHARES = 27;
    private static final int U_PRICE = 31;
    private static final int P_SIDE = 19;
    private static final int P_SHARES = 20;
    private static final int P_PRICE = 32;
    private static final int P_MATCH = 36;
    private static final int Q_SHARES = 11;
    private static final int Q_PRICE = 27;
    private static final int Q_MATCH = 31;

    private final OrderBook book;
    private final TopOfBookListener tobListener;
    private final TradeListener tradeListener;

    /** Published top of book per locate: [bid px, bid qty, ask px, ask qty] at locate * 4. */
    private final long[] shown = new long[OrderBook.LOCATES * 4];

    private byte[] lastArray;
    private MemorySegment lastArraySegment;

    private long ordinal;
    private boolean gap;
    private long unknownType;
    private long badLength;
    private long rows;
    private long trades;

    public BookEngine(final OrderBook book, final TopOfBookListener tobListener, final TradeListener tradeListener)
    {
        this.book = book;
        this.tobListener = tobListener;
        this.tradeListener = tradeListener;
    }

    public BookEngine(final TopOfBookListener tobListener)
    {
        this(new OrderBook(), tobListener, null);
    }

    @Override
    public void onGap(final long expected, final long received)
    {
        gap = true;
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length, final long sequenceNumber)
    {
        final byte[] array = buffer.byteArray();
        if (array == null)
        {
            onMessage(NATIVE, buffer.addressOffset() + offset, length, sequenceNumber);
            return;
        }
        if (array != lastArray) // a new backing array: rare (one per buffer the caller owns)
        {
            lastArray = array;
            lastArraySegment = MemorySegment.ofArray(array);
        }
        onMessage(lastArraySegment, buffer.wrapAdjustment() + (long)offset, length, sequenceNumber);
    }

    private static long u32(final MemorySegment m, final long at)
    {
        return m.get(INT_BE, at) & 0xFFFF_FFFFL;
    }

    private static long timestamp(final MemorySegment m, final long at)
    {
        return ((m.get(SHORT_BE, at + TIMESTAMP) & 0xFFFFL) << 32) | u32(m, at + TIMESTAMP + 2);
    }

    /** One ITCH message of {@code length} bytes at {@code offset} in {@code m}. */
    @Override
    public void onMessage(final MemorySegment m, final long offset, final int length, final long sequenceNumber)
    {
        final long msg = ++ordinal;
        if (length == 0)
        {
            unknownType++;
            return;
        }
        final byte type = m.get(ValueLayout.JAVA_BYTE, offset);
        final int fixed = Itch.messageLength(type);
        if (fixed == 0)
        {
            unknownType++;
            return;
        }
        if (length != fixed)
        {
            badLength++;
            return;
        }
        final OrderBook b = book;
        final int locate;
        switch (type)
        {
            // F is A plus a trailing attribution: same field offsets
            case 'A', 'F' -> locate = b.add(m.get(LONG_BE, offset + REF), m.get(SHORT_BE, offset + LOCATE) & 0xFFFF,
                m.get(ValueLayout.JAVA_BYTE, offset + A_SIDE), u32(m, offset + A_PRICE), u32(m, offset + A_SHARES));
            case 'D' -> locate = b.delete(m.get(LONG_BE, offset + REF));
            case 'X' -> locate = b.reduce(m.get(LONG_BE, offset + REF), u32(m, offset + E_SHARES));
            case 'U' -> locate = b.replace(m.get(LONG_BE, offset + REF), m.get(LONG_BE, offset + U_NEW_REF),
                u32(m, offset + U_SHARES), u32(m, offset + U_PRICE));
            case 'E' ->
            {
                final long shares = u32(m, offset + E_SHARES);
                locate = b.reduce(m.get(LONG_BE, offset + REF), shares);
                if (locate >= 0 && tradeListener != null)
                {
                    trades++;
                    tradeListener.onTrade(msg, type, flags(), locate, b.lastSide(), b.lastPrice(),
                        shares, m.get(LONG_BE, offset + E_MATCH), (byte)'Y');
                }
            }
            case 'C' ->
            {
                final long shares = u32(m, offset + E_SHARES);
                locate = b.reduce(m.get(LONG_BE, offset + REF), shares);
                if (locate >= 0 && tradeListener != null)
                {
                    trades++;
                    tradeListener.onTrade(msg, type, flags(), locate, b.lastSide(), u32(m, offset + C_PRICE),
                        shares, m.get(LONG_BE, offset + E_MATCH), m.get(ValueLayout.JAVA_BYTE, offset + C_PRINTABLE));
                }
            }
            case 'P' ->
            {
                if (tradeListener != null)
                {
                    trades++;
                    tradeListener.onTrade(msg, type, flags(), m.get(SHORT_BE, offset + LOCATE) & 0xFFFF,
                        m.get(ValueLayout.JAVA_BYTE, offset + P_SIDE), u32(m, offset + P_PRICE),
                        u32(m, offset + P_SHARES), m.get(LONG_BE, offset + P_MATCH), (byte)'Y');
                }
                return;
            }
            case 'Q' ->
            {
                if (tradeListener != null)
                {
                    trades++;
                    tradeListener.onTrade(msg, type, flags(), m.get(SHORT_BE, offset + LOCATE) & 0xFFFF, (byte)0,
                        u32(m, offset + Q_PRICE), m.get(LONG_BE, offset + Q_SHARES), m.get(LONG_BE, offset + Q_MATCH), (byte)'Y');
                }
                return;
            }
            default ->
            {
                return;
            }
        }
        if (locate < 0)
        {
            return;
        }
        // Only the side the message changed can differ from what was last published (every
        // change is checked right after its message), so compare just that side's best with
        // the locate's published row: one small line per locate, shared by both sides.
        final int index = b.touched();
        final boolean ask = (index & 1) != 0;
        final long[] side = b.sideLevels(index);
        final long px = Levels.bestPrice(side, ask);
        final long qty = Levels.bestQty(side);
        final long[] row = shown;
        final int at = (locate << 2) | (ask ? 2 : 0);
        if (px == row[at] && qty == row[at + 1])
        {
            return;
        }
        row[at] = px;
        row[at + 1] = qty;
        final long opx = row[at ^ 2];
        final long oqty = row[(at ^ 2) + 1];
        rows++;
        final int flags = flags() | (ask ? TopOfBookListener.FLAG_ASK_CHANGED : TopOfBookListener.FLAG_BID_CHANGED);
        final long ts = timestamp(m, offset);
        if (ask)
        {
            tobListener.onTopOfBook(msg, type, flags, locate, opx, oqty, px, qty, ts, sequenceNumber);
        }
        else
        {
            tobListener.onTopOfBook(msg, type, flags, locate, px, qty, opx, oqty, ts, sequenceNumber);
        }
    }

    private int flags()
    {
        return gap ? TopOfBookListener.FLAG_GAP : 0;
    }

    public OrderBook book()
    {
        return book;
    }

    /** Messages delivered so far (the last ordinal). */
    public long messages()
    {
        return ordinal;
    }

    public long unknownType()
    {
        return unknownType;
    }

    public long badLength()
    {
        return badLength;
    }

    public long rows()
    {
        return rows;
    }

    public long trades()
    {
        return trades;
    }
}
