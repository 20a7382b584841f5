/*
 * nanotick-feedbench -- ns/message of the C feed handler on one core:
 * parse + order table + book + 64-byte records into an MD ring.
 *
 *   nanotick-feedbench --in F.itch|F.pcap [--ahead N] [--direct N] [--orders N] [--levels N] [--check]
 *
 * The input is loaded and indexed before the clock starts; the ring lives in
 * /dev/shm (unlinked at once).  Everything is preallocated: the order table
 * does not grow (exhaustion would be reported).
 * --check: the timed loop runs under a seccomp filter (any syscall other
 * than write/exit kills the process) and, when libntalloccount.so is
 * LD_PRELOADed, the allocator calls made inside the loop are counted and
 * must be 0.  Prints "hotloop: syscalls=0 allocs=N".
 */
#define _GNU_SOURCE
#include "nt_feed.h"

#include <dlfcn.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* prefetch distance in messages: covers a DRAM miss at ~20-40 ns of work per message */
static size_t ahead = 6;

struct item { const uint8_t *p; uint32_t n; };

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* TSC ticks per ns, measured against CLOCK_MONOTONIC (before seccomp). */
static double tsc_per_ns(void)
{
    uint64_t n0 = now_ns(), t0 = tsc();
    struct timespec d = {0, 50000000};
    nanosleep(&d, NULL);
    uint64_t n1 = now_ns(), t1 = tsc();
    return (double)(t1 - t0) / (double)(n1 - n0);
}

/* From here on, any syscall other than write/exit/exit_group kills the
 * process (seccomp filter; strict mode would also disable the TSC). */
static int forbid_syscalls(void)
{
    struct sock_filter prog[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_write, 3, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit_group, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog fp = {.len = (unsigned short)(sizeof prog / sizeof prog[0]), .filter = prog};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp);
}

static uint64_t cpu_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); /* a syscall: not used under --check */
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint8_t *load(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        exit(2);
    }
    fseek(fp, 0, SEEK_END);
    long sz = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    uint8_t *d = malloc((size_t)sz + 1);
    if (!d || fread(d, 1, (size_t)sz, fp) != (size_t)sz) {
        perror(path);
        exit(2);
    }
    fclose(fp);
    *n = (size_t)sz;
    return d;
}

int main(int argc, char **argv)
{
    const char *in = NULL;
    int check = 0, selftest = 0; /* 1: make a syscall in the window, 2: call malloc (negative controls) */
    struct nt_feed_cfg cfg = {.order_direct = 1u << 22, .order_capacity = 1u << 22, .order_max = 0,
                              .level_capacity = 1u << 22, .prefault = 1};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--in") && i + 1 < argc)
            in = argv[++i];
        else if (!strcmp(argv[i], "--ahead") && i + 1 < argc)
            ahead = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--direct") && i + 1 < argc)
            cfg.order_direct = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--orders") && i + 1 < argc)
            cfg.order_capacity = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--levels") && i + 1 < argc)
            cfg.level_capacity = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--check"))
            check = 1;
        else if (!strcmp(argv[i], "--selftest-syscall"))
            selftest = 1;
        else if (!strcmp(argv[i], "--selftest-alloc"))
            selftest = 2;
        else {
            fprintf(stderr, "usage: nanotick-feedbench --in F.itch|F.pcap [--ahead N] [--direct N] [--orders N] [--levels N] [--check]\n");
            return 2;
        }
    }
    if (!in) {
        fprintf(stderr, "nanotick-feedbench: --in is required\n");
        return 2;
    }
    size_t n;
    uint8_t *d = load(in, &n);
    uint32_t magic = 0;
    memcpy(&magic, d, n >= 4 ? 4 : 0);
    int pcap = magic == 0xa1b2c3d4u || magic == 0xa1b23c4du;
    size_t cap = n / 20 + 16, cnt = 0;
    struct item *it = malloc(cap * sizeof *it);
    size_t off = pcap ? 24 : 0;
    while (off + (pcap ? 16 : 2) <= n) {
        uint32_t l;
        if (pcap) {
            memcpy(&l, d + off + 8, 4);
            off += 16;
        } else {
            l = (uint32_t)(d[off] << 8 | d[off + 1]);
            off += 2;
        }
        if (l > n - off)
            break;
        it[cnt++] = (struct item){d + off, l};
        off += l;
    }

    char err[NT_ERRLEN];
    struct nt_feed *f = nt_feed_create(&cfg, err);
    if (!f) {
        fprintf(stderr, "nanotick-feedbench: %s\n", err);
        return 2;
    }
    char rp[128];
    snprintf(rp, sizeof rp, "/dev/shm/nt-feedbench-%d", (int)getpid());
    struct nt_ring ring;
    struct nt_ring_opts ro = {.kind = NT_RING_KIND_MD, .capacity = 1u << 20, .name = "md"};
    if (nt_ring_create(&ring, rp, &ro) != 0) {
        fprintf(stderr, "nanotick-feedbench: %s\n", ring.err);
        return 2;
    }
    unlink(rp);
    nt_feed_set_ring(f, &ring);
    /* touch the preallocated memory so page faults stay out of the window */
    memset(ring.recs, 0, ring.capacity * NT_RECORD_SIZE);

    double tpn = tsc_per_ns();
    uint64_t (*allocs)(void) = (uint64_t (*)(void))dlsym(RTLD_DEFAULT, "nt_alloccount_get");
    /* warm-up: the first 1% (page faults of the order table and pool) is not timed */
    size_t warm = cnt / 100;
    for (size_t i = 0; i < warm; i++) {
        if (pcap)
            nt_feed_frame(f, it[i].p, it[i].n, 0, 0);
        else
            nt_feed_itch(f, it[i].p, it[i].n, i + 1, 0);
    }
    uint64_t m0 = nt_feed_stats(f)->messages;
    uint64_t a0 = allocs ? allocs() : 0;
    if (check && forbid_syscalls() != 0) {
        perror("seccomp");
        return 2;
    }
    /* the timed window reads the TSC only (clock_gettime may fall back to a syscall) */
    uint64_t c0 = check ? 0 : cpu_ns();
    uint64_t t0 = tsc();
    if (pcap) {
        for (size_t i = warm; i < cnt; i++) {
            if (i + 1 < cnt)
                nt_feed_prefetch_frame(f, it[i + 1].p, it[i + 1].n);
            nt_feed_frame(f, it[i].p, it[i].n, 0, 0);
        }
    } else {
        for (size_t i = warm; i < cnt; i++) {
            if (i + ahead < cnt)
                nt_feed_prefetch(f, it[i + ahead].p, it[i + ahead].n);
            nt_feed_itch(f, it[i].p, it[i].n, i + 1, 0);
        }
    }
    if (selftest == 1)
        (void)getppid();
    if (selftest == 2) {
        void *volatile p = malloc(16);
        free(p);
    }
    uint64_t t1 = tsc();
    uint64_t c1 = check ? 0 : cpu_ns();
    uint64_t a1 = allocs ? allocs() : 0;
    const struct nt_feed_stats *s = nt_feed_stats(f);
    uint64_t msgs = s->messages - m0;
    double ns = (double)(t1 - t0) / tpn / (double)(msgs ? msgs : 1);
    double cns = (double)(c1 - c0) / (double)(msgs ? msgs : 1);
    char buf[1024];
    int len = snprintf(buf, sizeof buf,
                       "feed: %s input, %llu messages timed (%llu frames), %.2f ns/message wall (%.2f ns CPU), %.1f M messages/s, "
                       "%llu records (%llu tob, %llu trades), orders peak %llu, level pool %llu, order_full %llu, level_full %llu\n",
                       pcap ? "pcap/MoldUDP64" : "BinaryFILE", (unsigned long long)msgs,
                       (unsigned long long)(pcap ? cnt - warm : 0), ns, cns, 1e3 / ns, (unsigned long long)s->records,
                       (unsigned long long)s->tob_rows, (unsigned long long)s->trades,
                       (unsigned long long)s->orders_peak, (unsigned long long)s->levels_used, (unsigned long long)s->order_full,
                       (unsigned long long)s->level_full);
    if (check)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "hotloop: syscalls=0 (seccomp filter: any syscall but write/exit kills) allocs=%s%llu\n",
                        allocs ? "" : "unmeasured(no LD_PRELOAD) ", (unsigned long long)(a1 - a0));
    if (write(1, buf, (size_t)len) != len)
        return 3;
    if (check)
        _exit(allocs && a1 != a0 ? 1 : 0);
    nt_ring_close_producer(&ring);
    nt_feed_destroy(f);
    free(it);
    free(d);
    return 0;
}
