/*
 * nanotick-feedgen -- fast seeded ITCH 5.0 stream generator (benchmarks,
 * DPDK tests, differential tests).
 *
 *   nanotick-feedgen --seed S --messages N --locates L --out F.itch|F.pcap
 *       [--stress] [--per-packet K] [--ab] [--gap-every G] [--vlan]
 *
 * Mix: ~45% adds (A/F), ~40% cancels and deletes (X/D), ~8% executions
 * (E/C), ~7% replaces (U), plus P/Q trades and system events.  Orders
 * die young: 85% of modify/delete targets are among the ~2000 most recent
 * live orders (the rest are uniform over every live order).
 * --stress: deep books (wide price bands), replace chains, colliding and
 *   unknown refs, ref 0, executions exactly to zero and beyond.
 * pcap: Ethernet [+802.1Q 141] / IPv4 233.54.12.111 / UDP 26477 / MoldUDP64
 *   session "NANOTICK01", K messages per packet (default 8);
 *   --ab writes every packet twice (line A, then line B, in varying order);
 *   --gap-every G drops every G-th packet (a gap).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rs;
static inline uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rs += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static inline uint32_t below(uint32_t n) { return (uint32_t)(((rnd() >> 32) * n) >> 32); }

static void p16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void p32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v; }
static void p48(uint8_t *p, uint64_t v) { for (int i = 0; i < 6; i++) p[i] = (uint8_t)(v >> (40 - 8 * i)); }
static void p64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (56 - 8 * i)); }

struct live { uint64_t ref; uint32_t px, sh; uint16_t loc; uint8_t side; };
static struct live *lv;
static size_t nlive, caplive;
static uint32_t *mid;
static uint64_t ts = 34200000000000ull, nextref = 1, match = 1;

static void hdr(uint8_t *m, char t, uint16_t loc)
{
    m[0] = (uint8_t)t;
    p16(m + 1, loc);
    p16(m + 3, 0);
    ts += 1 + below(2000);
    p48(m + 5, ts);
}

/* one message into m; returns its length */
static size_t gen_one(uint8_t *m, uint32_t locates, int stress)
{
    uint32_t r = below(1000);
    if (nlive == 0 || r < 450) {
        uint16_t loc = (uint16_t)(1 + below(locates));
        uint8_t side = (uint8_t)(rnd() & 1);
        uint32_t band = stress ? 4000 : 40;
        uint32_t off = stress ? below(band) : (below(band) * below(band)) / band; /* concentrated near the top */
        uint32_t px = side ? mid[loc] + 1 + off : mid[loc] - off;
        if (below(50) == 0)
            mid[loc] += below(3) - 1 + (mid[loc] < 10000 ? 1 : 0);
        uint32_t sh = 1 + below(stress && below(100) == 0 ? 0xFFFFFFF0u : 1000);
        uint64_t ref = nextref++;
        if (stress) {
            uint32_t c = below(100);
            if (c < 2)
                ref = 0; /* ref 0 is a normal reference */
            else if (c < 6 && nlive)
                ref = lv[below((uint32_t)nlive)].ref; /* colliding with a live ref: ignored */
            else if (c < 9)
                ref = nextref > 50 ? nextref - 1 - below(50) : 0; /* maybe dead, maybe live */
        }
        int f = below(10) == 0;
        hdr(m, f ? 'F' : 'A', loc);
        p64(m + 11, ref);
        m[19] = side ? 'S' : 'B';
        p32(m + 20, sh);
        memcpy(m + 24, "NTICK   ", 8);
        p32(m + 32, px);
        int dup = 0;
        for (size_t i = nlive; i-- > 0 && i + 64 > nlive;) /* cheap check: recent refs only */
            if (lv[i].ref == ref) { dup = 1; break; }
        if (!dup && ref != 0 && ref < nextref - 1) /* reused old refs: may be live anywhere; don't track */
            dup = 1;
        if (!dup) {
            if (nlive == caplive) {
                caplive = caplive ? caplive * 2 : 1 << 16;
                lv = realloc(lv, caplive * sizeof *lv);
                if (!lv) { perror("realloc"); exit(2); }
            }
            lv[nlive++] = (struct live){ref, px, sh, loc, side};
        }
        if (f) {
            memcpy(m + 36, "MPID", 4);
            return 40;
        }
        return 36;
    }
    /* most orders die young (as on a real venue): 85% of the targets are
     * among the ~2000 most recent live orders, the rest anywhere */
    uint32_t recent = nlive < 2048 ? (uint32_t)nlive : 2048;
    uint32_t idx = below(100) < 85 ? (uint32_t)nlive - 1 - below(recent) : below((uint32_t)nlive);
    struct live *o = &lv[idx];
    uint64_t ref = o->ref;
    if (stress && below(100) < 3)
        ref = nextref + 1000 + below(1000); /* unknown ref */
    uint16_t loc = stress && below(20) == 0 ? (uint16_t)(1 + below(locates)) : o->loc; /* msg locate may differ */
    int removed = 0;
    if (r < 850) { /* X or D: 40% */
        if (r < 650) {
            hdr(m, 'D', loc);
            p64(m + 11, ref);
            removed = 1;
            if (ref == o->ref) { lv[idx] = lv[--nlive]; }
            return 19;
        }
        uint32_t sh = below(3) == 0 ? o->sh : 1 + below(o->sh > 1 ? o->sh - 1 : 1);
        if (stress && below(10) == 0)
            sh = o->sh + below(100); /* overfill: clamped */
        hdr(m, 'X', loc);
        p64(m + 11, ref);
        p32(m + 19, sh);
        if (ref == o->ref) {
            if (sh >= o->sh) { lv[idx] = lv[--nlive]; removed = 1; }
            else o->sh -= sh;
        }
        return 23;
    }
    if (r < 930) { /* E or C: 8% */
        uint32_t sh = below(2) == 0 ? o->sh : 1 + below(o->sh);
        if (stress && below(10) == 0)
            sh = o->sh + 1;
        int c = below(4) == 0;
        hdr(m, c ? 'C' : 'E', loc);
        p64(m + 11, ref);
        p32(m + 19, sh);
        p64(m + 23, match++);
        uint32_t opx = o->px;
        if (ref == o->ref) {
            if (sh >= o->sh) { lv[idx] = lv[--nlive]; removed = 1; }
            else o->sh -= sh;
        }
        if (c) {
            m[31] = below(2) ? 'Y' : 'N';
            p32(m + 32, opx + below(3));
            return 36;
        }
        return 31;
    }
    { /* U: 7%, and rare P / Q / S */
        if (r >= 996) { /* P / Q / S: rare */
            uint32_t k = below(3);
            if (k == 0) {
                hdr(m, 'P', o->loc);
                p64(m + 11, 0);
                m[19] = 'B';
                p32(m + 20, 100);
                memcpy(m + 24, "NTICK   ", 8);
                p32(m + 32, o->px);
                p64(m + 36, match++);
                return 44;
            }
            if (k == 1) {
                hdr(m, 'Q', o->loc);
                p64(m + 11, 5000000000ull + below(1000));
                memcpy(m + 19, "NTICK   ", 8);
                p32(m + 27, o->px);
                p64(m + 31, match++);
                m[39] = 'O';
                return 40;
            }
            hdr(m, 'S', 0);
            m[11] = 'Q';
            return 12;
        }
        uint64_t nref = nextref++;
        if (stress && below(20) == 0)
            nref = ref; /* replace onto itself */
        uint32_t npx = o->side ? o->px + below(3) - (o->px > 2 ? 1 : 0) : o->px + below(3) - (o->px > 2 ? 1 : 0);
        uint32_t nsh = 1 + below(1000);
        hdr(m, 'U', loc);
        p64(m + 11, ref);
        p64(m + 19, nref);
        p32(m + 27, nsh);
        p32(m + 31, npx);
        if (ref == o->ref) { /* replace chain: the new order is picked again later */
            o->ref = nref;
            o->px = npx;
            o->sh = nsh;
        }
        (void)removed;
        return 35;
    }
}

/* ---- output ---- */
static FILE *out;
static uint8_t obuf[1 << 20];
static void w(const void *p, size_t n)
{
    if (fwrite(p, 1, n, out) != n) { perror("write"); exit(2); }
}

static uint16_t csum(const uint8_t *h)
{
    uint32_t s = 0;
    for (int i = 0; i < 20; i += 2)
        s += (uint32_t)(h[i] << 8 | h[i + 1]);
    while (s >> 16)
        s = (s & 0xFFFF) + (s >> 16);
    return (uint16_t)~s;
}

static int vlan;
static uint32_t pkt_ts;
static void write_frame(const uint8_t *mold, size_t mn, int line)
{
    uint8_t h[64];
    size_t eth = vlan ? 18 : 14;
    size_t n = eth + 20 + 8 + mn;
    uint8_t rec[16];
    pkt_ts++;
    p32(rec, 0); /* little-endian header below */
    uint32_t sec = 1700000000u + pkt_ts / 1000000u, usec = pkt_ts % 1000000u;
    memcpy(rec, &sec, 4);
    memcpy(rec + 4, &usec, 4);
    uint32_t l = (uint32_t)n;
    memcpy(rec + 8, &l, 4);
    memcpy(rec + 12, &l, 4);
    w(rec, 16);
    static const uint8_t dmac[6] = {0x01, 0x00, 0x5e, 0x36, 0x0c, 0x6f};
    memcpy(h, dmac, 6);
    uint8_t smac[6] = {0x02, 0, 0, 0, 0, (uint8_t)(0xA0 + line)};
    memcpy(h + 6, smac, 6);
    if (vlan) {
        p16(h + 12, 0x8100);
        p16(h + 14, 141);
        p16(h + 16, 0x0800);
    } else {
        p16(h + 12, 0x0800);
    }
    uint8_t *ip = h + eth;
    memset(ip, 0, 20);
    ip[0] = 0x45;
    p16(ip + 2, (uint16_t)(20 + 8 + mn));
    p16(ip + 6, 0x4000);
    ip[8] = 32;
    ip[9] = 17;
    p32(ip + 12, line ? 0x0a000102 : 0x0a000101);
    p32(ip + 16, 0xe9360c6f);
    p16(ip + 10, csum(ip));
    uint8_t *u = ip + 20;
    p16(u, 50000);
    p16(u + 2, 26477);
    p16(u + 4, (uint16_t)(8 + mn));
    p16(u + 6, 0);
    w(h, eth + 28);
    w(mold, mn);
}

int main(int argc, char **argv)
{
    uint64_t seed = 1, nmsg = 1000;
    uint32_t locates = 10, per = 8, gap_every = 0;
    int stress = 0, ab = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
        if (!strcmp(a, "--seed")) { seed = strtoull(v, NULL, 0); i++; }
        else if (!strcmp(a, "--messages")) { nmsg = strtoull(v, NULL, 0); i++; }
        else if (!strcmp(a, "--locates")) { locates = (uint32_t)strtoul(v, NULL, 0); i++; }
        else if (!strcmp(a, "--out")) { path = v; i++; }
        else if (!strcmp(a, "--per-packet")) { per = (uint32_t)strtoul(v, NULL, 0); i++; }
        else if (!strcmp(a, "--gap-every")) { gap_every = (uint32_t)strtoul(v, NULL, 0); i++; }
        else if (!strcmp(a, "--stress")) stress = 1;
        else if (!strcmp(a, "--ab")) ab = 1;
        else if (!strcmp(a, "--vlan")) vlan = 1;
        else {
            fprintf(stderr, "usage: nanotick-feedgen --seed S --messages N --locates L --out F.itch|F.pcap "
                            "[--stress] [--per-packet K] [--ab] [--gap-every G] [--vlan]\n");
            return 2;
        }
    }
    if (!path || locates < 1 || locates > 65535 || per < 1 || per > 30) {
        fprintf(stderr, "nanotick-feedgen: need --out; --locates 1..65535; --per-packet 1..30\n");
        return 2;
    }
    rs = seed;
    mid = malloc(65536 * sizeof *mid);
    for (uint32_t i = 0; i < 65536; i++)
        mid[i] = 100000 + below(5000000);
    out = fopen(path, "wb");
    if (!out) {
        fprintf(stderr, "nanotick-feedgen: %s: %s\n", path, strerror(errno));
        return 2;
    }
    setvbuf(out, (char *)obuf, _IOFBF, sizeof obuf);
    size_t pl = strlen(path);
    int pcap = pl > 5 && !strcmp(path + pl - 5, ".pcap");
    uint8_t m[64];
    if (!pcap) {
        for (uint64_t i = 0; i < nmsg; i++) {
            size_t n = gen_one(m, locates, stress);
            uint8_t l[2] = {(uint8_t)(n >> 8), (uint8_t)n};
            w(l, 2);
            w(m, n);
        }
    } else {
        uint32_t gh[6] = {0xa1b2c3d4u, 0x00040002u, 0, 0, 65535, 1};
        w(gh, 24);
        uint8_t pkt[1500];
        uint64_t seq = 1, npkt = 0;
        uint8_t prev[1500];
        size_t prevn = 0;
        for (uint64_t i = 0; i < nmsg;) {
            uint32_t k = 1 + below(per);
            if (k > nmsg - i)
                k = (uint32_t)(nmsg - i);
            memcpy(pkt, "NANOTICK01", 10);
            p64(pkt + 10, seq);
            p16(pkt + 18, (uint16_t)k);
            size_t off = 20;
            for (uint32_t j = 0; j < k; j++) {
                size_t n = gen_one(pkt + off + 2, locates, stress);
                p16(pkt + off, (uint16_t)n);
                off += 2 + n;
            }
            seq += k;
            i += k;
            npkt++;
            if (gap_every && npkt % gap_every == 0)
                continue; /* lost on both lines */
            if (ab) { /* B sometimes leads; sometimes B has the previous packet late */
                int bfirst = below(4) == 0;
                write_frame(pkt, off, bfirst);
                write_frame(pkt, off, !bfirst);
                if (prevn && below(8) == 0)
                    write_frame(prev, prevn, 1); /* late duplicate */
                memcpy(prev, pkt, off);
                prevn = off;
            } else {
                write_frame(pkt, off, 0);
            }
        }
        /* end of session */
        memcpy(pkt, "NANOTICK01", 10);
        p64(pkt + 10, seq);
        p16(pkt + 18, 0xFFFF);
        write_frame(pkt, 20, 0);
    }
    if (fclose(out) != 0) {
        perror("close");
        return 2;
    }
    return 0;
}
