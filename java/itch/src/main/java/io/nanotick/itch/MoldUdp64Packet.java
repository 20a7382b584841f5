package io.nanotick.itch;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Flyweight over a MoldUDP64 downstream packet (also the retransmission reply,
 * which has the same format), for decoding and in-place encoding.
 *
 * <p>Decoding: {@link #wrap(DirectBuffer, int, int)}, then the header getters and
 * a block walk with {@link #firstBlock()} / {@link #blockLength(int)} /
 * {@link #nextBlock(int)}; {@link #validBlocks()} says how many blocks really fit.
 *
 * <p>Encoding: {@link #wrapForEncode(MutableDirectBuffer, int, int)},
 * {@link #session(CharSequence)}, {@link #sequenceNumber(long)}, then
 * {@link #reserve(int)} (write the message in place with a flyweight) or
 * {@link #append(DirectBuffer, int, int)} per message; {@link #length()} is the datagram length.
 */
public final class MoldUdp64Packet
{
    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int offset;
    private int length;
    private int capacity;

    /** Wraps a received datagram of {@code length} bytes. */
    public MoldUdp64Packet wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.mutable = buffer instanceof MutableDirectBuffer m ? m : null;
        this.offset = offset;
        this.length = length;
        this.capacity = length;
        return this;
    }

    /** Starts a new packet with zero messages in {@code buffer[offset, offset + capacity)}. */
    public MoldUdp64Packet wrapForEncode(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        if (capacity < MoldUdp64.HEADER_LENGTH)
        {
            throw new IllegalArgumentException("capacity " + capacity + " < MoldUDP64 header");
        }
        this.buffer = buffer;
        this.mutable = buffer;
        this.offset = offset;
        this.capacity = capacity;
        this.length = MoldUdp64.HEADER_LENGTH;
        buffer.putShort(offset + MoldUdp64.MESSAGE_COUNT_OFFSET, (short)0, BIG_ENDIAN);
        return this;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    /** Datagram length in bytes (received length, or bytes encoded so far). */
    public int length()
    {
        return length;
    }

    /** True if the datagram is at least a whole header. */
    public boolean hasHeader()
    {
        return length >= MoldUdp64.HEADER_LENGTH;
    }

    public String session()
    {
        return MoldUdp64.session(buffer, offset);
    }

    public long sessionHigh()
    {
        return MoldUdp64.sessionHigh(buffer, offset);
    }

    public int sessionLow()
    {
        return MoldUdp64.sessionLow(buffer, offset);
    }

    public MoldUdp64Packet session(final CharSequence session)
    {
        MoldUdp64.putSession(mutable, offset, session);
        return this;
    }

    /** Copies the 10 session bytes of another packet (or request). */
    public MoldUdp64Packet session(final DirectBuffer src, final int srcOffset)
    {
        mutable.putBytes(offset + MoldUdp64.SESSION_OFFSET, src, srcOffset + MoldUdp64.SESSION_OFFSET, MoldUdp64.SESSION_LENGTH);
        return this;
    }

    public long sequenceNumber()
    {
        return buffer.getLong(offset + MoldUdp64.SEQUENCE_NUMBER_OFFSET, BIG_ENDIAN);
    }

    public MoldUdp64Packet sequenceNumber(final long value)
    {
        mutable.putLong(offset + MoldUdp64.SEQUENCE_NUMBER_OFFSET, value, BIG_ENDIAN);
        return this;
    }

    public int messageCount()
    {
        return buffer.getShort(offset + MoldUdp64.MESSAGE_COUNT_OFFSET, BIG_ENDIAN) & 0xFFFF;
    }

    public MoldUdp64Packet messageCount(final int value)
    {
        mutable.putShort(offset + MoldUdp64.MESSAGE_COUNT_OFFSET, (short)value, BIG_ENDIAN);
        return this;
    }

    public boolean isHeartbeat()
    {
        return messageCount() == MoldUdp64.HEARTBEAT;
    }

    public boolean isEndOfSession()
    {
        return messageCount() == MoldUdp64.END_OF_SESSION;
    }

    /** Makes this packet a heartbeat ({@code nextSequenceNumber} = next message to come). */
    public MoldUdp64Packet heartbeat(final long nextSequenceNumber)
    {
        length = MoldUdp64.HEADER_LENGTH;
        sequenceNumber(nextSequenceNumber);
        return messageCount(MoldUdp64.HEARTBEAT);
    }

    /** Makes this packet an end-of-session marker. */
    public MoldUdp64Packet endOfSession(final long nextSequenceNumber)
    {
        length = MoldUdp64.HEADER_LENGTH;
        sequenceNumber(nextSequenceNumber);
        return messageCount(MoldUdp64.END_OF_SESSION);
    }

    // ---- block walk (decoding) ------------------------------------------------

    /** Buffer index of the first message block's length field. */
    public int firstBlock()
    {
        return offset + MoldUdp64.HEADER_LENGTH;
    }

    /** Buffer index one past the datagram. */
    public int end()
    {
        return offset + length;
    }

    /** True if a whole block (length field and message) starts at {@code block}. */
    public boolean blockFits(final int block)
    {
        final int end = offset + length;
        return block + MoldUdp64.BLOCK_HEADER_LENGTH <= end && block + MoldUdp64.BLOCK_HEADER_LENGTH + blockLength(block) <= end;
    }

    /** Message length of the block at {@code block}. */
    public int blockLength(final int block)
    {
        return buffer.getShort(block, BIG_ENDIAN) & 0xFFFF;
    }

    /** Buffer index of the message of the block at {@code block}. */
    public static int blockMessage(final int block)
    {
        return block + MoldUdp64.BLOCK_HEADER_LENGTH;
    }

    public int nextBlock(final int block)
    {
        return block + MoldUdp64.BLOCK_HEADER_LENGTH + blockLength(block);
    }

    /** Number of whole blocks present, at most {@link #messageCount()} (0 for heartbeat / end of session). */
    public int validBlocks()
    {
        final int count = messageCount();
        if (count == MoldUdp64.END_OF_SESSION)
        {
            return 0;
        }
        int n = 0;
        int block = firstBlock();
        while (n < count && blockFits(block))
        {
            block = nextBlock(block);
            n++;
        }
        return n;
    }

    // ---- encoding -------------------------------------------------------------

    /** Bytes still free for blocks (each costs 2 + message length). */
    public int remaining()
    {
        return capacity - length;
    }

    /**
     * Reserves a block of {@code messageLength} bytes, bumps the message count and
     * returns the buffer index where the message must be written, or -1 if it does
     * not fit (or the packet already holds {@link MoldUdp64#MAX_MESSAGE_COUNT} messages).
     */
    public int reserve(final int messageLength)
    {
        final int count = messageCount();
        if (messageLength < 0 || messageLength > 0xFFFF || count >= MoldUdp64.MAX_MESSAGE_COUNT
            || length + MoldUdp64.BLOCK_HEADER_LENGTH + messageLength > capacity)
        {
            return -1;
        }
        final int block = offset + length;
        mutable.putShort(block, (short)messageLength, BIG_ENDIAN);
        length += MoldUdp64.BLOCK_HEADER_LENGTH + messageLength;
        messageCount(count + 1);
        return block + MoldUdp64.BLOCK_HEADER_LENGTH;
    }

    /** Appends a copy of a message; false if it does not fit. */
    public boolean append(final DirectBuffer src, final int srcOffset, final int messageLength)
    {
        final int at = reserve(messageLength);
        if (at < 0)
        {
            return false;
        }
        mutable.putBytes(at, src, srcOffset, messageLength);
        return true;
    }
}
