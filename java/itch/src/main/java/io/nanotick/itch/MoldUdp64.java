package io.nanotick.itch;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * MoldUDP64 constants (NASDAQ MoldUDP64 Protocol Specification v1.00).
 *
 * <pre>
 * Downstream packet:  session(10, alpha) sequenceNumber(8) messageCount(2)
 *                     then messageCount blocks of  length(2) message(length)
 *   messageCount 0      = heartbeat (sequenceNumber = next expected)
 *   messageCount 0xFFFF = end of session
 * Request packet:     session(10) sequenceNumber(8) requestedMessageCount(2)
 *   (to the re-request server; the reply is an ordinary downstream packet)
 * </pre>
 * All integers big-endian.
 */
public final class MoldUdp64
{
    public static final int SESSION_OFFSET = 0;
    public static final int SESSION_LENGTH = 10;
    public static final int SEQUENCE_NUMBER_OFFSET = 10;
    public static final int MESSAGE_COUNT_OFFSET = 18;
    public static final int HEADER_LENGTH = 20;
    public static final int BLOCK_HEADER_LENGTH = 2;

    public static final int HEARTBEAT = 0;
    public static final int END_OF_SESSION = 0xFFFF;
    /** Largest message count a data packet may carry (0xFFFF means end of session). */
    public static final int MAX_MESSAGE_COUNT = 0xFFFE;

    /** Default payload budget for one packet: 1500-byte MTU minus IPv4 (20) and UDP (8) headers. */
    public static final int DEFAULT_MAX_PAYLOAD = 1472;

    private MoldUdp64()
    {
    }

    /** Session id as its 10 ASCII characters (allocates). */
    public static String session(final DirectBuffer buffer, final int offset)
    {
        final byte[] b = new byte[SESSION_LENGTH];
        buffer.getBytes(offset + SESSION_OFFSET, b);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes a session id: 10 ASCII characters, space padded on the right. */
    public static void putSession(final MutableDirectBuffer buffer, final int offset, final CharSequence session)
    {
        Itch.putAlpha(buffer, offset + SESSION_OFFSET, SESSION_LENGTH, session);
    }

    /** First 8 session bytes, packed big-endian (with {@link #sessionLow} a zero-allocation key). */
    public static long sessionHigh(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SESSION_OFFSET, java.nio.ByteOrder.BIG_ENDIAN);
    }

    /** Last 2 session bytes. */
    public static int sessionLow(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + SESSION_OFFSET + 8, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
