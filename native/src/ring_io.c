/*
 * ring_io.c -- create, map and validate Nanotick rings (see ring.h).
 */
#define _GNU_SOURCE
#include "nanotick/ring_io.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#ifndef HUGETLBFS_MAGIC
#define HUGETLBFS_MAGIC 0x958458f6
#endif

static int fail(struct nt_ring *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, sizeof r->err, fmt, ap);
    va_end(ap);
    return -1;
}

uint64_t nt_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t real_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t new_epoch(void)
{
    uint64_t e = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (read(fd, &e, sizeof e) != (ssize_t)sizeof e)
            e = 0;
        close(fd);
    }
    e ^= real_ns() ^ ((uint64_t)getpid() << 32);
    return e ? e : 1;
}

static int is_pow2(uint64_t x) { return x && !(x & (x - 1)); }

static void reset(struct nt_ring *r, const char *path)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
    snprintf(r->path, sizeof r->path, "%s", path);
}

int nt_ring_create(struct nt_ring *r, const char *path, const struct nt_ring_opts *o)
{
    reset(r, path);
    if (o->kind != NT_RING_KIND_MD && o->kind != NT_RING_KIND_CMD)
        return fail(r, "%s: kind %u is neither MD (1) nor CMD (2)", path, o->kind);
    if (!is_pow2(o->capacity) || o->capacity < NT_RING_MIN_CAPACITY || o->capacity > NT_RING_MAX_CAPACITY)
        return fail(r, "%s: capacity %llu must be a power of two in [%u, %u]", path,
                    (unsigned long long)o->capacity, NT_RING_MIN_CAPACITY, NT_RING_MAX_CAPACITY);
    if (strlen(path) + 32 >= sizeof r->path)
        return fail(r, "%s: path too long", path);

    char tmp[sizeof r->path + 32];
    snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
    unlink(tmp);
    int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail(r, "%s: cannot create: %s", tmp, strerror(errno));

    uint64_t size = nt_ring_file_size(o->capacity);
    struct statfs sfs;
    if (fstatfs(fd, &sfs) == 0 && (uint64_t)sfs.f_type == HUGETLBFS_MAGIC) {
        uint64_t hp = (uint64_t)sfs.f_bsize;
        size = (size + hp - 1) / hp * hp;
    }
    if (ftruncate(fd, (off_t)size) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return fail(r, "%s: cannot size to %llu bytes: %s", tmp, (unsigned long long)size, strerror(e));
    }
    void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return fail(r, "%s: mmap %llu bytes: %s", tmp, (unsigned long long)size, strerror(e));
    }
    memset(m, 0, size); /* a new file is zero already; hugetlbfs pages may not be */

    struct nt_ring_header *h = (struct nt_ring_header *)m;
    h->abi_version = NT_RING_ABI_VERSION;
    h->record_size = NT_RECORD_SIZE;
    h->capacity = o->capacity;
    h->kind = o->kind;
    h->state = NT_RING_STATE_LIVE;
    h->epoch = new_epoch();
    h->created_ns = real_ns();
    h->producer_pid = o->producer_pid ? o->producer_pid : (uint32_t)getpid();
    h->data_offset = NT_RING_DATA_OFFSET;
    if (o->name)
        strncpy(h->name, o->name, sizeof h->name - 1);
    h->prod_heartbeat_ns = nt_mono_ns();
    __atomic_store_n(&h->magic, NT_RING_MAGIC, __ATOMIC_RELEASE);

    if (rename(tmp, path) != 0) {
        int e = errno;
        munmap(m, size);
        close(fd);
        unlink(tmp);
        return fail(r, "%s: cannot rename %s into place: %s", path, tmp, strerror(e));
    }

    r->hdr = h;
    r->recs = (union nt_record *)((uint8_t *)m + NT_RING_DATA_OFFSET);
    r->capacity = o->capacity;
    r->mask = o->capacity - 1;
    r->map_size = size;
    r->epoch = h->epoch;
    r->kind = o->kind;
    r->fd = fd;
    return 0;
}

int nt_ring_validate(struct nt_ring *r, uint64_t file_size, uint32_t expect_kind)
{
    const struct nt_ring_header *h = r->hdr;
    const char *p = r->path;
    uint64_t magic = __atomic_load_n(&h->magic, __ATOMIC_ACQUIRE);
    if (magic != NT_RING_MAGIC)
        return fail(r, "%s: field magic is 0x%016llx, expected 0x%016llx (not a Nanotick ring, or not initialised)",
                    p, (unsigned long long)magic, (unsigned long long)NT_RING_MAGIC);
    if (h->abi_version != NT_RING_ABI_VERSION)
        return fail(r, "%s: field abi_version is %u, expected %u", p, h->abi_version, NT_RING_ABI_VERSION);
    if (h->record_size != NT_RECORD_SIZE)
        return fail(r, "%s: field record_size is %u, expected %u", p, h->record_size, NT_RECORD_SIZE);
    if (!is_pow2(h->capacity) || h->capacity < NT_RING_MIN_CAPACITY || h->capacity > NT_RING_MAX_CAPACITY)
        return fail(r, "%s: field capacity is %llu, expected a power of two in [%u, %u]", p,
                    (unsigned long long)h->capacity, NT_RING_MIN_CAPACITY, NT_RING_MAX_CAPACITY);
    if (h->data_offset != NT_RING_DATA_OFFSET)
        return fail(r, "%s: field data_offset is %u, expected %u", p, h->data_offset, NT_RING_DATA_OFFSET);
    if (file_size < nt_ring_file_size(h->capacity))
        return fail(r, "%s: field capacity is %llu but the file holds only %llu bytes (needs %llu)", p,
                    (unsigned long long)h->capacity, (unsigned long long)file_size,
                    (unsigned long long)nt_ring_file_size(h->capacity));
    if (h->kind != NT_RING_KIND_MD && h->kind != NT_RING_KIND_CMD)
        return fail(r, "%s: field kind is %u, expected 1 (MD) or 2 (CMD)", p, h->kind);
    if (expect_kind && h->kind != expect_kind)
        return fail(r, "%s: field kind is %u, expected %u", p, h->kind, expect_kind);
    if (h->state != NT_RING_STATE_LIVE && h->state != NT_RING_STATE_CLOSED)
        return fail(r, "%s: field state is %u, expected LIVE (1) or CLOSED (2)", p, h->state);
    if (h->epoch == 0)
        return fail(r, "%s: field epoch is 0", p);
    return 0;
}

int nt_ring_is_stale(const struct nt_ring *r, uint64_t now_mono_ns)
{
    const struct nt_ring_header *h = r->hdr;
    if (__atomic_load_n(&h->state, __ATOMIC_ACQUIRE) != NT_RING_STATE_LIVE)
        return 0;
    uint32_t pid = h->producer_pid;
    if (pid != 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        /* gone without closing the ring; re-read the state, since a producer
         * that closed the ring and exited between the two reads is not stale */
        return __atomic_load_n(&h->state, __ATOMIC_ACQUIRE) == NT_RING_STATE_LIVE;
    uint64_t hb = __atomic_load_n(&h->prod_heartbeat_ns, __ATOMIC_ACQUIRE);
    if (pid == 0 && now_mono_ns > hb && now_mono_ns - hb > NT_RING_STALE_NS)
        return 1; /* a card that stopped beating */
    return 0;
}

int nt_ring_replaced(const struct nt_ring *r)
{
    struct stat a, b;
    if (fstat(r->fd, &a) != 0 || stat(r->path, &b) != 0)
        return 1;
    return a.st_ino != b.st_ino || a.st_dev != b.st_dev;
}

int nt_ring_open(struct nt_ring *r, const char *path, uint32_t expect_kind)
{
    reset(r, path);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return fail(r, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fail(r, "%s: fstat: %s", path, strerror(e));
    }
    if ((uint64_t)st.st_size < NT_RING_DATA_OFFSET) {
        close(fd);
        return fail(r, "%s: file is %lld bytes, smaller than the %u-byte header area (not a Nanotick ring)",
                    path, (long long)st.st_size, NT_RING_DATA_OFFSET);
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) {
        int e = errno;
        close(fd);
        return fail(r, "%s: mmap: %s", path, strerror(e));
    }
    r->hdr = (struct nt_ring_header *)m;
    r->map_size = (uint64_t)st.st_size;
    r->fd = fd;
    if (nt_ring_validate(r, (uint64_t)st.st_size, expect_kind) != 0) {
        munmap(m, (size_t)st.st_size);
        close(fd);
        r->hdr = NULL;
        r->fd = -1;
        return -1;
    }
    if (nt_ring_is_stale(r, nt_mono_ns())) {
        fail(r, "%s: stale: state LIVE but producer pid %u is gone (crashed producer; recreate the ring)",
             path, r->hdr->producer_pid);
        munmap(m, (size_t)st.st_size);
        close(fd);
        r->hdr = NULL;
        r->fd = -1;
        return -1;
    }
    r->recs = (union nt_record *)((uint8_t *)m + NT_RING_DATA_OFFSET);
    r->capacity = r->hdr->capacity;
    r->mask = r->capacity - 1;
    r->epoch = r->hdr->epoch;
    r->kind = r->hdr->kind;
    r->cons = __atomic_load_n(&r->hdr->cons_index, __ATOMIC_ACQUIRE);
    r->prod = __atomic_load_n(&r->hdr->prod_index, __ATOMIC_ACQUIRE);
    r->cached_cons = r->cons;
    r->hdr->consumer_pid = (uint32_t)getpid();
    return 0;
}

void nt_ring_unmap(struct nt_ring *r)
{
    if (r->hdr)
        munmap(r->hdr, r->map_size);
    if (r->fd >= 0)
        close(r->fd);
    r->hdr = NULL;
    r->recs = NULL;
    r->fd = -1;
}

void nt_ring_close_producer(struct nt_ring *r)
{
    if (r->hdr) {
        if (r->kind == NT_RING_KIND_MD && r->prod > r->capacity)
            nt__count_overwrites(r, r->prod - r->capacity); /* the final tally: records 0 .. prod-cap-1 */
        __atomic_store_n(&r->hdr->prod_index, r->prod, __ATOMIC_RELEASE);
        __atomic_store_n(&r->hdr->state, NT_RING_STATE_CLOSED, __ATOMIC_RELEASE);
    }
    nt_ring_unmap(r);
}
