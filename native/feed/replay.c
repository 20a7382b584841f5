/*
 * replay.c -- feed a capture file through the handler: classic pcap
 * (microsecond or nanosecond, either byte order, Ethernet link type) or
 * ITCH BinaryFILE (u16 big-endian length, then the message).
 */
#include "nt_feed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rd32(const uint8_t *p, int swap)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}

static int replay_pcap(struct nt_feed *f, const uint8_t *d, size_t n, char *err, const char *path)
{
    uint32_t magic;
    memcpy(&magic, d, 4);
    int swap = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u;
    int nsec = magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
    if (n < 24) {
        snprintf(err, NT_ERRLEN, "%s: pcap file header truncated (%zu bytes)", path, n);
        return -1;
    }
    uint32_t link = rd32(d + 20, swap) & 0x0FFFFFFF;
    if (link != 1) {
        snprintf(err, NT_ERRLEN, "%s: pcap link type %u is not Ethernet (1)", path, link);
        return -1;
    }
    size_t off = 24;
    while (off < n) {
        if (off + 16 > n) {
            fprintf(stderr, "nanotick: %s: pcap record header cut short at byte %zu: ignored\n", path, off);
            break;
        }
        uint64_t sec = rd32(d + off, swap), frac = rd32(d + off + 4, swap);
        uint32_t incl = rd32(d + off + 8, swap);
        off += 16;
        uint32_t orig = rd32(d + off - 4, swap);
        if (incl > n - off) {
            fprintf(stderr, "nanotick: %s: last pcap record cut short at byte %zu (%u bytes announced, %zu left): ignored\n",
                    path, off - 16, incl, n - off);
            break;
        }
        uint64_t ts = sec * 1000000000ull + (nsec ? frac : frac * 1000ull);
        if (incl < orig)
            nt_feed_drop_frame(f); /* snapped: not the whole frame */
        else
            nt_feed_frame(f, d + off, incl, 0, ts);
        off += incl;
    }
    return 0;
}

static int replay_binaryfile(struct nt_feed *f, const uint8_t *d, size_t n, const char *path)
{
    size_t off = 0;
    uint64_t i = 0;
    while (off < n) {
        if (off + 2 > n) {
            fprintf(stderr, "nanotick: %s: BinaryFILE cut short at byte %zu: ignored\n", path, off);
            break;
        }
        size_t ml = (size_t)d[off] << 8 | d[off + 1];
        off += 2;
        if (ml > n - off) {
            fprintf(stderr, "nanotick: %s: last BinaryFILE message cut short at byte %zu (%zu bytes announced, %zu left): ignored\n",
                    path, off - 2, ml, n - off);
            break;
        }
        if (ml > 0) /* an empty block is not a message */
            nt_feed_itch(f, d + off, ml, ++i, 0);
        off += ml;
    }
    return 0;
}

int nt_feed_replay_file(struct nt_feed *f, const char *path, char *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, NT_ERRLEN, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 20, n = 0;
    uint8_t *d = malloc(cap);
    for (;;) {
        if (!d) {
            fclose(fp);
            snprintf(err, NT_ERRLEN, "%s: out of memory", path);
            return -1;
        }
        n += fread(d + n, 1, cap - n, fp);
        if (n < cap)
            break;
        cap *= 2;
        uint8_t *nd = realloc(d, cap);
        if (!nd)
            free(d);
        d = nd;
    }
    int rerr = ferror(fp);
    fclose(fp);
    if (rerr) {
        free(d);
        snprintf(err, NT_ERRLEN, "%s: read error", path);
        return -1;
    }
    int rc;
    uint32_t magic = 0;
    if (n >= 4)
        memcpy(&magic, d, 4);
    if (magic == 0xa1b2c3d4u || magic == 0xd4c3b2a1u || magic == 0xa1b23c4du || magic == 0x4d3cb2a1u) {
        rc = replay_pcap(f, d, n, err, path);
    } else if (magic == 0x0a0d0d0au) {
        snprintf(err, NT_ERRLEN, "%s: pcapng is not supported (convert: editcap -F pcap in.pcapng out.pcap)", path);
        rc = -1;
    } else {
        rc = replay_binaryfile(f, d, n, path);
    }
    free(d);
    return rc;
}
