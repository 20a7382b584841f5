/*
 * test_feed.c -- unit tests of the C feed handler against hand-built
 * vectors from the ITCH 5.0 / MoldUDP64 specifications and against an
 * independent brute-force book (every order in a flat array, best level
 * found by scanning).
 */
#define _GNU_SOURCE
#include "nt_feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fails;
#define CHECK(c, ...)                                                  \
    do {                                                               \
        if (!(c)) {                                                    \
            fails++;                                                   \
            fprintf(stderr, "%s:%d: FAIL %s: ", __FILE__, __LINE__, #c); \
            fprintf(stderr, __VA_ARGS__);                              \
            fprintf(stderr, "\n");                                     \
        }                                                              \
    } while (0)

/* ---- captured output ---- */
#define MAXROWS 4096
static struct nt_tob_row rows[MAXROWS];
static int nrows;
static union nt_record recs[MAXROWS];
static int nrecs;

static void sink(void *ctx, const union nt_record *rec, const struct nt_tob_row *row)
{
    (void)ctx;
    if (nrecs < MAXROWS)
        recs[nrecs++] = *rec;
    if (row && nrows < MAXROWS)
        rows[nrows++] = *row;
}

static void reset_out(void) { nrows = nrecs = 0; }

static uint64_t mk_direct; /* cfg.order_direct of the next mk() */

static struct nt_feed *mk(uint64_t orders, uint64_t orders_max, uint64_t levels)
{
    char err[NT_ERRLEN];
    struct nt_feed_cfg c = {.order_direct = mk_direct, .order_capacity = orders, .order_max = orders_max,
                            .level_capacity = levels};
    struct nt_feed *f = nt_feed_create(&c, err);
    if (!f) {
        fprintf(stderr, "create: %s\n", err);
        exit(1);
    }
    nt_feed_set_sink(f, sink, NULL);
    reset_out();
    return f;
}

/* ---- ITCH 5.0 message builders (big-endian, spec offsets) ---- */
static void p16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void p32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (24 - 8 * i)); }
static void p64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (56 - 8 * i)); }
static void hdr(uint8_t *m, char t, uint16_t loc)
{
    m[0] = (uint8_t)t;
    p16(m + 1, loc);
    p16(m + 3, 0);
    memset(m + 5, 0, 6);
    m[10] = 1; /* timestamp 1 ns */
}
static size_t m_add(uint8_t *m, uint16_t loc, uint64_t ref, char side, uint32_t sh, uint32_t px)
{
    hdr(m, 'A', loc);
    p64(m + 11, ref);
    m[19] = (uint8_t)side;
    p32(m + 20, sh);
    memcpy(m + 24, "TEST    ", 8);
    p32(m + 32, px);
    return 36;
}
static size_t m_addf(uint8_t *m, uint16_t loc, uint64_t ref, char side, uint32_t sh, uint32_t px)
{
    m_add(m, loc, ref, side, sh, px);
    m[0] = 'F';
    memcpy(m + 36, "MPID", 4);
    return 40;
}
static size_t m_exec(uint8_t *m, uint16_t loc, uint64_t ref, uint32_t sh, uint64_t match)
{
    hdr(m, 'E', loc);
    p64(m + 11, ref);
    p32(m + 19, sh);
    p64(m + 23, match);
    return 31;
}
static size_t m_execp(uint8_t *m, uint16_t loc, uint64_t ref, uint32_t sh, uint32_t px, char printable)
{
    hdr(m, 'C', loc);
    p64(m + 11, ref);
    p32(m + 19, sh);
    p64(m + 23, 77);
    m[31] = (uint8_t)printable;
    p32(m + 32, px);
    return 36;
}
static size_t m_cancel(uint8_t *m, uint16_t loc, uint64_t ref, uint32_t sh)
{
    hdr(m, 'X', loc);
    p64(m + 11, ref);
    p32(m + 19, sh);
    return 23;
}
static size_t m_del(uint8_t *m, uint16_t loc, uint64_t ref)
{
    hdr(m, 'D', loc);
    p64(m + 11, ref);
    return 19;
}
static size_t m_repl(uint8_t *m, uint16_t loc, uint64_t old, uint64_t nw, uint32_t sh, uint32_t px)
{
    hdr(m, 'U', loc);
    p64(m + 11, old);
    p64(m + 19, nw);
    p32(m + 27, sh);
    p32(m + 31, px);
    return 35;
}
static size_t m_sys(uint8_t *m, char code)
{
    hdr(m, 'S', 0);
    m[11] = (uint8_t)code;
    return 12;
}

static uint64_t ord;
static void itch(struct nt_feed *f, const uint8_t *m, size_t n) { nt_feed_itch(f, m, n, ++ord, 0); }

static int row_is(int i, uint64_t msg, uint16_t loc, uint32_t bpx, uint64_t bq, uint32_t apx, uint64_t aq, uint16_t fl)
{
    if (i >= nrows)
        return 0;
    const struct nt_tob_row *r = &rows[i];
    return r->msg == msg && r->locate == loc && r->bid_px == bpx && r->bid_qty == bq && r->ask_px == apx
        && r->ask_qty == aq && r->flags == fl;
}
#define ROW(i, ...) CHECK(row_is(i, __VA_ARGS__), "row %d: got msg=%llu loc=%u %u,%llu %u,%llu fl=%u (nrows %d)", i, \
                          i < nrows ? (unsigned long long)rows[i].msg : 0ull, i < nrows ? rows[i].locate : 0, \
                          i < nrows ? rows[i].bid_px : 0, i < nrows ? (unsigned long long)rows[i].bid_qty : 0ull, \
                          i < nrows ? rows[i].ask_px : 0, i < nrows ? (unsigned long long)rows[i].ask_qty : 0ull, \
                          i < nrows ? rows[i].flags : 0, nrows)

/* ---- book rules ---- */
static void test_book_rules(void)
{
    struct nt_feed *f = mk(64, 64, 1024);
    uint8_t m[64];
    ord = 0;
    itch(f, m, m_sys(m, 'O'));                              /* 1: no row */
    itch(f, m, m_add(m, 7, 100, 'B', 300, 1000000));        /* 2: bid 100.0000 x300 */
    itch(f, m, m_add(m, 7, 0, 'B', 200, 1000000));          /* 3: ref 0 is normal: x500 */
    itch(f, m, m_add(m, 7, 101, 'S', 50, 1010000));         /* 4: ask */
    itch(f, m, m_add(m, 7, 102, 'B', 10, 990000));          /* 5: below best: no row */
    itch(f, m, m_add(m, 7, 100, 'S', 999, 1));              /* 6: dup ref: ignored, no row */
    itch(f, m, m_exec(m, 7, 100, 100, 1));                  /* 7: x400 */
    itch(f, m, m_execp(m, 7, 0, 500, 999999, 'N'));         /* 8: overfill clamped to 200: x200 */
    itch(f, m, m_cancel(m, 7, 100, 200));                   /* 9: ref 100 to zero: best 99.0000 x10 */
    itch(f, m, m_cancel(m, 7, 100, 1));                     /* 10: unknown now: ignored */
    itch(f, m, m_repl(m, 7, 101, 103, 70, 1005000));        /* 11: ask moves 100.5000 x70 */
    itch(f, m, m_repl(m, 7, 999, 104, 70, 1));              /* 12: unknown orig: ignored, 104 not added */
    itch(f, m, m_del(m, 7, 104));                           /* 13: 104 unknown */
    itch(f, m, m_addf(m, 7, 105, 'S', 5, 1005000));         /* 14: F add same level x75 */
    itch(f, m, m_del(m, 9, 103));                           /* 15: msg locate 9, order lives on 7: x5 on 7 */
    itch(f, m, m_exec(m, 7, 105, 5, 2));                    /* 16: ask empty */
    itch(f, m, m_del(m, 7, 102));                           /* 17: all empty */
    ROW(0, 2, 7, 1000000, 300, 0, 0, 0);
    ROW(1, 3, 7, 1000000, 500, 0, 0, 0);
    ROW(2, 4, 7, 1000000, 500, 1010000, 50, 0);
    ROW(3, 7, 7, 1000000, 400, 1010000, 50, 0);
    ROW(4, 8, 7, 1000000, 200, 1010000, 50, 0);
    ROW(5, 9, 7, 990000, 10, 1010000, 50, 0);
    ROW(6, 11, 7, 990000, 10, 1005000, 70, 0);
    ROW(7, 14, 7, 990000, 10, 1005000, 75, 0);
    ROW(8, 15, 7, 990000, 10, 1005000, 5, 0);
    ROW(9, 16, 7, 990000, 10, 0, 0, 0);
    ROW(10, 17, 7, 0, 0, 0, 0, 0);
    CHECK(nrows == 11, "nrows %d", nrows);
    const struct nt_feed_stats *s = nt_feed_stats(f);
    CHECK(s->messages == 17, "%llu", (unsigned long long)s->messages);
    CHECK(s->dup_add == 1, "dup_add %llu", (unsigned long long)s->dup_add);
    CHECK(s->unknown_ref == 3, "unknown_ref %llu", (unsigned long long)s->unknown_ref);
    CHECK(s->overfill == 1, "overfill %llu", (unsigned long long)s->overfill);
    CHECK(s->orders_live == 0, "live %llu", (unsigned long long)s->orders_live);
    /* trade prints: E 100 (x100 @100.0000 B), C 0 (x500 @99.9999 N), E 105 (x5 @100.5000 S) */
    int nt = 0;
    for (int i = 0; i < nrecs; i++) {
        if (recs[i].trade.type != NT_REC_TRADE)
            continue;
        const struct nt_rec_trade *t = &recs[i].trade;
        if (nt == 0)
            CHECK(t->msg_type == 'E' && t->price == 1000000 && t->shares == 100 && t->side == 'B' && t->msg_ordinal == 7,
                  "trade 0");
        if (nt == 1)
            CHECK(t->msg_type == 'C' && t->price == 999999 && t->printable == 'N' && t->shares == 500, "trade 1");
        if (nt == 2)
            CHECK(t->msg_type == 'E' && t->price == 1005000 && t->side == 'S' && t->locate == 7, "trade 2");
        nt++;
    }
    CHECK(nt == 3, "trades %d", nt);
    /* replace onto itself (new ref == old ref) keeps the order */
    reset_out();
    itch(f, m, m_add(m, 1, 5, 'S', 10, 500));
    itch(f, m, m_repl(m, 1, 5, 5, 20, 400));
    ROW(1, 19, 1, 0, 0, 400, 20, 0);
    /* replace onto another live ref: original goes, new ref not added (it is live) */
    itch(f, m, m_add(m, 1, 6, 'S', 1, 600));
    itch(f, m, m_repl(m, 1, 5, 6, 30, 300));
    ROW(2, 21, 1, 0, 0, 600, 1, 0);
    /* too-short messages are counted, never read past the end */
    uint64_t mal = nt_feed_stats(f)->msgs_malformed;
    itch(f, m, 34); /* m holds the U: a 34-byte U */
    m[0] = 'A';
    itch(f, m, 20);
    itch(f, m, 0);
    CHECK(nt_feed_stats(f)->msgs_malformed == mal + 3, "malformed");
    /* zero-share adds and adds with a bad side are ignored; so is a zero-share replace */
    int before = nrows;
    itch(f, m, m_add(m, 1, 50, 'S', 0, 100));
    itch(f, m, m_add(m, 1, 51, 'Z', 10, 100));
    itch(f, m, m_repl(m, 1, 6, 52, 0, 100)); /* 6 goes, 52 not added: ask side empty */
    itch(f, m, m_del(m, 1, 52));
    CHECK(nrows == before + 1 && rows[nrows - 1].ask_px == 0 && nt_feed_stats(f)->zero_shares == 2
              && nt_feed_stats(f)->bad_side == 1 && nt_feed_stats(f)->unknown_ref == 4,
          "zero/bad side: rows %d zero %llu bad %llu unk %llu", nrows - before, (unsigned long long)nt_feed_stats(f)->zero_shares, (unsigned long long)nt_feed_stats(f)->bad_side, (unsigned long long)nt_feed_stats(f)->unknown_ref);
    nt_feed_destroy(f);
}

/* ---- deep books and exact aggregates vs. brute force ---- */
struct bo { uint64_t ref; uint32_t px, sh; uint16_t loc; char side; int live; };
static struct bo bf[20000];
static int nbf;

static struct bo *bf_find(uint64_t ref)
{
    for (int i = 0; i < nbf; i++)
        if (bf[i].live && bf[i].ref == ref)
            return &bf[i];
    return NULL;
}
static void bf_top(uint16_t loc, uint32_t *bpx, uint64_t *bq, uint32_t *apx, uint64_t *aq)
{
    *bpx = *apx = 0;
    *bq = *aq = 0;
    for (int i = 0; i < nbf; i++) {
        struct bo *o = &bf[i];
        if (!o->live || o->loc != loc)
            continue;
        if (o->side == 'B' && (o->px > *bpx || *bq == 0) && (o->px >= *bpx))
            *bpx = o->px;
        if (o->side == 'S' && (*apx == 0 || o->px < *apx))
            *apx = o->px;
    }
    for (int i = 0; i < nbf; i++) {
        struct bo *o = &bf[i];
        if (!o->live || o->loc != loc)
            continue;
        if (o->side == 'B' && o->px == *bpx)
            *bq += o->sh;
        if (o->side == 'S' && o->px == *apx)
            *aq += o->sh;
    }
}

static uint64_t rng = 88172645463325252ull;
static uint64_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static void test_random_vs_bruteforce(void)
{
    struct nt_feed *f = mk(64, 1 << 16, 1 << 16); /* small table: exercises growth by rehash */
    uint8_t m[64];
    ord = 0;
    nbf = 0;
    uint64_t nextref = 0;
    int bad = 0;
    for (int step = 0; step < 30000 && !bad; step++) {
        uint16_t loc = (uint16_t)(1 + rnd() % 3);
        int op = (int)(rnd() % 100);
        size_t n;
        uint64_t ref = nbf && rnd() % 4 ? bf[rnd() % nbf].ref : rnd() % (nextref + 3); /* often live, sometimes dead/colliding */
        struct bo *o = bf_find(ref);
        if (op < 45 && nbf < 19000) {
            char side = rnd() & 1 ? 'B' : 'S';
            uint32_t px = (uint32_t)(side == 'B' ? 100000 - rnd() % 3000 : 100001 + rnd() % 3000); /* deep: 3000 levels */
            uint32_t sh = (uint32_t)(rnd() % 4 == 0 ? 0xFFFFFFF0u + rnd() % 15 : 1 + rnd() % 500);
            uint64_t r = rnd() % 8 == 0 ? ref : nextref++;
            n = m_add(m, loc, r, side, sh, px);
            if (!bf_find(r) && sh > 0) /* zero-share adds are avoided below */
                bf[nbf++] = (struct bo){r, px, sh, loc, side, 1};
            if (sh == 0)
                continue;
        } else if (op < 60) {
            uint32_t sh = (uint32_t)(rnd() % 3 == 0 ? (o ? o->sh : 5) : 1 + rnd() % 600);
            n = rnd() & 1 ? m_exec(m, loc, ref, sh, 1) : m_cancel(m, loc, ref, sh);
            if (o) {
                o->sh -= sh > o->sh ? o->sh : sh;
                if (o->sh == 0)
                    o->live = 0;
            }
        } else if (op < 85) {
            n = m_del(m, loc, ref);
            if (o)
                o->live = 0;
        } else {
            uint64_t r = rnd() % 5 == 0 ? ref : nextref++;
            uint32_t px = o ? (o->side == 'B' ? 100000 - (uint32_t)(rnd() % 3000) : 100001 + (uint32_t)(rnd() % 3000)) : 5;
            uint32_t sh = (uint32_t)(1 + rnd() % 900);
            n = m_repl(m, loc, ref, r, sh, px);
            if (o) {
                o->live = 0;
                if (!bf_find(r))
                    bf[nbf++] = (struct bo){r, px, sh, o->loc, o->side, 1};
            }
        }
        itch(f, m, n);
        for (uint16_t l = 1; l <= 3; l++) {
            struct nt_tob_row t;
            uint32_t bpx, apx;
            uint64_t bq, aq;
            nt_feed_tob(f, l, &t);
            bf_top(l, &bpx, &bq, &apx, &aq);
            if (t.bid_px != bpx || t.bid_qty != bq || t.ask_px != apx || t.ask_qty != aq) {
                CHECK(0, "step %d locate %u: C %u,%llu %u,%llu brute %u,%llu %u,%llu", step, l, t.bid_px,
                      (unsigned long long)t.bid_qty, t.ask_px, (unsigned long long)t.ask_qty, bpx,
                      (unsigned long long)bq, apx, (unsigned long long)aq);
                bad = 1;
            }
        }
        if (nbf > 18000) { /* compact */
            int j = 0;
            for (int i = 0; i < nbf; i++)
                if (bf[i].live)
                    bf[j++] = bf[i];
            nbf = j;
        }
    }
    /* full depth is exact: walk every level of locate 1 and compare */
    uint32_t depth = nt_feed_depth(f, 1, 'B');
    uint32_t prev = UINT32_MAX;
    for (uint32_t i = 0; i < depth; i++) {
        uint32_t px;
        uint64_t q, want = 0;
        nt_feed_level(f, 1, 'B', i, &px, &q);
        for (int k = 0; k < nbf; k++)
            if (bf[k].live && bf[k].loc == 1 && bf[k].side == 'B' && bf[k].px == px)
                want += bf[k].sh;
        CHECK(px < prev && q == want, "level %u px %u qty %llu want %llu", i, px, (unsigned long long)q,
              (unsigned long long)want);
        prev = px;
    }
    CHECK(depth > 100, "deep book expected, depth %u", depth);
    if (mk_direct < 1024) /* a large direct table holds every order of this stream */
        CHECK(nt_feed_stats(f)->order_grows > 0, "order table should have grown");
    uint64_t live = 0;
    for (int k = 0; k < nbf; k++)
        live += bf[k].live;
    CHECK(nt_feed_stats(f)->orders_live == live, "orders_live %llu, brute force %llu",
          (unsigned long long)nt_feed_stats(f)->orders_live, (unsigned long long)live);
    nt_feed_destroy(f);
}

/* ---- direct-mapped order table: evictions to the overflow table, its bound ---- */
static void test_direct_table(void)
{
    mk_direct = 4; /* refs 0..3 in direct slots, every later add evicts an older order */
    struct nt_feed *f = mk(16, 16, 1024); /* overflow: 16 - 16/8 = 14 */
    uint8_t m[64];
    ord = 0;
    for (int i = 0; i < 20; i++)
        itch(f, m, m_add(m, 3, (uint64_t)i, 'B', 10, (uint32_t)(100 + i)));
    const struct nt_feed_stats *s = nt_feed_stats(f);
    CHECK(s->order_full == 2 && s->orders_live == 18, "4 + 14 fit: order_full %llu live %llu",
          (unsigned long long)s->order_full, (unsigned long long)s->orders_live);
    itch(f, m, m_add(m, 3, 5, 'B', 7, 999)); /* live (evicted to the overflow table): ignored */
    CHECK(s->dup_add == 1, "dup of an evicted ref, dup_add %llu", (unsigned long long)s->dup_add);
    itch(f, m, m_exec(m, 3, 0, 4, 1)); /* the oldest order, in the overflow table */
    CHECK(nrecs > 0 && recs[nrecs - 1].trade.type == NT_REC_TRADE && recs[nrecs - 1].trade.price == 100
          && recs[nrecs - 1].trade.shares == 4, "exec of an evicted order");
    for (int i = 19; i >= 0; i--)
        itch(f, m, m_del(m, 3, (uint64_t)i));
    CHECK(s->unknown_ref == 2 && s->orders_live == 0, "18 deleted, 2 unknown: unknown %llu live %llu",
          (unsigned long long)s->unknown_ref, (unsigned long long)s->orders_live);
    struct nt_tob_row t;
    nt_feed_tob(f, 3, &t);
    CHECK(t.bid_px == 0 && t.bid_qty == 0 && nt_feed_depth(f, 3, 'B') == 0, "book empty");
    /* the freed tables hold new orders again */
    for (int i = 100; i < 118; i++)
        itch(f, m, m_add(m, 3, (uint64_t)i, 'S', 1, 500));
    CHECK(s->order_full == 2 && s->orders_live == 18, "refilled: order_full %llu live %llu",
          (unsigned long long)s->order_full, (unsigned long long)s->orders_live);
    nt_feed_destroy(f);
    mk_direct = 0;
}

/* ---- capacity exhaustion is reported ---- */
static void test_exhaustion(void)
{
    struct nt_feed *f = mk(16, 16, 64);
    uint8_t m[64];
    ord = 0;
    for (int i = 0; i < 20; i++)
        itch(f, m, m_add(m, 3, (uint64_t)i, 'B', 1, (uint32_t)(100 + i)));
    const struct nt_feed_stats *s = nt_feed_stats(f);
    CHECK(s->order_full == 6, "order_full %llu", (unsigned long long)s->order_full); /* 16 - 16/8 = 14 fit */
    CHECK(nrows == 14 && !(rows[nrows - 1].flags & NT_FLAG_STALE), "rows before exhaustion are clean");
    itch(f, m, m_cancel(m, 3, 13, 1)); /* the best bid goes: the next row carries STALE */
    CHECK(nrows == 15 && (rows[nrows - 1].flags & NT_FLAG_STALE) && rows[nrows - 1].bid_px == 112, "last row STALE");
    int ev = 0;
    for (int i = 0; i < nrecs; i++)
        if (recs[i].event.type == NT_REC_FEED_EVENT && recs[i].event.event == NT_EVT_CAPACITY
            && recs[i].event.aux == NT_CAP_ORDERS && recs[i].event.locate == 3)
            ev++;
    CHECK(ev == 1, "one capacity event, got %d", ev);
    nt_feed_destroy(f);
    /* level pool: 64 levels = 8+16+32 blocks; the 33rd distinct price on one side fails */
    f = mk(1024, 1024, 64);
    for (int i = 0; i < 40; i++)
        itch(f, m, m_add(m, 4, (uint64_t)i, 'S', 1, (uint32_t)(100 + i)));
    CHECK(nt_feed_stats(f)->level_full > 0, "level_full %llu", (unsigned long long)nt_feed_stats(f)->level_full);
    itch(f, m, m_cancel(m, 4, 0, 1));
    CHECK(nrows > 0 && (rows[nrows - 1].flags & NT_FLAG_STALE) && rows[nrows - 1].ask_px == 101, "STALE after level exhaustion");
    nt_feed_destroy(f);
}

/* ---- MoldUDP64 ---- */
static size_t mold(uint8_t *p, const char *sess, uint64_t seq, uint16_t count, const uint8_t *msgs, size_t mlen, int nmsg)
{
    memcpy(p, sess, 10);
    p64(p + 10, seq);
    p16(p + 18, count);
    size_t off = 20;
    for (int i = 0; i < nmsg; i++) {
        p16(p + off, (uint16_t)mlen);
        memcpy(p + off + 2, msgs + i * mlen, mlen);
        off += 2 + mlen;
    }
    return off;
}

static void test_mold(void)
{
    struct nt_feed *f = mk(1024, 1024, 1024);
    uint8_t msgs[8][19], p[512];
    for (int i = 0; i < 8; i++) /* D of unknown refs: they count as messages, no rows */
        m_del(msgs[i], 1, 1000 + (uint64_t)i);
    uint8_t adds[4][36];
    for (int i = 0; i < 4; i++)
        m_add(adds[i], 2, (uint64_t)i, 'B', 10, (uint32_t)(100 + i));

    nt_feed_mold(f, p, mold(p, "SESSION001", 100, 2, msgs[0], 19, 2), 0, 0);      /* 100,101 */
    nt_feed_mold(f, p, mold(p, "SESSION001", 100, 2, msgs[0], 19, 2), 1, 0);      /* B copy: dup */
    nt_feed_mold(f, p, mold(p, "SESSION001", 101, 3, msgs[0], 19, 3), 1, 0);      /* overlap: 102,103 */
    nt_feed_mold(f, p, mold(p, "SESSION001", 104, 0, NULL, 0, 0), 0, 0);          /* heartbeat */
    const struct nt_feed_stats *s = nt_feed_stats(f);
    CHECK(s->messages == 4 && s->packets_dup == 1 && s->heartbeats == 1, "msgs %llu dup %llu",
          (unsigned long long)s->messages, (unsigned long long)s->packets_dup);
    reset_out();
    nt_feed_mold(f, p, mold(p, "SESSION001", 106, 1, adds[0], 36, 1), 0, 0);      /* gap 104..105 */
    CHECK(s->gaps == 1 && s->gap_messages == 2 && s->messages == 5, "gap");
    CHECK(nrecs >= 2 && recs[0].event.type == NT_REC_FEED_EVENT && recs[0].event.event == NT_EVT_GAP
              && recs[0].event.expected_seq == 104 && recs[0].event.received_seq == 106,
          "gap event");
    ROW(0, 5, 2, 100, 10, 0, 0, NT_FLAG_GAP);
    nt_feed_mold(f, p, mold(p, "SESSION001", 104, 2, msgs[0], 19, 2), 1, 0);      /* late fill: dup */
    nt_feed_mold(f, p, mold(p, "SESSION001", 107, 0xFFFF, NULL, 0, 0), 0, 0);     /* end of session */
    nt_feed_mold(f, p, mold(p, "SESSION001", 107, 1, adds[1], 36, 1), 0, 0);      /* after end: dropped */
    CHECK(s->messages == 5 && s->end_of_session == 1, "eos msgs %llu", (unsigned long long)s->messages);
    nt_feed_mold(f, p, mold(p, "SESSION002", 1, 1, adds[2], 36, 1), 1, 0);        /* new session */
    CHECK(s->messages == 6 && s->sessions == 2, "new session");
    ROW(1, 6, 2, 102, 10, 0, 0, NT_FLAG_GAP); /* GAP stays set */
    CHECK(recs[nrecs - 1].tob.flags & NT_FLAG_LINE_B, "line B flag");
    /* truncated message inside a packet: counted, the rest of the packet dropped */
    uint64_t pm = s->packets_malformed;
    size_t n = mold(p, "SESSION002", 2, 2, msgs[0], 19, 2);
    nt_feed_mold(f, p, n - 1, 0, 0);
    CHECK(s->packets_malformed == pm + 1 && s->messages == 7, "truncated: malformed %llu msgs %llu",
          (unsigned long long)s->packets_malformed, (unsigned long long)s->messages);
    nt_feed_mold(f, p, 19, 0, 0);
    CHECK(s->packets_malformed == pm + 2, "short header");
    /* the truncated packet still moved expected to 4: seq 4 is next, not a gap */
    uint64_t g = s->gaps;
    nt_feed_mold(f, p, mold(p, "SESSION002", 4, 1, msgs[0], 19, 1), 0, 0);
    CHECK(s->gaps == g && s->messages == 8, "lost blocks are not a gap");
    /* an old session is dropped */
    nt_feed_mold(f, p, mold(p, "SESSION001", 200, 1, msgs[0], 19, 1), 0, 0);
    CHECK(s->messages == 8 && s->packets_old_session == 1, "old session");
    /* a new session: a heartbeat first does not set expected; an empty block is not a message */
    nt_feed_mold(f, p, mold(p, "SESSION003", 50, 0, NULL, 0, 0), 0, 0);
    n = mold(p, "SESSION003", 10, 3, msgs[0], 19, 3);
    p[20 + 21] = 0; p[20 + 22] = 0; /* second block: length 0 ... */
    memmove(p + 20 + 23, p + 20 + 42, n - 62); /* ... its bytes removed */
    n -= 19;
    nt_feed_mold(f, p, n, 0, 0);
    CHECK(s->messages == 10 && s->empty_blocks == 1 && s->gaps == g, "empty block: msgs %llu", (unsigned long long)s->messages);
    nt_feed_mold(f, p, mold(p, "SESSION003", 13, 1, msgs[0], 19, 1), 0, 0);
    CHECK(s->messages == 11 && s->gaps == g, "expected 13 after 10+3");
    nt_feed_destroy(f);
}

/* ---- Ethernet / VLAN / IPv4 / UDP ---- */
static size_t frame(uint8_t *fr, int vlans, int ihl_words, uint8_t proto, uint16_t dport, const uint8_t *pl, size_t pn)
{
    memset(fr, 0, 14);
    size_t off = 12;
    for (int v = 0; v < vlans; v++) {
        p16(fr + off, 0x8100);
        p16(fr + off + 2, 141);
        off += 4;
    }
    p16(fr + off, 0x0800);
    off += 2;
    uint8_t *ip = fr + off;
    size_t ihl = (size_t)ihl_words * 4;
    memset(ip, 0, ihl);
    ip[0] = (uint8_t)(0x40 | ihl_words);
    p16(ip + 2, (uint16_t)(ihl + 8 + pn));
    ip[8] = 64;
    ip[9] = proto;
    p32(ip + 12, 0x0a000001);
    p32(ip + 16, 0xe9360c6f);
    for (size_t i = 20; i < ihl; i++)
        ip[i] = 1; /* NOP options */
    uint32_t sum = 0;
    for (size_t i = 0; i < ihl; i += 2)
        sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    p16(ip + 10, (uint16_t)~sum);
    uint8_t *u = ip + ihl;
    p16(u, 5000);
    p16(u + 2, dport);
    p16(u + 4, (uint16_t)(8 + pn));
    p16(u + 6, 0);
    memcpy(u + 8, pl, pn);
    return off + ihl + 8 + pn;
}

static void test_frames(void)
{
    char err[NT_ERRLEN];
    struct nt_feed_cfg c = {.order_capacity = 1024, .level_capacity = 1024, .udp_port = 26477};
    struct nt_feed *f = nt_feed_create(&c, err);
    nt_feed_set_sink(f, sink, NULL);
    reset_out();
    uint8_t add[36], p[256], fr[512];
    m_add(add, 9, 1, 'S', 100, 2000);
    size_t pn = mold(p, "0000010059", 1, 1, add, 36, 1);
    const struct nt_feed_stats *s = nt_feed_stats(f);
    nt_feed_frame(f, fr, frame(fr, 1, 5, 17, 26477, p, pn), 0, 0);             /* VLAN 141 */
    CHECK(s->messages == 1 && nrows == 1, "vlan frame");
    m_add(add, 9, 2, 'S', 100, 1900);
    pn = mold(p, "0000010059", 2, 1, add, 36, 1);
    size_t n = frame(fr, 2, 7, 17, 26477, p, pn);                               /* QinQ + IP options */
    fr[n] = 0xAA; /* Ethernet padding after the IP datagram is ignored */
    nt_feed_frame(f, fr, n + 1, 0, 0);
    CHECK(s->messages == 2 && nrows == 2 && rows[1].ask_px == 1900, "options frame");
    m_add(add, 9, 3, 'S', 100, 1800);
    pn = mold(p, "0000010059", 3, 1, add, 36, 1);
    n = frame(fr, 0, 5, 17, 26477, p, pn);
    fr[14 + 10] ^= 1;                                                            /* bad IPv4 checksum */
    nt_feed_frame(f, fr, n, 0, 0);
    CHECK(s->frames_malformed == 1 && s->messages == 2, "checksum");
    n = frame(fr, 0, 5, 6, 26477, p, pn);                                        /* TCP: skipped */
    nt_feed_frame(f, fr, n, 0, 0);
    n = frame(fr, 0, 5, 17, 26400, p, pn);                                       /* other port: skipped */
    nt_feed_frame(f, fr, n, 0, 0);
    fr[12] = 0x86; fr[13] = 0xDD;                                                /* IPv6: skipped */
    nt_feed_frame(f, fr, n, 0, 0);
    CHECK(s->frames_skipped == 3 && s->messages == 2, "skipped %llu", (unsigned long long)s->frames_skipped);
    n = frame(fr, 0, 5, 17, 26477, p, pn);
    nt_feed_frame(f, fr, n - 5, 0, 0);                                           /* truncated */
    nt_feed_frame(f, fr, 13, 0, 0);
    CHECK(s->frames_malformed == 3, "truncated %llu", (unsigned long long)s->frames_malformed);
    nt_feed_frame(f, fr, n, 0, 0);
    CHECK(s->messages == 3 && rows[nrows - 1].ask_px == 1800, "good again");
    nt_feed_destroy(f);
}

/* ---- ring output, read back with the C consumer ---- */
static void test_ring(void)
{
    char path[128];
    snprintf(path, sizeof path, "/dev/shm/nt-test-feed-%d", (int)getpid());
    struct nt_ring prod, cons;
    struct nt_ring_opts o = {.kind = NT_RING_KIND_MD, .capacity = 64, .name = "md"};
    if (nt_ring_create(&prod, path, &o) != 0) {
        CHECK(0, "%s", prod.err);
        return;
    }
    struct nt_feed *f = mk(1024, 1024, 1024);
    nt_feed_set_ring(f, &prod);
    uint8_t m[64];
    ord = 0;
    itch(f, m, m_add(m, 5, 1, 'B', 4000000000u, 100));
    itch(f, m, m_add(m, 5, 2, 'B', 4000000000u, 100)); /* 8e9 > u32: saturates, STALE in the record only */
    itch(f, m, m_exec(m, 5, 1, 10, 42));
    CHECK(nrows == 3 && rows[1].bid_qty == 8000000000ull && rows[1].flags == NT_FLAG_STALE,
          "exact row, STALE because a u32 engine cannot carry it");
    if (nt_ring_open(&cons, path, NT_RING_KIND_MD) != 0) {
        CHECK(0, "%s", cons.err);
    } else {
        union nt_record r;
        int n = 0;
        while (nt_ring_poll(&cons, &r) == NT_POLL_RECORD) {
            CHECK(r.tob.seq == (uint64_t)n + 1, "seq");
            if (n == 0)
                CHECK(r.tob.type == NT_REC_TOB && r.tob.bid_qty == 4000000000u && r.tob.flags == NT_FLAG_BID_CHANGED
                          && r.tob.msg_type == 'A' && r.tob.msg_ordinal == 1 && r.tob.locate == 5 && r.tob.itch_ts == 1,
                      "rec 0");
            if (n == 1)
                CHECK(r.tob.bid_qty == UINT32_MAX && (r.tob.flags & NT_FLAG_STALE), "rec 1 saturates");
            if (n == 2)
                CHECK(r.trade.type == NT_REC_TRADE && r.trade.match_number == 42 && r.trade.shares == 10, "rec 2 trade");
            if (n == 3)
                CHECK(r.tob.type == NT_REC_TOB && r.tob.bid_qty == UINT32_MAX, "rec 3");
            n++;
        }
        CHECK(n == 4, "records %d", n);
        nt_ring_unmap(&cons);
    }
    nt_ring_close_producer(&prod);
    unlink(path);
    nt_feed_destroy(f);
}

/* ---- real data: the NASDAQ BinaryFILE head of day ---- */
static void test_binaryfile(void)
{
    const char *root = getenv("NT_ROOT");
    char path[512];
    snprintf(path, sizeof path, "%s/../shared/data/nasdaq-binaryfile/head-of-day-1000.itch", root ? root : "..");
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "note: %s not found, BinaryFILE check skipped\n", path);
        return;
    }
    struct nt_feed *f = mk(1024, 1024, 1024);
    char err[NT_ERRLEN];
    CHECK(nt_feed_replay_file(f, path, err) == 0, "%s", err);
    CHECK(nt_feed_stats(f)->messages == 1000, "messages %llu", (unsigned long long)nt_feed_stats(f)->messages);
    CHECK(nrows == 0 && nt_feed_stats(f)->msgs_malformed == 0, "no order messages");
    nt_feed_destroy(f);
}

int main(void)
{
    test_book_rules();
    /* the brute-force stream with every order in the hash table, with a tiny
     * direct table (every slot shared by ~1000 live refs: eviction, saturated
     * counters) and with a direct table as large as the stream's refs */
    test_random_vs_bruteforce();
    mk_direct = 16;
    test_random_vs_bruteforce();
    mk_direct = 1 << 16;
    test_random_vs_bruteforce();
    mk_direct = 0;
    test_direct_table();
    test_exhaustion();
    test_mold();
    test_frames();
    test_ring();
    test_binaryfile();
    if (fails) {
        fprintf(stderr, "test_feed: %d failure(s)\n", fails);
        return 1;
    }
    printf("test_feed: all checks passed\n");
    return 0;
}
