package io.nanotick.itch;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Flyweight over a MoldUDP64 retransmission request (client to re-request server):
 * session(10) sequenceNumber(8) requestedMessageCount(2), 20 bytes.  The server
 * answers with an ordinary downstream packet ({@link MoldUdp64Packet}) carrying
 * the messages from {@code sequenceNumber} on, as many as fit.
 */
public final class MoldUdp64Request
{
    public static final int LENGTH = MoldUdp64.HEADER_LENGTH;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int offset;

    public MoldUdp64Request wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutable = buffer instanceof MutableDirectBuffer m ? m : null;
        this.offset = offset;
        return this;
    }

    public int length()
    {
        return LENGTH;
    }

    public String session()
    {
        return MoldUdp64.session(buffer, offset);
    }

    public MoldUdp64Request session(final CharSequence session)
    {
        MoldUdp64.putSession(mutable, offset, session);
        return this;
    }

    public long sessionHigh()
    {
        return MoldUdp64.sessionHigh(buffer, offset);
    }

    public int sessionLow()
    {
        return MoldUdp64.sessionLow(buffer, offset);
    }

    public long sequenceNumber()
    {
        return buffer.getLong(offset + MoldUdp64.SEQUENCE_NUMBER_OFFSET, BIG_ENDIAN);
    }

    public MoldUdp64Request sequenceNumber(final long value)
    {
        mutable.putLong(offset + MoldUdp64.SEQUENCE_NUMBER_OFFSET, value, BIG_ENDIAN);
        return this;
    }

    public int requestedMessageCount()
    {
        return buffer.getShort(offset + MoldUdp64.MESSAGE_COUNT_OFFSET, BIG_ENDIAN) & 0xFFFF;
    }

    public MoldUdp64Request requestedMessageCount(final int value)
    {
        mutable.putShort(offset + MoldUdp64.MESSAGE_COUNT_OFFSET, (short)value, BIG_ENDIAN);
        return this;
    }
}
