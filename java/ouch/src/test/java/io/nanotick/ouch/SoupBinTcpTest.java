package io.nanotick.ouch;

import static io.nanotick.ouch.Vectors.bytes;
import static io.nanotick.ouch.Vectors.of;
import static io.nanotick.ouch.Vectors.seg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Vectors written from the SoupBinTCP 4.0 specification (packet layouts in section 2/3). */
class SoupBinTcpTest {
    // Login Request: length 47 (0x002F), 'L', Username alpha 6, Password alpha 10,
    // Requested Session alpha 10 (blank = current), Requested Sequence Number numeric 20.
    static final byte[] LOGIN_REQUEST = of("hex:00 2F 4C", "nt    ", "secret    ", "          ",
            "                  42");
    // Login Accepted: length 31 (0x001F), 'A', Session alpha 10, Sequence Number numeric 20.
    static final byte[] LOGIN_ACCEPTED = of("hex:00 1F 41", "   SESSION", "                   7");
    static final byte[] LOGIN_REJECTED_AUTH = of("hex:00 02 4A 41");
    static final byte[] LOGIN_REJECTED_SESSION = of("hex:00 02 4A 53");
    static final byte[] SERVER_HEARTBEAT = of("hex:00 01 48");
    static final byte[] CLIENT_HEARTBEAT = of("hex:00 01 52");
    static final byte[] END_OF_SESSION = of("hex:00 01 5A");
    static final byte[] LOGOUT_REQUEST = of("hex:00 01 4F");
    static final byte[] DEBUG = of("hex:00 06 2B", "hello");
    // Sequenced Data carrying an OUCH Order Canceled (18 bytes): length 19, 'S', message.
    static final byte[] SEQUENCED = of("hex:00 13 53", "hex:43 00000000000003E8 00000001 00000064 55");
    static final byte[] UNSEQUENCED = of("hex:00 0A 55", "hex:58 00000001 00000000");

    private final MemorySegment buf = Arena.ofAuto().allocate(256);
    private final SoupBinTcp.Packet p = new SoupBinTcp.Packet();

    @Test
    void loginRequestEncodes() {
        int n = SoupBinTcp.putLoginRequest(buf, 5, "nt", "secret", "", 42);
        assertEquals(LOGIN_REQUEST.length, n);
        assertArrayEquals(LOGIN_REQUEST, bytes(buf, 5, n));
    }

    @Test
    void loginRequestDecodes() {
        p.wrap(seg(LOGIN_REQUEST), 0);
        assertEquals(SoupBinTcp.LOGIN_REQUEST, p.type());
        assertEquals(47, p.packetLength());
        assertEquals(46, p.payloadLength());
        assertTrue(p.usernameEquals("nt"));
        assertFalse(p.usernameEquals("ntx"));
        assertTrue(p.passwordEquals("secret"));
        assertFalse(p.passwordEquals("secre"));
        assertEquals("", p.requestedSession(new StringBuilder()).toString());
        assertEquals(42, p.requestedSequence());
        assertEquals("nt", p.username(new StringBuilder()).toString());
    }

    @Test
    void loginRequestBadSequenceIsMinusOne() {
        byte[] v = LOGIN_REQUEST.clone();
        v[v.length - 3] = 'x';
        assertEquals(-1, p.wrap(seg(v), 0).requestedSequence());
    }

    @Test
    void loginAccepted() {
        int n = SoupBinTcp.putLoginAccepted(buf, 0, "SESSION", 7);
        assertArrayEquals(LOGIN_ACCEPTED, bytes(buf, 0, n));
        p.wrap(seg(LOGIN_ACCEPTED), 0);
        assertEquals(SoupBinTcp.LOGIN_ACCEPTED, p.type());
        assertEquals("SESSION", p.session(new StringBuilder()).toString());
        assertEquals(7, p.sequence());
    }

    @Test
    void loginRejected() {
        int n = SoupBinTcp.putLoginRejected(buf, 0, SoupBinTcp.REJECT_NOT_AUTHORIZED);
        assertArrayEquals(LOGIN_REJECTED_AUTH, bytes(buf, 0, n));
        n = SoupBinTcp.putLoginRejected(buf, 0, SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE);
        assertArrayEquals(LOGIN_REJECTED_SESSION, bytes(buf, 0, n));
        assertEquals('A', p.wrap(seg(LOGIN_REJECTED_AUTH), 0).rejectReason());
    }

    @Test
    void emptyPackets() {
        assertArrayEquals(SERVER_HEARTBEAT, bytes(buf, 0, SoupBinTcp.putEmpty(buf, 0, SoupBinTcp.SERVER_HEARTBEAT)));
        assertArrayEquals(CLIENT_HEARTBEAT, bytes(buf, 0, SoupBinTcp.putEmpty(buf, 0, SoupBinTcp.CLIENT_HEARTBEAT)));
        assertArrayEquals(END_OF_SESSION, bytes(buf, 0, SoupBinTcp.putEmpty(buf, 0, SoupBinTcp.END_OF_SESSION)));
        assertArrayEquals(LOGOUT_REQUEST, bytes(buf, 0, SoupBinTcp.putEmpty(buf, 0, SoupBinTcp.LOGOUT_REQUEST)));
        assertEquals(SoupBinTcp.END_OF_SESSION, p.wrap(seg(END_OF_SESSION), 0).type());
        assertEquals(0, p.payloadLength());
    }

    @Test
    void debugPacket() {
        assertArrayEquals(DEBUG, bytes(buf, 0, SoupBinTcp.putDebug(buf, 0, "hello")));
    }

    @Test
    void sequencedAndUnsequencedData() {
        int h = SoupBinTcp.putDataHeader(buf, 0, SoupBinTcp.SEQUENCED_DATA, 18);
        new Ouch.OrderCanceled().wrapForEncode(buf, h).timestamp(1000).userRefNum(1).quantity(100)
                .reason(Ouch.CANCEL_USER_REQUESTED);
        assertArrayEquals(SEQUENCED, bytes(buf, 0, h + 18));
        p.wrap(seg(UNSEQUENCED), 0);
        assertEquals(SoupBinTcp.UNSEQUENCED_DATA, p.type());
        assertEquals(9, p.payloadLength());
        assertEquals(Ouch.CANCEL_ORDER, Ouch.validateInbound(p.segment(), p.payloadOffset(), p.payloadLength()));
    }

    @Test
    void framing() {
        MemorySegment s = seg(of("hex:00 01 48 00 02 4A"));
        assertEquals(3, SoupBinTcp.frameLength(s, 0, 6));
        assertEquals(0, SoupBinTcp.frameLength(s, 3, 3)); // incomplete: needs 4
        assertEquals(0, SoupBinTcp.frameLength(s, 3, 1));
    }
}
