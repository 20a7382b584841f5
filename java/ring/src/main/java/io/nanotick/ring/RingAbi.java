package io.nanotick.ring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;

/**
 * The ring ABI of {@code native/include/nanotick/ring.h}, mirrored for Java.
 * <p>
 * Every public static final numeric field is a constant of ring.h with the same
 * name minus the {@code NT_} prefix; every layout member has the same name as the
 * C struct field.  {@code RingLayoutContractTest} compares both with the output of
 * {@code native/build/ring_layout} and fails the build on any drift.
 */
public final class RingAbi
{
    private RingAbi()
    {
    }

    // ---------------------------------------------------------------- constants
    public static final long RING_MAGIC = 0x4B4349544F4E414EL; // "NANOTICK" in memory order
    public static final int RING_ABI_VERSION = 1;
    public static final int RECORD_SIZE = 64;
    public static final int RING_LINE = 128;
    public static final int RING_HEADER_SIZE = 512;
    public static final int RING_DATA_OFFSET = 4096;
    public static final int RING_MIN_CAPACITY = 8;
    public static final int RING_MAX_CAPACITY = 1 << 30;
    public static final long SEQ_BUSY = 0L;

    public static final int RING_KIND_MD = 1;
    public static final int RING_KIND_CMD = 2;

    public static final int RING_STATE_INIT = 0;
    public static final int RING_STATE_LIVE = 1;
    public static final int RING_STATE_CLOSED = 2;

    public static final long RING_HEARTBEAT_NS = 100_000_000L;
    public static final long RING_STALE_NS = 2_000_000_000L;
    /** prod_index is published at least every this many records, when a CMD ring is full, with the heartbeat, at close. */
    public static final long PROD_INDEX_EVERY = 64;

    public static final int REC_TOB = 1;
    public static final int REC_TRADE = 2;
    public static final int REC_FEED_EVENT = 3;
    public static final int REC_ORDER_REQUEST = 4;
    public static final int REC_ORDER_EVENT = 5;

    public static final int FLAG_STALE = 0x0001;
    public static final int FLAG_GAP = 0x0002;
    public static final int FLAG_BID_CHANGED = 0x0004;
    public static final int FLAG_ASK_CHANGED = 0x0008;
    public static final int FLAG_LINE_B = 0x0010;
    public static final int FLAG_REPLAY = 0x0020;
    public static final int FLAG_SNAPSHOT = 0x0040;

    public static final int EVT_GAP = 1;
    public static final int EVT_GAP_RECOVERED = 2;
    public static final int EVT_LINE_DOWN = 3;
    public static final int EVT_LINE_UP = 4;
    public static final int EVT_END_OF_SESSION = 5;
    public static final int EVT_COUNTERS = 6;
    public static final int EVT_SESSION = 7;
    public static final int EVT_CAPACITY = 8;
    public static final int EVT_SYSTEM = 9;
    /** Card, cut-through mode: a frame whose messages were already released failed its end checks. */
    public static final int EVT_LATE_BAD_FRAME = 10;

    public static final int ORD_ENTER = 'O';
    public static final int ORD_REPLACE = 'U';
    public static final int ORD_CANCEL = 'X';

    public static final int OEV_ACCEPTED = 'A';
    public static final int OEV_REPLACED = 'U';
    public static final int OEV_CANCELED = 'C';
    public static final int OEV_EXECUTED = 'E';
    public static final int OEV_REJECTED = 'J';

    // ---------------------------------------------------------------- value layouts (little endian, natural alignment)
    static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static MemoryLayout u8(final String name)
    {
        return U8.withName(name);
    }

    private static MemoryLayout u16(final String name)
    {
        return U16.withName(name);
    }

    private static MemoryLayout u32(final String name)
    {
        return U32.withName(name);
    }

    private static MemoryLayout u64(final String name)
    {
        return U64.withName(name);
    }

    private static MemoryLayout bytes(final String name, final long n)
    {
        return sequenceLayout(n, U8).withName(name);
    }

    // ---------------------------------------------------------------- struct nt_ring_header
    public static final StructLayout RING_HEADER = structLayout(
        u64("magic"),
        u32("abi_version"),
        u32("record_size"),
        u64("capacity"),
        u32("kind"),
        u32("state"),
        u64("epoch"),
        u64("created_ns"),
        u32("producer_pid"),
        u32("data_offset"),
        bytes("name", 32),
        bytes("_pad0", 40),
        u64("prod_index"),
        u64("prod_heartbeat_ns"),
        u64("prod_full_count"),
        u64("prod_overwrites"),
        bytes("_pad1", 96),
        u64("cons_index"),
        u64("cons_heartbeat_ns"),
        u64("cons_lapped_events"),
        u64("cons_lost_records"),
        u32("consumer_pid"),
        bytes("_pad2", 92),
        bytes("_reserved", 128)).withName("nt_ring_header");

    // ---------------------------------------------------------------- records
    public static final StructLayout REC_TOB_LAYOUT = structLayout(
        u64("seq"),
        u8("type"),
        u8("msg_type"),
        u16("flags"),
        u16("locate"),
        u16("_pad"),
        u32("bid_px"),
        u32("bid_qty"),
        u32("ask_px"),
        u32("ask_qty"),
        u64("itch_ts"),
        u64("mold_seq"),
        u64("msg_ordinal"),
        u64("ingress_ts")).withName("nt_rec_tob");

    public static final StructLayout REC_TRADE_LAYOUT = structLayout(
        u64("seq"),
        u8("type"),
        u8("msg_type"),
        u16("flags"),
        u16("locate"),
        u8("side"),
        u8("printable"),
        u32("price"),
        u32("_pad"),
        u64("shares"),
        u64("itch_ts"),
        u64("match_number"),
        u64("msg_ordinal"),
        u64("ingress_ts")).withName("nt_rec_trade");

    public static final StructLayout REC_FEED_EVENT_LAYOUT = structLayout(
        u64("seq"),
        u8("type"),
        u8("event"),
        u16("flags"),
        u16("locate"),
        u8("line"),
        u8("_pad"),
        u64("expected_seq"),
        u64("received_seq"),
        u64("count"),
        u64("aux"),
        u64("msg_ordinal"),
        u64("ingress_ts")).withName("nt_rec_feed_event");

    public static final StructLayout REC_ORDER_REQUEST_LAYOUT = structLayout(
        u64("seq"),
        u8("type"),
        u8("action"),
        u16("flags"),
        u16("locate"),
        u8("side"),
        u8("tif"),
        u32("user_ref_num"),
        u32("quantity"),
        u64("price"),
        bytes("symbol", 8),
        u32("orig_user_ref_num"),
        u8("display"),
        u8("capacity"),
        u8("strategy_id"),
        u8("_pad"),
        u64("intent_ts"),
        u64("trigger_seq")).withName("nt_rec_order_request");

    public static final StructLayout REC_ORDER_EVENT_LAYOUT = structLayout(
        u64("seq"),
        u8("type"),
        u8("event"),
        u16("flags"),
        u16("locate"),
        u8("side"),
        u8("liquidity"),
        u32("user_ref_num"),
        u32("quantity"),
        u64("price"),
        u64("order_ref"),
        u32("orig_user_ref_num"),
        u16("reason"),
        u16("_pad"),
        u64("venue_ts"),
        u64("ingress_ts")).withName("nt_rec_order_event");

    /** All C structs mirrored here, by C struct name (for the contract test and tools). */
    public static final StructLayout[] ALL_LAYOUTS = {
        RING_HEADER, REC_TOB_LAYOUT, REC_TRADE_LAYOUT, REC_FEED_EVENT_LAYOUT, REC_ORDER_REQUEST_LAYOUT,
        REC_ORDER_EVENT_LAYOUT
    };

    /** Byte offset of a named field of a struct layout (resolved once, at class initialisation). */
    static long offset(final StructLayout layout, final String field)
    {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    // header offsets
    static final long H_MAGIC = offset(RING_HEADER, "magic");
    static final long H_ABI_VERSION = offset(RING_HEADER, "abi_version");
    static final long H_RECORD_SIZE = offset(RING_HEADER, "record_size");
    static final long H_CAPACITY = offset(RING_HEADER, "capacity");
    static final long H_KIND = offset(RING_HEADER, "kind");
    static final long H_STATE = offset(RING_HEADER, "state");
    static final long H_EPOCH = offset(RING_HEADER, "epoch");
    static final long H_CREATED_NS = offset(RING_HEADER, "created_ns");
    static final long H_PRODUCER_PID = offset(RING_HEADER, "producer_pid");
    static final long H_DATA_OFFSET = offset(RING_HEADER, "data_offset");
    static final long H_NAME = offset(RING_HEADER, "name");
    static final long H_PROD_INDEX = offset(RING_HEADER, "prod_index");
    static final long H_PROD_HEARTBEAT_NS = offset(RING_HEADER, "prod_heartbeat_ns");
    static final long H_PROD_FULL_COUNT = offset(RING_HEADER, "prod_full_count");
    static final long H_PROD_OVERWRITES = offset(RING_HEADER, "prod_overwrites");
    static final long H_CONS_INDEX = offset(RING_HEADER, "cons_index");
    static final long H_CONS_HEARTBEAT_NS = offset(RING_HEADER, "cons_heartbeat_ns");
    static final long H_CONS_LAPPED_EVENTS = offset(RING_HEADER, "cons_lapped_events");
    static final long H_CONS_LOST_RECORDS = offset(RING_HEADER, "cons_lost_records");
    static final long H_CONSUMER_PID = offset(RING_HEADER, "consumer_pid");

    /** Size of a ring file of this capacity (before hugetlbfs rounding), as nt_ring_file_size(). */
    public static long fileSize(final long capacity)
    {
        return RING_DATA_OFFSET + capacity * RECORD_SIZE;
    }
}
