package io.nanotick.ouch;

import java.lang.foreign.MemorySegment;

/**
 * SoupBinTCP 4.0 framing: every packet is a 2-byte big-endian Packet Length
 * (counting the type byte and the payload, not itself), a 1-byte Packet Type
 * and the payload.  The static {@code put*} methods encode a whole packet at
 * {@code off} and return its size on the wire; {@link Packet} reads one.
 * Nothing here allocates.
 */
public final class SoupBinTcp {
    // server -> client
    public static final byte DEBUG = '+';
    public static final byte LOGIN_ACCEPTED = 'A';
    public static final byte LOGIN_REJECTED = 'J';
    public static final byte SEQUENCED_DATA = 'S';
    public static final byte SERVER_HEARTBEAT = 'H';
    public static final byte END_OF_SESSION = 'Z';
    // client -> server
    public static final byte LOGIN_REQUEST = 'L';
    public static final byte UNSEQUENCED_DATA = 'U';
    public static final byte CLIENT_HEARTBEAT = 'R';
    public static final byte LOGOUT_REQUEST = 'O';

    /** Login Rejected reason codes. */
    public static final byte REJECT_NOT_AUTHORIZED = 'A';
    public static final byte REJECT_SESSION_NOT_AVAILABLE = 'S';

    public static final int HEADER = 3;
    public static final int USERNAME_LEN = 6;
    public static final int PASSWORD_LEN = 10;
    public static final int SESSION_LEN = 10;
    public static final int SEQUENCE_LEN = 20;
    /** Payload sizes (excluding the 3-byte header). */
    public static final int LOGIN_REQUEST_PAYLOAD = USERNAME_LEN + PASSWORD_LEN + SESSION_LEN + SEQUENCE_LEN; // 46
    public static final int LOGIN_ACCEPTED_PAYLOAD = SESSION_LEN + SEQUENCE_LEN; // 30
    public static final int LOGIN_REJECTED_PAYLOAD = 1;

    /** Largest packet this implementation accepts (the spec allows 65535; OUCH messages are far smaller). */
    public static final int MAX_PACKET = 65535 + 2;

    private SoupBinTcp() {
    }

    private static long header(MemorySegment s, long off, byte type, int payload) {
        Wire.putU16(s, off, payload + 1);
        Wire.putByte(s, off + 2, type);
        return off + HEADER;
    }

    public static int putLoginRequest(MemorySegment s, long off, CharSequence user, CharSequence password,
                                      CharSequence session, long sequence) {
        long p = header(s, off, LOGIN_REQUEST, LOGIN_REQUEST_PAYLOAD);
        Wire.putAlpha(s, p, USERNAME_LEN, user);
        Wire.putAlpha(s, p + USERNAME_LEN, PASSWORD_LEN, password);
        Wire.putAlphaRight(s, p + USERNAME_LEN + PASSWORD_LEN, SESSION_LEN, session);
        Wire.putNumeric(s, p + USERNAME_LEN + PASSWORD_LEN + SESSION_LEN, SEQUENCE_LEN, sequence);
        return HEADER + LOGIN_REQUEST_PAYLOAD;
    }

    public static int putLoginAccepted(MemorySegment s, long off, CharSequence session, long sequence) {
        long p = header(s, off, LOGIN_ACCEPTED, LOGIN_ACCEPTED_PAYLOAD);
        Wire.putAlphaRight(s, p, SESSION_LEN, session);
        Wire.putNumeric(s, p + SESSION_LEN, SEQUENCE_LEN, sequence);
        return HEADER + LOGIN_ACCEPTED_PAYLOAD;
    }

    public static int putLoginRejected(MemorySegment s, long off, byte reason) {
        long p = header(s, off, LOGIN_REJECTED, LOGIN_REJECTED_PAYLOAD);
        Wire.putByte(s, p, reason);
        return HEADER + LOGIN_REJECTED_PAYLOAD;
    }

    /** A packet with no payload: heartbeats, logout request, end of session. */
    public static int putEmpty(MemorySegment s, long off, byte type) {
        header(s, off, type, 0);
        return HEADER;
    }

    /** Writes only the header of a data packet ('S', 'U' or '+') whose payload of {@code len} bytes follows. */
    public static int putDataHeader(MemorySegment s, long off, byte type, int len) {
        header(s, off, type, len);
        return HEADER;
    }

    public static int putDebug(MemorySegment s, long off, CharSequence text) {
        long p = header(s, off, DEBUG, text.length());
        Wire.putAlpha(s, p, text.length(), text);
        return HEADER + text.length();
    }

    /**
     * How many bytes of a complete packet start at {@code off} given {@code available} bytes,
     * or 0 when more bytes are needed.
     */
    public static int frameLength(MemorySegment s, long off, long available) {
        if (available < 2) {
            return 0;
        }
        int len = Wire.getU16(s, off) + 2;
        return available >= len ? len : 0;
    }

    /** A read-only view of one packet. */
    public static final class Packet {
        private MemorySegment s;
        private long off;

        public Packet wrap(MemorySegment segment, long offset) {
            this.s = segment;
            this.off = offset;
            return this;
        }

        /** Packet Length field: type byte + payload. */
        public int packetLength() {
            return Wire.getU16(s, off);
        }

        /** 0 when the packet length is 0 (malformed: it has no type). */
        public byte type() {
            return packetLength() == 0 ? 0 : Wire.getByte(s, off + 2);
        }

        public long payloadOffset() {
            return off + HEADER;
        }

        public int payloadLength() {
            return packetLength() - 1;
        }

        public MemorySegment segment() {
            return s;
        }

        // Login Request
        public boolean usernameEquals(CharSequence u) {
            return Wire.alphaEquals(s, off + HEADER, USERNAME_LEN, u);
        }

        public boolean passwordEquals(CharSequence p) {
            return Wire.alphaEquals(s, off + HEADER + USERNAME_LEN, PASSWORD_LEN, p);
        }

        public StringBuilder username(StringBuilder sb) {
            return Wire.getAlpha(s, off + HEADER, USERNAME_LEN, sb);
        }

        public StringBuilder requestedSession(StringBuilder sb) {
            return Wire.getAlpha(s, off + HEADER + USERNAME_LEN + PASSWORD_LEN, SESSION_LEN, sb);
        }

        /** Requested Sequence Number; 0 = the most recently generated message; -1 = malformed. */
        public long requestedSequence() {
            return Wire.getNumeric(s, off + HEADER + USERNAME_LEN + PASSWORD_LEN + SESSION_LEN, SEQUENCE_LEN);
        }

        // Login Accepted
        public StringBuilder session(StringBuilder sb) {
            return Wire.getAlpha(s, off + HEADER, SESSION_LEN, sb);
        }

        /** Login Accepted: the sequence number of the next sequenced message; -1 = malformed. */
        public long sequence() {
            return Wire.getNumeric(s, off + HEADER + SESSION_LEN, SEQUENCE_LEN);
        }

        // Login Rejected
        public byte rejectReason() {
            return Wire.getByte(s, off + HEADER);
        }
    }
}
