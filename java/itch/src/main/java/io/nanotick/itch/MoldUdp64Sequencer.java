package io.nanotick.itch;

import org.agrona.DirectBuffer;

/**
 * Turns MoldUDP64 packets (one line, or A and B lines interleaved in arrival
 * order) into the in-order message stream every Nanotick engine shares:
 * <ul>
 * <li>per session: the first packet sets the expected sequence number;</li>
 * <li>end of session (count 0xFFFF) ends the session: later packets of it are dropped;
 *     a different session id restarts sequencing;</li>
 * <li>heartbeats (count 0) deliver nothing;</li>
 * <li>a packet with sequence + count &lt;= expected is a duplicate (dropped, counted);</li>
 * <li>a packet starting below expected but reaching beyond it delivers only its
 *     messages numbered &gt;= expected (A/B arbitration: first copy wins);</li>
 * <li>a packet starting above expected is a gap: {@link MoldUdp64Listener#onGap},
 *     then its messages are delivered;</li>
 * <li>a packet shorter than its header is a malformed drop; a block whose length
 *     runs past the datagram ends the packet (counted in {@link #malformedPackets()});
 *     the messages before it are delivered.</li>
 * </ul>
 * No allocation; never throws on bad input.
 */
public final class MoldUdp64Sequencer
{
    private final MoldUdp64Packet packet = new MoldUdp64Packet();

    private boolean hasSession;
    private boolean ended;
    private long sessionHigh;
    private int sessionLow;
    private long expected;

    private long packets;
    private long malformedPackets;
    private long duplicatePackets;
    private long heartbeats;
    private long gaps;
    private long delivered;
    private long duplicateMessages;
    private long afterEndOfSession;

    /** Processes one UDP payload. */
    public void onPacket(final DirectBuffer buffer, final int offset, final int length, final MoldUdp64Listener listener)
    {
        packets++;
        final MoldUdp64Packet p = packet.wrap(buffer, offset, length);
        if (!p.hasHeader())
        {
            malformedPackets++;
            return;
        }
        final long seq = p.sequenceNumber();
        final int count = p.messageCount();
        final long sHigh = p.sessionHigh();
        final int sLow = p.sessionLow();
        if (!hasSession || sHigh != sessionHigh || sLow != sessionLow)
        {
            hasSession = true;
            ended = false;
            sessionHigh = sHigh;
            sessionLow = sLow;
            expected = seq;
            listener.onSession(buffer, offset, seq);
        }
        if (ended)
        {
            afterEndOfSession++;
            return;
        }
        if (count == MoldUdp64.END_OF_SESSION)
        {
            ended = true;
            listener.onEndOfSession(seq);
            return;
        }
        if (count == MoldUdp64.HEARTBEAT)
        {
            heartbeats++;
            return;
        }
        if (seq + count <= expected)
        {
            duplicatePackets++;
            duplicateMessages += count;
            return;
        }
        if (seq > expected)
        {
            gaps++;
            listener.onGap(expected, seq);
            expected = seq;
        }
        int block = p.firstBlock();
        long s = seq;
        for (int i = 0; i < count; i++, s++)
        {
            if (!p.blockFits(block))
            {
                malformedPackets++;
                return;
            }
            final int len = p.blockLength(block);
            if (s >= expected)
            {
                expected = s + 1;
                delivered++;
                listener.onMessage(buffer, MoldUdp64Packet.blockMessage(block), len, s);
            }
            else
            {
                duplicateMessages++;
            }
            block = p.nextBlock(block);
        }
    }

    /** Next sequence number expected in the current session. */
    public long expected()
    {
        return expected;
    }

    public boolean endOfSession()
    {
        return ended;
    }

    public long packets()
    {
        return packets;
    }

    public long malformedPackets()
    {
        return malformedPackets;
    }

    public long duplicatePackets()
    {
        return duplicatePackets;
    }

    public long heartbeats()
    {
        return heartbeats;
    }

    public long gaps()
    {
        return gaps;
    }

    public long delivered()
    {
        return delivered;
    }

    public long duplicateMessages()
    {
        return duplicateMessages;
    }

    public long afterEndOfSession()
    {
        return afterEndOfSession;
    }
}
