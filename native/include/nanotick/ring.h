/*
 * nanotick/ring.h -- the shared-memory ring ABI.
 *
 * SINGLE SOURCE OF TRUTH for every ring in Nanotick: the FPGA's DMA record
 * writer (hdl/), the Verilator virtual card (sim/), the C and DPDK feed
 * handlers (native/) and the Java control plane (java/, Panama FFM) all
 * read and write exactly these bytes.  docs/ring-abi.md explains it; the
 * layout test (native/tools/ring_layout.c vs. java RingLayoutContractTest)
 * fails the build on any drift.
 *
 * File layout (one ring per file, /dev/shm or hugetlbfs):
 *
 *   0      line 0  identity: magic, abi, record size, capacity, kind, epoch ...
 *   128    line 1  producer: prod_index, heartbeat, producer counters
 *   256    line 2  consumer: cons_index, consumer heartbeat, lapped counters
 *   384    line 3  reserved (zero)
 *   4096   records[capacity], NT_RECORD_SIZE (64) bytes each
 *
 * Every record starts with a 64-bit sequence word.  Record i (0-based
 * producer index) lives in slot i & (capacity-1) and is valid when its
 * sequence word equals i + 1.  The producer
 *   1. stores seq = 0 (NT_SEQ_BUSY) if the slot held an older record,
 *   2. stores the payload (bytes 8..63),
 *   3. stores seq = i + 1 with RELEASE semantics,
 * and publishes prod_index = i + 1 (release) after a record or a burst.
 * prod_index is a coalesced hint, as a DMA engine's producer-index
 * write-back: the seq words are the publication.  A producer publishes it
 * at least every NT_PROD_INDEX_EVERY records, whenever it finds a CMD ring
 * full, with its heartbeat, and at close (a reader of prod_index sees at
 * most NT_PROD_INDEX_EVERY - 1 records less than the slots hold, or one
 * heartbeat period old while the producer is idle).
 * A consumer at position c load-ACQUIREs the slot's seq: == c+1 -> copy the
 * payload, ACQUIRE fence, reload seq; unchanged -> the copy is good (this is
 * a seqlock: a producer that lapped us changes seq during the copy).  seq
 * < c+1 (or 0 with prod_index <= c) -> nothing new.  Anything else -> lapped.
 *
 * Two disciplines share the layout (NT_RING_KIND_*):
 *   MD   market data, card -> host: the producer never waits; a lapped
 *        consumer counts exactly what it lost and resynchronises.
 *   CMD  commands/acks, host <-> card: single producer, single consumer, the
 *        producer checks cons_index and waits or fails fast when full; it
 *        never overwrites an unconsumed record.
 *
 * All multi-byte integers are little-endian (host order on x86-64 and on
 * the card's PCIe side).  Prices are ITCH integer prices (4 implied
 * decimals); timestamps are nanoseconds.
 */
#ifndef NANOTICK_RING_H
#define NANOTICK_RING_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Constants                                                           */
/* ------------------------------------------------------------------ */

#define NT_RING_MAGIC          0x4B4349544F4E414EULL /* "NANOTICK" in memory order */
#define NT_RING_ABI_VERSION    1u
#define NT_RECORD_SIZE         64u
#define NT_RING_LINE           128u   /* false-sharing unit (two x86 lines, adjacent-line prefetch) */
#define NT_RING_HEADER_SIZE    512u   /* sizeof(struct nt_ring_header) */
#define NT_RING_DATA_OFFSET    4096u  /* records start page-aligned, DMA friendly */
#define NT_RING_MIN_CAPACITY   8u
#define NT_RING_MAX_CAPACITY   (1u << 30)
#define NT_SEQ_BUSY            0ull   /* seq word while a slot is being (re)written */

/* nt_ring_header.kind */
#define NT_RING_KIND_MD        1u   /* market data: lossy for slow consumers, producer never blocks */
#define NT_RING_KIND_CMD       2u   /* command/ack: lossless SPSC with backpressure */

/* nt_ring_header.state */
#define NT_RING_STATE_INIT     0u   /* being created; consumers must not attach */
#define NT_RING_STATE_LIVE     1u   /* a producer owns it; heartbeat must advance */
#define NT_RING_STATE_CLOSED   2u   /* producer finished cleanly; data stays readable */

/* Heartbeat: a LIVE producer refreshes prod_heartbeat_ns (CLOCK_MONOTONIC)
 * at least this often.  A consumer treats a LIVE ring as stale when its
 * producer_pid names a process that no longer exists, or, for a card
 * (producer_pid 0), when the heartbeat is older than NT_RING_STALE_NS. */
#define NT_RING_HEARTBEAT_NS   100000000ull   /* 100 ms */
#define NT_RING_STALE_NS       2000000000ull  /* 2 s */
#define NT_PROD_INDEX_EVERY    64u   /* prod_index lags the records by less than this (see above) */

/* ------------------------------------------------------------------ */
/* Ring header (512 bytes, four 128-byte lines)                        */
/* ------------------------------------------------------------------ */

struct nt_ring_header {
    /* line 0: identity, written once at creation (magic last, release) */
    uint64_t magic;             /*   0 NT_RING_MAGIC */
    uint32_t abi_version;       /*   8 NT_RING_ABI_VERSION */
    uint32_t record_size;       /*  12 NT_RECORD_SIZE */
    uint64_t capacity;          /*  16 records, power of two */
    uint32_t kind;              /*  24 NT_RING_KIND_* */
    uint32_t state;             /*  28 NT_RING_STATE_* */
    uint64_t epoch;             /*  32 random non-zero instance id, new for every creation */
    uint64_t created_ns;        /*  40 CLOCK_REALTIME at creation */
    uint32_t producer_pid;      /*  48 pid of the producer process (0: a card) */
    uint32_t data_offset;       /*  52 NT_RING_DATA_OFFSET */
    char     name[32];          /*  56 NUL-padded ring name, e.g. "md", "evt", "ord" */
    uint8_t  _pad0[40];         /*  88 */

    /* line 1: producer-owned */
    uint64_t prod_index;        /* 128 records published (next index to write) */
    uint64_t prod_heartbeat_ns; /* 136 CLOCK_MONOTONIC of the producer's last sign of life */
    uint64_t prod_full_count;   /* 144 CMD: times the producer found the ring full */
    uint64_t prod_overwrites;   /* 152 MD: records overwritten while cons_index was still at or before them
                                 *     (checked every 64 records and at close; the consumer's
                                 *     cons_lost_records is the exact loss) */
    uint8_t  _pad1[96];         /* 160 */

    /* line 2: consumer-owned */
    uint64_t cons_index;        /* 256 next index the consumer will read (published back) */
    uint64_t cons_heartbeat_ns; /* 264 CLOCK_MONOTONIC of the consumer's last sign of life
                                 *     (every 1024 empty polls; a busy consumer moves cons_index) */
    uint64_t cons_lapped_events;/* 272 MD: times the consumer was lapped */
    uint64_t cons_lost_records; /* 280 MD: records lost to lapping, exact */
    uint32_t consumer_pid;      /* 288 */
    uint8_t  _pad2[92];         /* 292 */

    /* line 3: reserved, zero */
    uint8_t  _reserved[128];    /* 384 */
};

/* ------------------------------------------------------------------ */
/* Records (64 bytes each).  Bytes 0..15 are common to every type.     */
/* ------------------------------------------------------------------ */

/* nt_rec_*.type */
#define NT_REC_TOB             1u   /* top-of-book update */
#define NT_REC_TRADE           2u   /* trade print */
#define NT_REC_FEED_EVENT      3u   /* feed event */
#define NT_REC_ORDER_REQUEST   4u   /* order request (host -> venue/card) */
#define NT_REC_ORDER_EVENT     5u   /* order event (venue/card -> host) */

/* flags (u16), shared by every record type */
#define NT_FLAG_STALE          0x0001u /* a bound was exceeded (order table, price window, levels, qty): do not trust */
#define NT_FLAG_GAP            0x0002u /* a sequence gap preceded this record and is not yet recovered */
#define NT_FLAG_BID_CHANGED    0x0004u
#define NT_FLAG_ASK_CHANGED    0x0008u
#define NT_FLAG_LINE_B         0x0010u /* the message that caused it arrived on line B */
#define NT_FLAG_REPLAY         0x0020u /* produced from a retransmission / replay */
#define NT_FLAG_SNAPSHOT       0x0040u /* periodic or on-demand snapshot, not a change */

/* Top-of-book update: after a whole ITCH message changed a locate's
 * (bid px, bid qty, ask px, ask qty).  Empty side: px 0, qty 0. */
struct nt_rec_tob {
    uint64_t seq;               /*   0 ring sequence word (index + 1), written last */
    uint8_t  type;              /*   8 NT_REC_TOB */
    uint8_t  msg_type;          /*   9 ITCH message type that caused it ('A','F','E','C','X','D','U') */
    uint16_t flags;             /*  10 NT_FLAG_* */
    uint16_t locate;            /*  12 ITCH stock locate */
    uint16_t _pad;              /*  14 */
    uint32_t bid_px;            /*  16 */
    uint32_t bid_qty;           /*  20 aggregate shares at the best bid (saturates -> STALE) */
    uint32_t ask_px;            /*  24 */
    uint32_t ask_qty;           /*  28 */
    uint64_t itch_ts;           /*  32 ITCH timestamp, ns since midnight */
    uint64_t mold_seq;          /*  40 MoldUDP64 sequence number of the message */
    uint64_t msg_ordinal;       /*  48 1-based ordinal of the message in the input/session */
    uint64_t ingress_ts;        /*  56 ingress stamp: card clock cycles, or CLOCK_MONOTONIC ns in software */
};

/* Trade print: E and C (against a resting order; price of C is the
 * execution price, of E the resting order's price) and P, Q trades. */
struct nt_rec_trade {
    uint64_t seq;               /*   0 */
    uint8_t  type;              /*   8 NT_REC_TRADE */
    uint8_t  msg_type;          /*   9 'E','C','P','Q' */
    uint16_t flags;             /*  10 */
    uint16_t locate;            /*  12 */
    uint8_t  side;              /*  14 resting side 'B'/'S'; 0 for a cross (Q) */
    uint8_t  printable;         /*  15 'Y'/'N' (C only; 'Y' for others) */
    uint32_t price;             /*  16 */
    uint32_t _pad;              /*  20 */
    uint64_t shares;            /*  24 (Q carries 64-bit shares) */
    uint64_t itch_ts;           /*  32 */
    uint64_t match_number;      /*  40 */
    uint64_t msg_ordinal;       /*  48 */
    uint64_t ingress_ts;        /*  56 */
};

/* nt_rec_feed_event.event */
#define NT_EVT_GAP             1u  /* expected_seq..received_seq-1 missing (count = received - expected) */
#define NT_EVT_GAP_RECOVERED   2u  /* the missing range was filled (retransmission or other line) */
#define NT_EVT_LINE_DOWN       3u  /* line (a0) silent past its timeout */
#define NT_EVT_LINE_UP         4u
#define NT_EVT_END_OF_SESSION  5u
#define NT_EVT_COUNTERS        6u  /* periodic counters: expected=frames, received=drops, count=messages, aux=gaps */
#define NT_EVT_SESSION         7u  /* a new MoldUDP64 session was seen */
#define NT_EVT_CAPACITY        8u  /* a capacity bound was hit (aux = which, count = how many) */
#define NT_EVT_SYSTEM          9u  /* ITCH System Event (aux = event code) */
#define NT_EVT_LATE_BAD_FRAME 10u  /* card, cut-through mode: a frame whose messages were already released
                                   * failed its end checks (MAC error, truncation); expected = first
                                   * sequence number released, GAP set on later records */

struct nt_rec_feed_event {
    uint64_t seq;               /*   0 */
    uint8_t  type;              /*   8 NT_REC_FEED_EVENT */
    uint8_t  event;             /*   9 NT_EVT_* */
    uint16_t flags;             /*  10 */
    uint16_t locate;            /*  12 locate concerned, 0 for feed-wide */
    uint8_t  line;              /*  14 0 = A, 1 = B, 0xFF = arbitrated */
    uint8_t  _pad;              /*  15 */
    uint64_t expected_seq;      /*  16 */
    uint64_t received_seq;      /*  24 */
    uint64_t count;             /*  32 */
    uint64_t aux;               /*  40 */
    uint64_t msg_ordinal;       /*  48 */
    uint64_t ingress_ts;        /*  56 */
};

/* nt_rec_order_request.action (OUCH 5.0 inbound message types) */
#define NT_ORD_ENTER           'O'
#define NT_ORD_REPLACE         'U'
#define NT_ORD_CANCEL          'X'

struct nt_rec_order_request {
    uint64_t seq;               /*   0 */
    uint8_t  type;              /*   8 NT_REC_ORDER_REQUEST */
    uint8_t  action;            /*   9 NT_ORD_* */
    uint16_t flags;             /*  10 */
    uint16_t locate;            /*  12 */
    uint8_t  side;              /*  14 'B','S','T' (short),'E' (short exempt) */
    uint8_t  tif;               /*  15 OUCH Time In Force ('0' day, '3' IOC ...) */
    uint32_t user_ref_num;      /*  16 OUCH UserRefNum of this order (new one for replace) */
    uint32_t quantity;          /*  20 */
    int64_t  price;             /*  24 OUCH 5.0 Price(8), 4 implied decimals */
    char     symbol[8];         /*  32 space padded */
    uint32_t orig_user_ref_num; /*  40 replace/cancel: the order being changed */
    uint8_t  display;           /*  44 */
    uint8_t  capacity;          /*  45 */
    uint8_t  strategy_id;       /*  46 */
    uint8_t  _pad;              /*  47 */
    uint64_t intent_ts;         /*  48 CLOCK_MONOTONIC when the decision was taken */
    uint64_t trigger_seq;       /*  56 market-data ring index of the record that triggered it */
};

/* nt_rec_order_event.event (OUCH 5.0 outbound message types) */
#define NT_OEV_ACCEPTED        'A'
#define NT_OEV_REPLACED        'U'
#define NT_OEV_CANCELED        'C'
#define NT_OEV_EXECUTED        'E'
#define NT_OEV_REJECTED        'J'

struct nt_rec_order_event {
    uint64_t seq;               /*   0 */
    uint8_t  type;              /*   8 NT_REC_ORDER_EVENT */
    uint8_t  event;             /*   9 NT_OEV_* */
    uint16_t flags;             /*  10 */
    uint16_t locate;            /*  12 */
    uint8_t  side;              /*  14 */
    uint8_t  liquidity;         /*  15 executions: liquidity flag */
    uint32_t user_ref_num;      /*  16 */
    uint32_t quantity;          /*  20 accepted/leaves, executed or canceled shares */
    int64_t  price;             /*  24 */
    uint64_t order_ref;         /*  32 venue order reference number, or match number for E */
    uint32_t orig_user_ref_num; /*  40 replaced: the previous UserRefNum */
    uint16_t reason;            /*  44 reject reason (u16) or cancel reason (char) */
    uint16_t _pad;              /*  46 */
    uint64_t venue_ts;          /*  48 venue timestamp, ns since midnight */
    uint64_t ingress_ts;        /*  56 CLOCK_MONOTONIC when the host received it */
};

/* One slot, for code that handles records generically. */
union nt_record {
    struct nt_rec_tob           tob;
    struct nt_rec_trade         trade;
    struct nt_rec_feed_event    event;
    struct nt_rec_order_request order_request;
    struct nt_rec_order_event   order_event;
    uint8_t                     bytes[NT_RECORD_SIZE];
    uint64_t                    words[NT_RECORD_SIZE / 8];
};

/* ------------------------------------------------------------------ */
/* Compile-time checks (the Java side is checked by a test).           */
/* ------------------------------------------------------------------ */
#if defined(__cplusplus)
#define NT_STATIC_ASSERT static_assert
#else
#define NT_STATIC_ASSERT _Static_assert
#endif
NT_STATIC_ASSERT(sizeof(struct nt_ring_header) == NT_RING_HEADER_SIZE, "header size");
NT_STATIC_ASSERT(offsetof(struct nt_ring_header, prod_index) == 128, "producer line");
NT_STATIC_ASSERT(offsetof(struct nt_ring_header, cons_index) == 256, "consumer line");
NT_STATIC_ASSERT(sizeof(struct nt_rec_tob) == NT_RECORD_SIZE, "tob size");
NT_STATIC_ASSERT(sizeof(struct nt_rec_trade) == NT_RECORD_SIZE, "trade size");
NT_STATIC_ASSERT(sizeof(struct nt_rec_feed_event) == NT_RECORD_SIZE, "event size");
NT_STATIC_ASSERT(sizeof(struct nt_rec_order_request) == NT_RECORD_SIZE, "order request size");
NT_STATIC_ASSERT(sizeof(struct nt_rec_order_event) == NT_RECORD_SIZE, "order event size");
NT_STATIC_ASSERT(sizeof(union nt_record) == NT_RECORD_SIZE, "record size");

static inline uint64_t nt_ring_file_size(uint64_t capacity)
{
    return (uint64_t)NT_RING_DATA_OFFSET + capacity * (uint64_t)NT_RECORD_SIZE;
}

#ifdef __cplusplus
}
#endif

#endif /* NANOTICK_RING_H */
