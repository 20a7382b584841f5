/*
 * ring_test_basic -- single-process tests of ring_io.h: MD and CMD round
 * trips with the pattern check, exact lapped accounting, a full CMD ring
 * rejecting without overwriting, epoch/replacement detection.
 */
#include "../tools/ring_pattern.h"
#include "ring_test_common.h"

#include <sys/stat.h>
#include <sys/statfs.h>

#ifndef HUGETLBFS_MAGIC
#define HUGETLBFS_MAGIC 0x958458f6
#endif

static void make(struct nt_ring *r, const char *path, uint32_t kind, uint64_t cap)
{
    struct nt_ring_opts o = { .kind = kind, .capacity = cap, .name = "t", .producer_pid = 0 };
    if (nt_ring_create(r, path, &o) != 0) {
        fprintf(stderr, "create: %s\n", r->err);
        exit(1);
    }
}

static void open_or_die(struct nt_ring *r, const char *path, uint32_t kind)
{
    if (nt_ring_open(r, path, kind) != 0) {
        fprintf(stderr, "open: %s\n", r->err);
        exit(1);
    }
}

/* Interleaved publish/poll over many laps: every record delivered, intact. */
static void test_round_trip(uint32_t kind)
{
    char path[128];
    rt_path(path, sizeof path, kind == NT_RING_KIND_MD ? "rt-md" : "rt-cmd");
    struct nt_ring p, c;
    make(&p, path, kind, 64);
    open_or_die(&c, path, kind);
    union nt_record rec, out;
    uint64_t got = 0, bad = 0;
    for (uint64_t i = 0; i < 1000000; i++) {
        rp_fill(&rec, i, 0);
        if (kind == NT_RING_KIND_MD)
            nt_md_publish(&p, &rec);
        else
            CHECK(nt_cmd_try_publish(&p, &rec) == (int64_t)i, "publish %llu", (unsigned long long)i);
        if ((i % 7) == 6 || i == 999999) { /* drain in bursts of 7 */
            while (nt_ring_poll(&c, &out) == NT_POLL_RECORD) {
                if (out.tob.seq != got + 1 || !rp_check(&out))
                    bad++;
                got++;
            }
        }
    }
    CHECK(got == 1000000, "got %llu", (unsigned long long)got);
    CHECK(bad == 0, "bad %llu", (unsigned long long)bad);
    CHECK(c.lost_records == 0, "lost %llu", (unsigned long long)c.lost_records);
    nt_ring_unmap(&c);
    nt_ring_close_producer(&p);
    unlink(path);
}

/* A consumer paused at K while the producer writes N in total: it must report
 * exactly N - C/2 - K lost (the documented resync point is prod_index - C/2)
 * and then deliver the C/2 newest records, all intact. */
static void test_lapped_exact(uint64_t cap, uint64_t k, uint64_t n)
{
    char path[128];
    rt_path(path, sizeof path, "lap");
    struct nt_ring p, c;
    make(&p, path, NT_RING_KIND_MD, cap);
    open_or_die(&c, path, NT_RING_KIND_MD);
    union nt_record rec, out;
    uint64_t i = 0, got = 0;
    for (; i < k; i++) {
        rp_fill(&rec, i, 0);
        nt_md_publish(&p, &rec);
    }
    while (nt_ring_poll(&c, &out) == NT_POLL_RECORD)
        got++;
    CHECK(got == k, "before pause got %llu", (unsigned long long)got);
    for (; i < n; i++) { /* consumer paused */
        rp_fill(&rec, i, 0);
        nt_md_publish(&p, &rec);
    }
    int rc = nt_ring_poll(&c, &out);
    CHECK(rc == NT_POLL_LAPPED, "rc %d", rc);
    CHECK(c.lost_records == n - cap / 2 - k, "lost %llu expected %llu", (unsigned long long)c.lost_records,
          (unsigned long long)(n - cap / 2 - k));
    CHECK(c.lapped_events == 1, "lapped %llu", (unsigned long long)c.lapped_events);
    CHECK(p.hdr->cons_lost_records == c.lost_records, "header lost %llu", (unsigned long long)p.hdr->cons_lost_records);
    uint64_t after = 0, bad = 0;
    while ((rc = nt_ring_poll(&c, &out)) == NT_POLL_RECORD) {
        if (out.tob.seq != n - cap / 2 + after + 1 || !rp_check(&out))
            bad++;
        after++;
    }
    CHECK(rc == NT_POLL_EMPTY, "rc %d", rc);
    CHECK(after == cap / 2, "after %llu", (unsigned long long)after);
    CHECK(bad == 0, "bad %llu", (unsigned long long)bad);
    CHECK(got + after + c.lost_records == n, "sum");
    nt_ring_unmap(&c);
    nt_ring_close_producer(&p);
    unlink(path);
}

/* A full CMD ring rejects; nothing is overwritten; space reappears as consumed. */
static void test_cmd_full(void)
{
    char path[128];
    rt_path(path, sizeof path, "full");
    struct nt_ring p, c;
    make(&p, path, NT_RING_KIND_CMD, 8);
    open_or_die(&c, path, NT_RING_KIND_CMD);
    union nt_record rec, out;
    for (uint64_t i = 0; i < 8; i++) {
        rp_fill(&rec, i, 0);
        CHECK(nt_cmd_try_publish(&p, &rec) == (int64_t)i, "publish %llu", (unsigned long long)i);
    }
    for (int t = 0; t < 5; t++) {
        rp_fill(&rec, 1000 + t, 0);
        CHECK(nt_cmd_try_publish(&p, &rec) == -1, "full ring accepted a record");
    }
    CHECK(p.hdr->prod_full_count == 5, "full count %llu", (unsigned long long)p.hdr->prod_full_count);
    CHECK(p.hdr->prod_index == 8, "prod_index %llu", (unsigned long long)p.hdr->prod_index);
    for (uint64_t i = 0; i < 3; i++) {
        CHECK(nt_ring_poll(&c, &out) == NT_POLL_RECORD, "poll");
        CHECK(out.tob.seq == i + 1 && rp_check(&out), "record %llu", (unsigned long long)i);
    }
    for (uint64_t i = 8; i < 11; i++) {
        rp_fill(&rec, i, 0);
        CHECK(nt_cmd_try_publish(&p, &rec) == (int64_t)i, "publish after consume %llu", (unsigned long long)i);
    }
    rp_fill(&rec, 11, 0);
    CHECK(nt_cmd_try_publish(&p, &rec) == -1, "full again");
    for (uint64_t i = 3; i < 11; i++) {
        CHECK(nt_ring_poll(&c, &out) == NT_POLL_RECORD, "poll %llu", (unsigned long long)i);
        CHECK(out.tob.seq == i + 1 && rp_check(&out), "record %llu", (unsigned long long)i);
    }
    CHECK(nt_ring_poll(&c, &out) == NT_POLL_EMPTY, "empty at end");
    nt_ring_unmap(&c);
    nt_ring_close_producer(&p);
    unlink(path);
}

/* Re-creating a ring gives a new epoch and a consumer of the old file can tell. */
static void test_epoch(void)
{
    char path[128];
    rt_path(path, sizeof path, "epoch");
    struct nt_ring p1, c, p2;
    make(&p1, path, NT_RING_KIND_MD, 16);
    open_or_die(&c, path, 0);
    CHECK(c.epoch == p1.epoch && c.epoch != 0, "epoch seen");
    CHECK(!nt_ring_replaced(&c), "not replaced yet");
    make(&p2, path, NT_RING_KIND_MD, 16);
    CHECK(p2.epoch != p1.epoch, "new epoch");
    CHECK(nt_ring_replaced(&c), "replaced");
    nt_ring_unmap(&c);
    nt_ring_close_producer(&p1);
    nt_ring_close_producer(&p2);
    unlink(path);
}

/* prod_overwrites counts the MD records overwritten before the published consumer index passed them;
 * cons_heartbeat_ns is set by an empty poll. */
static void test_overwrites_and_consumer_heartbeat(void)
{
    char path[128];
    rt_path(path, sizeof path, "ovw");
    struct nt_ring p, c;
    union nt_record rec, out;
    make(&p, path, NT_RING_KIND_MD, 64);
    open_or_die(&c, path, NT_RING_KIND_MD);
    CHECK(c.hdr->cons_heartbeat_ns == 0, "no consumer heartbeat before the first poll");
    uint64_t t0 = nt_mono_ns();
    CHECK(nt_ring_poll(&c, &out) == NT_POLL_EMPTY, "empty");
    CHECK(c.hdr->cons_heartbeat_ns >= t0 && c.hdr->cons_heartbeat_ns <= nt_mono_ns(), "consumer heartbeat set");
    /* a consumer that keeps up: nothing overwritten unread */
    for (uint64_t i = 0; i < 1000; i++) {
        rp_fill(&rec, i, 0);
        nt_md_publish(&p, &rec);
        CHECK(nt_ring_poll(&c, &out) == NT_POLL_RECORD, "record %llu", (unsigned long long)i);
    }
    CHECK(c.hdr->prod_overwrites == 0, "kept up: prod_overwrites %llu", (unsigned long long)c.hdr->prod_overwrites);
    /* the consumer stops at 1000 (published by the empty poll); 1000 more: records 1000 .. 1935 are overwritten
     * unread (the last 64 are still in the ring) */
    CHECK(nt_ring_poll(&c, &out) == NT_POLL_EMPTY, "empty at 1000");
    for (uint64_t i = 1000; i < 2000; i++) {
        rp_fill(&rec, i, 0);
        nt_md_publish(&p, &rec);
    }
    nt_ring_close_producer(&p);
    CHECK(c.hdr->prod_overwrites == 936, "stopped consumer: prod_overwrites %llu, expected 936",
          (unsigned long long)c.hdr->prod_overwrites);
    nt_ring_unmap(&c);
    unlink(path);
}

/* hugetlbfs (the production backing): where /dev/hugepages (or $NT_HUGETLBFS) is a hugetlbfs mount with a
 * free page, the file is rounded up to the huge page size and records flow as on /dev/shm.  Returns 1 if run. */
static int test_hugetlbfs(void)
{
    const char *dir = getenv("NT_HUGETLBFS") ? getenv("NT_HUGETLBFS") : "/dev/hugepages";
    struct statfs sfs;
    if (statfs(dir, &sfs) != 0 || (uint64_t)sfs.f_type != HUGETLBFS_MAGIC) {
        printf("ring_test_basic: SKIP hugetlbfs: %s is not a hugetlbfs mount\n", dir);
        return 0;
    }
    if (sfs.f_bfree == 0 && sfs.f_blocks != 0) {
        printf("ring_test_basic: SKIP hugetlbfs: no free huge page in %s\n", dir);
        return 0;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/nt-test-huge-%d", dir, (int)getpid());
    struct nt_ring p, c;
    make(&p, path, NT_RING_KIND_MD, 1024);
    struct stat st;
    CHECK(stat(path, &st) == 0, "stat %s", path);
    CHECK((uint64_t)st.st_size % (uint64_t)sfs.f_bsize == 0, "size %lld is a multiple of the huge page size %lld",
          (long long)st.st_size, (long long)sfs.f_bsize);
    CHECK((uint64_t)st.st_size >= nt_ring_file_size(1024), "size covers the ring");
    open_or_die(&c, path, NT_RING_KIND_MD);
    union nt_record rec, out;
    uint64_t got = 0, bad = 0;
    for (uint64_t i = 0; i < 100000; i++) {
        rp_fill(&rec, i, 0);
        nt_md_publish(&p, &rec);
        if (nt_ring_poll(&c, &out) == NT_POLL_RECORD) {
            if (out.tob.seq != got + 1 || !rp_check(&out))
                bad++;
            got++;
        }
    }
    CHECK(got == 100000 && bad == 0, "hugetlbfs: got %llu bad %llu", (unsigned long long)got,
          (unsigned long long)bad);
    nt_ring_unmap(&c);
    nt_ring_close_producer(&p);
    unlink(path);
    printf("ring_test_basic: hugetlbfs ring in %s (page %lld bytes) ok\n", dir, (long long)sfs.f_bsize);
    return 1;
}

int main(void)
{
    test_round_trip(NT_RING_KIND_MD);
    test_round_trip(NT_RING_KIND_CMD);
    test_lapped_exact(64, 10, 1000);
    test_lapped_exact(1024, 1024, 1024 * 5 + 77);
    test_lapped_exact(8, 0, 9);
    test_cmd_full();
    test_epoch();
    test_overwrites_and_consumer_heartbeat();
    test_hugetlbfs();
    printf("ring_test_basic: %s\n", rt_failures ? "FAILED" : "ok");
    return rt_failures ? 1 : 0;
}
