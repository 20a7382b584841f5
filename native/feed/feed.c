/*
 * feed.c -- Ethernet/IPv4/UDP -> MoldUDP64 -> ITCH 5.0 -> order table ->
 * full-depth book -> ring records.  See nt_feed.h.
 *
 * Order tables: a direct-mapped table indexed by the low bits of the order
 * reference, and an overflow hash table (open addressing, linear probing,
 * backward-shift deletion) for the refs whose direct slot is taken (0 is a
 * normal reference: a slot is occupied when its 'used' bit is set).
 *
 * Book: per locate and side a sorted array of levels {key, slot, qty} in a
 * block of a preallocated pool (power-of-two size classes with free lists),
 * in ascending "key" order with the best level last: the key is the price
 * for bids and ~price for asks, so one search serves both sides and
 * inserts/removes near the top move few bytes.  Orders name their level by
 * a stable slot; lpos[slot] is the level's position (kept up to date when
 * levels move), so executions, cancels, deletes and replaces reach their
 * level without a search.
 */
#include "nt_feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define LIKELY(x)   __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

#define NO_BLOCK    0u      /* pool slot 0 is never handed out: calloc'ed books need no init */
#define MIN_CLASS   3u      /* smallest block: 8 levels */
#define MAX_CLASS   31u
#define NT_FEED_SESSIONS 64u

struct order {
    uint64_t ref;
    uint32_t px;
    uint32_t shares;
    uint16_t locate;
    uint8_t  side : 1;  /* 0 = bid, 1 = ask */
    uint8_t  used : 1;
    uint8_t  ovf;       /* direct slot only: live refs of the overflow table whose direct
                         * home is this slot (OVF_STICKY: saturated, never decremented) */
    uint32_t lvl;       /* its price level's slot (0: lost to exhaustion) */
};
#define OVF_STICKY 255u

/* A price level: an entry of its side's sorted array, aggregates inline (an
 * add that finds its level in the walk from the top updates it in the line
 * it just read).  Orders name their level by a stable slot; f->lpos[slot] is
 * the entry's pool index, kept up to date when entries move.  A level lives
 * while qty > 0 (every live order has shares > 0). */
struct level {
    uint32_t key;       /* px (bid) or ~px (ask) */
    uint32_t slot;      /* its stable slot (f->lpos[slot] == this entry's index) */
    uint64_t qty;
};

struct side {
    uint32_t blk;       /* first pool index, NO_BLOCK when none */
    uint32_t n;
    uint8_t  cls;       /* log2 of the block size */
};

struct book {
    struct side s[2];
    uint32_t last_bpx, last_apx;
    uint64_t last_bq, last_aq;
    uint8_t  stale;
};

struct nt_feed {
    /* direct-mapped order table: ref & dt_mask (NULL when cfg.order_direct is 0) */
    struct order *dt;
    uint64_t dt_mask;
    uint64_t dt_count;

    /* overflow order table (hash) */
    struct order *ot;
    uint64_t ot_mask;
    uint64_t ot_count;
    uint64_t ot_limit;  /* count at which we grow or report full */
    uint64_t ot_max;    /* largest capacity allowed */

    /* level pool */
    struct level *pool;
    uint64_t pool_cap;
    uint64_t pool_top;                 /* bump pointer */
    uint32_t free_head[MAX_CLASS + 1]; /* free blocks, linked through level.key */
    uint32_t *lpos;                    /* level slot -> pool index (slot 0 unused; free: next free) */
    uint64_t lvl_top;
    uint32_t lvl_free;

    struct book *books;                /* NT_FEED_LOCATES */

    /* sequencing */
    uint8_t  session[10];
    uint8_t  have_session;
    uint8_t  have_expected;            /* set by the session's first data packet */
    uint8_t  seen[NT_FEED_SESSIONS][10]; /* sessions seen (old ones are dropped) */
    uint32_t nseen;
    uint8_t  ended;
    uint8_t  gap;                      /* sticky GAP flag */
    uint8_t  cur_line;
    uint64_t expected;
    uint64_t cur_seq;
    uint64_t cur_ts;

    uint8_t  top_moved;                /* the message touched a side's best level */
    uint16_t udp_port;
    uint16_t b_udp_port;
    uint32_t b_ipv4;

    struct nt_ring *ring;
    nt_feed_sink_fn sink;
    void *sink_ctx;

    struct nt_feed_stats st;
};

/* ------------------------------------------------------------------ */
/* Byte helpers                                                         */
/* ------------------------------------------------------------------ */

static inline uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t be32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4); /* one unaligned load */
    return __builtin_bswap32(v);
}
static inline uint64_t be64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return __builtin_bswap64(v);
}
static inline uint64_t be48(const uint8_t *p) { return (uint64_t)be16(p) << 32 | be32(p + 2); }

/* ------------------------------------------------------------------ */
/* Records                                                              */
/* ------------------------------------------------------------------ */

static void emit(struct nt_feed *f, union nt_record *rec, const struct nt_tob_row *row)
{
    f->st.records++;
    if (f->cur_line)
        rec->tob.flags |= NT_FLAG_LINE_B;
    if (f->ring)
        nt_md_publish(f->ring, rec);
    if (f->sink)
        f->sink(f->sink_ctx, rec, row);
}

static void emit_event(struct nt_feed *f, uint8_t event, uint16_t locate, uint64_t expected,
                       uint64_t received, uint64_t count, uint64_t aux)
{
    union nt_record r;
    memset(&r, 0, sizeof r);
    r.event.type = NT_REC_FEED_EVENT;
    r.event.event = event;
    r.event.flags = f->gap ? NT_FLAG_GAP : 0;
    r.event.locate = locate;
    r.event.line = f->cur_line;
    r.event.expected_seq = expected;
    r.event.received_seq = received;
    r.event.count = count;
    r.event.aux = aux;
    r.event.msg_ordinal = f->st.messages;
    r.event.ingress_ts = f->cur_ts;
    f->st.events++;
    emit(f, &r, NULL);
}

static void mark_stale(struct nt_feed *f, uint16_t locate, uint64_t which, uint64_t count)
{
    struct book *b = &f->books[locate];
    if (!b->stale) {
        b->stale = 1;
        emit_event(f, NT_EVT_CAPACITY, locate, 0, 0, count, which);
    }
}

/* ------------------------------------------------------------------ */
/* Big zeroed tables: anonymous mappings with transparent huge pages     */
/* (the order table and pool are hit at random: 4 KB pages would cost a  */
/* TLB miss per access).                                                 */
/* ------------------------------------------------------------------ */

#define HUGE_SZ (2u << 20)

static void *big_alloc(size_t n)
{
    size_t sz = (n + HUGE_SZ - 1) & ~(size_t)(HUGE_SZ - 1);
    void *p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, sz, MADV_HUGEPAGE); /* advisory: fine if THP is off */
#endif
    return p;
}

static void big_free(void *p, size_t n)
{
    if (p)
        munmap(p, (n + HUGE_SZ - 1) & ~(size_t)(HUGE_SZ - 1));
}

/* ------------------------------------------------------------------ */
/* Order table                                                          */
/* ------------------------------------------------------------------ */

/* Multiplicative (Fibonacci) hash of the whole ref.  Measured against
 * layouts that keep runs of consecutive refs together (better cache locality
 * for young orders, see docs/software-path.md): those cluster under linear
 * probing once the table holds a day's spread of refs, and lost on the
 * 10M-message benchmark (243 vs 180 ns/message). */
static inline uint64_t ot_hash(const struct nt_feed *f, uint64_t ref)
{
    return ((ref * 0x9E3779B97F4A7C15ull) >> 29) & f->ot_mask;
}

static inline struct order *ot_find(struct nt_feed *f, uint64_t ref)
{
    uint64_t i = ot_hash(f, ref);
    for (;;) {
        struct order *o = &f->ot[i];
        if (!o->used)
            return NULL;
        if (o->ref == ref)
            return o;
        i = (i + 1) & f->ot_mask;
    }
}

static int ot_alloc(struct nt_feed *f, uint64_t cap)
{
    struct order *t = big_alloc(cap * sizeof *t);
    if (!t)
        return -1;
    struct order *old = f->ot;
    uint64_t oldcap = old ? f->ot_mask + 1 : 0;
    f->ot = t;
    f->ot_mask = cap - 1;
    f->ot_limit = cap < f->ot_max ? cap / 2 : cap - cap / 8;
    for (uint64_t i = 0; i < oldcap; i++) {
        if (!old[i].used)
            continue;
        uint64_t j = ot_hash(f, old[i].ref);
        while (t[j].used)
            j = (j + 1) & f->ot_mask;
        t[j] = old[i];
    }
    big_free(old, oldcap * sizeof *old);
    return 0;
}

/* One probe for an add: the live order with this ref (*live = 1), or the
 * free slot where it goes (*live = 0), or NULL when the table is full. */
static struct order *ot_probe_add(struct nt_feed *f, uint64_t ref, int *live)
{
    *live = 0;
    if (UNLIKELY(f->ot_count >= f->ot_limit)) {
        struct order *o = ot_find(f, ref);
        if (o) {
            *live = 1;
            return o;
        }
        uint64_t cap = f->ot_mask + 1;
        if (cap >= f->ot_max || ot_alloc(f, cap * 2) != 0)
            return NULL;
        f->st.order_grows++;
    }
    uint64_t i = ot_hash(f, ref);
    for (;;) {
        struct order *o = &f->ot[i];
        if (!o->used) {
            *live = 0;
            return o;
        }
        if (o->ref == ref) {
            *live = 1;
            return o;
        }
        i = (i + 1) & f->ot_mask;
    }
}

/* Fills the free slot from ot_probe_add. */
static inline void ot_fill(struct nt_feed *f, struct order *o, uint64_t ref)
{
    o->ref = ref;
    o->used = 1;
    f->ot_count++;
}

/* Backward-shift deletion: no tombstones, probe chains stay short. */
static void ot_remove(struct nt_feed *f, struct order *o)
{
    uint64_t mask = f->ot_mask;
    uint64_t i = (uint64_t)(o - f->ot);
    uint64_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        struct order *n = &f->ot[j];
        if (!n->used)
            break;
        uint64_t h = ot_hash(f, n->ref);
        /* n may move to i when its home h is not cyclically in (i, j] */
        if (((j - h) & mask) >= ((j - i) & mask)) {
            f->ot[i] = *n;
            i = j;
        }
    }
    f->ot[i].used = 0;
    f->ot_count--;
}

/* ------------------------------------------------------------------ */
/* Order lookup: direct-mapped table first, overflow table second       */
/* ------------------------------------------------------------------ */

/* ITCH order references are handed out in increasing order, so a table
 * indexed by the low bits of the ref (no hash) places consecutive adds in
 * consecutive slots (a sequential stream the hardware prefetcher follows)
 * and keeps young orders, which most modifies and deletes target, in few
 * hot cache lines.  A ref whose direct slot holds another live order (an
 * old order still resting after dt_mask+1 newer refs, or any collision of
 * a hostile stream) lives in the overflow hash table; the direct slot counts
 * them (ovf), so a lookup only probes the overflow table when one may be
 * there.  Each live ref is in exactly one place. */

static inline int in_dt(const struct nt_feed *f, const struct order *o)
{
    return f->dt && o >= f->dt && o <= f->dt + f->dt_mask;
}

static inline struct order *ord_find(struct nt_feed *f, uint64_t ref)
{
    if (LIKELY(f->dt != NULL)) {
        struct order *d = &f->dt[ref & f->dt_mask];
        if (d->used && d->ref == ref)
            return d;
        if (LIKELY(d->ovf == 0))
            return NULL;
    }
    return f->ot_count ? ot_find(f, ref) : NULL;
}

static inline void ord_count(struct nt_feed *f)
{
    uint64_t n = f->dt_count + f->ot_count;
    f->st.orders_live = n;
    if (n > f->st.orders_peak)
        f->st.orders_peak = n;
}

/* Where an add of ref goes: the live order with this ref (*live = 1), or a
 * free slot, already holding ref and marked used (*live = 0), or NULL when
 * the tables are full. */
static struct order *ord_add(struct nt_feed *f, uint64_t ref, int *live)
{
    if (UNLIKELY(f->dt == NULL)) {
        struct order *o = ot_probe_add(f, ref, live);
        if (o && !*live)
            ot_fill(f, o, ref);
        return o;
    }
    struct order *d = &f->dt[ref & f->dt_mask];
    *live = 0;
    if (d->used && d->ref == ref) {
        *live = 1;
        return d;
    }
    if (UNLIKELY(d->ovf != 0)) {
        struct order *o = f->ot_count ? ot_find(f, ref) : NULL;
        if (o) {
            *live = 1;
            return o;
        }
    }
    if (UNLIKELY(d->used)) {
        /* the older order moves to the overflow table (it is not there) */
        int l2;
        struct order *o = ot_probe_add(f, d->ref, &l2);
        if (!o)
            return NULL;
        uint8_t ovf = d->ovf;
        *o = *d;
        o->ovf = 0;
        f->ot_count++;
        d->ovf = ovf < OVF_STICKY ? (uint8_t)(ovf + 1) : ovf;
        f->dt_count--;
    }
    d->ref = ref;
    d->used = 1;
    f->dt_count++;
    return d;
}

static inline void ord_remove(struct nt_feed *f, struct order *o)
{
    if (LIKELY(in_dt(f, o))) {
        o->used = 0;
        f->dt_count--;
    } else {
        if (f->dt) {
            struct order *d = &f->dt[o->ref & f->dt_mask];
            if (d->ovf != OVF_STICKY)
                d->ovf--;
        }
        ot_remove(f, o);
    }
    f->st.orders_live = f->dt_count + f->ot_count;
}

/* ------------------------------------------------------------------ */
/* Level pool                                                           */
/* ------------------------------------------------------------------ */

static uint32_t pool_get(struct nt_feed *f, uint8_t cls)
{
    uint32_t b = f->free_head[cls];
    if (b != NO_BLOCK) {
        f->free_head[cls] = f->pool[b].key;
        return b;
    }
    uint64_t size = 1ull << cls;
    if (f->pool_top + size > f->pool_cap)
        return NO_BLOCK;
    b = (uint32_t)f->pool_top;
    f->pool_top += size;
    f->st.levels_used = f->pool_top;
    return b;
}

static void pool_put(struct nt_feed *f, uint32_t b, uint8_t cls)
{
    f->pool[b].key = f->free_head[cls];
    f->free_head[cls] = b;
}

/* Index of the first level with key >= k (n if none). */
static inline uint32_t lv_search(const struct level *lv, uint32_t n, uint32_t k)
{
    /* most activity is near the top (the end): walk down a few levels first
     * (independent, well-predicted loads), then a branchless binary search */
    uint32_t i = n;
    uint32_t stop = n > 8 ? n - 8 : 0;
    while (i > stop) {
        if (lv[i - 1].key < k)
            return i;
        i--;
    }
    if (i == 0)
        return 0;
    /* lv[i].key >= k: lower bound over [0, i) */
    const struct level *base = lv;
    uint32_t len = i;
    while (len > 1) {
        uint32_t half = len >> 1;
        base = base[half - 1].key < k ? base + half : base;
        len -= half;
    }
    return (uint32_t)(base - lv) + (base->key < k);
}

static inline uint32_t side_key(uint8_t side, uint32_t px) { return side ? ~px : px; }

/* Entries [from, to) of a side moved: their slots follow. */
static inline void lpos_fix(struct nt_feed *f, uint32_t blk, uint32_t from, uint32_t to)
{
    const struct level *lv = &f->pool[blk];
    for (uint32_t j = from; j < to; j++)
        f->lpos[lv[j].slot] = blk + j;
}

/* Adds shares at px; returns the level's slot, or 0 when a pool is exhausted. */
static uint32_t book_add(struct nt_feed *f, struct book *b, uint8_t side, uint32_t px, uint32_t shares)
{
    struct side *s = &b->s[side];
    uint32_t k = side_key(side, px);
    struct level *lv = s->blk == NO_BLOCK ? NULL : &f->pool[s->blk];
    uint32_t i = lv ? lv_search(lv, s->n, k) : 0;
    if (i < s->n && lv[i].key == k) {
        lv[i].qty += shares;
        f->top_moved |= i == s->n - 1;
        return lv[i].slot;
    }
    uint32_t slot = f->lvl_free;
    if (slot == 0 && f->lvl_top >= f->pool_cap)
        return 0;
    if (s->blk == NO_BLOCK || s->n == (1u << s->cls)) {
        uint8_t cls = s->blk == NO_BLOCK ? MIN_CLASS : (uint8_t)(s->cls + 1);
        uint32_t nb = cls <= MAX_CLASS ? pool_get(f, cls) : NO_BLOCK;
        if (nb == NO_BLOCK)
            return 0;
        if (s->blk != NO_BLOCK) {
            memcpy(&f->pool[nb], lv, (size_t)s->n * sizeof *lv);
            pool_put(f, s->blk, s->cls);
            lpos_fix(f, nb, 0, s->n);
        }
        s->blk = nb;
        s->cls = cls;
        lv = &f->pool[nb];
    }
    if (slot)
        f->lvl_free = f->lpos[slot];
    else
        slot = (uint32_t)f->lvl_top++;
    f->top_moved |= i == s->n; /* the new best level */
    memmove(&lv[i + 1], &lv[i], (size_t)(s->n - i) * sizeof *lv);
    s->n++;
    lv[i].key = k;
    lv[i].slot = slot;
    lv[i].qty = shares;
    lpos_fix(f, s->blk, i, s->n);
    return slot;
}

/* Removes shares from the level in slot (the order's); a level left empty goes. */
static void book_reduce(struct nt_feed *f, struct book *b, uint8_t side, uint32_t slot, uint32_t shares)
{
    if (UNLIKELY(slot == 0))
        return; /* the level was lost to exhaustion (the locate is STALE) */
    uint32_t p = f->lpos[slot];
    struct level *L = &f->pool[p];
    struct side *s = &b->s[side];
    uint32_t i = p - s->blk;
    L->qty -= shares;
    f->top_moved |= i == s->n - 1;
    if (L->qty == 0) {
        s->n--;
        memmove(L, L + 1, (size_t)(s->n - i) * sizeof *L);
        lpos_fix(f, s->blk, i, s->n);
        if (s->n == 0) {
            pool_put(f, s->blk, s->cls);
            s->blk = NO_BLOCK;
        }
        f->lpos[slot] = f->lvl_free;
        f->lvl_free = slot;
    }
}

static inline void book_top(const struct nt_feed *f, const struct book *b, uint32_t *bpx, uint64_t *bq,
                            uint32_t *apx, uint64_t *aq)
{
    const struct side *s = &b->s[0];
    if (s->n) {
        const struct level *l = &f->pool[s->blk + s->n - 1];
        *bpx = l->key;
        *bq = l->qty;
    } else {
        *bpx = 0;
        *bq = 0;
    }
    s = &b->s[1];
    if (s->n) {
        const struct level *l = &f->pool[s->blk + s->n - 1];
        *apx = ~l->key;
        *aq = l->qty;
    } else {
        *apx = 0;
        *aq = 0;
    }
}

static inline uint32_t sat32(uint64_t v, uint16_t *flags)
{
    if (v > UINT32_MAX) {
        *flags |= NT_FLAG_STALE;
        return UINT32_MAX;
    }
    return (uint32_t)v;
}

/* After every book message the touched locate's last_* equal its top of
 * book, so only the side the message touched (0 bid, 1 ask) is recomputed. */
static void check_tob(struct nt_feed *f, uint16_t locate, const uint8_t *m, uint8_t side)
{
    /* a side's best (px, qty) can only change when the message touched its
     * best level or made a new one: otherwise nothing to compare */
    if (!f->top_moved)
        return;
    f->top_moved = 0;
    uint8_t msg_type = m[0];
    uint64_t itch_ts = be48(m + 5);
    struct book *b = &f->books[locate];
    uint32_t bpx = b->last_bpx, apx = b->last_apx;
    uint64_t bq = b->last_bq, aq = b->last_aq;
    const struct side *s = &b->s[side & 1];
    uint32_t px = 0;
    uint64_t q = 0;
    if (s->n) {
        const struct level *l = &f->pool[s->blk + s->n - 1];
        px = side ? ~l->key : l->key;
        q = l->qty;
    }
    if (side) {
        apx = px;
        aq = q;
    } else {
        bpx = px;
        bq = q;
    }
    int bch = bpx != b->last_bpx || bq != b->last_bq;
    int ach = apx != b->last_apx || aq != b->last_aq;
    if (LIKELY(!bch && !ach))
        return;
    b->last_bpx = bpx;
    b->last_bq = bq;
    b->last_apx = apx;
    b->last_aq = aq;

    struct nt_tob_row row;
    row.msg = f->st.messages;
    row.locate = locate;
    row.flags = (uint16_t)((f->gap ? NT_FLAG_GAP : 0) | (b->stale ? NT_FLAG_STALE : 0)
                           | (bq > UINT32_MAX || aq > UINT32_MAX ? NT_FLAG_STALE : 0));
    row.bid_px = bpx;
    row.bid_qty = bq;
    row.ask_px = apx;
    row.ask_qty = aq;

    union nt_record r;
    r.words[0] = 0;
    r.tob.type = NT_REC_TOB;
    r.tob.msg_type = msg_type;
    uint16_t fl = row.flags | (uint16_t)(bch ? NT_FLAG_BID_CHANGED : 0) | (uint16_t)(ach ? NT_FLAG_ASK_CHANGED : 0);
    r.tob.locate = locate;
    r.tob._pad = 0;
    r.tob.bid_px = bpx;
    r.tob.bid_qty = sat32(bq, &fl);
    r.tob.ask_px = apx;
    r.tob.ask_qty = sat32(aq, &fl);
    r.tob.flags = fl;
    r.tob.itch_ts = itch_ts;
    r.tob.mold_seq = f->cur_seq;
    r.tob.msg_ordinal = f->st.messages;
    r.tob.ingress_ts = f->cur_ts;
    f->st.tob_rows++;
    emit(f, &r, &row);
}

static void trade(struct nt_feed *f, uint8_t mt, uint16_t locate, uint8_t side, uint8_t printable,
                  uint32_t px, uint64_t shares, uint64_t ts, uint64_t match)
{
    union nt_record r;
    r.words[0] = 0;
    r.trade.type = NT_REC_TRADE;
    r.trade.msg_type = mt;
    r.trade.flags = f->gap ? NT_FLAG_GAP : 0;
    r.trade.locate = locate;
    r.trade.side = side;
    r.trade.printable = printable;
    r.trade.price = px;
    r.trade._pad = 0;
    r.trade.shares = shares;
    r.trade.itch_ts = ts;
    r.trade.match_number = match;
    r.trade.msg_ordinal = f->st.messages;
    r.trade.ingress_ts = f->cur_ts;
    f->st.trades++;
    emit(f, &r, NULL);
}

/* ------------------------------------------------------------------ */
/* ITCH                                                                 */
/* ------------------------------------------------------------------ */

/* 0 = bid, 1 = ask, 2 = neither (ignored) */
static inline uint8_t side_of(uint8_t c) { return c == 'B' ? 0 : c == 'S' ? 1 : 2; }

static void add_order(struct nt_feed *f, uint16_t locate, uint64_t ref, uint8_t side, uint32_t shares, uint32_t px)
{
    f->st.adds++;
    if (UNLIKELY(side > 1)) {
        f->st.bad_side++;
        return;
    }
    if (UNLIKELY(shares == 0)) {
        /* ignored either way (live ref: dup_add, as the model counts it) */
        if (ord_find(f, ref))
            f->st.dup_add++;
        else
            f->st.zero_shares++;
        return;
    }
    int live;
    struct order *o = ord_add(f, ref, &live);
    if (live) {
        f->st.dup_add++;
        return;
    }
    if (UNLIKELY(!o)) {
        f->st.order_full++;
        mark_stale(f, locate, NT_CAP_ORDERS, f->st.order_full);
        return;
    }
    ord_count(f);
    o->px = px;
    o->shares = shares;
    o->locate = locate;
    o->side = side;
    o->lvl = book_add(f, &f->books[locate], side, px, shares);
    if (UNLIKELY(o->lvl == 0)) {
        f->st.level_full++;
        mark_stale(f, locate, NT_CAP_LEVELS, f->st.level_full);
    }
}

/* E, C, X: returns the order's locate, or -1 for an unknown ref. */
static int reduce_order(struct nt_feed *f, uint64_t ref, uint32_t shares, uint32_t *px, uint8_t *side)
{
    struct order *o = ord_find(f, ref);
    if (!o) {
        f->st.unknown_ref++;
        return -1;
    }
    if (shares > o->shares) {
        f->st.overfill++;
        shares = o->shares;
    }
    uint16_t locate = o->locate;
    *px = o->px;
    *side = o->side;
    o->shares -= shares;
    int gone = o->shares == 0;
    book_reduce(f, &f->books[locate], o->side, o->lvl, shares);
    if (gone)
        ord_remove(f, o);
    return locate;
}

/* D, U: removes the whole order; returns its locate, or -1 for an unknown ref. */
static int delete_order(struct nt_feed *f, uint64_t ref, uint8_t *side)
{
    struct order *o = ord_find(f, ref);
    if (!o) {
        f->st.unknown_ref++;
        return -1;
    }
    uint16_t locate = o->locate;
    *side = o->side;
    book_reduce(f, &f->books[locate], o->side, o->lvl, o->shares);
    ord_remove(f, o);
    return locate;
}

/* Exact length of each book/trade message type (0: no book effect). */
static const uint8_t min_len[256] = {
    ['A'] = 36, ['F'] = 40, ['E'] = 31, ['C'] = 36, ['X'] = 23, ['D'] = 19,
    ['U'] = 35, ['P'] = 44, ['Q'] = 40,
};

/* Requests the order slot a message will touch (and, for an add, its book).
 * Changes no state.  (A deeper pipeline that also read the prefetched slot
 * to request the order's price level, or the top of the side for an add,
 * was measured slower on the 10M-message benchmark: see
 * docs/software-path.md.) */
void nt_feed_prefetch(const struct nt_feed *f, const uint8_t *m, size_t len)
{
    if (len < 19)
        return;
    static const uint8_t kind[256] = {['A'] = 2, ['F'] = 2, ['E'] = 1, ['C'] = 1, ['X'] = 1, ['D'] = 1, ['U'] = 1};
    uint8_t k = kind[m[0]];
    if (!k)
        return;
    int add = k == 2;
    uint64_t ref = be64(m + 11);
    if (f->dt) {
        __builtin_prefetch(&f->dt[ref & f->dt_mask], 1);
        /* an old order may live in the overflow table */
        if (f->ot_count && !add)
            __builtin_prefetch(&f->ot[ot_hash(f, ref)], 1);
    } else {
        __builtin_prefetch(&f->ot[ot_hash(f, ref)], 1);
    }
    if (add)
        __builtin_prefetch(&f->books[be16(m + 1)], 1);
}

void nt_feed_itch(struct nt_feed *f, const uint8_t *m, size_t len, uint64_t mold_seq, uint64_t ingress_ts)
{
    f->st.messages++;
    f->top_moved = 0;
    f->cur_seq = mold_seq;
    f->cur_ts = ingress_ts;
    if (UNLIKELY(len == 0)) {
        f->st.msgs_malformed++;
        return;
    }
    uint8_t t = m[0];
    uint8_t need = min_len[t];
    if (need == 0) {
        f->st.msgs_unknown++;
        return;
    }
    if (UNLIKELY(len != need)) {
        f->st.msgs_malformed++;
        return;
    }
    uint16_t locate = be16(m + 1);
    uint64_t ref = be64(m + 11);
    int loc = -1;
    uint32_t px;
    uint8_t side = 0;

    switch (t) {
    case 'A':
    case 'F':
        side = side_of(m[19]);
        add_order(f, locate, ref, side, be32(m + 20), be32(m + 32));
        loc = locate;
        break;
    case 'E': {
        f->st.execs++;
        uint32_t sh = be32(m + 19);
        loc = reduce_order(f, ref, sh, &px, &side);
        if (loc >= 0)
            trade(f, 'E', (uint16_t)loc, side ? 'S' : 'B', 'Y', px, sh, be48(m + 5), be64(m + 23));
        break;
    }
    case 'C': {
        f->st.execs++;
        uint32_t sh = be32(m + 19);
        loc = reduce_order(f, ref, sh, &px, &side);
        if (loc >= 0)
            trade(f, 'C', (uint16_t)loc, side ? 'S' : 'B', m[31], be32(m + 32), sh, be48(m + 5), be64(m + 23));
        break;
    }
    case 'X':
        f->st.cancels++;
        loc = reduce_order(f, ref, be32(m + 19), &px, &side);
        break;
    case 'D':
        f->st.deletes++;
        loc = delete_order(f, ref, &side);
        break;
    case 'U':
        f->st.replaces++;
        loc = delete_order(f, ref, &side);
        if (loc < 0)
            break;
        f->st.adds--; /* add_order counts it; a replace is not an add */
        add_order(f, (uint16_t)loc, be64(m + 19), side, be32(m + 27), be32(m + 31));
        break;
    case 'P':
        trade(f, 'P', locate, m[19], 'Y', be32(m + 32), be32(m + 20), be48(m + 5), be64(m + 36));
        return;
    case 'Q':
        trade(f, 'Q', locate, 0, 'Y', be32(m + 27), be64(m + 11), be48(m + 5), be64(m + 31));
        return;
    }
    if (loc >= 0)
        check_tob(f, (uint16_t)loc, m, side);
}

/* ------------------------------------------------------------------ */
/* MoldUDP64                                                            */
/* ------------------------------------------------------------------ */

static int session_seen(struct nt_feed *f, const uint8_t *id)
{
    uint32_t n = f->nseen < NT_FEED_SESSIONS ? f->nseen : NT_FEED_SESSIONS;
    for (uint32_t i = 0; i < n; i++)
        if (memcmp(f->seen[i], id, 10) == 0)
            return 1;
    /* remember it; beyond NT_FEED_SESSIONS the oldest is forgotten */
    memcpy(f->seen[f->nseen % NT_FEED_SESSIONS], id, 10);
    f->nseen++;
    return 0;
}

void nt_feed_mold(struct nt_feed *f, const uint8_t *p, size_t len, uint8_t line, uint64_t ingress_ts)
{
    f->cur_line = line ? 1 : 0;
    f->cur_ts = ingress_ts;
    if (UNLIKELY(len < 20)) {
        f->st.packets_malformed++;
        return;
    }
    f->st.packets++;
    uint64_t seq = be64(p + 10);
    uint16_t count = be16(p + 18);
    if (UNLIKELY(!f->have_session || memcmp(f->session, p, 10) != 0)) {
        if (session_seen(f, p)) {
            f->st.packets_old_session++;
            return;
        }
        memcpy(f->session, p, 10);
        f->have_session = 1;
        f->have_expected = 0;
        f->ended = 0;
        f->st.sessions++;
        emit_event(f, NT_EVT_SESSION, 0, 0, seq, 0, 0);
    }
    if (UNLIKELY(f->ended)) {
        f->st.packets_dup++;
        return;
    }
    if (count == 0) {
        f->st.heartbeats++;
        return;
    }
    if (UNLIKELY(count == 0xFFFF)) {
        f->ended = 1;
        f->st.end_of_session++;
        emit_event(f, NT_EVT_END_OF_SESSION, 0, f->have_expected ? f->expected : 0, seq, 0, 0);
        return;
    }
    if (UNLIKELY(!f->have_expected)) {
        f->expected = seq;
        f->have_expected = 1;
    }
    uint64_t end = seq + count;
    if (end <= f->expected) {
        f->st.packets_dup++;
        return;
    }
    if (seq > f->expected) {
        f->st.gaps++;
        f->st.gap_messages += seq - f->expected;
        f->gap = 1;
        emit_event(f, NT_EVT_GAP, 0, f->expected, seq, seq - f->expected, 0);
    }
    uint64_t first = f->expected;
    f->expected = end; /* blocks lost to a malformed packet are lost, not a gap */
    /* batch prefetch: the order slots of every message of the packet are
     * requested before the first one is applied */
    for (size_t o = 20, i = 0; i < count && o + 2 <= len; i++) {
        size_t ml = be16(p + o);
        o += 2;
        if (ml > len - o)
            break;
        nt_feed_prefetch(f, p + o, ml);
        o += ml;
    }
    size_t off = 20;
    for (uint32_t i = 0; i < count; i++) {
        if (UNLIKELY(off + 2 > len)) {
            f->st.packets_malformed++;
            return;
        }
        size_t ml = be16(p + off);
        off += 2;
        if (UNLIKELY(off + ml > len)) {
            f->st.packets_malformed++;
            return;
        }
        uint64_t s = seq + i;
        if (ml == 0)
            f->st.empty_blocks++; /* occupies its sequence number, not a message */
        else if (s >= first)
            nt_feed_itch(f, p + off, ml, s, ingress_ts);
        off += ml;
    }
}

/* ------------------------------------------------------------------ */
/* Ethernet / IPv4 / UDP                                                */
/* ------------------------------------------------------------------ */

static int ip_csum_ok(const uint8_t *h, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < n; i += 2)
        sum += be16(h + i);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return sum == 0xFFFF;
}

void nt_feed_prefetch_frame(const struct nt_feed *f, const uint8_t *fr, size_t len)
{
    /* a light parse: anything odd is left to nt_feed_frame */
    size_t off = 12;
    if (len < 14)
        return;
    uint16_t et = be16(fr + off);
    while ((et == 0x8100 || et == 0x88A8) && off + 6 <= len) {
        off += 4;
        et = be16(fr + off);
    }
    off += 2;
    if (et != 0x0800 || off + 20 > len)
        return;
    size_t ihl = (size_t)(fr[off] & 0xF) * 4;
    off += ihl + 8 + 20; /* UDP header, MoldUDP64 header */
    for (unsigned i = 0; i < 64 && off + 2 <= len; i++) {
        size_t ml = be16(fr + off);
        off += 2;
        if (ml > len - off)
            return;
        nt_feed_prefetch(f, fr + off, ml);
        off += ml;
    }
}

void nt_feed_frame(struct nt_feed *f, const uint8_t *fr, size_t len, uint8_t line, uint64_t ingress_ts)
{
    f->st.frames++;
    if (UNLIKELY(len < 14)) {
        f->st.frames_malformed++;
        return;
    }
    size_t off = 12;
    uint16_t et = be16(fr + off);
    while (et == 0x8100 || et == 0x88A8) {
        off += 4;
        if (UNLIKELY(off + 2 > len)) {
            f->st.frames_malformed++;
            return;
        }
        et = be16(fr + off);
    }
    off += 2;
    if (et != 0x0800) {
        f->st.frames_skipped++;
        return;
    }
    const uint8_t *ip = fr + off;
    size_t avail = len - off;
    if (UNLIKELY(avail < 20 || (ip[0] >> 4) != 4)) {
        f->st.frames_malformed++;
        return;
    }
    size_t ihl = (size_t)(ip[0] & 0xF) * 4;
    uint16_t tot = be16(ip + 2);
    if (UNLIKELY(ihl < 20 || ihl > avail || tot < ihl || tot > avail || !ip_csum_ok(ip, ihl))) {
        f->st.frames_malformed++;
        return;
    }
    if (ip[9] != 17) {
        f->st.frames_skipped++;
        return;
    }
    if (UNLIKELY((be16(ip + 6) & 0x3FFF) != 0)) { /* MF or fragment offset: no reassembly */
        f->st.frames_malformed++;
        return;
    }
    const uint8_t *udp = ip + ihl;
    size_t ulen_avail = tot - ihl;
    if (UNLIKELY(ulen_avail < 8)) {
        f->st.frames_malformed++;
        return;
    }
    uint16_t ulen = be16(udp + 4);
    if (UNLIKELY(ulen < 8 || ulen > ulen_avail)) {
        f->st.frames_malformed++;
        return;
    }
    uint16_t dport = be16(udp + 2);
    if ((f->b_ipv4 && be32(ip + 16) == f->b_ipv4) || (f->b_udp_port && dport == f->b_udp_port))
        line = 1;
    else if (f->udp_port && dport != f->udp_port) {
        f->st.frames_skipped++;
        return;
    }
    if (line)
        f->st.frames_b++;
    nt_feed_mold(f, udp + 8, (size_t)ulen - 8, line, ingress_ts);
}

/* ------------------------------------------------------------------ */
/* Life cycle, queries                                                  */
/* ------------------------------------------------------------------ */

static int is_pow2(uint64_t x) { return x && !(x & (x - 1)); }

struct nt_feed *nt_feed_create(const struct nt_feed_cfg *cfg, char *err)
{
    struct nt_feed_cfg c = *cfg;
    if (!c.order_capacity)
        c.order_capacity = 1u << 20;
    if (!c.order_max)
        c.order_max = c.order_capacity;
    if (!c.level_capacity)
        c.level_capacity = 1u << 22;
    if (c.order_direct && !is_pow2(c.order_direct)) {
        snprintf(err, NT_ERRLEN, "direct order table: %llu slots must be a power of two (or 0: none)",
                 (unsigned long long)c.order_direct);
        return NULL;
    }
    if (!is_pow2(c.order_capacity) || !is_pow2(c.order_max) || c.order_max < c.order_capacity
        || c.order_capacity < 16) {
        snprintf(err, NT_ERRLEN, "order table: capacity %llu and max %llu must be powers of two >= 16, max >= capacity",
                 (unsigned long long)c.order_capacity, (unsigned long long)c.order_max);
        return NULL;
    }
    if (c.level_capacity < 64 || c.level_capacity > UINT32_MAX - 1u) {
        snprintf(err, NT_ERRLEN, "level pool: capacity %llu must be in [64, 2^32-2]", (unsigned long long)c.level_capacity);
        return NULL;
    }
    struct nt_feed *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, NT_ERRLEN, "out of memory");
        return NULL;
    }
    f->ot_max = c.order_max;
    f->udp_port = c.udp_port;
    f->b_ipv4 = c.b_ipv4;
    f->b_udp_port = c.b_udp_port;
    f->pool_cap = c.level_capacity;
    f->pool = big_alloc(c.level_capacity * sizeof *f->pool);
    f->lpos = big_alloc(c.level_capacity * sizeof *f->lpos);
    f->books = big_alloc(NT_FEED_LOCATES * sizeof *f->books);
    if (c.order_direct) {
        f->dt = big_alloc(c.order_direct * sizeof *f->dt);
        f->dt_mask = c.order_direct - 1;
    }
    if (!f->pool || !f->lpos || !f->books || (c.order_direct && !f->dt) || ot_alloc(f, c.order_capacity) != 0) {
        snprintf(err, NT_ERRLEN, "out of memory: %llu + %llu orders, %llu levels", (unsigned long long)c.order_direct,
                 (unsigned long long)c.order_capacity, (unsigned long long)c.level_capacity);
        nt_feed_destroy(f);
        return NULL;
    }
    for (unsigned i = 0; i <= MAX_CLASS; i++)
        f->free_head[i] = NO_BLOCK;
    f->pool_top = 1;
    f->lvl_top = 1;
    if (c.prefault) {
        memset(f->ot, 0, (size_t)c.order_capacity * sizeof *f->ot);
        if (f->dt)
            memset(f->dt, 0, (size_t)c.order_direct * sizeof *f->dt);
        memset(f->pool, 0, (size_t)c.level_capacity * sizeof *f->pool);
        memset(f->lpos, 0, (size_t)c.level_capacity * sizeof *f->lpos);
        memset(f->books, 0, (size_t)NT_FEED_LOCATES * sizeof *f->books);
    }
    return f;
}

void nt_feed_destroy(struct nt_feed *f)
{
    if (!f)
        return;
    big_free(f->ot, f->ot ? (f->ot_mask + 1) * sizeof *f->ot : 0);
    big_free(f->dt, f->dt ? (f->dt_mask + 1) * sizeof *f->dt : 0);
    big_free(f->pool, f->pool_cap * sizeof *f->pool);
    big_free(f->lpos, f->pool_cap * sizeof *f->lpos);
    big_free(f->books, NT_FEED_LOCATES * sizeof *f->books);
    free(f);
}

void nt_feed_set_sink(struct nt_feed *f, nt_feed_sink_fn fn, void *ctx)
{
    f->sink = fn;
    f->sink_ctx = ctx;
}

void nt_feed_set_ring(struct nt_feed *f, struct nt_ring *md) { f->ring = md; }

void nt_feed_drop_frame(struct nt_feed *f)
{
    f->st.frames++;
    f->st.frames_malformed++;
}

const struct nt_feed_stats *nt_feed_stats(const struct nt_feed *f) { return &f->st; }

void nt_feed_tob(const struct nt_feed *f, uint16_t locate, struct nt_tob_row *out)
{
    const struct book *b = &f->books[locate];
    memset(out, 0, sizeof *out);
    out->locate = locate;
    out->msg = f->st.messages;
    out->flags = (uint16_t)((f->gap ? NT_FLAG_GAP : 0) | (b->stale ? NT_FLAG_STALE : 0));
    book_top(f, b, &out->bid_px, &out->bid_qty, &out->ask_px, &out->ask_qty);
}

uint32_t nt_feed_depth(const struct nt_feed *f, uint16_t locate, uint8_t side)
{
    return f->books[locate].s[side == 'S'].n;
}

int nt_feed_level(const struct nt_feed *f, uint16_t locate, uint8_t side, uint32_t i,
                  uint32_t *px, uint64_t *qty)
{
    uint8_t sd = side == 'S';
    const struct side *s = &f->books[locate].s[sd];
    if (i >= s->n)
        return -1;
    const struct level *l = &f->pool[s->blk + s->n - 1 - i];
    *px = sd ? ~l->key : l->key;
    *qty = l->qty;
    return 0;
}

int nt_feed_csv_flags(uint16_t flags, char *buf, size_t n)
{
    const char *g = (flags & NT_FLAG_GAP) ? "GAP" : "";
    const char *s = (flags & NT_FLAG_STALE) ? "STALE" : "";
    return snprintf(buf, n, "%s%s%s", g, (*g && *s) ? "|" : "", s);
}
