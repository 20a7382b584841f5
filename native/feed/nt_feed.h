/*
 * nt_feed.h -- the Nanotick software feed handler.
 *
 *   frame (Ethernet [+802.1Q] / IPv4 / UDP)  nt_feed_frame()
 *     -> MoldUDP64 sequencing, A/B arbitration, gap events  nt_feed_mold()
 *       -> ITCH 5.0 decode  nt_feed_itch()
 *         -> order table + full-depth book per locate
 *           -> top-of-book / trade / feed-event records (ring.h ABI)
 *
 * Everything is allocated by nt_feed_create(); the per-message path does no
 * allocation, no syscall and takes no lock (unless the order table is
 * allowed to grow: cfg.order_max > cfg.order_capacity, a rare rehash).
 * Bounds that are hit are counted, reported as NT_EVT_CAPACITY events and
 * flag the locate's rows STALE; they are never silent.
 */
#ifndef NT_FEED_H
#define NT_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "nanotick/ring.h"
#include "nanotick/ring_io.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NT_FEED_LOCATES 65536u

/* aux values of NT_EVT_CAPACITY events */
#define NT_CAP_ORDERS   1u   /* order table full */
#define NT_CAP_LEVELS   2u   /* price-level pool exhausted */

struct nt_feed_cfg {
    uint64_t order_direct;    /* slots of the direct-mapped order table, indexed by the low bits
                               * of the ref (power of two; 0: none, every order in the hash) */
    uint64_t order_capacity;  /* initial overflow (hash) order-table slots (power of two; 0: default 1<<20) */
    uint64_t order_max;       /* slots it may grow to by rehash (0: = order_capacity, no growth) */
    uint64_t level_capacity;  /* price levels in the shared pool (0: default 1<<22) */
    uint16_t udp_port;        /* 0: any destination port */
    /* A/B split of one stream in software: frames to this IPv4 destination
     * (host byte order, e.g. 233.54.12.112 = 0xE9360C70) or this UDP
     * destination port are line B whatever line they were given with
     * (0: not used).  Frames to b_udp_port pass the udp_port filter. */
    uint32_t b_ipv4;
    uint16_t b_udp_port;
    uint8_t  prefault;        /* touch every preallocated page now (no page faults later) */
};

/* Counters (all monotonic). */
struct nt_feed_stats {
    uint64_t frames;           /* frames offered to nt_feed_frame */
    uint64_t frames_skipped;   /* not IPv4/UDP, or port filtered */
    uint64_t frames_malformed; /* counted drops: bad lengths, IPv4 checksum, fragments ... */
    uint64_t packets;          /* MoldUDP64 packets */
    uint64_t packets_malformed;
    uint64_t packets_dup;      /* wholly duplicate (or after end of session) */
    uint64_t packets_old_session; /* a session seen before, no longer current */
    uint64_t empty_blocks;     /* zero-length message blocks (not messages) */
    uint64_t heartbeats;
    uint64_t gaps;
    uint64_t gap_messages;     /* messages missing in gaps */
    uint64_t sessions;
    uint64_t end_of_session;
    uint64_t messages;         /* ITCH messages delivered (== last msg ordinal) */
    uint64_t msgs_malformed;   /* too short for their type */
    uint64_t msgs_unknown;     /* types with no book effect (counted, not errors) */
    uint64_t adds, execs, cancels, deletes, replaces;
    uint64_t dup_add;          /* add of a live ref: ignored */
    uint64_t zero_shares;      /* add (or replace) of 0 shares: ignored */
    uint64_t bad_side;         /* add with a side other than 'B'/'S': ignored */
    uint64_t unknown_ref;      /* E/C/X/D/U of an unknown ref: ignored */
    uint64_t overfill;         /* E/C/X for more than remains: clamped */
    uint64_t order_full;       /* adds lost to a full order table */
    uint64_t level_full;       /* levels lost to an exhausted level pool */
    uint64_t order_grows;      /* order-table rehashes */
    uint64_t records;          /* records produced */
    uint64_t tob_rows;
    uint64_t trades;
    uint64_t events;
    uint64_t orders_live;
    uint64_t orders_peak;
    uint64_t levels_used;      /* pool slots in use (blocks) */
    uint64_t frames_b;         /* IPv4/UDP frames taken as line B (line argument or b_ipv4/b_udp_port) */
};

/* A top-of-book change with exact 64-bit aggregates (the CSV row). */
struct nt_tob_row {
    uint64_t msg;          /* 1-based ordinal */
    uint16_t locate;
    uint16_t flags;        /* NT_FLAG_GAP, NT_FLAG_STALE (a bound was hit, or a quantity exceeds u32), as in the CSV */
    uint32_t bid_px;
    uint64_t bid_qty;
    uint32_t ask_px;
    uint64_t ask_qty;
};

/* Called for every record produced (rec->seq is 0; row is non-NULL for
 * NT_REC_TOB).  The ring, if attached, is written first. */
typedef void (*nt_feed_sink_fn)(void *ctx, const union nt_record *rec, const struct nt_tob_row *row);

struct nt_feed;

/* Returns NULL with a message in err (NT_ERRLEN bytes) on failure. */
struct nt_feed *nt_feed_create(const struct nt_feed_cfg *cfg, char *err);
void nt_feed_destroy(struct nt_feed *f);

void nt_feed_set_sink(struct nt_feed *f, nt_feed_sink_fn fn, void *ctx);
void nt_feed_set_ring(struct nt_feed *f, struct nt_ring *md);  /* MD ring or NULL */

/* One Ethernet frame from line (0 = A, 1 = B). */
void nt_feed_frame(struct nt_feed *f, const uint8_t *frame, size_t len, uint8_t line, uint64_t ingress_ts);
/* Count a frame that was cut short by the capture (caplen < wire length). */
void nt_feed_drop_frame(struct nt_feed *f);
/* One UDP payload (a MoldUDP64 packet). */
void nt_feed_mold(struct nt_feed *f, const uint8_t *pkt, size_t len, uint8_t line, uint64_t ingress_ts);
/* Optional: prefetch the order-table slot (and book) a message will touch;
 * call it for message i+1 (or i+2) before nt_feed_itch(message i). */
void nt_feed_prefetch(const struct nt_feed *f, const uint8_t *msg, size_t len);
/* Optional: the same for every message of an Ethernet frame (call it for
 * frame i+1 before nt_feed_frame(frame i)). */
void nt_feed_prefetch_frame(const struct nt_feed *f, const uint8_t *frame, size_t len);
/* One ITCH message (no length prefix), already sequenced. */
void nt_feed_itch(struct nt_feed *f, const uint8_t *msg, size_t len, uint64_t mold_seq, uint64_t ingress_ts);

const struct nt_feed_stats *nt_feed_stats(const struct nt_feed *f);

/* Top of book of one locate, exact. */
void nt_feed_tob(const struct nt_feed *f, uint16_t locate, struct nt_tob_row *out);
/* Depth of a side ('B' or 'S'): number of levels; level i (0 = best). */
uint32_t nt_feed_depth(const struct nt_feed *f, uint16_t locate, uint8_t side);
int nt_feed_level(const struct nt_feed *f, uint16_t locate, uint8_t side, uint32_t i,
                  uint32_t *px, uint64_t *qty);

/* Input files: classic pcap (us/ns, either byte order, Ethernet link) or
 * ITCH BinaryFILE (u16 big-endian length + message).  Reads the whole file
 * into memory.  Returns 0, or -1 with err set. */
int nt_feed_replay_file(struct nt_feed *f, const char *path, char *err);

/* Writes "msg,locate,...,flags" CSV rows (header included) for path. */
int nt_feed_csv_flags(uint16_t flags, char *buf, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* NT_FEED_H */
