/*
 * ring_test_bad -- bad ring files are refused with an error that names the
 * file and the field: wrong magic, ABI version, record size, capacity (not a
 * power of two, too big for the file), data offset, kind, state, a truncated
 * file; a ring left LIVE by a SIGKILLed producer is detected as stale, while
 * a cleanly CLOSED ring of a dead producer still opens.
 */
#include <signal.h>
#include <sys/wait.h>

#include "../tools/ring_pattern.h"
#include "ring_test_common.h"

static char path[128];

static void fresh(void)
{
    struct nt_ring p;
    struct nt_ring_opts o = { .kind = NT_RING_KIND_MD, .capacity = 64, .name = "bad", .producer_pid = 0 };
    if (nt_ring_create(&p, path, &o) != 0) {
        fprintf(stderr, "create: %s\n", p.err);
        exit(1);
    }
    nt_ring_unmap(&p); /* stays LIVE with our own (alive) pid */
}

/* Patch `len` bytes at `off` of the header, then expect open to fail naming path and field. */
static void expect_bad(size_t off, const void *val, size_t len, uint32_t kind, const char *field)
{
    fresh();
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL, "fopen");
    if (!f)
        return;
    fseek(f, (long)off, SEEK_SET);
    fwrite(val, 1, len, f);
    fclose(f);
    struct nt_ring r;
    int rc = nt_ring_open(&r, path, kind);
    CHECK(rc == -1, "open of a ring with bad %s succeeded", field);
    char want[64];
    snprintf(want, sizeof want, "field %s ", field);
    CHECK(strstr(r.err, path) != NULL && strstr(r.err, want) != NULL, "error does not name file and %s: %s", field, r.err);
    printf("  bad %-12s -> %s\n", field, r.err);
    if (rc == 0)
        nt_ring_unmap(&r);
}

static void test_fields(void)
{
    uint64_t u64;
    uint32_t u32;
    u64 = 0x4B4349544F4E414FULL;
    expect_bad(offsetof(struct nt_ring_header, magic), &u64, 8, 0, "magic");
    u32 = 2;
    expect_bad(offsetof(struct nt_ring_header, abi_version), &u32, 4, 0, "abi_version");
    u32 = 128;
    expect_bad(offsetof(struct nt_ring_header, record_size), &u32, 4, 0, "record_size");
    u64 = 48;
    expect_bad(offsetof(struct nt_ring_header, capacity), &u64, 8, 0, "capacity");
    u64 = 1024; /* power of two but the file only holds 64 records */
    expect_bad(offsetof(struct nt_ring_header, capacity), &u64, 8, 0, "capacity");
    u32 = 512;
    expect_bad(offsetof(struct nt_ring_header, data_offset), &u32, 4, 0, "data_offset");
    u32 = 7;
    expect_bad(offsetof(struct nt_ring_header, kind), &u32, 4, 0, "kind");
    u32 = NT_RING_KIND_MD; /* valid, but the caller wants a CMD ring */
    expect_bad(offsetof(struct nt_ring_header, kind), &u32, 4, NT_RING_KIND_CMD, "kind");
    u32 = NT_RING_STATE_INIT;
    expect_bad(offsetof(struct nt_ring_header, state), &u32, 4, 0, "state");

    /* a file too small to be a ring */
    FILE *f = fopen(path, "wb");
    fputs("hello", f);
    fclose(f);
    struct nt_ring r;
    CHECK(nt_ring_open(&r, path, 0) == -1, "tiny file opened");
    CHECK(strstr(r.err, path) != NULL, "tiny file error names the file: %s", r.err);
    printf("  tiny file    -> %s\n", r.err);
}

/* SIGKILL a producer that holds a LIVE ring: the file must be reported stale. */
static void test_stale(int close_first)
{
    unlink(path);
    int pfd[2];
    if (pipe(pfd) != 0)
        exit(1);
    pid_t pid = fork();
    if (pid == 0) {
        struct nt_ring p;
        struct nt_ring_opts o = { .kind = NT_RING_KIND_MD, .capacity = 64, .name = "stale", .producer_pid = 0 };
        if (nt_ring_create(&p, path, &o) != 0)
            _exit(1);
        union nt_record rec;
        for (uint64_t i = 0; i < 100; i++) {
            rp_fill(&rec, i, 0);
            nt_md_publish(&p, &rec);
        }
        if (close_first)
            nt_ring_close_producer(&p);
        if (write(pfd[1], "x", 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    char x;
    CHECK(read(pfd[0], &x, 1) == 1, "child ready");
    close(pfd[0]);
    close(pfd[1]);
    struct nt_ring r;
    CHECK(nt_ring_open(&r, path, 0) == 0, "open while the producer lives: %s", r.err);
    nt_ring_unmap(&r);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    int rc = nt_ring_open(&r, path, 0);
    if (close_first) {
        CHECK(rc == 0, "a CLOSED ring of a dead producer must open: %s", r.err);
        if (rc == 0) {
            union nt_record out;
            uint64_t n = 0;
            int prc;
            while ((prc = nt_ring_poll(&r, &out)) != NT_POLL_EMPTY)
                n += prc == NT_POLL_RECORD && rp_check(&out);
            CHECK(n == 32 && r.lost_records == 68, "closed ring readable: %llu records, %llu lost",
                  (unsigned long long)n, (unsigned long long)r.lost_records);
            nt_ring_unmap(&r);
        }
    } else {
        CHECK(rc == -1, "a LIVE ring of a SIGKILLed producer opened");
        CHECK(strstr(r.err, path) && strstr(r.err, "stale") && strstr(r.err, "producer"), "stale error: %s", r.err);
        printf("  SIGKILLed producer -> %s\n", r.err);
    }
}

int main(void)
{
    rt_path(path, sizeof path, "bad");
    test_fields();
    test_stale(0);
    test_stale(1);
    unlink(path);
    printf("ring_test_bad: %s\n", rt_failures ? "FAILED" : "ok");
    return rt_failures ? 1 : 0;
}
