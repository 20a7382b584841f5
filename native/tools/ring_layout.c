/*
 * ring_layout -- prints the ring ABI of nanotick/ring.h as the C compiler
 * sees it, for the Java contract test (RingLayoutContractTest):
 *
 *   struct <name> <sizeof>
 *   field <struct> <field> <offsetof> <sizeof>
 *   const <NAME> <value (decimal, unsigned)>
 *
 * It also checks that the listed fields tile each struct exactly (no gap,
 * no overlap, ending at sizeof), so a field added to ring.h but not listed
 * here fails (exit 1) instead of going unchecked.
 */
#include <stdio.h>
#include <stdlib.h>

#include "nanotick/ring.h"

static const char *cur_struct;
static size_t cur_size, cur_end;
static int bad;

static void begin(const char *name, size_t size)
{
    cur_struct = name;
    cur_size = size;
    cur_end = 0;
    printf("struct %s %zu\n", name, size);
}

static void field(const char *name, size_t off, size_t size)
{
    if (off != cur_end) {
        fprintf(stderr, "ring_layout: %s.%s at %zu, expected %zu (field list out of date?)\n",
                cur_struct, name, off, cur_end);
        bad = 1;
    }
    cur_end = off + size;
    printf("field %s %s %zu %zu\n", cur_struct, name, off, size);
}

static void end(void)
{
    if (cur_end != cur_size) {
        fprintf(stderr, "ring_layout: %s fields end at %zu, sizeof is %zu\n", cur_struct, cur_end, cur_size);
        bad = 1;
    }
}

#define S(s)    begin(#s, sizeof(struct s))
#define F(s, f) field(#f, offsetof(struct s, f), sizeof(((struct s *)0)->f))
#define C(n)    printf("const %s %llu\n", #n, (unsigned long long)(n))

int main(void)
{
    S(nt_ring_header);
    F(nt_ring_header, magic); F(nt_ring_header, abi_version); F(nt_ring_header, record_size);
    F(nt_ring_header, capacity); F(nt_ring_header, kind); F(nt_ring_header, state);
    F(nt_ring_header, epoch); F(nt_ring_header, created_ns); F(nt_ring_header, producer_pid);
    F(nt_ring_header, data_offset); F(nt_ring_header, name); F(nt_ring_header, _pad0);
    F(nt_ring_header, prod_index); F(nt_ring_header, prod_heartbeat_ns); F(nt_ring_header, prod_full_count);
    F(nt_ring_header, prod_overwrites); F(nt_ring_header, _pad1);
    F(nt_ring_header, cons_index); F(nt_ring_header, cons_heartbeat_ns); F(nt_ring_header, cons_lapped_events);
    F(nt_ring_header, cons_lost_records); F(nt_ring_header, consumer_pid); F(nt_ring_header, _pad2);
    F(nt_ring_header, _reserved);
    end();

    S(nt_rec_tob);
    F(nt_rec_tob, seq); F(nt_rec_tob, type); F(nt_rec_tob, msg_type); F(nt_rec_tob, flags);
    F(nt_rec_tob, locate); F(nt_rec_tob, _pad); F(nt_rec_tob, bid_px); F(nt_rec_tob, bid_qty);
    F(nt_rec_tob, ask_px); F(nt_rec_tob, ask_qty); F(nt_rec_tob, itch_ts); F(nt_rec_tob, mold_seq);
    F(nt_rec_tob, msg_ordinal); F(nt_rec_tob, ingress_ts);
    end();

    S(nt_rec_trade);
    F(nt_rec_trade, seq); F(nt_rec_trade, type); F(nt_rec_trade, msg_type); F(nt_rec_trade, flags);
    F(nt_rec_trade, locate); F(nt_rec_trade, side); F(nt_rec_trade, printable); F(nt_rec_trade, price);
    F(nt_rec_trade, _pad); F(nt_rec_trade, shares); F(nt_rec_trade, itch_ts); F(nt_rec_trade, match_number);
    F(nt_rec_trade, msg_ordinal); F(nt_rec_trade, ingress_ts);
    end();

    S(nt_rec_feed_event);
    F(nt_rec_feed_event, seq); F(nt_rec_feed_event, type); F(nt_rec_feed_event, event);
    F(nt_rec_feed_event, flags); F(nt_rec_feed_event, locate); F(nt_rec_feed_event, line);
    F(nt_rec_feed_event, _pad); F(nt_rec_feed_event, expected_seq); F(nt_rec_feed_event, received_seq);
    F(nt_rec_feed_event, count); F(nt_rec_feed_event, aux); F(nt_rec_feed_event, msg_ordinal);
    F(nt_rec_feed_event, ingress_ts);
    end();

    S(nt_rec_order_request);
    F(nt_rec_order_request, seq); F(nt_rec_order_request, type); F(nt_rec_order_request, action);
    F(nt_rec_order_request, flags); F(nt_rec_order_request, locate); F(nt_rec_order_request, side);
    F(nt_rec_order_request, tif); F(nt_rec_order_request, user_ref_num); F(nt_rec_order_request, quantity);
    F(nt_rec_order_request, price); F(nt_rec_order_request, symbol); F(nt_rec_order_request, orig_user_ref_num);
    F(nt_rec_order_request, display); F(nt_rec_order_request, capacity); F(nt_rec_order_request, strategy_id);
    F(nt_rec_order_request, _pad); F(nt_rec_order_request, intent_ts); F(nt_rec_order_request, trigger_seq);
    end();

    S(nt_rec_order_event);
    F(nt_rec_order_event, seq); F(nt_rec_order_event, type); F(nt_rec_order_event, event);
    F(nt_rec_order_event, flags); F(nt_rec_order_event, locate); F(nt_rec_order_event, side);
    F(nt_rec_order_event, liquidity); F(nt_rec_order_event, user_ref_num); F(nt_rec_order_event, quantity);
    F(nt_rec_order_event, price); F(nt_rec_order_event, order_ref); F(nt_rec_order_event, orig_user_ref_num);
    F(nt_rec_order_event, reason); F(nt_rec_order_event, _pad); F(nt_rec_order_event, venue_ts);
    F(nt_rec_order_event, ingress_ts);
    end();

    C(NT_RING_MAGIC); C(NT_RING_ABI_VERSION); C(NT_RECORD_SIZE); C(NT_RING_LINE); C(NT_RING_HEADER_SIZE);
    C(NT_RING_DATA_OFFSET); C(NT_RING_MIN_CAPACITY); C(NT_RING_MAX_CAPACITY); C(NT_SEQ_BUSY);
    C(NT_RING_KIND_MD); C(NT_RING_KIND_CMD);
    C(NT_RING_STATE_INIT); C(NT_RING_STATE_LIVE); C(NT_RING_STATE_CLOSED);
    C(NT_RING_HEARTBEAT_NS); C(NT_RING_STALE_NS); C(NT_PROD_INDEX_EVERY);
    C(NT_REC_TOB); C(NT_REC_TRADE); C(NT_REC_FEED_EVENT); C(NT_REC_ORDER_REQUEST); C(NT_REC_ORDER_EVENT);
    C(NT_FLAG_STALE); C(NT_FLAG_GAP); C(NT_FLAG_BID_CHANGED); C(NT_FLAG_ASK_CHANGED); C(NT_FLAG_LINE_B);
    C(NT_FLAG_REPLAY); C(NT_FLAG_SNAPSHOT);
    C(NT_EVT_GAP); C(NT_EVT_GAP_RECOVERED); C(NT_EVT_LINE_DOWN); C(NT_EVT_LINE_UP); C(NT_EVT_END_OF_SESSION);
    C(NT_EVT_COUNTERS); C(NT_EVT_SESSION); C(NT_EVT_CAPACITY); C(NT_EVT_SYSTEM); C(NT_EVT_LATE_BAD_FRAME);
    C(NT_ORD_ENTER); C(NT_ORD_REPLACE); C(NT_ORD_CANCEL);
    C(NT_OEV_ACCEPTED); C(NT_OEV_REPLACED); C(NT_OEV_CANCELED); C(NT_OEV_EXECUTED); C(NT_OEV_REJECTED);
    return bad;
}
