/*
 * fuzz_feed.c -- libFuzzer harness for the packet -> records path of the C
 * feed handler (built with clang -fsanitize=fuzzer,address,undefined).
 *
 * Input: byte 0 selects the layer the rest is fed to, so one corpus reaches
 * every parser:
 *   0  frames:  repeated [u16 BE length, top bit = line B][Ethernet frame]
 *   1  MoldUDP64 packets: repeated [u16 BE length, top bit = line B][UDP payload]
 *   2  ITCH BinaryFILE: repeated [u16 BE length][message]
 * Byte 1 picks small bounds (bit 7 clear: a direct-mapped order table of 4..512 slots; order table 16..2^11 slots, level pool 64..)
 * so exhaustion paths run too.  Every record produced is checked for
 * internal consistency, and every touched book is walked (sorted, positive).
 */
#include "nt_feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t touched[NT_FEED_LOCATES];
static uint16_t touched_list[4096];
static unsigned ntouched;

static void sink(void *ctx, const union nt_record *rec, const struct nt_tob_row *row)
{
    (void)ctx;
    if (rec->tob.type == NT_REC_TOB) {
        if (!row)
            abort();
        if ((row->bid_qty == 0 && row->bid_px != 0) || (row->ask_qty == 0 && row->ask_px != 0))
            abort(); /* an empty side is exactly 0,0 (a level at price 0 is legal; 0 shares is not) */
        if (rec->tob.locate != row->locate || rec->tob.msg_ordinal != row->msg)
            abort();
        if (!touched[row->locate] && ntouched < 4096) {
            touched[row->locate] = 1;
            touched_list[ntouched++] = row->locate;
        }
    } else if (rec->tob.type != NT_REC_TRADE && rec->tob.type != NT_REC_FEED_EVENT) {
        abort();
    }
}

static void check_books(const struct nt_feed *f)
{
    for (unsigned i = 0; i < ntouched; i++) {
        uint16_t loc = touched_list[i];
        touched[loc] = 0;
        for (int s = 0; s < 2; s++) {
            uint8_t side = s ? 'S' : 'B';
            uint32_t d = nt_feed_depth(f, loc, side), prev = 0, px;
            uint64_t q;
            for (uint32_t k = 0; k < d; k++) {
                if (nt_feed_level(f, loc, side, k, &px, &q) != 0 || q == 0)
                    abort();
                if (k && (s ? px <= prev : px >= prev))
                    abort(); /* best first, strictly */
                prev = px;
            }
        }
    }
    ntouched = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    if (n < 2)
        return 0;
    uint8_t mode = d[0] % 3, sz = d[1];
    struct nt_feed_cfg cfg = {
        /* bit 7 clear: a tiny direct-mapped table (4..512 slots) in front of the hash,
         * so evictions, overflow lookups and their saturating counters run */
        .order_direct = (sz & 0x80) ? 0 : 4u << (sz & 7),
        .order_capacity = 16u << (sz & 7),
        .order_max = 16u << ((sz & 7) + ((sz >> 3) & 1)),
        .level_capacity = 64u << ((sz >> 4) & 7),
    };
    char err[NT_ERRLEN];
    struct nt_feed *f = nt_feed_create(&cfg, err);
    if (!f)
        abort();
    nt_feed_set_sink(f, sink, NULL);
    size_t off = 2;
    uint64_t i = 0;
    while (off + 2 <= n) {
        size_t l = (size_t)(d[off] & 0x7F) << 8 | d[off + 1];
        uint8_t line = d[off] >> 7;
        off += 2;
        if (l > n - off)
            l = n - off;
        /* copy: the parsers must not read past the length they are given */
        uint8_t *b = malloc(l ? l : 1);
        memcpy(b, d + off, l);
        if (mode == 0)
            nt_feed_frame(f, b, l, line, i);
        else if (mode == 1)
            nt_feed_mold(f, b, l, line, i);
        else if (l)
            nt_feed_itch(f, b, l, ++i, 0);
        free(b);
        off += l;
        i++;
    }
    check_books(f);
    nt_feed_destroy(f);
    return 0;
}
