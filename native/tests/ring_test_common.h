/* ring_test_common.h -- tiny assertion helpers for the ring tests. */
#ifndef RING_TEST_COMMON_H
#define RING_TEST_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int rt_failures;

#define CHECK(cond, ...) do { \
    if (!(cond)) { \
        rt_failures++; \
        fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
        fprintf(stderr, __VA_ARGS__); \
        fputc('\n', stderr); \
    } \
} while (0)

static inline void rt_path(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/dev/shm/nt-test-%s-%d", tag, (int)getpid());
}

#endif
