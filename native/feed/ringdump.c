/*
 * nanotick-ringdump -- read every record of an MD ring (from index 0) with
 * the C consumer and write them as the reference model's CSVs, so a ring
 * filled by nanotick-dpdk can be compared with `nanotick_model bbo`.
 *
 *   nanotick-ringdump --ring PATH --tob TOB.csv [--trades TRADES.csv] [--events EV.csv]
 *
 * TOB rows: msg,locate,bid_px,bid_qty,ask_px,ask_qty,flags (GAP|STALE; the
 * ring's u32 quantities, saturated ones are flagged STALE).
 * Trades: msg,locate,type,side,price,shares,match,printable,flags.
 * Events: type,event,locate,line,expected,received,count,aux,msg.
 * Exits 1 if records were lost (the consumer was lapped) or the ring is not
 * CLOSED and stops advancing.
 */
#define _GNU_SOURCE
#include "nanotick/ring_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *flags_words(uint16_t f)
{
    if ((f & NT_FLAG_GAP) && (f & NT_FLAG_STALE))
        return "GAP|STALE";
    if (f & NT_FLAG_GAP)
        return "GAP";
    if (f & NT_FLAG_STALE)
        return "STALE";
    return "";
}

static FILE *open_out(const char *p)
{
    if (!p)
        return NULL;
    FILE *f = fopen(p, "w");
    if (!f) {
        perror(p);
        exit(2);
    }
    return f;
}

int main(int argc, char **argv)
{
    const char *rp = NULL, *tp = NULL, *trp = NULL, *ep = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--ring"))
            rp = argv[i + 1];
        else if (!strcmp(argv[i], "--tob"))
            tp = argv[i + 1];
        else if (!strcmp(argv[i], "--trades"))
            trp = argv[i + 1];
        else if (!strcmp(argv[i], "--events"))
            ep = argv[i + 1];
        else
            break;
    }
    if (!rp || !tp) {
        fprintf(stderr, "usage: nanotick-ringdump --ring PATH --tob TOB.csv [--trades T.csv] [--events E.csv]\n");
        return 2;
    }
    struct nt_ring r;
    if (nt_ring_open(&r, rp, NT_RING_KIND_MD) != 0) {
        fprintf(stderr, "nanotick-ringdump: %s\n", r.err);
        return 2;
    }
    r.cons = 0; /* from the start */
    FILE *tob = open_out(tp), *tr = open_out(trp), *ev = open_out(ep);
    fprintf(tob, "msg,locate,bid_px,bid_qty,ask_px,ask_qty,flags\n");
    if (tr)
        fprintf(tr, "msg,locate,type,side,price,shares,match,printable,flags\n");
    if (ev)
        fprintf(ev, "type,event,locate,line,expected,received,count,aux,msg\n");
    union nt_record rec;
    uint64_t n = 0, idle = 0;
    int rc = 0;
    for (;;) {
        int p = nt_ring_poll(&r, &rec);
        if (p == NT_POLL_LAPPED) {
            fprintf(stderr, "nanotick-ringdump: lapped: %llu records lost\n", (unsigned long long)r.lost_records);
            rc = 1;
            continue;
        }
        if (p == NT_POLL_EMPTY) {
            if (__atomic_load_n(&r.hdr->state, __ATOMIC_ACQUIRE) == NT_RING_STATE_CLOSED
                && r.cons >= __atomic_load_n(&r.hdr->prod_index, __ATOMIC_ACQUIRE))
                break;
            if (++idle > 2000) { /* 2 s */
                fprintf(stderr, "nanotick-ringdump: ring not CLOSED and idle: stopping at %llu records\n",
                        (unsigned long long)n);
                rc = 1;
                break;
            }
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
            continue;
        }
        idle = 0;
        n++;
        switch (rec.tob.type) {
        case NT_REC_TOB: {
            const struct nt_rec_tob *t = &rec.tob;
            fprintf(tob, "%llu,%u,%u,%u,%u,%u,%s\n", (unsigned long long)t->msg_ordinal, t->locate, t->bid_px,
                    t->bid_qty, t->ask_px, t->ask_qty, flags_words(t->flags));
            break;
        }
        case NT_REC_TRADE:
            if (tr) {
                const struct nt_rec_trade *t = &rec.trade;
                char side[2] = {(char)t->side, 0};
                fprintf(tr, "%llu,%u,%c,%s,%u,%llu,%llu,%c,%s\n", (unsigned long long)t->msg_ordinal, t->locate,
                        t->msg_type, side, t->price, (unsigned long long)t->shares,
                        (unsigned long long)t->match_number, t->printable, flags_words(t->flags));
            }
            break;
        case NT_REC_FEED_EVENT:
            if (ev) {
                const struct nt_rec_feed_event *e = &rec.event;
                fprintf(ev, "%u,%u,%u,%u,%llu,%llu,%llu,%llu,%llu\n", e->type, e->event, e->locate, e->line,
                        (unsigned long long)e->expected_seq, (unsigned long long)e->received_seq,
                        (unsigned long long)e->count, (unsigned long long)e->aux,
                        (unsigned long long)e->msg_ordinal);
            }
            break;
        default:
            fprintf(stderr, "nanotick-ringdump: record %llu has unknown type %u\n", (unsigned long long)n,
                    rec.tob.type);
            rc = 1;
        }
    }
    fclose(tob);
    if (tr)
        fclose(tr);
    if (ev)
        fclose(ev);
    fprintf(stderr, "nanotick-ringdump: %llu records\n", (unsigned long long)n);
    nt_ring_unmap(&r);
    return rc;
}
