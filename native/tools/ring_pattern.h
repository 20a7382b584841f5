/*
 * ring_pattern.h -- the test pattern the ring tools and tests write and check.
 *
 * Record index i (0-based producer index, seq = i + 1) carries a top-of-book
 * record whose every field is a fixed function of i, so a consumer can check
 * each record it receives against its sequence word alone: a torn seqlock
 * read, a stale slot or a record delivered under the wrong index fails.  The
 * Java side (RingPattern in the tests) implements the same function from
 * this description, independently:
 *
 *   type = NT_REC_TOB, msg_type = 'A', flags = 0, locate = i & 0xFFFF
 *   bid_px  = (u32) i               bid_qty = (u32)(i >> 32) ^ 0x5A5A5A5A
 *   ask_px  = (u32)(i * 7 + 3)      ask_qty = (u32)(i * 13) ^ 0xA5A5A5A5
 *   itch_ts = i * 1000003           mold_seq = i + 17
 *   msg_ordinal = i + 1             ingress_ts = sender's CLOCK_MONOTONIC ns (not checked)
 */
#ifndef NANOTICK_RING_PATTERN_H
#define NANOTICK_RING_PATTERN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nanotick/ring_io.h"

static inline void rp_fill(union nt_record *r, uint64_t i, uint64_t ingress_ts)
{
    memset(r, 0, sizeof *r);
    r->tob.type = NT_REC_TOB;
    r->tob.msg_type = 'A';
    r->tob.locate = (uint16_t)(i & 0xFFFF);
    r->tob.bid_px = (uint32_t)i;
    r->tob.bid_qty = (uint32_t)(i >> 32) ^ 0x5A5A5A5Au;
    r->tob.ask_px = (uint32_t)(i * 7 + 3);
    r->tob.ask_qty = (uint32_t)(i * 13) ^ 0xA5A5A5A5u;
    r->tob.itch_ts = i * 1000003ull;
    r->tob.mold_seq = i + 17;
    r->tob.msg_ordinal = i + 1;
    r->tob.ingress_ts = ingress_ts;
}

/* 1 if r is exactly the pattern record of its own sequence word. */
static inline int rp_check(const union nt_record *r)
{
    if (r->tob.seq == 0)
        return 0;
    uint64_t i = r->tob.seq - 1;
    union nt_record e;
    rp_fill(&e, i, r->tob.ingress_ts);
    e.tob.seq = r->tob.seq;
    return memcmp(&e, r, sizeof e) == 0;
}

static inline void rp_sleep_ns(long ns)
{
    struct timespec ts = { ns / 1000000000L, ns % 1000000000L };
    nanosleep(&ts, NULL);
}

#endif
