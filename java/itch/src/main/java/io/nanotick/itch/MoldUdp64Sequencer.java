package io.nanotick.itch;

import org.agrona.DirectBuffer;

/**
 * Turns MoldUDP64 packets (one line, or A and B lines interleaved in arrival
 * order) into the in-order message stream every Nanotick engine shares
 * (docs/reference-model.md, "MoldUDP64 blocks" and "Sequencing"):
 * <ul>
 * <li>a session id never seen before becomes the current session; its first
 *     data packet sets the expected sequence number; packets of a session seen
 *     before but no longer current are dropped ({@link #oldSession()});</li>
 * <li>heartbeat (count 0): nothing delivered, sequencing unchanged;</li>
 * <li>end of session (count 0xFFFF): the session ends; later packets of it are dropped;</li>
 * <li>seq + count &lt;= expected: duplicate, dropped;</li>
 * <li>seq &lt; expected &lt; seq + count: only messages numbered &gt;= expected are
 *     delivered (A/B arbitration: first copy wins);</li>
 * <li>seq &gt; expected: {@link MoldUdp64Listener#onGap}, then the packet is delivered,
 *     and {@link #gap()} stays true;</li>
 * <li>then expected = seq + count, from the header even if blocks were malformed;</li>
 * <li>blocks: a zero-length block occupies its number but is not delivered; a block
 *     running past the payload ends the packet (it and later blocks are lost);</li>
 * <li>a payload shorter than the 20-byte header is dropped ({@link #badHeader()}).</li>
 * </ul>
 * Sequence numbers are compared as unsigned 64-bit.  No allocation, except
 * when a new session id is remembered.  Never throws on bad input.
 */
public final class MoldUdp64Sequencer
{
    private final MoldUdp64Packet packet = new MoldUdp64Packet();

    private boolean hasSession;
    private boolean hasExpected;
    private boolean ended;
    private boolean gap;
    private long sessionHigh;
    private int sessionLow;
    private long expected;
    private long[] seenHigh = new long[8];
    private int[] seenLow = new int[8];
    private int seenCount;

    private long packets;
    private long badHeader;
    private long oldSession;
    private long sessions;
    private long afterEnd;
    private long heartbeats;
    private long endOfSessions;
    private long duplicates;
    private long overlaps;
    private long gaps;
    private long gapMessages;
    private long delivered;
    private long emptyBlocks;
    private long truncatedBlocks;
    private long trailingBytes;

    /** Processes one UDP payload. */
    public void onPacket(final DirectBuffer buffer, final int offset, final int length, final MoldUdp64Listener listener)
    {
        final MoldUdp64Packet p = packet.wrap(buffer, offset, length);
        if (!p.hasHeader())
        {
            badHeader++;
            return;
        }
        packets++;
        final long seq = p.sequenceNumber();
        final int count = p.messageCount();
        final long sHigh = p.sessionHigh();
        final int sLow = p.sessionLow();
        if (!hasSession || sHigh != sessionHigh || sLow != sessionLow)
        {
            if (seen(sHigh, sLow))
            {
                oldSession++;
                return;
            }
            remember(sHigh, sLow);
            hasSession = true;
            hasExpected = false;
            ended = false;
            sessionHigh = sHigh;
            sessionLow = sLow;
            sessions++;
            listener.onSession(buffer, offset, seq);
        }
        if (ended)
        {
            afterEnd++;
            return;
        }
        if (count == MoldUdp64.HEARTBEAT)
        {
            heartbeats++;
            return;
        }
        if (count == MoldUdp64.END_OF_SESSION)
        {
            ended = true;
            endOfSessions++;
            listener.onEndOfSession(seq);
            return;
        }
        if (!hasExpected)
        {
            hasExpected = true;
            expected = seq;
        }
        final long end = seq + count;
        if (Long.compareUnsigned(end, expected) <= 0)
        {
            duplicates++;
            return;
        }
        if (Long.compareUnsigned(seq, expected) > 0)
        {
            gaps++;
            gapMessages += seq - expected;
            gap = true;
            listener.onGap(expected, seq);
        }
        else if (seq != expected)
        {
            overlaps++;
        }
        final long first = expected;
        expected = end;

        final int limit = p.end();
        int block = p.firstBlock();
        for (int i = 0; i < count; i++)
        {
            if (block + MoldUdp64.BLOCK_HEADER_LENGTH > limit)
            {
                truncatedBlocks += count - i;
                return;
            }
            final int len = p.blockLength(block);
            final int msg = block + MoldUdp64.BLOCK_HEADER_LENGTH;
            if (len == 0)
            {
                emptyBlocks++;
                block = msg;
                continue;
            }
            if (msg + len > limit)
            {
                truncatedBlocks += count - i;
                return;
            }
            final long s = seq + i;
            if (Long.compareUnsigned(s, first) >= 0)
            {
                delivered++;
                listener.onMessage(buffer, msg, len, s);
            }
            block = msg + len;
        }
        if (block != limit)
        {
            trailingBytes++;
        }
    }

    private boolean seen(final long high, final int low)
    {
        for (int i = 0; i < seenCount; i++)
        {
            if (seenHigh[i] == high && seenLow[i] == low)
            {
                return true;
            }
        }
        return false;
    }

    private void remember(final long high, final int low)
    {
        if (seenCount == seenHigh.length)
        {
            seenHigh = java.util.Arrays.copyOf(seenHigh, seenCount * 2);
            seenLow = java.util.Arrays.copyOf(seenLow, seenCount * 2);
        }
        seenHigh[seenCount] = high;
        seenLow[seenCount] = low;
        seenCount++;
    }

    /** True once any gap was seen (sticky: offline replays have no recovery). */
    public boolean gap()
    {
        return gap;
    }

    /** Next sequence number expected in the current session (meaningful once a data packet was seen). */
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

    public long badHeader()
    {
        return badHeader;
    }

    public long oldSession()
    {
        return oldSession;
    }

    public long sessions()
    {
        return sessions;
    }

    public long afterEnd()
    {
        return afterEnd;
    }

    public long heartbeats()
    {
        return heartbeats;
    }

    public long endOfSessions()
    {
        return endOfSessions;
    }

    public long duplicates()
    {
        return duplicates;
    }

    public long overlaps()
    {
        return overlaps;
    }

    public long gaps()
    {
        return gaps;
    }

    public long gapMessages()
    {
        return gapMessages;
    }

    public long delivered()
    {
        return delivered;
    }

    public long emptyBlocks()
    {
        return emptyBlocks;
    }

    public long truncatedBlocks()
    {
        return truncatedBlocks;
    }

    public long trailingBytes()
    {
        return trailingBytes;
    }
}
