/*
 * ring_consumer -- reads a ring and checks every record against the test
 * pattern (ring_pattern.h) and the lapping accounting.  Used by the
 * cross-process tests (a Java producer feeding a C consumer), the bad-input
 * tests (C's error messages) and the ring demo.
 *
 *   ring_consumer --path P [--kind md|cmd] [--wait-ms N] [--pause-after K]
 *                 [--slow-ns N] [--pin CPU] [--no-check] [--timeout-ms N]
 *
 * Runs until the producer CLOSED the ring and every record was read or
 * counted lost.  Checks: each record equals the pattern of its sequence
 * word; sequence words advance by exactly one, except after LAPPED, where
 * the jump must equal the records reported lost by those LAPPED polls;
 * at the end records + lost == prod_index.
 * --pause-after K  read K records, publish the position, then pause until
 *                  the producer has closed the ring, then go on.
 * --slow-ns N      sleep N ns after every 1024 records (a slow CMD consumer).
 * Prints "records=R lost=L lapped=E errors=X prod_index=P" and exits 0 if
 * no check failed, 1 if one did, 2 if the ring could not be opened
 * (the error, naming file and field, goes to stderr).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <sched.h>
#include <unistd.h>

#include "ring_pattern.h"

int main(int argc, char **argv)
{
    const char *path = NULL;
    uint32_t kind = 0;
    long wait_ms = 0, timeout_ms = 20000, slow_ns = 0;
    uint64_t pause_after = 0;
    int cpu = -1, check = 1;
    static const struct option opts[] = {
        { "path", required_argument, 0, 'p' }, { "kind", required_argument, 0, 'k' },
        { "wait-ms", required_argument, 0, 'w' }, { "pause-after", required_argument, 0, 'a' },
        { "slow-ns", required_argument, 0, 's' }, { "pin", required_argument, 0, 'P' },
        { "no-check", no_argument, 0, 'n' }, { "timeout-ms", required_argument, 0, 't' },
        { 0, 0, 0, 0 } };
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'p': path = optarg; break;
        case 'k': kind = !strcmp(optarg, "md") ? NT_RING_KIND_MD : !strcmp(optarg, "cmd") ? NT_RING_KIND_CMD : 99; break;
        case 'w': wait_ms = atol(optarg); break;
        case 'a': pause_after = strtoull(optarg, NULL, 0); break;
        case 's': slow_ns = atol(optarg); break;
        case 'P': cpu = atoi(optarg); break;
        case 'n': check = 0; break;
        case 't': timeout_ms = atol(optarg); break;
        default:
            fprintf(stderr, "usage: ring_consumer --path P [--kind md|cmd] [--wait-ms N] [--pause-after K]\n"
                            "       [--slow-ns N] [--pin CPU] [--no-check] [--timeout-ms N]\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "ring_consumer: --path is required\n");
        return 2;
    }
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0)
            perror("ring_consumer: sched_setaffinity (continuing unpinned)");
    }

    struct nt_ring r;
    uint64_t deadline = nt_mono_ns() + (uint64_t)wait_ms * 1000000ull;
    while (nt_ring_open(&r, path, kind) != 0) {
        if (nt_mono_ns() >= deadline) {
            fprintf(stderr, "ring_consumer: %s\n", r.err);
            return 2;
        }
        rp_sleep_ns(1000000);
    }

    union nt_record rec;
    uint64_t records = 0, errors = 0, lost_pending = 0, expect = r.cons; /* next index expected */
    uint64_t idle_since = 0, last_lost = r.lost_records, t_first = 0, t_last_rec = 0;
    int paused = pause_after == 0;
    for (;;) {
        int rc = nt_ring_poll(&r, &rec);
        if (rc == NT_POLL_RECORD) {
            idle_since = 0;
            uint64_t idx = rec.tob.seq - 1;
            if (idx != expect + lost_pending) {
                if (errors++ < 10)
                    fprintf(stderr, "ring_consumer: got index %llu, expected %llu (+%llu reported lost)\n",
                            (unsigned long long)idx, (unsigned long long)expect, (unsigned long long)lost_pending);
            }
            if (check && !rp_check(&rec)) {
                if (errors++ < 10)
                    fprintf(stderr, "ring_consumer: record %llu does not match the pattern\n", (unsigned long long)idx);
            }
            expect = idx + 1;
            lost_pending = 0;
            if (records++ == 0)
                t_first = nt_mono_ns();
            t_last_rec = records;
            if (!paused && records == pause_after) {
                nt_ring_publish_cons(&r);
                while (__atomic_load_n(&r.hdr->state, __ATOMIC_ACQUIRE) != NT_RING_STATE_CLOSED)
                    rp_sleep_ns(1000000);
                paused = 1;
            }
            if (slow_ns && (records & 1023) == 0)
                rp_sleep_ns(slow_ns);
            continue;
        }
        if (rc == NT_POLL_LAPPED) {
            lost_pending += r.lost_records - last_lost;
            last_lost = r.lost_records;
            continue;
        }
        /* empty */
        if (__atomic_load_n(&r.hdr->state, __ATOMIC_ACQUIRE) == NT_RING_STATE_CLOSED
            && r.cons >= __atomic_load_n(&r.hdr->prod_index, __ATOMIC_ACQUIRE)) {
            break;
        }
        nt_ring_publish_cons(&r);
        uint64_t now = nt_mono_ns();
        if (!idle_since) {
            idle_since = now;
        } else if (now - idle_since > (uint64_t)timeout_ms * 1000000ull) {
            fprintf(stderr, "ring_consumer: no record for %ld ms and the ring is not closed\n", timeout_ms);
            errors++;
            break;
        } else if (now - idle_since > 200000000ull && nt_ring_is_stale(&r, now)) {
            fprintf(stderr, "ring_consumer: %s: producer is gone (stale ring)\n", path);
            errors++;
            break;
        }
        if (now - idle_since > 20000)
            sched_yield(); /* idle for a while: let a producer sharing this CPU run */
        else
            __builtin_ia32_pause();
    }
    uint64_t prod = __atomic_load_n(&r.hdr->prod_index, __ATOMIC_ACQUIRE);
    if (errors == 0 && records + r.lost_records != prod) {
        fprintf(stderr, "ring_consumer: records %llu + lost %llu != prod_index %llu\n", (unsigned long long)records,
                (unsigned long long)r.lost_records, (unsigned long long)prod);
        errors++;
    }
    nt_ring_publish_cons(&r);
    double secs = t_first ? (double)(nt_mono_ns() - t_first) / 1e9 : 0.0;
    (void)t_last_rec;
    printf("records=%llu lost=%llu lapped=%llu errors=%llu prod_index=%llu seconds=%.3f rate=%.0f/s\n",
           (unsigned long long)records, (unsigned long long)r.lost_records, (unsigned long long)r.lapped_events,
           (unsigned long long)errors, (unsigned long long)prod, secs, secs > 0 ? (double)records / secs : 0.0);
    nt_ring_unmap(&r);
    return errors ? 1 : 0;
}
