/*
 * ring_bench -- native harness of `tools/bench ring`: C producer process ->
 * C consumer process over a CMD ring (lossless, backpressure), producer and
 * consumer pinned to different CPUs.
 *
 *   ring_bench [--count N] [--lat-count M] [--capacity C] [--pace-ns P] [--cpus A,B] [--dir D] [--rt PRIO]
 *
 * Throughput: N records as fast as the producer can publish; the consumer
 * times first-to-last record.  Latency: M records, one every P ns (so the
 * ring is nearly empty: one-way latency, not queueing), each carrying the
 * producer's CLOCK_MONOTONIC at publish in ingress_ts; the consumer records
 * now - ingress_ts.  Exact percentiles (sorted samples; first 5% dropped
 * as warm-up).  --rt PRIO runs both sides SCHED_FIFO at PRIO (needs root; on a
 * shared machine this keeps other processes off the two CPUs for the run).
 * It also measures the floor: one cache line bounced between the two CPUs
 * (ping-pong through shared memory; one-way = round trip / 2), the least
 * any cross-core handoff can cost on this machine.
 * Prints one line:
 *   impl=c throughput_rps=R p50_ns=A p99_ns=B p999_ns=C max_ns=D samples=M floor_one_way_ns=F
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "ring_pattern.h"

static int rt_prio;

static void pin(int cpu)
{
    if (rt_prio > 0) {
        struct sched_param sp = { .sched_priority = rt_prio };
        if (sched_setscheduler(0, SCHED_FIFO, &sp) != 0)
            perror("ring_bench: sched_setscheduler SCHED_FIFO");
    }
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
        if (nt_ring_poll(&r, &rec) != NT_POLL_RECORD)
            continue; /* pure spin: PAUSE costs ~140 cycles on recent Xeons, straight into the latency */
        if (lat) /* latency: receive time per record; throughput: the clock only at both ends */
            lat[got] = nt_mono_ns() - rec.tob.ingress_ts;
        if (rec.tob.msg_ordinal != got + 1)
            bad++;
        if (got == n / 20)
            t0 = nt_mono_ns(); /* first 5%: warm-up */
        else if (got == n - 1)
            t1 = nt_mono_ns();
        got++;
    }
    waitpid(pid, NULL, 0);
    nt_ring_unmap(&r);
    unlink(path);
    if (bad)
        fprintf(stderr, "ring_bench: %llu records out of order\n", (unsigned long long)bad);
    return t1 > t0 ? (double)(n - 1 - n / 20) * 1e9 / (double)(t1 - t0) : 0.0;
}

/* The same one-way measurement without a ring: the producer stores its clock into one cache line (paced
 * like the latency run), the consumer spins on that line and subtracts from its own clock.  Median in ns:
 * the floor a ring's one-way p50 can reach on these two CPUs with this clock. */
static uint64_t bare_one_way_ns(int pcpu, int ccpu, uint64_t n, long pace_ns)
{
    volatile uint64_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return 0;
    uint64_t *lat = calloc(n, sizeof *lat);
    if (!lat)
        return 0;
    pid_t pid = fork();
    if (pid == 0) {
        pin(pcpu);
        for (uint64_t i = 1; i <= n; i++) {
            uint64_t until = nt_mono_ns() + (uint64_t)pace_ns;
            while (nt_mono_ns() < until)
                __builtin_ia32_pause();
            m[1] = nt_mono_ns();
            __atomic_store_n(&m[0], i, __ATOMIC_RELEASE);
        }
        _exit(0);
    }
    pin(ccpu);
    for (uint64_t i = 1; i <= n; i++) {
        while (__atomic_load_n(&m[0], __ATOMIC_ACQUIRE) < i)
            ;
        lat[i - 1] = nt_mono_ns() - m[1];
    }
    waitpid(pid, NULL, 0);
    uint64_t skip = n / 20;
    qsort(lat + skip, n - skip, sizeof *lat, cmp_u64);
    uint64_t r = lat[skip + (n - skip) / 2];
    free(lat);
    munmap((void *)m, 4096);
    return r;
}

/* Median cost of one clock read (nt_mono_ns back to back): every one-way latency sample carries about one
 * (the producer's stamp is taken before its publish, the consumer's after its read). */
static uint64_t clock_read_ns(void)
{
    enum { K = 100001 };
    static uint64_t d[K];
    for (int i = 0; i < K; i++) {
        uint64_t a = nt_mono_ns();
        d[i] = nt_mono_ns() - a;
    }
    qsort(d, K, sizeof *d, cmp_u64);
    return d[K / 2];
}

/* Cache-line ping-pong between the two CPUs: returns the one-way time in ns. */
static double pingpong(int pcpu, int ccpu, uint64_t n)
{
    uint64_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return 0;
    uint64_t *ping = &m[0], *pong = &m[32]; /* 256 bytes apart */
    pid_t pid = fork();
    if (pid == 0) {
        pin(ccpu);
        for (uint64_t i = 1; i <= n; i++) {
            while (__atomic_load_n(ping, __ATOMIC_ACQUIRE) != i)
                ;
            __atomic_store_n(pong, i, __ATOMIC_RELEASE);
        }
        _exit(0);
    }
    pin(pcpu);
    uint64_t t0 = 0;
    for (uint64_t i = 1; i <= n; i++) {
        if (i == n / 10)
            t0 = nt_mono_ns(); /* first 10%: warm-up */
        __atomic_store_n(ping, i, __ATOMIC_RELEASE);
        while (__atomic_load_n(pong, __ATOMIC_ACQUIRE) != i)
            ;
    }
    double one_way = (double)(nt_mono_ns() - t0) / (double)(n - n / 10 + 1) / 2.0;
    waitpid(pid, NULL, 0);
    munmap(m, 4096);
    return one_way;
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
        { "cpus", required_argument, 0, 'C' }, { "dir", required_argument, 0, 'd' },
        { "rt", required_argument, 0, 'R' }, { 0, 0, 0, 0 } };
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'n': n = strtoull(optarg, NULL, 0); break;
        case 'm': m = strtoull(optarg, NULL, 0); break;
        case 'c': cap = strtoull(optarg, NULL, 0); break;
        case 'p': pace_ns = atol(optarg); break;
        case 'C': if (sscanf(optarg, "%d,%d", &pcpu, &ccpu) != 2) { fprintf(stderr, "--cpus A,B\n"); return 2; } break;
        case 'd': dir = optarg; break;
        case 'R': rt_prio = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: ring_bench [--count N] [--lat-count M] [--capacity C] [--pace-ns P] [--cpus A,B] [--dir D] [--rt PRIO]\n");
            return 2;
        }
    }
    char path[256];
    snprintf(path, sizeof path, "%s/nt-bench-c-%d", dir, (int)getpid());
    double floor_ns = pingpong(pcpu, ccpu, 1000000);
    uint64_t clock_ns = clock_read_ns();
    uint64_t bare_ns = bare_one_way_ns(pcpu, ccpu, m < 200000 ? m : 200000, pace_ns > 0 ? pace_ns : 2000);
    if (rt_prio > 0)
        rp_sleep_ns(1000000000L); /* a fresh realtime budget (sched_rt_runtime_us) for each phase */
    double rps = run(path, cap, n, 0, pcpu, ccpu, NULL);
    uint64_t *lat = calloc(m, sizeof *lat);
    if (!lat)
        return 1;
    if (rt_prio > 0)
        rp_sleep_ns(1000000000L);
    run(path, cap, m, pace_ns, pcpu, ccpu, lat);
    uint64_t skip = m / 20, k = m - skip;
    qsort(lat + skip, k, sizeof *lat, cmp_u64);
    uint64_t *s = lat + skip;
    printf("impl=c throughput_rps=%.0f p50_ns=%llu p99_ns=%llu p999_ns=%llu max_ns=%llu samples=%llu "
           "floor_one_way_ns=%.0f clock_ns=%llu bare_p50_ns=%llu\n", rps,
           (unsigned long long)s[k / 2], (unsigned long long)s[k * 99 / 100], (unsigned long long)s[k * 999 / 1000],
           (unsigned long long)s[k - 1], (unsigned long long)k, floor_ns, (unsigned long long)clock_ns,
           (unsigned long long)bare_ns);
    free(lat);
    return 0;
}
