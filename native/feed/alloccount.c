/*
 * libntalloccount.so -- LD_PRELOAD allocation counter for the hot-loop
 * check: counts malloc/calloc/realloc/free/posix_memalign/aligned_alloc
 * calls.  A program reads the count with
 *   uint64_t (*get)(void) = dlsym(RTLD_DEFAULT, "nt_alloccount_get");
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static uint64_t calls;

uint64_t nt_alloccount_get(void) { return __atomic_load_n(&calls, __ATOMIC_RELAXED); }

void *malloc(size_t n) { __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); return __libc_realloc(p, n); }
void free(void *p) { if (p) __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); __libc_free(p); }
void *aligned_alloc(size_t a, size_t n) { __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); return __libc_memalign(a, n); }
void *memalign(size_t a, size_t n) { __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); return __libc_memalign(a, n); }
int posix_memalign(void **p, size_t a, size_t n)
{
    __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
    *p = __libc_memalign(a, n);
    return *p ? 0 : 12;
}
