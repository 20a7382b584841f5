/*
 * nanotick/ring_io.h -- C producer and consumer for the rings of ring.h.
 *
 * Mapping, validation and creation live in native/src/ring_io.c; the hot
 * paths (publish, poll) are static inline here.  No locks, no syscalls and
 * no allocation on the hot paths.
 */
#ifndef NANOTICK_RING_IO_H
#define NANOTICK_RING_IO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nanotick/ring.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NT_ERRLEN 256

/* A mapped ring, as seen by one side. */
struct nt_ring {
    struct nt_ring_header *hdr;
    union nt_record       *recs;
    uint64_t               capacity;
    uint64_t               mask;
    uint64_t               map_size;
    uint64_t               epoch;      /* epoch seen at create/open */
    uint32_t               kind;
    int                    fd;
    char                   path[256];
    char                   err[NT_ERRLEN]; /* last error, names the file and the field */

    /* producer state */
    uint64_t               prod;        /* next index to write */
    uint64_t               cached_cons; /* CMD: last cons_index read */
    uint64_t               ovw_mark;    /* MD: records below this index were checked for overwrites */

    /* consumer state */
    uint64_t               cons;        /* next index to read */
    uint64_t               lapped_events;
    uint64_t               lost_records;
    uint64_t               unpublished; /* records since cons_index was last published */
    uint64_t               empty_polls; /* heartbeat every NT_CONS_HEARTBEAT_EVERY of them */
};

/* Options for nt_ring_create. */
struct nt_ring_opts {
    uint32_t    kind;       /* NT_RING_KIND_MD or NT_RING_KIND_CMD */
    uint64_t    capacity;   /* power of two, NT_RING_MIN_CAPACITY..NT_RING_MAX_CAPACITY */
    const char *name;       /* short name stored in the header */
    uint32_t    producer_pid; /* 0: use getpid() */
};

/* Create (or replace) the ring file at path: the new file is built under a
 * temporary name, zeroed, its header written with magic last, then renamed
 * over path, so a consumer never sees a half-made ring and a consumer still
 * mapping an old file sees it go stale.  hugetlbfs paths are supported (the
 * size is rounded up to the huge page size).  Returns 0 or -1 (r->err). */
int nt_ring_create(struct nt_ring *r, const char *path, const struct nt_ring_opts *o);

/* Map an existing ring and validate it: magic, ABI version, record size,
 * capacity, kind (0 = any), file size, state.  A LIVE ring whose producer
 * process is gone is reported stale.  Returns 0 or -1 (r->err). */
int nt_ring_open(struct nt_ring *r, const char *path, uint32_t expect_kind);

/* Validate a mapped header; returns 0 or -1 with r->err set. */
int nt_ring_validate(struct nt_ring *r, uint64_t file_size, uint32_t expect_kind);

/* 1 if the producer of this LIVE ring is gone (stale), 0 if alive or closed. */
int nt_ring_is_stale(const struct nt_ring *r, uint64_t now_mono_ns);

/* 1 if the file at r->path is no longer the file we mapped (re-created). */
int nt_ring_replaced(const struct nt_ring *r);

/* Producer: mark CLOSED (data stays readable) and unmap. */
void nt_ring_close_producer(struct nt_ring *r);
/* Either side: unmap and close. */
void nt_ring_unmap(struct nt_ring *r);

uint64_t nt_mono_ns(void);

/* ------------------------------------------------------------------ */
/* Hot paths                                                           */
/* ------------------------------------------------------------------ */

static inline void nt_ring_heartbeat(struct nt_ring *r, uint64_t now_mono_ns)
{
    __atomic_store_n(&r->hdr->prod_heartbeat_ns, now_mono_ns, __ATOMIC_RELEASE);
}

/* Consumer: sign of life for the producer and the operator (cons_heartbeat_ns).  nt_ring_poll() refreshes
 * it by itself every NT_CONS_HEARTBEAT_EVERY empty polls (a busy consumer shows life by cons_index moving). */
#define NT_CONS_HEARTBEAT_EVERY 1024u
static inline void nt_ring_consumer_heartbeat(struct nt_ring *r, uint64_t now_mono_ns)
{
    __atomic_store_n(&r->hdr->cons_heartbeat_ns, now_mono_ns, __ATOMIC_RELAXED);
}

/* MD producer: count into prod_overwrites the records below index `upto` that were overwritten while the
 * published cons_index was still at or before them (one cons_index read per NT_MD_OVERWRITE_CHECK records:
 * a bound by the published index; the consumer's own cons_lost_records is the exact loss). */
#define NT_MD_OVERWRITE_CHECK 64u
static inline void nt__count_overwrites(struct nt_ring *r, uint64_t upto)
{
    uint64_t c = __atomic_load_n(&r->hdr->cons_index, __ATOMIC_RELAXED);
    uint64_t from = c > r->ovw_mark ? c : r->ovw_mark;
    if (upto > from)
        __atomic_store_n(&r->hdr->prod_overwrites,
                         __atomic_load_n(&r->hdr->prod_overwrites, __ATOMIC_RELAXED) + (upto - from),
                         __ATOMIC_RELAXED);
    if (upto > r->ovw_mark)
        r->ovw_mark = upto;
}

static inline void nt__write_slot(struct nt_ring *r, uint64_t i, const union nt_record *rec)
{
    union nt_record *slot = &r->recs[i & r->mask];
    if (i >= r->capacity) {
        /* seqlock: invalidate before overwriting an older lap */
        __atomic_store_n(&slot->words[0], NT_SEQ_BUSY, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_RELEASE);
    }
    for (unsigned w = 1; w < NT_RECORD_SIZE / 8; w++)
        __atomic_store_n(&slot->words[w], rec->words[w], __ATOMIC_RELAXED);
    __atomic_store_n(&slot->words[0], i + 1, __ATOMIC_RELEASE);
}

/* MD producer: never blocks.  rec->seq is ignored (written by the ring). */
static inline uint64_t nt_md_publish(struct nt_ring *r, const union nt_record *rec)
{
    uint64_t i = r->prod;
    if (i >= r->capacity && (i & (NT_MD_OVERWRITE_CHECK - 1)) == 0)
        nt__count_overwrites(r, i - r->capacity + 1); /* this write overwrites record i - capacity */
    nt__write_slot(r, i, rec);
    r->prod = i + 1;
    __atomic_store_n(&r->hdr->prod_index, i + 1, __ATOMIC_RELEASE);
    return i;
}

/* CMD producer: returns the index written, or -1 when the ring is full
 * (counted in prod_full_count); never overwrites an unconsumed record. */
static inline int64_t nt_cmd_try_publish(struct nt_ring *r, const union nt_record *rec)
{
    uint64_t i = r->prod;
    if (i - r->cached_cons >= r->capacity) {
        r->cached_cons = __atomic_load_n(&r->hdr->cons_index, __ATOMIC_ACQUIRE);
        if (i - r->cached_cons >= r->capacity) {
            __atomic_store_n(&r->hdr->prod_full_count,
                             __atomic_load_n(&r->hdr->prod_full_count, __ATOMIC_RELAXED) + 1,
                             __ATOMIC_RELAXED);
            return -1;
        }
    }
    nt__write_slot(r, i, rec);
    r->prod = i + 1;
    __atomic_store_n(&r->hdr->prod_index, i + 1, __ATOMIC_RELEASE);
    return (int64_t)i;
}

#define NT_POLL_EMPTY   0
#define NT_POLL_RECORD  1
#define NT_POLL_LAPPED  2   /* MD only: position moved forward; r->lost_records grew */

#define NT_MD_PUBLISH_EVERY  64u
#define NT_CMD_PUBLISH_EVERY 64u  /* and at most capacity / 8 */

static inline uint64_t nt__publish_every(const struct nt_ring *r)
{
    if (r->kind == NT_RING_KIND_MD)
        return NT_MD_PUBLISH_EVERY;
    uint64_t b = r->capacity / 8;
    return b > NT_CMD_PUBLISH_EVERY ? NT_CMD_PUBLISH_EVERY : b ? b : 1;
}

/* Consumer found the ring empty at index c: publish its position, now and then a heartbeat. */
static inline int nt__poll_empty(struct nt_ring *r, uint64_t c)
{
    if (r->unpublished) {
        r->unpublished = 0;
        __atomic_store_n(&r->hdr->cons_index, c, __ATOMIC_RELEASE);
    }
    if ((++r->empty_polls & (NT_CONS_HEARTBEAT_EVERY - 1)) == 1)
        nt_ring_consumer_heartbeat(r, nt_mono_ns());
    return NT_POLL_EMPTY;
}

/* Consumer: copy the next record into *out.  Returns NT_POLL_RECORD,
 * NT_POLL_EMPTY, or (MD) NT_POLL_LAPPED after resynchronising: the lost
 * count is exact, and the next poll continues at the new position. */
static inline int nt_ring_poll(struct nt_ring *r, union nt_record *out)
{
    uint64_t c = r->cons;
    union nt_record *slot = &r->recs[c & r->mask];
    uint64_t s1 = __atomic_load_n(&slot->words[0], __ATOMIC_ACQUIRE);
    if (s1 == c + 1) {
        out->words[0] = s1;
        for (unsigned w = 1; w < NT_RECORD_SIZE / 8; w++)
            out->words[w] = __atomic_load_n(&slot->words[w], __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        uint64_t s2 = __atomic_load_n(&slot->words[0], __ATOMIC_RELAXED);
        if (s2 == s1) {
            r->cons = c + 1;
            /* cons_index is published in batches (and whenever the ring is
             * found empty): one store per batch instead of one cache-line
             * transfer per record.  CMD batches are at most capacity/8, so
             * a waiting producer always sees space soon. */
            if (++r->unpublished >= nt__publish_every(r)) {
                r->unpublished = 0;
                __atomic_store_n(&r->hdr->cons_index, c + 1, __ATOMIC_RELEASE);
            }
            return NT_POLL_RECORD;
        }
        s1 = s2; /* overwritten during the copy: we were lapped */
    }
    if (r->kind == NT_RING_KIND_CMD)
        return nt__poll_empty(r, c); /* CMD slots are never overwritten unread: this is simply empty */
    uint64_t p = __atomic_load_n(&r->hdr->prod_index, __ATOMIC_ACQUIRE);
    if (s1 > p)
        p = s1; /* the slot proves the producer got at least this far */
    int lapped = (s1 > c + 1) || (p >= c + r->capacity);
    if (!lapped)
        return nt__poll_empty(r, c);
    uint64_t half = r->capacity / 2;
    uint64_t nc = p > half ? p - half : 0;
    if (nc <= c)
        nc = c + 1;
    r->lost_records += nc - c;
    r->lapped_events++;
    r->cons = nc;
    __atomic_store_n(&r->hdr->cons_lost_records, r->lost_records, __ATOMIC_RELAXED);
    __atomic_store_n(&r->hdr->cons_lapped_events, r->lapped_events, __ATOMIC_RELAXED);
    __atomic_store_n(&r->hdr->cons_index, nc, __ATOMIC_RELEASE);
    return NT_POLL_LAPPED;
}

/* Consumer: publish the position now (MD consumers call this when idle). */
static inline void nt_ring_publish_cons(struct nt_ring *r)
{
    r->unpublished = 0;
    __atomic_store_n(&r->hdr->cons_index, r->cons, __ATOMIC_RELEASE);
}

#ifdef __cplusplus
}
#endif

#endif /* NANOTICK_RING_IO_H */
