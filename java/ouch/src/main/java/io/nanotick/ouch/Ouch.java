package io.nanotick.ouch;

import java.lang.foreign.MemorySegment;

/**
 * OUCH 5.0 (NASDAQ equities) messages as zero-allocation flyweights over a
 * {@link MemorySegment}.  Every message starts with its 1-byte type; integers
 * are big-endian; Price is 8 bytes with 4 implied decimals; Symbol is 8
 * bytes alpha, left-justified, space padded; ClOrdID is 14 bytes alpha;
 * Timestamp is nanoseconds since midnight.  Messages with appendages carry a
 * 2-byte AppendageLength after the fixed part; this codec passes appendages
 * through untouched (the simulator accepts and ignores them).
 */
public final class Ouch {
    // inbound (client -> exchange)
    public static final byte ENTER_ORDER = 'O';
    public static final byte REPLACE_ORDER = 'U';
    public static final byte CANCEL_ORDER = 'X';
    public static final byte MODIFY_ORDER = 'M';
    public static final byte ACCOUNT_QUERY = 'Q';
    // outbound (exchange -> client)
    public static final byte SYSTEM_EVENT = 'S';
    public static final byte ORDER_ACCEPTED = 'A';
    public static final byte ORDER_REPLACED = 'U';
    public static final byte ORDER_CANCELED = 'C';
    public static final byte ORDER_EXECUTED = 'E';
    public static final byte ORDER_REJECTED = 'J';
    public static final byte ORDER_MODIFIED = 'M';
    public static final byte ACCOUNT_QUERY_RESPONSE = 'Q';

    public static final byte SIDE_BUY = 'B';
    public static final byte SIDE_SELL = 'S';
    public static final byte SIDE_SELL_SHORT = 'T';
    public static final byte SIDE_SELL_SHORT_EXEMPT = 'E';

    public static final byte TIF_DAY = '0';
    public static final byte TIF_IOC = '3';
    public static final byte TIF_GTX = '5';
    public static final byte TIF_GTT = '6';
    public static final byte TIF_AFTER_HOURS = 'E';

    public static final byte DISPLAY_VISIBLE = 'Y';
    public static final byte DISPLAY_HIDDEN = 'N';
    public static final byte DISPLAY_ATTRIBUTABLE = 'A';

    public static final byte CAPACITY_AGENCY = 'A';
    public static final byte CAPACITY_PRINCIPAL = 'P';
    public static final byte CAPACITY_RISKLESS = 'R';
    public static final byte CAPACITY_OTHER = 'O';

    public static final byte CROSS_NONE = 'N';
    public static final byte ISO_ELIGIBLE = 'Y';
    public static final byte ISO_NOT_ELIGIBLE = 'N';

    public static final byte STATE_LIVE = 'L';
    public static final byte STATE_DEAD = 'D';

    public static final byte LIQUIDITY_ADDED = 'A';
    public static final byte LIQUIDITY_REMOVED = 'R';

    public static final byte EVENT_START_OF_DAY = 'S';
    public static final byte EVENT_END_OF_DAY = 'E';

    /** Order Canceled reasons (1 byte). */
    public static final byte CANCEL_USER_REQUESTED = 'U';
    public static final byte CANCEL_IMMEDIATE_OR_CANCEL = 'I';
    public static final byte CANCEL_TIMEOUT = 'T';
    public static final byte CANCEL_SUPERVISORY = 'S';
    public static final byte CANCEL_REGULATORY = 'D';
    public static final byte CANCEL_SELF_MATCH_PREVENTION = 'Q';
    public static final byte CANCEL_SYSTEM = 'Z';
    public static final byte CANCEL_HALTED = 'H';
    public static final byte CANCEL_CLOSED = 'E';

    /**
     * Rejected reasons: 2-byte integer codes of the OUCH 5.0 specification's
     * appendix (a subset; 0x0020 and up are the risk checks this simulator
     * does not model).
     */
    public static final int REJECT_QUOTE_UNAVAILABLE = 0x0001;
    public static final int REJECT_DESTINATION_CLOSED = 0x0002;
    public static final int REJECT_INVALID_DISPLAY = 0x0003;
    public static final int REJECT_INVALID_MAX_FLOOR = 0x0004;
    public static final int REJECT_INVALID_PEG_TYPE = 0x0005;
    public static final int REJECT_FAT_FINGER = 0x0006;
    public static final int REJECT_HALTED = 0x0007;
    public static final int REJECT_ISO_NOT_ALLOWED = 0x0008;
    public static final int REJECT_INVALID_SIDE = 0x0009;
    public static final int REJECT_PROCESSING_ERROR = 0x000A;
    public static final int REJECT_CANCEL_PENDING = 0x000B;
    public static final int REJECT_FIRM_NOT_AUTHORIZED = 0x000C;
    public static final int REJECT_INVALID_MIN_QUANTITY = 0x000D;
    public static final int REJECT_NO_CLOSING_REFERENCE_PRICE = 0x000E;
    public static final int REJECT_OTHER = 0x000F;
    public static final int REJECT_CANCEL_NOT_ALLOWED = 0x0010;
    public static final int REJECT_PEGGING_NOT_ALLOWED = 0x0011;
    public static final int REJECT_CROSSED_MARKET = 0x0012;
    public static final int REJECT_INVALID_QUANTITY = 0x0013;
    public static final int REJECT_INVALID_CROSS_ORDER = 0x0014;
    public static final int REJECT_REPLACE_NOT_ALLOWED = 0x0015;
    public static final int REJECT_ROUTING_NOT_ALLOWED = 0x0016;
    public static final int REJECT_INVALID_SYMBOL = 0x0017;
    public static final int REJECT_TEST = 0x0018;
    public static final int REJECT_LATE_LOC_TOO_AGGRESSIVE = 0x0019;
    public static final int REJECT_RETAIL_NOT_ALLOWED = 0x001A;
    public static final int REJECT_INVALID_MIDPOINT_POST_ONLY_PRICE = 0x001B;
    public static final int REJECT_INVALID_DESTINATION = 0x001C;
    public static final int REJECT_INVALID_PRICE = 0x001D;
    public static final int REJECT_SHARES_EXCEED_THRESHOLD = 0x001E;
    public static final int REJECT_EXCEEDS_MAX_NOTIONAL = 0x001F;

    /** Largest quantity an order may have (OUCH: fewer than 1,000,000 shares). */
    public static final int MAX_QUANTITY = 999_999;

    public static final int SYMBOL_LEN = 8;
    public static final int CL_ORD_ID_LEN = 14;

    private Ouch() {
    }

    /**
     * Length of the fixed part of an inbound message of {@code type}, or -1
     * when this codec does not know the type.
     */
    public static int inboundFixedLength(byte type) {
        return switch (type) {
            case ENTER_ORDER -> EnterOrder.LENGTH;
            case REPLACE_ORDER -> ReplaceOrder.LENGTH;
            case CANCEL_ORDER -> CancelOrder.LENGTH;
            case MODIFY_ORDER -> ModifyOrder.LENGTH;
            case ACCOUNT_QUERY -> AccountQuery.LENGTH;
            default -> -1;
        };
    }

    /**
     * Checks an inbound message of {@code len} bytes: known type, and its
     * length equal to the fixed part plus AppendageLength.  Returns the type,
     * or 0 when unknown or malformed.
     */
    public static byte validateInbound(MemorySegment s, long off, int len) {
        if (len < 1) {
            return 0;
        }
        byte type = Wire.getByte(s, off);
        int fixed = inboundFixedLength(type);
        if (fixed < 0 || len < fixed) {
            return 0;
        }
        int app = switch (type) {
            case ENTER_ORDER, REPLACE_ORDER -> Wire.getU16(s, off + fixed - 2);
            default -> 0;
        };
        return len == fixed + app ? type : 0;
    }

    abstract static class Flyweight {
        MemorySegment s;
        long off;

        final void bind(MemorySegment segment, long offset) {
            this.s = segment;
            this.off = offset;
        }

        public final byte type() {
            return Wire.getByte(s, off);
        }

        public final long offset() {
            return off;
        }

        public final MemorySegment segment() {
            return s;
        }
    }

    /** Enter Order 'O': 47 bytes + appendages. */
    public static final class EnterOrder extends Flyweight {
        public static final int LENGTH = 47;
        static final int USER_REF = 1, SIDE = 5, QTY = 6, SYMBOL = 10, PRICE = 18, TIF = 26, DISPLAY = 27,
                CAPACITY = 28, ISO = 29, CROSS = 30, CL_ORD_ID = 31, APPENDAGE_LEN = 45;

        public EnterOrder wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        /** Writes the type byte and a zero AppendageLength; returns this. */
        public EnterOrder wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, ENTER_ORDER);
            Wire.putU16(s, off + APPENDAGE_LEN, 0);
            return this;
        }

        public int userRefNum() { return Wire.getInt(s, off + USER_REF); }
        public EnterOrder userRefNum(int v) { Wire.putInt(s, off + USER_REF, v); return this; }
        public byte side() { return Wire.getByte(s, off + SIDE); }
        public EnterOrder side(byte v) { Wire.putByte(s, off + SIDE, v); return this; }
        public int quantity() { return Wire.getInt(s, off + QTY); }
        public EnterOrder quantity(int v) { Wire.putInt(s, off + QTY, v); return this; }
        public long symbolKey() { return Wire.getLong(s, off + SYMBOL); }
        public EnterOrder symbolKey(long v) { Wire.putLong(s, off + SYMBOL, v); return this; }
        public EnterOrder symbol(CharSequence v) { Wire.putAlpha(s, off + SYMBOL, SYMBOL_LEN, v); return this; }
        public long price() { return Wire.getLong(s, off + PRICE); }
        public EnterOrder price(long v) { Wire.putLong(s, off + PRICE, v); return this; }
        public byte timeInForce() { return Wire.getByte(s, off + TIF); }
        public EnterOrder timeInForce(byte v) { Wire.putByte(s, off + TIF, v); return this; }
        public byte display() { return Wire.getByte(s, off + DISPLAY); }
        public EnterOrder display(byte v) { Wire.putByte(s, off + DISPLAY, v); return this; }
        public byte capacity() { return Wire.getByte(s, off + CAPACITY); }
        public EnterOrder capacity(byte v) { Wire.putByte(s, off + CAPACITY, v); return this; }
        public byte interMarketSweep() { return Wire.getByte(s, off + ISO); }
        public EnterOrder interMarketSweep(byte v) { Wire.putByte(s, off + ISO, v); return this; }
        public byte crossType() { return Wire.getByte(s, off + CROSS); }
        public EnterOrder crossType(byte v) { Wire.putByte(s, off + CROSS, v); return this; }
        public long clOrdIdOffset() { return off + CL_ORD_ID; }
        public EnterOrder clOrdId(CharSequence v) { Wire.putAlpha(s, off + CL_ORD_ID, CL_ORD_ID_LEN, v); return this; }
        public int appendageLength() { return Wire.getU16(s, off + APPENDAGE_LEN); }
        public int length() { return LENGTH + appendageLength(); }
    }

    /** Replace Order 'U': 40 bytes + appendages. */
    public static final class ReplaceOrder extends Flyweight {
        public static final int LENGTH = 40;
        static final int ORIG_USER_REF = 1, USER_REF = 5, QTY = 9, PRICE = 13, TIF = 21, DISPLAY = 22, ISO = 23,
                CL_ORD_ID = 24, APPENDAGE_LEN = 38;

        public ReplaceOrder wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public ReplaceOrder wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, REPLACE_ORDER);
            Wire.putU16(s, off + APPENDAGE_LEN, 0);
            return this;
        }

        public int origUserRefNum() { return Wire.getInt(s, off + ORIG_USER_REF); }
        public ReplaceOrder origUserRefNum(int v) { Wire.putInt(s, off + ORIG_USER_REF, v); return this; }
        public int userRefNum() { return Wire.getInt(s, off + USER_REF); }
        public ReplaceOrder userRefNum(int v) { Wire.putInt(s, off + USER_REF, v); return this; }
        public int quantity() { return Wire.getInt(s, off + QTY); }
        public ReplaceOrder quantity(int v) { Wire.putInt(s, off + QTY, v); return this; }
        public long price() { return Wire.getLong(s, off + PRICE); }
        public ReplaceOrder price(long v) { Wire.putLong(s, off + PRICE, v); return this; }
        public byte timeInForce() { return Wire.getByte(s, off + TIF); }
        public ReplaceOrder timeInForce(byte v) { Wire.putByte(s, off + TIF, v); return this; }
        public byte display() { return Wire.getByte(s, off + DISPLAY); }
        public ReplaceOrder display(byte v) { Wire.putByte(s, off + DISPLAY, v); return this; }
        public byte interMarketSweep() { return Wire.getByte(s, off + ISO); }
        public ReplaceOrder interMarketSweep(byte v) { Wire.putByte(s, off + ISO, v); return this; }
        public long clOrdIdOffset() { return off + CL_ORD_ID; }
        public ReplaceOrder clOrdId(CharSequence v) { Wire.putAlpha(s, off + CL_ORD_ID, CL_ORD_ID_LEN, v); return this; }
        public int appendageLength() { return Wire.getU16(s, off + APPENDAGE_LEN); }
        public int length() { return LENGTH + appendageLength(); }
    }

    /** Cancel Order 'X': 9 bytes.  Quantity is the new intended size: 0 cancels the whole order. */
    public static final class CancelOrder extends Flyweight {
        public static final int LENGTH = 9;
        static final int USER_REF = 1, QTY = 5;

        public CancelOrder wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public CancelOrder wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, CANCEL_ORDER);
            return this;
        }

        public int userRefNum() { return Wire.getInt(s, off + USER_REF); }
        public CancelOrder userRefNum(int v) { Wire.putInt(s, off + USER_REF, v); return this; }
        public int quantity() { return Wire.getInt(s, off + QTY); }
        public CancelOrder quantity(int v) { Wire.putInt(s, off + QTY, v); return this; }
        public int length() { return LENGTH; }
    }

    /**
     * Modify Order 'M': 10 bytes (type, UserRefNum, Side, Quantity).  Changes the side of a
     * live order among the sell sides (S, T, E) and/or reduces its open Quantity (the new
     * intended open size) without losing priority.  Answered with Order Modified.
     */
    public static final class ModifyOrder extends Flyweight {
        public static final int LENGTH = 10;
        static final int USER_REF = 1, SIDE = 5, QTY = 6;

        public ModifyOrder wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public ModifyOrder wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, MODIFY_ORDER);
            return this;
        }

        public int userRefNum() { return Wire.getInt(s, off + USER_REF); }
        public ModifyOrder userRefNum(int v) { Wire.putInt(s, off + USER_REF, v); return this; }
        public byte side() { return Wire.getByte(s, off + SIDE); }
        public ModifyOrder side(byte v) { Wire.putByte(s, off + SIDE, v); return this; }
        public int quantity() { return Wire.getInt(s, off + QTY); }
        public ModifyOrder quantity(int v) { Wire.putInt(s, off + QTY, v); return this; }
        public int length() { return LENGTH; }
    }

    /** Account Query 'Q': 1 byte (the type).  Answered with Account Query Response. */
    public static final class AccountQuery extends Flyweight {
        public static final int LENGTH = 1;

        public AccountQuery wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public AccountQuery wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, ACCOUNT_QUERY);
            return this;
        }

        public int length() { return LENGTH; }
    }

    /** Order Modified 'M': 18 bytes (type, Timestamp, UserRefNum, Side, Quantity = the open size now). */
    public static final class OrderModified extends Flyweight {
        public static final int LENGTH = 18;
        static final int TIMESTAMP = 1, USER_REF = 9, SIDE = 13, QTY = 14;

        public OrderModified wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public OrderModified wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, ORDER_MODIFIED);
            return this;
        }

        public long timestamp() { return Wire.getLong(s, off + TIMESTAMP); }
        public OrderModified timestamp(long v) { Wire.putLong(s, off + TIMESTAMP, v); return this; }
        public int userRefNum() { return Wire.getInt(s, off + USER_REF); }
        public OrderModified userRefNum(int v) { Wire.putInt(s, off + USER_REF, v); return this; }
        public byte side() { return Wire.getByte(s, off + SIDE); }
        public OrderModified side(byte v) { Wire.putByte(s, off + SIDE, v); return this; }
        public int quantity() { return Wire.getInt(s, off + QTY); }
        public OrderModified quantity(int v) { Wire.putInt(s, off + QTY, v); return this; }
    }

    /** Account Query Response 'Q': 13 bytes (type, Timestamp, NextUserRefNum = the lowest UserRefNum the account may use next). */
    public static final class AccountQueryResponse extends Flyweight {
        public static final int LENGTH = 13;
        static final int TIMESTAMP = 1, NEXT_USER_REF = 9;

        public AccountQueryResponse wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public AccountQueryResponse wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, ACCOUNT_QUERY_RESPONSE);
            return this;
        }

        public long timestamp() { return Wire.getLong(s, off + TIMESTAMP); }
        public AccountQueryResponse timestamp(long v) { Wire.putLong(s, off + TIMESTAMP, v); return this; }
        public int nextUserRefNum() { return Wire.getInt(s, off + NEXT_USER_REF); }
        public AccountQueryResponse nextUserRefNum(int v) { Wire.putInt(s, off + NEXT_USER_REF, v); return this; }
    }

    /** System Event 'S': 10 bytes. */
    public static final class SystemEvent extends Flyweight {
        public static final int LENGTH = 10;
        static final int TIMESTAMP = 1, EVENT = 9;

        public SystemEvent wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public SystemEvent wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, SYSTEM_EVENT);
            return this;
        }

        public long timestamp() { return Wire.getLong(s, off + TIMESTAMP); }
        public SystemEvent timestamp(long v) { Wire.putLong(s, off + TIMESTAMP, v); return this; }
        public byte eventCode() { return Wire.getByte(s, off + EVENT); }
        public SystemEvent eventCode(byte v) { Wire.putByte(s, off + EVENT, v); return this; }
    }

    /** Order Accepted 'A': 64 bytes + appendages. */
    public static final class OrderAccepted extends Flyweight {
        public static final int LENGTH = 64;
        static final int TIMESTAMP = 1, USER_REF = 9, SIDE = 13, QTY = 14, SYMBOL = 18, PRICE = 26, TIF = 34,
                DISPLAY = 35, ORDER_REF = 36, CAPACITY = 44, ISO = 45, CROSS = 46, STATE = 47, CL_ORD_ID = 48,
                APPENDAGE_LEN = 62;

        public OrderAccepted wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public OrderAccepted wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, ORDER_ACCEPTED);
            Wire.putU16(s, off + APPENDAGE_LEN, 0);
            return this;
        }

        public long timestamp() { return Wire.getLong(s, off + TIMESTAMP); }
        public OrderAccepted timestamp(long v) { Wire.putLong(s, off + TIMESTAMP, v); return this; }
        public int userRefNum() { return Wire.getInt(s, off + USER_REF); }
        public OrderAccepted userRefNum(int v) { Wire.putInt(s, off + USER_REF, v); return this; }
        public byte side() { return Wire.getByte(s, off + SIDE); }
        public OrderAccepted side(byte v) { Wire.putByte(s, off + SIDE, v); return this; }
        public int quantity() { return Wire.getInt(s, off + QTY); }
        public OrderAccepted quantity(int v) { Wire.putInt(s, off + QTY, v); return this; }
        public long symbolKey() { return Wire.getLong(s, off + SYMBOL); }
        public OrderAccepted symbolKey(long v) { Wire.putLong(s, off + SYMBOL, v); return this; }
        public long price() { return Wire.getLong(s, off + PRICE); }
        public OrderAccepted price(long v) { Wire.putLong(s, off + PRICE, v); return this; }
        public byte timeInForce() { return Wire.getByte(s, off + TIF); }
        public OrderAccepted timeInForce(byte v) { Wire.putByte(s, off + TIF, v); return this; }
        public byte display() { return Wire.getByte(s, off + DISPLAY); }
        public OrderAccepted display(byte v) { Wire.putByte(s, off + DISPLAY, v); return this; }
        public long orderReferenceNumber() { return Wire.getLong(s, off + ORDER_REF); }
        public OrderAccepted orderReferenceNumber(long v) { Wire.putLong(s, off + ORDER_REF, v); return this; }
        public byte capacity() { return Wire.getByte(s, off + CAPACITY); }
        public OrderAccepted capacity(byte v) { Wire.putByte(s, off + CAPACITY, v); return this; }
        public byte interMarketSweep() { return Wire.getByte(s, off + ISO); }
        public OrderAccepted interMarketSweep(byte v) { Wire.putByte(s, off + ISO, v); return this; }
        public byte crossType() { return Wire.getByte(s, off + CROSS); }
        public OrderAccepted crossType(byte v) { Wire.putByte(s, off + CROSS, v); return this; }
        public byte orderState() { return Wire.getByte(s, off + STATE); }
        public OrderAccepted orderState(byte v) { Wire.putByte(s, off + STATE, v); return this; }
        public long clOrdIdOffset() { return off + CL_ORD_ID; }
        public OrderAccepted clOrdId(CharSequence v) { Wire.putAlpha(s, off + CL_ORD_ID, CL_ORD_ID_LEN, v); return this; }
        /** Copies the 14-byte ClOrdID from another segment (e.g. the Enter Order being accepted). */
        public OrderAccepted clOrdId(MemorySegment src, long srcOff) { MemorySegment.copy(src, srcOff, s, off + CL_ORD_ID, CL_ORD_ID_LEN); return this; }
        public int appendageLength() { return Wire.getU16(s, off + APPENDAGE_LEN); }
        public int length() { return LENGTH + appendageLength(); }
    }

    /** Order Replaced 'U': 68 bytes + appendages. */
    public static final class OrderReplaced extends Flyweight {
        public static final int LENGTH = 68;
        static final int TIMESTAMP = 1, ORIG_USER_REF = 9, USER_REF = 13, SIDE = 17, QTY = 18, SYMBOL = 22,
                PRICE = 30, TIF = 38, DISPLAY = 39, ORDER_REF = 40, CAPACITY = 48, ISO = 49, CROSS = 50,
                STATE = 51, CL_ORD_ID = 52, APPENDAGE_LEN = 66;

        public OrderReplaced wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public OrderReplaced wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, ORDER_REPLACED);
            Wire.putU16(s, off + APPENDAGE_LEN, 0);
            return this;
        }

        public long timestamp() { return Wire.getLong(s, off + TIMESTAMP); }
        public OrderReplaced timestamp(long v) { Wire.putLong(s, off + TIMESTAMP, v); return this; }
        public int origUserRefNum() { return Wire.getInt(s, off + ORIG_USER_REF); }
        public OrderReplaced origUserRefNum(int v) { Wire.putInt(s, off + ORIG_USER_REF, v); return this; }
        public int userRefNum() { return Wire.getInt(s, off + USER_REF); }
        public OrderReplaced userRefNum(int v) { Wire.putInt(s, off + USER_REF, v); return this; }
        public byte side() { return Wire.getByte(s, off + SIDE); }
        public OrderReplaced side(byte v) { Wire.putByte(s, off + SIDE, v); return this; }
        public int quantity() { return Wire.getInt(s, off + QTY); }
        public OrderReplaced quantity(int v) { Wire.putInt(s, off + QTY, v); return this; }
        public long symbolKey() { return Wire.getLong(s, off + SYMBOL); }
        public OrderReplaced symbolKey(long v) { Wire.putLong(s, off + SYMBOL, v); return this; }
        public long price() { return Wire.getLong(s, off + PRICE); }
        public OrderReplaced price(long v) { Wire.putLong(s, off + PRICE, v); return this; }
        public byte timeInForce() { return Wire.getByte(s, off + TIF); }
        public OrderReplaced timeInForce(byte v) { Wire.putByte(s, off + TIF, v); return this; }
        public byte display() { return Wire.getByte(s, off + DISPLAY); }
        public OrderReplaced display(byte v) { Wire.putByte(s, off + DISPLAY, v); return this; }
        public long orderReferenceNumber() { return Wire.getLong(s, off + ORDER_REF); }
        public OrderReplaced orderReferenceNumber(long v) { Wire.putLong(s, off + ORDER_REF, v); return this; }
        public byte capacity() { return Wire.getByte(s, off + CAPACITY); }
        public OrderReplaced capacity(byte v) { Wire.putByte(s, off + CAPACITY, v); return this; }
        public byte interMarketSweep() { return Wire.getByte(s, off + ISO); }
        public OrderReplaced interMarketSweep(byte v) { Wire.putByte(s, off + ISO, v); return this; }
        public byte crossType() { return Wire.getByte(s, off + CROSS); }
        public OrderReplaced crossType(byte v) { Wire.putByte(s, off + CROSS, v); return this; }
        public byte orderState() { return Wire.getByte(s, off + STATE); }
        public OrderReplaced orderState(byte v) { Wire.putByte(s, off + STATE, v); return this; }
        public long clOrdIdOffset() { return off + CL_ORD_ID; }
        public OrderReplaced clOrdId(CharSequence v) { Wire.putAlpha(s, off + CL_ORD_ID, CL_ORD_ID_LEN, v); return this; }
        public OrderReplaced clOrdId(MemorySegment src, long srcOff) { MemorySegment.copy(src, srcOff, s, off + CL_ORD_ID, CL_ORD_ID_LEN); return this; }
        public int appendageLength() { return Wire.getU16(s, off + APPENDAGE_LEN); }
        public int length() { return LENGTH + appendageLength(); }
    }

    /** Order Canceled 'C': 18 bytes.  Quantity is the number of shares just taken off the order. */
    public static final class OrderCanceled extends Flyweight {
        public static final int LENGTH = 18;
        static final int TIMESTAMP = 1, USER_REF = 9, QTY = 13, REASON = 17;

        public OrderCanceled wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public OrderCanceled wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, ORDER_CANCELED);
            return this;
        }

        public long timestamp() { return Wire.getLong(s, off + TIMESTAMP); }
        public OrderCanceled timestamp(long v) { Wire.putLong(s, off + TIMESTAMP, v); return this; }
        public int userRefNum() { return Wire.getInt(s, off + USER_REF); }
        public OrderCanceled userRefNum(int v) { Wire.putInt(s, off + USER_REF, v); return this; }
        public int quantity() { return Wire.getInt(s, off + QTY); }
        public OrderCanceled quantity(int v) { Wire.putInt(s, off + QTY, v); return this; }
        public byte reason() { return Wire.getByte(s, off + REASON); }
        public OrderCanceled reason(byte v) { Wire.putByte(s, off + REASON, v); return this; }
    }

    /** Order Executed 'E': 36 bytes + appendages. */
    public static final class OrderExecuted extends Flyweight {
        public static final int LENGTH = 36;
        static final int TIMESTAMP = 1, USER_REF = 9, QTY = 13, PRICE = 17, LIQUIDITY = 25, MATCH = 26,
                APPENDAGE_LEN = 34;

        public OrderExecuted wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public OrderExecuted wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, ORDER_EXECUTED);
            Wire.putU16(s, off + APPENDAGE_LEN, 0);
            return this;
        }

        public long timestamp() { return Wire.getLong(s, off + TIMESTAMP); }
        public OrderExecuted timestamp(long v) { Wire.putLong(s, off + TIMESTAMP, v); return this; }
        public int userRefNum() { return Wire.getInt(s, off + USER_REF); }
        public OrderExecuted userRefNum(int v) { Wire.putInt(s, off + USER_REF, v); return this; }
        public int quantity() { return Wire.getInt(s, off + QTY); }
        public OrderExecuted quantity(int v) { Wire.putInt(s, off + QTY, v); return this; }
        public long price() { return Wire.getLong(s, off + PRICE); }
        public OrderExecuted price(long v) { Wire.putLong(s, off + PRICE, v); return this; }
        public byte liquidityFlag() { return Wire.getByte(s, off + LIQUIDITY); }
        public OrderExecuted liquidityFlag(byte v) { Wire.putByte(s, off + LIQUIDITY, v); return this; }
        public long matchNumber() { return Wire.getLong(s, off + MATCH); }
        public OrderExecuted matchNumber(long v) { Wire.putLong(s, off + MATCH, v); return this; }
        public int appendageLength() { return Wire.getU16(s, off + APPENDAGE_LEN); }
        public int length() { return LENGTH + appendageLength(); }
    }

    /** Order Rejected 'J': 29 bytes; Reason is a 2-byte integer code. */
    public static final class OrderRejected extends Flyweight {
        public static final int LENGTH = 29;
        static final int TIMESTAMP = 1, USER_REF = 9, REASON = 13, CL_ORD_ID = 15;

        public OrderRejected wrap(MemorySegment segment, long offset) {
            bind(segment, offset);
            return this;
        }

        public OrderRejected wrapForEncode(MemorySegment segment, long offset) {
            bind(segment, offset);
            Wire.putByte(s, off, ORDER_REJECTED);
            return this;
        }

        public long timestamp() { return Wire.getLong(s, off + TIMESTAMP); }
        public OrderRejected timestamp(long v) { Wire.putLong(s, off + TIMESTAMP, v); return this; }
        public int userRefNum() { return Wire.getInt(s, off + USER_REF); }
        public OrderRejected userRefNum(int v) { Wire.putInt(s, off + USER_REF, v); return this; }
        public int reason() { return Wire.getU16(s, off + REASON); }
        public OrderRejected reason(int v) { Wire.putU16(s, off + REASON, v); return this; }
        public long clOrdIdOffset() { return off + CL_ORD_ID; }
        public OrderRejected clOrdId(CharSequence v) { Wire.putAlpha(s, off + CL_ORD_ID, CL_ORD_ID_LEN, v); return this; }
        public OrderRejected clOrdId(MemorySegment src, long srcOff) { MemorySegment.copy(src, srcOff, s, off + CL_ORD_ID, CL_ORD_ID_LEN); return this; }
    }
}
