package io.nanotick.itch;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MoldUDP64 vectors written by hand from the MoldUDP64 Protocol Specification
 * v1.00 (downstream packet, heartbeat, end of session, request packet), plus the
 * sequencing rules shared by every Nanotick engine.
 */
class MoldUdp64Test
{
    private static final String SESSION = "53455353494f4e303031"; // "SESSION001"
    private static final String SYS = "53 0000 0000 000000000001 4f";          // 12-byte System Event 'O'
    private static final String DEL = "44 0001 0000 000000000002 0000000000000457"; // 19-byte Order Delete

    /** Packet of count messages numbered from seq, each a distinct Order Delete (ref = its sequence number). */
    private static String packet(final String session, final long seq, final int count)
    {
        final StringBuilder sb = new StringBuilder(session).append(String.format("%016x%04x", seq, count));
        for (int i = 0; i < count; i++)
        {
            sb.append("0013 44 0001 0000 000000000002").append(String.format("%016x", seq + i));
        }
        return sb.toString();
    }

    @Test
    void decodesSpecPacket()
    {
        final String v = SESSION + "0000000000000005 0002" + "000c" + SYS + "0013" + DEL;
        final UnsafeBuffer b = Hex.buffer(v);
        final MoldUdp64Packet p = new MoldUdp64Packet().wrap(b, 0, b.capacity());
        assertEquals("SESSION001", p.session());
        assertEquals(5, p.sequenceNumber());
        assertEquals(2, p.messageCount());
        assertFalse(p.isHeartbeat());
        assertFalse(p.isEndOfSession());
        assertEquals(2, p.validBlocks());
        int block = p.firstBlock();
        assertEquals(12, p.blockLength(block));
        assertEquals('S', b.getByte(MoldUdp64Packet.blockMessage(block)));
        block = p.nextBlock(block);
        assertEquals(19, p.blockLength(block));
        assertEquals('D', b.getByte(MoldUdp64Packet.blockMessage(block)));
        assertEquals(p.end(), p.nextBlock(block));
    }

    @Test
    void encodesSpecPacket()
    {
        final String v = SESSION + "0000000000000005 0002" + "000c" + SYS + "0013" + DEL;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[1500]);
        final MoldUdp64Packet p = new MoldUdp64Packet().wrapForEncode(b, 0, 1472).session("SESSION001").sequenceNumber(5);
        final UnsafeBuffer sys = Hex.buffer(SYS);
        assertTrue(p.append(sys, 0, sys.capacity()));
        final int at = p.reserve(OrderDeleteMessage.LENGTH);
        new OrderDeleteMessage().wrapForEncode(b, at).stockLocate(1).trackingNumber(0).timestamp(2).orderReferenceNumber(0x457);
        assertEquals(Hex.of(Hex.buffer(v), 0, Hex.bytes(v).length), Hex.of(b, 0, p.length()));
    }

    @Test
    void encoderStopsAtCapacity()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        final MoldUdp64Packet p = new MoldUdp64Packet().wrapForEncode(b, 0, 64).session("S").sequenceNumber(1);
        assertTrue(p.reserve(19) > 0);  // 20 + 21 = 41
        assertTrue(p.reserve(21) > 0);  // 41 + 23 = 64
        assertEquals(-1, p.reserve(0));
        assertEquals(2, p.messageCount());
        assertEquals(64, p.length());
    }

    @Test
    void heartbeatEndOfSessionAndRequestVectors()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        final MoldUdp64Packet p = new MoldUdp64Packet().wrapForEncode(b, 0, 64).session("SESSION001").heartbeat(7);
        assertEquals(SESSION + "0000000000000007" + "0000", Hex.of(b, 0, p.length()));
        assertTrue(new MoldUdp64Packet().wrap(b, 0, 20).isHeartbeat());
        p.endOfSession(7);
        assertEquals(SESSION + "0000000000000007" + "ffff", Hex.of(b, 0, p.length()));
        assertTrue(new MoldUdp64Packet().wrap(b, 0, 20).isEndOfSession());

        final UnsafeBuffer r = Hex.buffer(SESSION + "0000000000000003" + "0002");
        final MoldUdp64Request req = new MoldUdp64Request().wrap(r, 0);
        assertEquals("SESSION001", req.session());
        assertEquals(3, req.sequenceNumber());
        assertEquals(2, req.requestedMessageCount());
        final UnsafeBuffer w = new UnsafeBuffer(new byte[20]);
        new MoldUdp64Request().wrap(w, 0).session("SESSION001").sequenceNumber(3).requestedMessageCount(2);
        assertEquals(Hex.of(r, 0, 20), Hex.of(w, 0, 20));
    }

    /** Records what the sequencer delivers. */
    private static final class Log implements MoldUdp64Listener
    {
        final List<String> events = new ArrayList<>();

        @Override
        public void onMessage(final DirectBuffer buffer, final int offset, final int length, final long sequenceNumber)
        {
            // payload of our test messages: Order Delete whose reference = sequence number
            final long ref = buffer.getLong(offset + 11, java.nio.ByteOrder.BIG_ENDIAN);
            events.add("m" + sequenceNumber + (ref == sequenceNumber ? "" : "!ref" + ref));
        }

        @Override
        public void onGap(final long expected, final long received)
        {
            events.add("gap" + expected + "-" + received);
        }

        @Override
        public void onEndOfSession(final long sequenceNumber)
        {
            events.add("eos");
        }
    }

    private static void feed(final MoldUdp64Sequencer s, final Log log, final String hex)
    {
        final UnsafeBuffer b = Hex.buffer(hex);
        s.onPacket(b, 0, b.capacity(), log);
    }

    @Test
    void sequencingDuplicatesOverlapGapsAndSessions()
    {
        final MoldUdp64Sequencer s = new MoldUdp64Sequencer();
        final Log log = new Log();
        feed(s, log, SESSION + "0000000000000063 0000"); // heartbeat first: does not set expected
        feed(s, log, packet(SESSION, 10, 2));   // first data packet sets expected: 10, 11
        feed(s, log, packet(SESSION, 10, 2));   // B copy: duplicate
        feed(s, log, packet(SESSION, 11, 3));   // overlap: 12, 13 only
        feed(s, log, SESSION + "0000000000000063 0000"); // heartbeat far ahead: never a gap
        feed(s, log, packet(SESSION, 16, 1));   // gap 14..15
        feed(s, log, packet(SESSION, 14, 3));   // late copy of 14..16: all below expected 17: duplicate
        feed(s, log, SESSION + "0000000000000011 ffff"); // end of session
        feed(s, log, packet(SESSION, 17, 1));   // after end: dropped
        final String other = "4f544845523030303030"; // "OTHER00000"
        feed(s, log, packet(other, 1, 1));      // new session restarts at 1
        feed(s, log, packet(SESSION, 18, 1));   // the old session again: dropped
        feed(s, log, packet(other, 2, 1));
        feed(s, log, "0102");                    // shorter than a header
        assertEquals(List.of("m10", "m11", "m12", "m13", "gap14-16", "m16", "eos", "m1", "m2"), log.events);
        assertEquals(2, s.duplicates());
        assertEquals(1, s.overlaps());
        assertEquals(2, s.heartbeats());
        assertEquals(1, s.gaps());
        assertEquals(2, s.gapMessages());
        assertTrue(s.gap());
        assertEquals(1, s.afterEnd());
        assertEquals(1, s.oldSession());
        assertEquals(2, s.sessions());
        assertEquals(1, s.badHeader());
        assertEquals(7, s.delivered());
        assertEquals(3, s.expected());
    }

    @Test
    void emptyBlocksOccupyASequenceNumber()
    {
        final MoldUdp64Sequencer s = new MoldUdp64Sequencer();
        final Log log = new Log();
        feed(s, log, SESSION + "0000000000000001 0003" + "0013 44 0001 0000 000000000002 0000000000000001"
            + "0000" + "0013 44 0001 0000 000000000002 0000000000000003" + "ff");
        assertEquals(List.of("m1", "m3"), log.events);
        assertEquals(1, s.emptyBlocks());
        assertEquals(1, s.trailingBytes());
        assertEquals(4, s.expected());
    }

    @Test
    void blockRunningPastTheDatagramEndsThePacket()
    {
        final MoldUdp64Sequencer s = new MoldUdp64Sequencer();
        final Log log = new Log();
        // count says 3; second block claims 0x0100 bytes but only 19 are there
        final String p = SESSION + "0000000000000001 0003" + "0013 44 0001 0000 000000000002 0000000000000001"
            + "0100 44 0001 0000 000000000002 0000000000000002";
        feed(s, log, p);
        assertEquals(List.of("m1"), log.events);
        assertEquals(2, s.truncatedBlocks(), "it and every later block are lost");
        assertEquals(4, s.expected(), "expected follows the header's count: lost numbers are not a gap");
        feed(s, log, packet(SESSION, 4, 1));
        assertEquals(List.of("m1", "m4"), log.events);
        assertFalse(s.gap());
        final UnsafeBuffer b = Hex.buffer(p);
        assertEquals(1, new MoldUdp64Packet().wrap(b, 0, b.capacity()).validBlocks());
    }
}
