/*
 * ring_bench -- native harness of `tools/bench ring`: C producer process ->
 * C consumer process over a CMD ring (lossless, backpressure), producer and
 * consumer pinned to different CPUs.
 *
 *   ring_bench [--count N] [--lat-count M] [--capacity C] [--pace-ns P] [--cpus A,B] [--dir D]
 *
 * Throughput: N records as fast as the producer can publish; the consumer
 * times first-to-last record.  Latency: M records, one every P ns (so the
 * ring is nearly empty: one-way latency, not queueing), each carrying the
 * producer's CLOCK_MONOTONIC at publish in ingress_ts; the consumer records
 * now - ingress_ts.  Exact percentiles (sorted samples; first 5% dropped
 * as warm-up).  Prints one line:
 *   impl=c throughput_rps=R p50_ns=A p99_ns=B p999_ns=C max_ns=D samples=M
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <sched.h>
#include <sys/wait.h>

#include "ring_pattern.h"

static void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        perror("ring_bench: sched_setaffinity");
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void producer(const char *path, uint64_t cap, uint64_t n, long pace_ns, int cpu)
{
    pin(cpu);
    struct nt_ring p;
    struct nt_ring_opts o = { .kind = NT_RING_KIND_CMD, .capacity = cap, .name = "bench", .producer_pid = 0 };
    if (nt_ring_create(&p, path, &o) != 0) {
        fprintf(stderr, "ring_bench: %s\n", p.err);
        _exit(2);
    }
    union nt_record rec;
    rp_fill(&rec, 0, 0);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t now = 0;
        if (pace_ns) {
            now = nt_mono_ns();
            uint64_t until = now + (uint64_t)pace_ns;
            while ((now = nt_mono_ns()) < until)
                __builtin_ia32_pause();
        }
        rec.tob.msg_ordinal = i + 1;
        rec.tob.ingress_ts = pace_ns ? nt_mono_ns() : 0;
        while (nt_cmd_try_publish(&p, &rec) < 0)
            __builtin_ia32_pause();
    }
    nt_ring_close_producer(&p);
    _exit(0);
}

/* Runs one producer/consumer pair; returns records/s; fills lat[] if non-NULL. */
static double run(const char *path, uint64_t cap, uint64_t n, long pace_ns, int pcpu, int ccpu, uint64_t *lat)
{
    unlink(path);
    pid_t pid = fork();
    if (pid == 0)
        producer(path, cap, n, pace_ns, pcpu);
    pin(ccpu);
    struct nt_ring r;
    while (nt_ring_open(&r, path, NT_RING_KIND_CMD) != 0)
        rp_sleep_ns(100000);
    union nt_record rec;
    uint64_t got = 0, t0 = 0, t1 = 0, bad = 0;
    while (got < n) {
        if (nt_ring_poll(&r, &rec) != NT_POLL_RECORD) {
            __builtin_ia32_pause();
            continue;
        }
        uint64_t now = nt_mono_ns();
        if (lat)
            lat[got] = now - rec.tob.ingress_ts;
        if (rec.tob.msg_ordinal != got + 1)
            bad++;
        if (got == 0)
            t0 = now;
        t1 = now;
        got++;
    }
    waitpid(pid, NULL, 0);
    nt_ring_unmap(&r);
    unlink(path);
    if (bad)
        fprintf(stderr, "ring_bench: %llu records out of order\n", (unsigned long long)bad);
    return t1 > t0 ? (double)(n - 1) * 1e9 / (double)(t1 - t0) : 0.0;
}

int main(int argc, char **argv)
{
    uint64_t n = 20000000, m = 1000000, cap = 4096;
    long pace_ns = 2000;
    int pcpu = 0, ccpu = 1;
    const char *dir = "/dev/shm";
    static const struct option opts[] = {
        { "count", required_argument, 0, 'n' }, { "lat-count", required_argument, 0, 'm' },
        { "capacity", required_argument, 0, 'c' }, { "pace-ns", required_argument, 0, 'p' },
        { "cpus", required_argument, 0, 'C' }, { "dir", required_argument, 0, 'd' }, { 0, 0, 0, 0 } };
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'n': n = strtoull(optarg, NULL, 0); break;
        case 'm': m = strtoull(optarg, NULL, 0); break;
        case 'c': cap = strtoull(optarg, NULL, 0); break;
        case 'p': pace_ns = atol(optarg); break;
        case 'C': if (sscanf(optarg, "%d,%d", &pcpu, &ccpu) != 2) { fprintf(stderr, "--cpus A,B\n"); return 2; } break;
        case 'd': dir = optarg; break;
        default:
            fprintf(stderr, "usage: ring_bench [--count N] [--lat-count M] [--capacity C] [--pace-ns P] [--cpus A,B] [--dir D]\n");
            return 2;
        }
    }
    char path[256];
    snprintf(path, sizeof path, "%s/nt-bench-c-%d", dir, (int)getpid());
    double rps = run(path, cap, n, 0, pcpu, ccpu, NULL);
    uint64_t *lat = calloc(m, sizeof *lat);
    if (!lat)
        return 1;
    run(path, cap, m, pace_ns, pcpu, ccpu, lat);
    uint64_t skip = m / 20, k = m - skip;
    qsort(lat + skip, k, sizeof *lat, cmp_u64);
    uint64_t *s = lat + skip;
    printf("impl=c throughput_rps=%.0f p50_ns=%llu p99_ns=%llu p999_ns=%llu max_ns=%llu samples=%llu\n", rps,
           (unsigned long long)s[k / 2], (unsigned long long)s[k * 99 / 100], (unsigned long long)s[k * 999 / 1000],
           (unsigned long long)s[k - 1], (unsigned long long)k);
    free(lat);
    return 0;
}
