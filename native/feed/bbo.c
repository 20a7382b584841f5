/*
 * nanotick-bbo -- the canonical top-of-book CSV from a capture, with the C
 * feed handler (tools/nanotick bbo --engine c).
 *
 *   nanotick-bbo --in FILE --out OUT.csv [--ring PATH [--capacity N]]
 *                [--udp-port P] [--orders N] [--orders-max N] [--levels N] [--stats]
 */
#include "nt_feed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct out {
    FILE *fp;
    FILE *trades; /* optional trade prints CSV (the reference model's format) */
};

static void sink(void *ctx, const union nt_record *rec, const struct nt_tob_row *row)
{
    struct out *o = ctx;
    if (rec->tob.type == NT_REC_TRADE && o->trades) {
        const struct nt_rec_trade *t = &rec->trade;
        char fl[16], side[2] = {(char)t->side, 0};
        nt_feed_csv_flags(t->flags & NT_FLAG_GAP, fl, sizeof fl);
        fprintf(o->trades, "%llu,%u,%c,%s,%u,%llu,%llu,%c,%s\n", (unsigned long long)t->msg_ordinal, t->locate,
                t->msg_type, side, t->price, (unsigned long long)t->shares, (unsigned long long)t->match_number,
                t->printable, fl);
    }
    if (!row)
        return;
    char fl[16];
    nt_feed_csv_flags(row->flags, fl, sizeof fl);
    fprintf(o->fp, "%llu,%u,%u,%llu,%u,%llu,%s\n", (unsigned long long)row->msg, row->locate, row->bid_px,
            (unsigned long long)row->bid_qty, row->ask_px, (unsigned long long)row->ask_qty, fl);
}

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: nanotick-bbo --in FILE --out OUT.csv [options]\n"
            "  FILE is pcap (Ethernet [+802.1Q] / IPv4 / UDP / MoldUDP64) or ITCH BinaryFILE\n"
            "  --trades T.csv    also write the trade prints (msg,locate,type,side,price,shares,match,printable,flags)\n"
            "  --ring PATH       also write the records into an MD ring at PATH (created)\n"
            "  --capacity N      ring capacity in records (power of two, default 1048576)\n"
            "  --port P          only this UDP destination port (default: any; alias --udp-port)\n"
            "  --direct N        direct-mapped order-table slots, indexed by the ref's low bits\n"
            "                    (power of two, default 1048576; 0: none)\n"
            "  --orders N        overflow (hash) order-table slots (power of two, default 1048576)\n"
            "  --orders-max N    the overflow table may grow by rehash up to N slots (default 2^28)\n"
            "  --levels N        price-level pool size (default 4194304)\n"
            "  --stats           print counters to stderr\n");
}

static int num(const char *s, uint64_t *v)
{
    char *e;
    errno = 0;
    unsigned long long x = strtoull(s, &e, 0);
    if (errno || !*s || *e)
        return -1;
    *v = x;
    return 0;
}

int main(int argc, char **argv)
{
    const char *in = NULL, *outp = NULL, *ringp = NULL, *tradesp = NULL;
    uint64_t capacity = 1 << 20, port = 0;
    int stats = 0;
    struct nt_feed_cfg cfg = {.order_direct = 1 << 20, .order_capacity = 1 << 20, .order_max = 1u << 28,
                              .level_capacity = 1 << 22};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--stats")) {
            stats = 1;
            continue;
        } else if (!v) {
            fprintf(stderr, "nanotick-bbo: %s needs a value\n", a);
            usage(stderr);
            return 2;
        } else if (!strcmp(a, "--in")) {
            in = v;
        } else if (!strcmp(a, "--out")) {
            outp = v;
        } else if (!strcmp(a, "--trades")) {
            tradesp = v;
        } else if (!strcmp(a, "--ring")) {
            ringp = v;
        } else if (!strcmp(a, "--capacity")) {
            bad = num(v, &capacity);
        } else if (!strcmp(a, "--udp-port") || !strcmp(a, "--port")) {
            bad = num(v, &port) || port > 65535;
        } else if (!strcmp(a, "--direct")) {
            bad = num(v, &cfg.order_direct);
        } else if (!strcmp(a, "--orders")) {
            bad = num(v, &cfg.order_capacity);
        } else if (!strcmp(a, "--orders-max")) {
            bad = num(v, &cfg.order_max);
        } else if (!strcmp(a, "--levels")) {
            bad = num(v, &cfg.level_capacity);
        } else {
            fprintf(stderr, "nanotick-bbo: unknown option %s\n", a);
            usage(stderr);
            return 2;
        }
        if (bad) {
            fprintf(stderr, "nanotick-bbo: bad value for %s: '%s'\n", a, v);
            return 2;
        }
        i++;
    }
    if (!in || !outp) {
        fprintf(stderr, "nanotick-bbo: --in and --out are required\n");
        usage(stderr);
        return 2;
    }
    cfg.udp_port = (uint16_t)port;
    if (cfg.order_max < cfg.order_capacity)
        cfg.order_max = cfg.order_capacity;

    char err[NT_ERRLEN];
    struct nt_feed *f = nt_feed_create(&cfg, err);
    if (!f) {
        fprintf(stderr, "nanotick-bbo: %s\n", err);
        return 2;
    }
    struct out o;
    o.trades = NULL;
    if (tradesp) {
        o.trades = fopen(tradesp, "w");
        if (!o.trades) {
            fprintf(stderr, "nanotick-bbo: %s: cannot create: %s\n", tradesp, strerror(errno));
            return 2;
        }
        fputs("msg,locate,type,side,price,shares,match,printable,flags\n", o.trades);
    }
    o.fp = strcmp(outp, "-") ? fopen(outp, "w") : stdout;
    if (!o.fp) {
        fprintf(stderr, "nanotick-bbo: %s: cannot create: %s\n", outp, strerror(errno));
        return 2;
    }
    static char obuf[1 << 16];
    setvbuf(o.fp, obuf, _IOFBF, sizeof obuf);
    fputs("msg,locate,bid_px,bid_qty,ask_px,ask_qty,flags\n", o.fp);
    nt_feed_set_sink(f, sink, &o);

    struct nt_ring ring;
    if (ringp) {
        struct nt_ring_opts ro = {.kind = NT_RING_KIND_MD, .capacity = capacity, .name = "md"};
        if (nt_ring_create(&ring, ringp, &ro) != 0) {
            fprintf(stderr, "nanotick-bbo: %s\n", ring.err);
            return 2;
        }
        nt_feed_set_ring(f, &ring);
    }

    int rc = nt_feed_replay_file(f, in, err);
    if (rc != 0)
        fprintf(stderr, "nanotick-bbo: %s\n", err);
    if (ringp)
        nt_ring_close_producer(&ring);
    if (o.trades && fclose(o.trades) != 0) {
        fprintf(stderr, "nanotick-bbo: %s: write error: %s\n", tradesp, strerror(errno));
        rc = -1;
    }
    if (fclose(o.fp) != 0) {
        fprintf(stderr, "nanotick-bbo: %s: write error: %s\n", outp, strerror(errno));
        rc = -1;
    }
    const struct nt_feed_stats *s = nt_feed_stats(f);
    if (stats)
        fprintf(stderr,
                "frames=%llu skipped=%llu malformed=%llu packets=%llu pkt_malformed=%llu dup=%llu hb=%llu "
                "gaps=%llu gap_msgs=%llu sessions=%llu eos=%llu messages=%llu msg_malformed=%llu "
                "dup_add=%llu unknown_ref=%llu overfill=%llu order_full=%llu level_full=%llu "
                "records=%llu tob=%llu trades=%llu events=%llu orders_peak=%llu\n",
                (unsigned long long)s->frames, (unsigned long long)s->frames_skipped,
                (unsigned long long)s->frames_malformed, (unsigned long long)s->packets,
                (unsigned long long)s->packets_malformed, (unsigned long long)s->packets_dup,
                (unsigned long long)s->heartbeats, (unsigned long long)s->gaps, (unsigned long long)s->gap_messages,
                (unsigned long long)s->sessions, (unsigned long long)s->end_of_session,
                (unsigned long long)s->messages, (unsigned long long)s->msgs_malformed,
                (unsigned long long)s->dup_add, (unsigned long long)s->unknown_ref, (unsigned long long)s->overfill,
                (unsigned long long)s->order_full, (unsigned long long)s->level_full,
                (unsigned long long)s->records, (unsigned long long)s->tob_rows, (unsigned long long)s->trades,
                (unsigned long long)s->events, (unsigned long long)s->orders_peak);
    if (s->order_full || s->level_full)
        fprintf(stderr, "nanotick-bbo: WARNING capacity exhausted (orders lost %llu, levels lost %llu): "
                        "affected locates are flagged STALE; raise --orders-max / --levels\n",
                (unsigned long long)s->order_full, (unsigned long long)s->level_full);
    nt_feed_destroy(f);
    return rc ? 1 : 0;
}
