package io.nanotick.itch;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Base of the ITCH 5.0 message flyweights.  Every message starts with
 * type(1) stockLocate(2) trackingNumber(2) timestamp(6, ns since midnight);
 * all integers are big-endian.  A flyweight holds no data of its own:
 * {@link #wrap(DirectBuffer, int)} points it at bytes, the getters read them,
 * the setters (which need a {@link MutableDirectBuffer}) write them.
 * Getters do not check that the message type matches: callers dispatch on
 * the type byte first (see {@link ItchDecoder}).
 */
public abstract class ItchMessage
{
    public static final int MESSAGE_TYPE_OFFSET = 0;
    public static final int STOCK_LOCATE_OFFSET = 1;
    public static final int TRACKING_NUMBER_OFFSET = 3;
    public static final int TIMESTAMP_OFFSET = 5;
    public static final int HEADER_LENGTH = 11;

    protected DirectBuffer buffer;
    protected MutableDirectBuffer mutable;
    protected int offset;

    /** Points this flyweight at {@code buffer[offset ..]}; setters work only if the buffer is mutable. */
    public final void wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutable = buffer instanceof MutableDirectBuffer m ? m : null;
        this.offset = offset;
    }

    public final DirectBuffer buffer()
    {
        return buffer;
    }

    public final int offset()
    {
        return offset;
    }

    /** The message type this flyweight describes (its fixed type byte). */
    public abstract byte type();

    /** Fixed encoded length of this message type, in bytes. */
    public abstract int length();

    /** The type byte actually present in the buffer. */
    public final byte messageType()
    {
        return buffer.getByte(offset);
    }

    public final int stockLocate()
    {
        return buffer.getShort(offset + STOCK_LOCATE_OFFSET, BIG_ENDIAN) & 0xFFFF;
    }

    public final int trackingNumber()
    {
        return buffer.getShort(offset + TRACKING_NUMBER_OFFSET, BIG_ENDIAN) & 0xFFFF;
    }

    /** Nanoseconds since midnight (48-bit). */
    public final long timestamp()
    {
        return Itch.getUInt48(buffer, offset + TIMESTAMP_OFFSET);
    }

    protected final void putStockLocate(final int value)
    {
        mutable.putShort(offset + STOCK_LOCATE_OFFSET, (short)value, BIG_ENDIAN);
    }

    protected final void putTrackingNumber(final int value)
    {
        mutable.putShort(offset + TRACKING_NUMBER_OFFSET, (short)value, BIG_ENDIAN);
    }

    protected final void putTimestamp(final long value)
    {
        Itch.putUInt48(mutable, offset + TIMESTAMP_OFFSET, value);
    }
}
