/*
 * ring_test_xproc -- C producer and C consumer in two processes (fork):
 *   - 10M records over a CMD ring (backpressure): every record, in order, intact;
 *   - 10M records over an MD ring: every delivered record intact, sequence
 *     jumps only where LAPPED reported exactly that many lost, and
 *     delivered + lost == produced;
 *   - a 64-slot MD ring, producer flat out: constant lapping while reading
 *     (exercises the seqlock: a torn copy would fail the pattern check);
 *   - a consumer paused at K while the producer writes N: lost == N - C/2 - K.
 * (The C<->Java directions are in the Java suite: CrossProcessTest.)
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#include "../tools/ring_pattern.h"
#include "ring_test_common.h"

struct result {
    uint64_t records, lost, lapped, errors, prod;
};

static void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set); /* best effort */
}

static void produce(const char *path, uint32_t kind, uint64_t cap, uint64_t n, uint64_t wait_cons)
{
    struct nt_ring p;
    struct nt_ring_opts o = { .kind = kind, .capacity = cap, .name = "xproc", .producer_pid = 0 };
    if (nt_ring_create(&p, path, &o) != 0) {
        fprintf(stderr, "producer: %s\n", p.err);
        _exit(2);
    }
    union nt_record rec;
    for (uint64_t i = 0; i < n; i++) {
        if (wait_cons && i == wait_cons) {
            while (__atomic_load_n(&p.hdr->cons_index, __ATOMIC_ACQUIRE) < wait_cons)
                rp_sleep_ns(100000);
        }
        rp_fill(&rec, i, ~i);
        if (kind == NT_RING_KIND_MD) {
            nt_md_publish(&p, &rec);
        } else {
            unsigned spins = 0;
            while (nt_cmd_try_publish(&p, &rec) < 0)
                if (++spins % 256 == 0)
                    sched_yield();
        }
    }
    nt_ring_close_producer(&p);
    _exit(0);
}

static struct result consume(const char *path, uint32_t kind, uint64_t pause_after)
{
    struct result res = { 0, 0, 0, 0, 0 };
    struct nt_ring r;
    uint64_t deadline = nt_mono_ns() + 10000000000ull;
    while (nt_ring_open(&r, path, kind) != 0) {
        if (nt_mono_ns() > deadline) {
            fprintf(stderr, "consumer: %s\n", r.err);
            res.errors = 1;
            return res;
        }
        rp_sleep_ns(200000);
    }
    union nt_record rec;
    uint64_t expect = 0, pending = 0, last_lost = 0;
    deadline = nt_mono_ns() + 20000000000ull;
    for (;;) {
        int rc = nt_ring_poll(&r, &rec);
        if (rc == NT_POLL_RECORD) {
            uint64_t idx = rec.tob.seq - 1;
            if (idx != expect + pending || !rp_check(&rec)) {
                if (res.errors++ < 5)
                    fprintf(stderr, "consumer: index %llu, expected %llu + %llu lost, pattern %d\n",
                            (unsigned long long)idx, (unsigned long long)expect, (unsigned long long)pending,
                            rp_check(&rec));
            }
            expect = idx + 1;
            pending = 0;
            if (++res.records == pause_after) {
                nt_ring_publish_cons(&r);
                while (__atomic_load_n(&r.hdr->state, __ATOMIC_ACQUIRE) != NT_RING_STATE_CLOSED)
                    rp_sleep_ns(1000000);
            }
        } else if (rc == NT_POLL_LAPPED) {
            pending += r.lost_records - last_lost;
            last_lost = r.lost_records;
        } else {
            if (__atomic_load_n(&r.hdr->state, __ATOMIC_ACQUIRE) == NT_RING_STATE_CLOSED
                && r.cons >= __atomic_load_n(&r.hdr->prod_index, __ATOMIC_ACQUIRE))
                break;
            if (nt_mono_ns() > deadline) {
                fprintf(stderr, "consumer: timed out\n");
                res.errors++;
                break;
            }
            sched_yield(); /* 2 shared cores: let the producer run */
        }
    }
    res.lost = r.lost_records;
    res.lapped = r.lapped_events;
    res.prod = r.hdr->prod_index;
    nt_ring_unmap(&r);
    return res;
}

static struct result run(const char *tag, uint32_t kind, uint64_t cap, uint64_t n, uint64_t pause_after)
{
    char path[128];
    rt_path(path, sizeof path, tag);
    unlink(path);
    uint64_t t0 = nt_mono_ns();
    pid_t pid = fork();
    if (pid == 0) {
        pin(0);
        produce(path, kind, cap, n, pause_after);
    }
    pin(1);
    struct result res = consume(path, kind, pause_after);
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: producer exit status %d", tag, st);
    double secs = (double)(nt_mono_ns() - t0) / 1e9;
    printf("  %-10s cap %-7llu n %-9llu: records %llu lost %llu lapped %llu errors %llu (%.2f s, %.1f M rec/s)\n", tag,
           (unsigned long long)cap, (unsigned long long)n, (unsigned long long)res.records,
           (unsigned long long)res.lost, (unsigned long long)res.lapped, (unsigned long long)res.errors, secs,
           (double)n / secs / 1e6);
    CHECK(res.errors == 0, "%s: %llu errors", tag, (unsigned long long)res.errors);
    CHECK(res.prod == n, "%s: prod_index %llu", tag, (unsigned long long)res.prod);
    CHECK(res.records + res.lost == n, "%s: records + lost != n", tag);
    unlink(path);
    return res;
}

int main(void)
{
    struct result r;
    r = run("cmd-10m", NT_RING_KIND_CMD, 4096, 10000000, 0);
    CHECK(r.records == 10000000 && r.lost == 0, "CMD must be lossless");
    r = run("md-10m", NT_RING_KIND_MD, 1 << 20, 10000000, 0);
    r = run("md-tiny", NT_RING_KIND_MD, 64, 2000000, 0);
    r = run("md-pause", NT_RING_KIND_MD, 1024, 500000, 100);
    CHECK(r.lost == 500000 - 512 - 100, "paused consumer lost %llu, expected %llu", (unsigned long long)r.lost,
          (unsigned long long)(500000 - 512 - 100));
    CHECK(r.records == 100 + 512 && r.lapped == 1, "paused consumer: records %llu lapped %llu",
          (unsigned long long)r.records, (unsigned long long)r.lapped);
    printf("ring_test_xproc: %s\n", rt_failures ? "FAILED" : "ok");
    return rt_failures ? 1 : 0;
}
