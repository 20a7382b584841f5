/*
 * ring_producer -- writes the test pattern (ring_pattern.h) into a ring.
 * Used by the cross-process tests (a C producer feeding a Java consumer),
 * the stale-ring test (--hold, then SIGKILL) and the ring demo.
 *
 *   ring_producer --path P --kind md|cmd [--capacity N] [--count N] [--name S]
 *                 [--wait-cons K] [--fail-fast] [--hold] [--pin CPU]
 *                 [--timestamp] [--pace-ns N] [--report-every N]
 *
 * --wait-cons K  after K records, wait (up to 30 s) until the consumer's
 *                published cons_index reaches K, then go on: makes "the
 *                consumer paused at K while the producer runs on" exact.
 * --fail-fast    CMD: a full ring rejects the record (counted); the producer
 *                retries the same record later.  Default: spin until space.
 * --hold         do not close the ring at the end: stay LIVE until killed.
 * Prints "produced=N full=F rejected=R seconds=S rate=R/s" on stdout.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <sched.h>
#include <unistd.h>

#include "ring_pattern.h"

static void usage(void)
{
    fprintf(stderr, "usage: ring_producer --path P --kind md|cmd [--capacity N] [--count N] [--name S]\n"
                    "       [--wait-cons K] [--fail-fast] [--hold] [--pin CPU] [--timestamp] [--pace-ns N]\n"
                    "       [--report-every N]\n");
    exit(2);
}

static void pin(int cpu)
{
    if (cpu < 0)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        perror("ring_producer: sched_setaffinity (continuing unpinned)");
}

int main(int argc, char **argv)
{
    const char *path = NULL, *name = "test";
    uint32_t kind = 0;
    uint64_t capacity = 65536, count = 1000000, wait_cons = 0, report_every = 0;
    int fail_fast = 0, hold = 0, cpu = -1, stamp = 0;
    long pace_ns = 0;
    static const struct option opts[] = {
        { "path", required_argument, 0, 'p' }, { "kind", required_argument, 0, 'k' },
        { "capacity", required_argument, 0, 'c' }, { "count", required_argument, 0, 'n' },
        { "name", required_argument, 0, 'N' }, { "wait-cons", required_argument, 0, 'w' },
        { "fail-fast", no_argument, 0, 'f' }, { "hold", no_argument, 0, 'h' },
        { "pin", required_argument, 0, 'P' }, { "timestamp", no_argument, 0, 't' },
        { "pace-ns", required_argument, 0, 'r' }, { "report-every", required_argument, 0, 'R' },
        { 0, 0, 0, 0 } };
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'p': path = optarg; break;
        case 'k': kind = !strcmp(optarg, "md") ? NT_RING_KIND_MD : !strcmp(optarg, "cmd") ? NT_RING_KIND_CMD : 0; break;
        case 'c': capacity = strtoull(optarg, NULL, 0); break;
        case 'n': count = strtoull(optarg, NULL, 0); break;
        case 'N': name = optarg; break;
        case 'w': wait_cons = strtoull(optarg, NULL, 0); break;
        case 'f': fail_fast = 1; break;
        case 'h': hold = 1; break;
        case 'P': cpu = atoi(optarg); break;
        case 't': stamp = 1; break;
        case 'r': pace_ns = atol(optarg); break;
        case 'R': report_every = strtoull(optarg, NULL, 0); break;
        default: usage();
        }
    }
    if (!path || !kind)
        usage();
    pin(cpu);

    struct nt_ring r;
    struct nt_ring_opts ro = { .kind = kind, .capacity = capacity, .name = name, .producer_pid = 0 };
    if (nt_ring_create(&r, path, &ro) != 0) {
        fprintf(stderr, "ring_producer: %s\n", r.err);
        return 2;
    }

    union nt_record rec;
    uint64_t rejected = 0, t0 = nt_mono_ns(), last_hb = t0, last_report = t0;
    for (uint64_t i = 0; i < count; i++) {
        if (wait_cons && i == wait_cons) {
            uint64_t deadline = nt_mono_ns() + 30000000000ull;
            while (__atomic_load_n(&r.hdr->cons_index, __ATOMIC_ACQUIRE) < wait_cons) {
                if (nt_mono_ns() > deadline) {
                    fprintf(stderr, "ring_producer: consumer never reached %llu\n", (unsigned long long)wait_cons);
                    return 1;
                }
                nt_ring_heartbeat(&r, nt_mono_ns());
                rp_sleep_ns(100000);
            }
        }
        uint64_t now = (stamp || pace_ns || (i & 0xFFFF) == 0) ? nt_mono_ns() : 0;
        if (pace_ns) {
            uint64_t until = now + (uint64_t)pace_ns;
            while ((now = nt_mono_ns()) < until)
                __builtin_ia32_pause();
        }
        rp_fill(&rec, i, stamp ? now : ~i);
        if (kind == NT_RING_KIND_MD) {
            nt_md_publish(&r, &rec);
        } else {
            unsigned spins = 0;
            while (nt_cmd_try_publish(&r, &rec) < 0) {
                if (fail_fast) {
                    rejected++;
                    rp_sleep_ns(20000);
                } else if (++spins > 1000) {
                    sched_yield();
                } else {
                    __builtin_ia32_pause();
                }
                if (stamp)
                    rec.tob.ingress_ts = nt_mono_ns();
            }
        }
        if (now && now - last_hb > NT_RING_HEARTBEAT_NS / 2) {
            nt_ring_heartbeat(&r, now);
            last_hb = now;
        }
        if (report_every && (i + 1) % report_every == 0) {
            uint64_t t = nt_mono_ns();
            printf("producer: %llu records, %.1f M/s\n", (unsigned long long)(i + 1),
                   report_every * 1e3 / (double)(t - last_report));
            fflush(stdout);
            last_report = t;
        }
    }
    uint64_t t1 = nt_mono_ns();
    double secs = (double)(t1 - t0) / 1e9;
    printf("produced=%llu full=%llu rejected=%llu seconds=%.3f rate=%.0f/s\n", (unsigned long long)count,
           (unsigned long long)r.hdr->prod_full_count, (unsigned long long)rejected, secs,
           secs > 0 ? (double)count / secs : 0.0);
    fflush(stdout);
    if (hold) {
        for (;;) {
            nt_ring_heartbeat(&r, nt_mono_ns());
            rp_sleep_ns(50000000);
        }
    }
    nt_ring_close_producer(&r);
    return 0;
}
