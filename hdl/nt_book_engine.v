// nt_book_engine -- order table + full-depth per-locate book + record builder.
//
// Takes one decoded operation at a time (nt_itch_decode) and applies the
// Nanotick book rules (sim/model/nanotick_model/book.py): A/F add, E/C/X
// reduce (clamped, counted), D delete, U replace, unknown references ignored
// and counted, updates use the locate and side stored with the order.
// After the whole message it compares the locate's new (bid px, bid qty,
// ask px, ask qty) with the previous one and emits a 64-byte nt_rec_tob when
// it changed; E/C on live orders and P/Q emit an nt_rec_trade first; MoldUDP64
// events and S messages emit nt_rec_feed_event.  Records leave on m_rec_*
// (one 512-bit record, seq word zero: nt_rec_writer numbers them); that port
// has no backpressure.
//
// Memories (each one read and one write port, registered reads):
//   order table  nt_order_table (ORDER_TABLE_DEPTH entries, TABLE_WAYS-way)
//   map_mem      65536 x (4 + LW): locate -> {no-slot mark epoch, book slot} (no clearing)
//   rev_mem      N_SYMBOLS x 17: slot -> {in use, locate} (LUTRAM)
//   free_mem     N_SYMBOLS x LW: stack of freed slots (LUTRAM)
//   book_mem     2*N_SYMBOLS words of nt_book_levels (BOOK_LEVELS cached levels), by slot
//   tob_mem      N_SYMBOLS x (bid px/qty, ask px/qty, stale bits), by slot
//   unsub_mem    N_SYMBOLS x 1: 1 = locate not subscribed (written by the CSR block)
//   lost_mem     LOST_BITS x 1: lost-reference filter (LUTRAM)
//
// STALE (never silently wrong): a locate's records carry NT_FLAG_STALE when
// its best level on a side lies outside the level cache, when an aggregate
// does not fit the record's u32, or (sticky) after an order of that locate
// could not be stored (table bucket full) or the book found an inconsistency.
//
// Refill: a side left with its best level outside the cache is rebuilt in the
// background from the order table (a scan of every bucket and the stash into a
// second level word, concurrent writes forwarded) and installed between
// messages with its own top-of-book record (see "refill" below, docs/hdl.md).
//
// Cycles per message, counting the accept cycle; the next message is taken in
// the last one, so a message occupies the engine one cycle less:
// A/F/D/X/E/C 3 (accept: order table read; T1: result, table write, book read,
// trade record; B1: level cache update, top-of-book record), so one every 2
// cycles; U 4 (T1 also reads the new reference, U2: its result and table
// write, the old order's level op, B2: the new order's level op and the
// record), one every 3 cycles; P/Q/S/events 2; a locate without a book slot:
// A/F/D/X/E/C 3 (T1, NS: STALE record), U 4.  unsub_mem is read
// asynchronously (LUTRAM).
`timescale 1ns / 1ps
`default_nettype none

module nt_book_engine #(
    parameter N_SYMBOLS = 64,
    parameter ORDER_TABLE_DEPTH = 1024,
    parameter TABLE_WAYS = 4,
    parameter BOOK_LEVELS = 8,
    parameter LOST_BITS = 256,
    parameter STASH_ENTRIES = 8,
    parameter LW = $clog2(N_SYMBOLS)
) (
    input  wire          clk,
    input  wire          rst,

    input  wire          s_valid,
    output wire          s_ready,
    input  wire [3:0]    s_op,
    input  wire [7:0]    s_type,
    input  wire [15:0]   s_locate,
    input  wire [47:0]   s_ts,
    input  wire [63:0]   s_ref,
    input  wire [63:0]   s_ref2,
    input  wire [7:0]    s_side,
    input  wire [63:0]   s_shares,
    input  wire [31:0]   s_price,
    input  wire [63:0]   s_match,
    input  wire [7:0]    s_printable,
    input  wire [3:0]    s_evt_code,
    input  wire [63:0]   s_evt_expected,
    input  wire [63:0]   s_evt_received,
    input  wire [63:0]   s_mold_seq,
    input  wire [63:0]   s_ordinal,
    input  wire          s_line,
    input  wire [63:0]   s_stamp,

    input  wire          sub_wr_en,
    input  wire [15:0]   sub_wr_locate,
    input  wire          sub_wr_subscribed,

    output reg           m_rec_valid,
    output reg  [511:0]  m_rec_data,

    output reg  [15:0]   stat,     // pulses, see localparams ST_*
    output wire          init_done, // 1 once the reset sweep has cleared every memory (CSR 0x02C bit 0)
    output wire          refill_busy // a refill scan or its install is running (CSR 0x02C bit 1)
);

    localparam OP_ADD = 4'd1, OP_EXEC = 4'd2, OP_EXEC_PX = 4'd3,
               OP_CANCEL = 4'd4, OP_DELETE = 4'd5, OP_REPLACE = 4'd6, OP_TRADE = 4'd7,
               OP_CROSS = 4'd8, OP_SYSTEM = 4'd9, OP_EVENT = 4'd10;

    // stat bits
    localparam ST_DUP_ADD = 0, ST_ZERO = 1, ST_BAD_SIDE = 2, ST_UNKNOWN = 3, ST_CLAMP = 4,
               ST_OVERFLOW = 5, ST_RANGE = 6, ST_ERR = 7, ST_TOB = 8, ST_TRADE = 9,
               ST_EVT = 10, ST_STALE = 11, ST_SUSPECT = 12, ST_STASH = 13, ST_RF_START = 14,
               ST_RF_DONE = 15;

    localparam K = BOOK_LEVELS;
    localparam CW = $clog2(K + 1);
    localparam WORD_W = K * 96 + CW + 64 + 32;
    localparam HB = $clog2(ORDER_TABLE_DEPTH / TABLE_WAYS);
    localparam WB = (TABLE_WAYS > 1) ? $clog2(TABLE_WAYS) : 1;
    localparam XW = LW + 1;          // order table entry extra bits: {has_slot, slot}
    localparam EW = 146 + XW;
    localparam TW = 195;

    // state[3] is set in exactly the two states whose level op works on the
    // word read in T1 (B1, U2): lv1 below is one register bit, not a decode
    localparam S_IDLE = 4'd0, S_T1 = 4'd1, S_CLR = 4'd2, S_U2 = 4'd8, S_B1 = 4'd12,
               S_B2 = 4'd5, S_NS = 4'd6, S_P1 = 4'd7;
    localparam BUCKETS = ORDER_TABLE_DEPTH / TABLE_WAYS;
    localparam CLR_N0 = (BUCKETS > 2 * N_SYMBOLS) ? BUCKETS : 2 * N_SYMBOLS;
    localparam CLR_N = (CLR_N0 > LOST_BITS) ? CLR_N0 : LOST_BITS;
    localparam LB = $clog2(LOST_BITS);
    localparam CLRW = $clog2(CLR_N + 1);

    // after reset every memory is cleared (one word per cycle) before the first message
    reg [3:0] state = S_CLR;
    assign init_done = (state != S_CLR);
    assign refill_busy = sc_act;
    reg [CLRW-1:0] clr_cnt = 0;
    wire [31:0] clr32 = {{(32-CLRW){1'b0}}, clr_cnt};

    // current operation
    reg [3:0]  o_op = 0;
    reg [7:0]  o_type = 0;
    reg [15:0] o_locate = 0;
    reg [47:0] o_ts = 0;
    reg [63:0] o_ref = 0, o_ref2 = 0, o_shares = 0, o_match = 0;
    reg [7:0]  o_side = 0, o_printable = 0;
    reg [31:0] o_price = 0;
    reg [3:0]  o_evt_code = 0;
    reg [63:0] o_evt_expected = 0, o_evt_received = 0, o_mold_seq = 0, o_ordinal = 0, o_stamp = 0;
    reg        o_line = 1'b0;

    // work registers
    reg [LW-1:0]  w_loc = 0;          // book slot of the order's locate
    reg [15:0]    w_locate = 0;       // the locate itself
    reg           w_has = 1'b0;       // the locate has a book slot
    reg           w_buy = 1'b0;
    reg           op1_en = 1'b0, op1_add = 1'b0, op2_en = 1'b0;
    reg [31:0]    op1_px = 0, op2_px = 0;
    reg [63:0]    op1_qty = 0, op2_qty = 0;
    reg           set_sticky = 1'b0;
    reg           err_acc = 1'b0;
    reg           gap_reg = 1'b0;
    reg [WORD_W-1:0] w_reg = 0;
    reg [TW-1:0]  tob_reg = 0;

    // refill scanner state (the logic is below, "refill")
    localparam SB_ = (STASH_ENTRIES > 1) ? $clog2(STASH_ENTRIES) : 1;
    reg              sc_act = 1'b0;          // a scan (or its install) is running
    reg [LW-1:0]     sc_slot = 0;            // the scanned (slot, side)
    reg              sc_side = 1'b0;         // 1: bid (buy)
    reg [1:0]        sc_ph = 2'd0;           // 0: buckets, 1: stash, 2: install
    reg [HB:0]       sc_b = 0;               // bucket position
    reg              sc_rp = 1'b0;           // bucket sc_b read issued in the previous cycle
    reg              sc_hv = 1'b0;           // sc_h holds bucket sc_b
    reg [TABLE_WAYS-1:0] sc_done = 0;        // ways of sc_h already collected
    reg [TABLE_WAYS*EW-1:0] sc_h = 0;
    reg [SB_:0]      sc_si = 0;              // stash position
    reg              sc_bad = 1'b0;          // the accumulator found an inconsistency: abort
    reg [WORD_W-1:0] acc = 0;                // accumulator: the whole scanned side
    reg              fwd1 = 1'b0, fwd2 = 1'b0; // the message's table write was in a passed position
    reg              in_pend = 1'b0;         // install: top of book read in the previous cycle
    reg [LW-1:0]     sw_ptr = 0;             // sweeper: next slot whose top of book is looked at
    reg              sw_pend = 1'b0;         // sweeper: tob_mem[sw_ptr] read in the previous cycle
    // the last message applied (the fields of a refill record)
    reg [7:0]        l_type = 0;
    reg [47:0]       l_ts = 0;
    reg [63:0]       l_seq = 0, l_ord = 0, l_stamp = 0;
    reg              l_line = 1'b0;
    wire             sc_rd_en;
    wire [HB-1:0]    sc_rd_b;                // the bucket the scan reads
    wire [LW-1:0]    x_slot = sc_act ? sc_slot : sw_ptr;   // the refill's / sweeper's memory reads
    wire             in_rd, in_wr, sw_rd;
    wire [TW-1:0]    in_tob;
    /* verilator lint_off UNUSEDSIGNAL */
    wire [EW-1:0]    sc_st_entry;            // (its ref and locate are not needed)
    /* verilator lint_on UNUSEDSIGNAL */

    // ---------------------------------------------------------------- memories
    reg [WORD_W-1:0] book_mem [0:2*N_SYMBOLS-1];
    reg [TW-1:0]     tob_mem [0:N_SYMBOLS-1];
    reg              unsub_mem [0:N_SYMBOLS-1];
    // locate -> book slot.  A slot is allocated on the first add of a locate (a
    // freed one from free_mem, else the next of the n_alloc ever used) and freed
    // when both sides of its book are empty (and nothing is sticky), so
    // N_SYMBOLS bounds the locates with live orders.  Sparse set: map_mem needs
    // no clearing; its entry is valid when slot < n_alloc and
    // rev_mem[slot] == {1, locate} (rev_mem is written on allocation and free).
    // A locate refused a slot (none free) is marked in map_mem with the current
    // reset epoch: its orders are in the table without a book, so it must never
    // get a slot later (its book would miss them); it stays STALE until reset.
    // (A mark of an epoch 15 resets old can look current: that locate is then
    // STALE, never wrong.)
    localparam EPW = 4;
    reg [EPW+LW-1:0] map_mem [0:65535];
    reg [EPW-1:0]    map_rd_ep = 0;
    reg [EPW-1:0]    cur_ep = 1;
    reg              rst_d = 1'b0;
    reg              ns_mark_en;
    reg [16:0]       rev_mem [0:N_SYMBOLS-1];
    reg [LW-1:0]     free_mem [0:N_SYMBOLS-1];
    reg [LW-1:0]     map_rdata = 0;
    reg [LW:0]       n_alloc = 0;
    reg [LW:0]       free_top = 0;
    reg              alloc_en;
`ifndef SYNTHESIS
    // simulation only: defined contents (the logic never depends on them)
    integer          mi;
    initial begin
        for (mi = 0; mi < 65536; mi = mi + 1)
            map_mem[mi] = 0;
        for (mi = 0; mi < N_SYMBOLS; mi = mi + 1) begin
            rev_mem[mi] = 0;
            free_mem[mi] = 0;
        end
    end
`endif
    // lost-reference filter: bit lost_hash(ref) is set when an order the model
    // holds live could not be stored (table overflow, locate not booked) or may
    // have been created by a U of such an order.  Invariant: every order live in
    // the model but not in the table has its bit set and its locate flagged STALE
    // for good; every order in the table is live in the model, equal.  An add
    // (A/F, U's new reference) of an unknown reference whose bit is set may be a
    // duplicate of a lost order (the model ignores it) or not (the model books
    // it): it is not stored, and its locate is flagged STALE for good.  Without
    // this, the lost order's reference added again on another locate was booked
    // there, silently wrong (seeded s16 stream).  Cleared only by the reset sweep.
    reg              lost_mem [0:LOST_BITS-1];
    reg              lost_wr_en;
    reg [LB-1:0]     lost_wr_idx;
    reg [WORD_W-1:0] book_rdata = 0;
    reg [TW-1:0]     tob_rdata = 0;

    // (no initial contents: the S_CLR sweep after reset clears every memory)

    reg              mem_rd_en;
    reg [LW-1:0]     mem_rd_loc;
    reg              mem_rd_buy;
    reg              book_wr_en;
    reg              tob_wr_en;
    reg [TW-1:0]     tob_wdata;

    always @(posedge clk) begin
        // one read port each: the engine's, else the refill install's top-of-book read
        if (mem_rd_en || in_rd || sw_rd) begin
            book_rdata <= book_mem[mem_rd_en ? {mem_rd_loc, mem_rd_buy} : {x_slot, sc_side}];
            tob_rdata <= tob_mem[mem_rd_en ? mem_rd_loc : x_slot];
        end
        if (accept)
            {map_rd_ep, map_rdata} <= map_mem[s_locate];
        if (alloc_en)
            map_mem[o_locate] <= {{EPW{1'b0}}, add_slot};
        else if (ns_mark_en)
            map_mem[o_locate] <= {cur_ep, {LW{1'b0}}};
        if (state == S_CLR) begin
            if (clr32 < 2 * N_SYMBOLS)
                book_mem[clr_cnt[LW:0]] <= {WORD_W{1'b0}};
            if (clr32 < N_SYMBOLS) begin
                tob_mem[clr_cnt[LW-1:0]] <= {TW{1'b0}};
                unsub_mem[clr_cnt[LW-1:0]] <= 1'b0;
            end
            if (clr32 < LOST_BITS)
                lost_mem[clr_cnt[LB-1:0]] <= 1'b0;
        end else begin
            if (lost_wr_en)
                lost_mem[lost_wr_idx] <= 1'b1;
            // one write port each: the engine's, else the refill install (never both)
            if (book_wr_en || in_wr)
                book_mem[book_wr_en ? {w_loc, w_buy} : {sc_slot, sc_side}] <= book_wr_en ? lv_out : acc;
            if (tob_wr_en || in_wr)
                tob_mem[tob_wr_en ? w_loc : sc_slot] <= tob_wr_en ? tob_wdata : in_tob;
            if (sub_wr_en && {16'd0, sub_wr_locate} < N_SYMBOLS)
                unsub_mem[sub_wr_locate[LW-1:0]] <= !sub_wr_subscribed;
        end
    end

    // ------------------------------------------------------------- order table
    reg                     tbl_rd_en;
    reg  [63:0]             tbl_rd_ref;
    wire [HB-1:0]           tbl_bucket;
    wire                    tbl_hit;
    wire [WB-1:0]           tbl_hit_way;
    wire [15:0]             tbl_locate;
    wire                    tbl_buy;
    wire [31:0]             tbl_price;
    wire [31:0]             tbl_shares;
    wire [XW-1:0]           tbl_extra;
    wire                    tbl_free;
    wire [WB-1:0]           tbl_free_way;
    wire [TABLE_WAYS*EW-1:0] tbl_word;
    reg                     tbl_wr_en;
    reg  [TABLE_WAYS*EW-1:0] tbl_wr_word;
    localparam SB = (STASH_ENTRIES > 1) ? $clog2(STASH_ENTRIES) : 1;
    wire                    tbl_hit_stash;
    wire [SB-1:0]           tbl_stash_idx;
    wire                    tbl_stash_free;
    wire [SB-1:0]           tbl_stash_free_idx;
    reg                     st_wr_en;
    reg  [SB-1:0]           st_wr_idx;
    reg  [EW-1:0]           st_wr_entry;
    wire                    ins_ok = tbl_free || tbl_stash_free;    // an insert finds room

    nt_order_table #(
        .DEPTH(ORDER_TABLE_DEPTH),
        .WAYS(TABLE_WAYS),
        .XW(XW),
        .STASH(STASH_ENTRIES)
    ) table_inst (
        .clk(clk),
        .clr(state == S_CLR),
        .rd_en(tbl_rd_en),
        .rd_ref(tbl_rd_ref),
        .rd_bucket(tbl_bucket),
        .rd_hit(tbl_hit),
        .rd_hit_way(tbl_hit_way),
        .rd_locate(tbl_locate),
        .rd_buy(tbl_buy),
        .rd_price(tbl_price),
        .rd_shares(tbl_shares),
        .rd_extra(tbl_extra),
        .rd_free(tbl_free),
        .rd_free_way(tbl_free_way),
        .rd_word(tbl_word),
        .rd_hit_stash(tbl_hit_stash),
        .rd_stash_idx(tbl_stash_idx),
        .rd_stash_free(tbl_stash_free),
        .rd_stash_free_idx(tbl_stash_free_idx),
        .st_wr_en(st_wr_en),
        .st_wr_idx(st_wr_idx),
        .st_wr_entry(st_wr_entry),
        .sc_rd_en(sc_rd_en),
        .sc_bucket(sc_rd_b),
        .sc_st_idx(sc_si[SB-1:0]),
        .sc_st_entry(sc_st_entry),
        .wr_en(tbl_wr_en || (state == S_CLR && clr32 < BUCKETS)),
        .wr_bucket((state == S_CLR) ? clr_cnt[HB-1:0] : tbl_bucket),
        .wr_word((state == S_CLR) ? {TABLE_WAYS*EW{1'b0}} : tbl_wr_word)
    );

    function [TABLE_WAYS*EW-1:0] set_way(input [TABLE_WAYS*EW-1:0] word, input [WB-1:0] way,
                                         input [EW-1:0] e);
        integer i;
        begin
            set_way = word;
            for (i = 0; i < TABLE_WAYS; i = i + 1)
                if (way == i[WB-1:0])
                    set_way[i*EW +: EW] = e;
        end
    endfunction

    // ------------------------------------------------------------ level cache
    // the first level op works on the word read in T1: in B1, or for a U in U2
    // (the cycle after T1); the second (U's add) in B2
    wire              lv1 = state[3];                 // S_B1 or S_U2
    wire [WORD_W-1:0] lv_in = lv1 ? book_rdata : w_reg;
    wire              lv_en = lv1 ? op1_en : ((state == S_B2) ? op2_en : 1'b0);
    wire              lv_add = lv1 ? op1_add : 1'b1;
    wire [31:0]       lv_px = lv1 ? op1_px : op2_px;
    wire [63:0]       lv_qty = lv1 ? op1_qty : op2_qty;
    wire [WORD_W-1:0] lv_out;
    wire              lv_err;
    wire [31:0]       lv_best_px;
    wire [63:0]       lv_best_qty;
    wire              lv_best_stale;
    wire              lv_best_same;
    // the locate's published top of book before this message (B1/U2: read in
    // T1; B2: kept from U2)
    wire [TW-1:0]     tob_src = lv1 ? tob_rdata : tob_reg;

    nt_book_levels #(.K(K)) levels_inst (
        .word_in(lv_in),
        .is_bid(w_buy),
        .op_en(lv_en),
        .op_add(lv_add),
        .px(lv_px),
        .qty(lv_qty),
        .word_out(lv_out),
        .err(lv_err),
        .best_px(lv_best_px),
        .best_qty(lv_best_qty),
        .best_stale(lv_best_stale),
        .cmp_px(w_buy ? tob_src[31:0] : tob_src[127:96]),
        .cmp_qty(w_buy ? tob_src[95:32] : tob_src[191:128]),
        .cmp_stale(w_buy ? tob_src[192] : tob_src[193]),
        .best_same(lv_best_same)
    );

    // ------------------------------------------------------------------ records
    function [511:0] rec_tob(input [7:0] mt, input [15:0] fl, input [15:0] loc,
                             input [31:0] bp, input [31:0] bq, input [31:0] ap, input [31:0] aq,
                             input [63:0] ts, input [63:0] mseq, input [63:0] ord, input [63:0] ing);
        rec_tob = {ing, ord, mseq, ts, aq, ap, bq, bp, 16'd0, loc, fl, mt, 8'd1, 64'd0};
    endfunction
    function [511:0] rec_trade(input [7:0] mt, input [15:0] fl, input [15:0] loc, input [7:0] side,
                               input [7:0] prn, input [31:0] px, input [63:0] sh, input [63:0] ts,
                               input [63:0] mat, input [63:0] ord, input [63:0] ing);
        rec_trade = {ing, ord, mat, ts, sh, 32'd0, px, prn, side, loc, fl, mt, 8'd2, 64'd0};
    endfunction
    function [511:0] rec_evt(input [7:0] ev, input [15:0] fl, input [15:0] loc, input [7:0] line,
                             input [63:0] ex, input [63:0] rc, input [63:0] cnt, input [63:0] aux,
                             input [63:0] ord, input [63:0] ing);
        rec_evt = {ing, ord, aux, cnt, rc, ex, 8'd0, line, loc, fl, ev, 8'd3, 64'd0};
    endfunction

    wire [15:0] base_flags = {11'd0, o_line, 2'b00, gap_reg, 1'b0};

    function [31:0] sat32(input [63:0] v);
        sat32 = (v[63:32] != 0) ? 32'hFFFFFFFF : v[31:0];
    endfunction

    // top of book after the message (S_B1 without a second op, or S_B2)
    wire          fin_now = (state == S_B1 && !op2_en) || (state == S_B2);
    wire          err_now = lv1 ? lv_err : (err_acc | lv_err);
    wire [31:0] t_bid_px = w_buy ? lv_best_px : tob_src[31:0];
    wire [63:0] t_bid_qty = w_buy ? lv_best_qty : tob_src[95:32];
    wire [31:0] t_ask_px = w_buy ? tob_src[127:96] : lv_best_px;
    wire [63:0] t_ask_qty = w_buy ? tob_src[191:128] : lv_best_qty;
    wire        t_bid_st = w_buy ? lv_best_stale : tob_src[192];
    wire        t_ask_st = w_buy ? tob_src[193] : lv_best_stale;
    wire        t_sticky = tob_src[194] | set_sticky | err_now;
    wire [TW-1:0] t_new = {t_sticky, t_ask_st, t_bid_st, t_ask_qty, t_ask_px, t_bid_qty, t_bid_px};
    // only the touched side can change (the other is tob_src's): its best
    // against the published one, compared inside nt_book_levels
    wire        bid_chg = w_buy && !lv_best_same;
    wire        ask_chg = !w_buy && !lv_best_same;
    wire        t_changed = bid_chg || ask_chg || (t_sticky != tob_src[194]);
    wire        t_stale = t_sticky || t_bid_st || t_ask_st || (t_bid_qty[63:32] != 0) || (t_ask_qty[63:32] != 0);
    wire [15:0] t_flags = base_flags | {12'd0, ask_chg, bid_chg, 1'b0, t_stale};

    // ---------------------------------------------------- lost-reference filter
    // H3 hash of the reference (its own constants, independent of the table's)
    function [LB-1:0] lost_hash(input [63:0] r);
        integer i;
        reg [63:0] x;
        begin
            lost_hash = 0;
            x = 64'hD1B54A32D192ED03;
            for (i = 0; i < 64; i = i + 1) begin
                x = x * 64'd2862933555777941757 + 64'd3037000493;
                if (r[i])
                    lost_hash = lost_hash ^ x[63 -: LB];
            end
        end
    endfunction
    wire [LB-1:0] lost_idx1 = lost_hash(o_ref);
    wire [LB-1:0] lost_idx2 = lost_hash(o_ref2);
    wire          lost1 = lost_mem[lost_idx1];     // T1: the message's (original) reference
    wire          lost2 = lost_mem[lost_idx2];     // U2: the replace's new reference

    // ------------------------------------------------------------------- control
    // the next operation is taken in the cycle the current one finishes
    assign s_ready = (state == S_IDLE) || fin_now || (state == S_P1) || (state == S_NS);
    wire   accept = s_valid && s_ready;
    wire   s_tbl_op = (s_op == OP_ADD || s_op == OP_EXEC || s_op == OP_EXEC_PX
                       || s_op == OP_CANCEL || s_op == OP_DELETE || s_op == OP_REPLACE);

    wire        in_range = ({16'd0, o_locate} < N_SYMBOLS);     // subscription bitmap range
    // book slot of an add's locate (T1): mapped, or the next free one, or none
    wire        map_hit = ({1'b0, map_rdata} < n_alloc) && (rev_mem[map_rdata] == {1'b1, o_locate});
    wire        have_free = (free_top != 0);
    wire [LW:0] free_top_m1 = free_top - 1'b1;
    wire        can_alloc = have_free || ({{(31-LW){1'b0}}, n_alloc} < N_SYMBOLS);
    wire        ns_marked = (map_rd_ep == cur_ep);
    wire        add_has = !ns_marked && (map_hit || can_alloc);
    wire [LW-1:0] add_slot = map_hit ? map_rdata : (have_free ? free_mem[free_top_m1[LW-1:0]] : n_alloc[LW-1:0]);
    // free the slot after this message: both sides empty, exact, nothing sticky
    // (then no live order of the table refers to it)
    wire        free_now = fin_now && w_has && !t_sticky && (t_bid_qty == 0) && (t_ask_qty == 0)
                           && !t_bid_st && !t_ask_st;

    always @(posedge clk) begin
        if (alloc_en)
            rev_mem[add_slot] <= {1'b1, o_locate};
        else if (free_now)
            rev_mem[w_loc] <= 17'd0;
        if (free_now)
            free_mem[free_top[LW-1:0]] <= w_loc;
    end
    wire        add_new = side_ok && !tbl_hit && (o_shares != 0);   // an add the model books
    wire        tbl_has = tbl_extra[LW];
    wire [LW-1:0] tbl_slot = tbl_extra[LW-1:0];
    wire        unsub_t1 = ({16'd0, tbl_locate} < N_SYMBOLS) && unsub_mem[tbl_locate[LW-1:0]];
    wire        unsub_w = ({16'd0, w_locate} < N_SYMBOLS) && unsub_mem[w_locate[LW-1:0]];
    wire        side_ok = (o_side == "B") || (o_side == "S");
    wire [31:0] rem = tbl_shares;
    wire        is_del = (o_op == OP_DELETE);
    // one 33-bit subtract gives both the remainder and the clamp (its borrow),
    // so the remainder does not wait for the compare and a mux (T1's longest
    // path in the Alveo set: table read -> compare -> delta -> subtract -> == 0)
    wire [32:0] rem_sub = {1'b0, rem} - {1'b0, o_shares[31:0]};
    wire        over = (o_shares[63:32] != 0) || rem_sub[32];   // o_shares > rem
    wire        clamp = !is_del && over;
    wire        take_all = is_del || over;                       // the order goes (delta = rem)
    wire [31:0] delta = take_all ? rem : o_shares[31:0];
    wire [31:0] newrem = take_all ? 32'd0 : rem_sub[31:0];

    // ------------------------------------------------------------------ refill
    // When a message leaves a side of a (non-sticky) book with its best level
    // outside the level cache (n == 0, out_qty != 0: STALE), a background scan
    // rebuilds that whole side from the order table into acc (a second
    // nt_book_levels word: every order of the (slot, side), adds in any order
    // give the best K levels exactly plus out_qty/floor for the rest), then
    // installs acc as the side's book word.  The scan reads one bucket at a time
    // through the table's read port in cycles the engine does not read it, then
    // the stash entries one by one, and adds each matching order (one per cycle).
    // Messages keep changing the table meanwhile: a table write into a position
    // the scan has passed is forwarded to acc (the message's level op, applied in
    // its B1/B2 cycle, also to acc); a write into a position not passed yet is
    // not (the scan will read the new state).  Passed, for a write in cycle t:
    //   bucket b < sc_b; or b == sc_b held in sc_h and the written way already
    //   collected, being collected in cycle t, or not an order of the side
    //   (a write into a way still to be collected refreshes sc_h instead);
    //   every bucket from the stash phase on; stash entry i < sc_si, or i == sc_si
    //   consumed in cycle t; everything in the install phase.
    // The bucket read in cycle r is never written in r (the scan waits) nor in
    // r+1 (a table write follows the engine's own read by one cycle).
    reg  [TABLE_WAYS-1:0] h_match;
    reg  [WB-1:0]         sc_pw;
    reg                   sc_any;
    reg  [31:0]           h_px, h_qty;
    integer               hw;
    always @* begin
        sc_pw = 0;
        sc_any = 1'b0;
        h_px = 0;
        h_qty = 0;
        for (hw = 0; hw < TABLE_WAYS; hw = hw + 1)
            h_match[hw] = sc_h[hw*EW + 145] && (sc_h[hw*EW + 146 +: XW] == {1'b1, sc_slot})
                          && (sc_h[hw*EW + 64] == sc_side);
        for (hw = TABLE_WAYS - 1; hw >= 0; hw = hw - 1) begin
            if (h_match[hw] && !sc_done[hw]) begin
                sc_any = 1'b1;
                sc_pw = hw[WB-1:0];
                h_px = sc_h[hw*EW + 32 +: 32];
                h_qty = sc_h[hw*EW +: 32];
            end
        end
    end
    wire [TABLE_WAYS-1:0] eff_done = sc_done | ~h_match;
    wire        st_match = sc_st_entry[145] && (sc_st_entry[146 +: XW] == {1'b1, sc_slot})
                           && (sc_st_entry[64] == sc_side);
    wire        sc_tgt = sc_act && w_has && (w_loc == sc_slot) && (w_buy == sc_side);
    wire        fwd_now = sc_tgt && ((lv1 && op1_en && fwd1) || ((state == S_B2) && op2_en && fwd2));
    wire        sc_add_b = sc_act && (sc_ph == 2'd0) && sc_hv && sc_any && !fwd_now;
    wire        sc_in_st = sc_act && (sc_ph == 2'd1);
    wire        st_consume = sc_in_st && (!st_match || !fwd_now);
    wire        sc_add_s = sc_in_st && st_match && !fwd_now;
    wire [TABLE_WAYS-1:0] add_mask = sc_add_b ? ({{(TABLE_WAYS-1){1'b0}}, 1'b1} << sc_pw) : {TABLE_WAYS{1'b0}};
    wire [WB-1:0] wr_way = (state == S_T1 && o_op != OP_ADD) ? tbl_hit_way : tbl_free_way;
    wire        held_wr = sc_act && (sc_ph == 2'd0) && sc_hv && tbl_wr_en && ({1'b0, tbl_bucket} == sc_b);
    wire        passed_tbl = sc_act && ((sc_ph != 2'd0) || ({1'b0, tbl_bucket} < sc_b)
                                        || (held_wr && (eff_done[wr_way] || add_mask[wr_way])));
    wire        passed_st = sc_act && ((sc_ph == 2'd2) || ((sc_ph == 2'd1)
                                       && (({1'b0, st_wr_idx} < sc_si) || (({1'b0, st_wr_idx} == sc_si) && st_consume))));
    wire        fwd_flag = tbl_wr_en ? passed_tbl : (st_wr_en && passed_st);
    // the word read in the previous cycle (sc_rp): held only if one of its ways is an
    // order of the side; else the scan moves on in that cycle and may read the next
    // bucket at once (one cycle per bucket while the read port is free)
    reg                   q_any;
    integer               qw;
    always @* begin
        q_any = 1'b0;
        for (qw = 0; qw < TABLE_WAYS; qw = qw + 1)
            if (tbl_word[qw*EW + 145] && (tbl_word[qw*EW + 146 +: XW] == {1'b1, sc_slot})
                && (tbl_word[qw*EW + 64] == sc_side))
                q_any = 1'b1;
    end
    wire        sc_skip = sc_act && (sc_ph == 2'd0) && sc_rp && !q_any;
    wire        sc_last = ({{(31-HB){1'b0}}, sc_b} == BUCKETS - 1);
    assign      sc_rd_b = sc_skip ? sc_b[HB-1:0] + 1'b1 : sc_b[HB-1:0];
    assign      sc_rd_en = sc_act && (sc_ph == 2'd0) && !sc_hv && (!sc_rp || (sc_skip && !sc_last))
                           && !tbl_rd_en && (state != S_CLR) && !(tbl_wr_en && (tbl_bucket == sc_rd_b));

    wire              acc_en = fwd_now || sc_add_b || sc_add_s;
    wire [31:0]       acc_px = fwd_now ? lv_px : (sc_add_b ? h_px : sc_st_entry[32 +: 32]);
    wire [63:0]       acc_qty = fwd_now ? lv_qty : {32'd0, sc_add_b ? h_qty : sc_st_entry[31:0]};
    wire [WORD_W-1:0] acc_out;
    wire              acc_err;
    /* verilator lint_off UNUSEDSIGNAL */
    wire [31:0]       acc_best_px;           // (the install reads the best of acc itself, below)
    wire [63:0]       acc_best_qty;
    wire              acc_best_stale;
    /* verilator lint_on UNUSEDSIGNAL */

    /* verilator lint_off UNUSEDSIGNAL */
    wire              acc_best_same;     // (the install compares the fixed fields itself)
    /* verilator lint_on UNUSEDSIGNAL */
    nt_book_levels #(.K(K)) acc_inst (
        .word_in(acc),
        .is_bid(sc_side),
        .op_en(acc_en),
        .op_add(fwd_now ? lv_add : 1'b1),
        .px(acc_px),
        .qty(acc_qty),
        .word_out(acc_out),
        .err(acc_err),
        .best_px(acc_best_px),
        .best_qty(acc_best_qty),
        .best_stale(acc_best_stale),
        .cmp_px(32'd0),
        .cmp_qty(64'd0),
        .cmp_stale(1'b0),
        .best_same(acc_best_same)
    );

    // install (phase 2): i1 reads the slot's top of book in a cycle the engine
    // does not read and does not hold that slot (between its read and its write);
    // i2, the next cycle, writes acc as the side's word and the new top of book
    // and emits the record, if the engine does not write, does not read that
    // slot and emits no record in that cycle (else i1 again later).
    wire        holding = ((state == S_U2) || (state == S_B1) || (state == S_B2))
                          && (w_loc == sc_slot);
    wire        eng_rec = ((state == S_T1) && (o_op == OP_EXEC || o_op == OP_EXEC_PX)) || fin_now
                          || (state == S_NS) || (state == S_P1);
    assign      in_rd = sc_act && (sc_ph == 2'd2) && !in_pend && !sc_bad && !mem_rd_en && !holding
                        && (state != S_CLR);
    wire        in_ok = in_pend && !fin_now && !(mem_rd_en && (mem_rd_loc == sc_slot)) && !eng_rec && !acc_en;
    // the best level of acc as it is (no op is applied to acc in an install
    // cycle): fixed fields of the word, not through acc_inst, which keeps the
    // accumulator's level update off the install record's path
    localparam AQB = K * 32, ANB = K * 96, AOB = ANB + CW;
    wire [CW-1:0] acc_n = acc[ANB +: CW];
    wire [31:0] acc_bpx = (acc_n != 0) ? acc[31:0] : 32'd0;
    wire [63:0] acc_bqty = (acc_n != 0) ? acc[AQB +: 64] : 64'd0;
    wire        acc_bst = (acc_n == 0) && (acc[AOB +: 64] != 64'd0);
    wire [16:0] in_rev = rev_mem[sc_slot];
    wire        in_valid = in_rev[16] && !tob_rdata[194] && !acc_bst && !sc_bad;
    assign      in_wr = in_ok && in_valid;
    wire [31:0] i_bp = sc_side ? acc_bpx : tob_rdata[31:0];
    wire [63:0] i_bq = sc_side ? acc_bqty : tob_rdata[95:32];
    wire [31:0] i_ap = sc_side ? tob_rdata[127:96] : acc_bpx;
    wire [63:0] i_aq = sc_side ? tob_rdata[191:128] : acc_bqty;
    wire        i_bst = sc_side ? 1'b0 : tob_rdata[192];
    wire        i_ast = sc_side ? tob_rdata[193] : 1'b0;
    assign      in_tob = {tob_rdata[194], i_ast, i_bst, i_aq, i_ap, i_bq, i_bp};
    wire        i_bchg = (i_bp != tob_rdata[31:0]) || (i_bq != tob_rdata[95:32]) || (i_bst != tob_rdata[192]);
    wire        i_achg = (i_ap != tob_rdata[127:96]) || (i_aq != tob_rdata[191:128]) || (i_ast != tob_rdata[193]);
    wire        i_stale = i_bst || i_ast || (i_bq[63:32] != 0) || (i_aq[63:32] != 0);
    wire        i_idle = (state == S_IDLE);      // else o_* is a message not applied yet
    wire [15:0] i_flags = {11'd0, i_idle ? o_line : l_line, 2'b00, gap_reg, 1'b0}
                          | {12'd0, i_achg, i_bchg, 1'b0, i_stale};
    wire        i_unsub = ({16'd0, in_rev[15:0]} < N_SYMBOLS) && unsub_mem[in_rev[LW-1:0]];
    // a scan starts after a message that left a side STALE (not sticky), when none
    // runs; else the sweeper finds it: while no scan runs, it reads one slot's top of
    // book per free read cycle, round robin, and starts a scan for a STALE side of a
    // slot in use that is not sticky (so a side that drained while another was
    // scanned, or whose scan was abandoned, is refilled without a new message)
    wire        sc_trig = fin_now && w_has && !t_sticky && (t_bid_st || t_ask_st) && !free_now;
    assign      sw_rd = !sc_act && !mem_rd_en && !sw_pend && (state != S_CLR);
    wire        sw_used = rev_mem[sw_ptr][16];
    wire        sw_hit = sw_pend && sw_used && !tob_rdata[194] && (tob_rdata[192] || tob_rdata[193]);

    always @* begin
        tbl_rd_en = 1'b0;
        tbl_rd_ref = s_ref;
        tbl_wr_en = 1'b0;
        tbl_wr_word = tbl_word;
        mem_rd_en = 1'b0;
        mem_rd_loc = o_locate[LW-1:0];
        mem_rd_buy = (o_side == "B");
        book_wr_en = 1'b0;
        tob_wr_en = 1'b0;
        tob_wdata = t_new;
        lost_wr_en = 1'b0;
        lost_wr_idx = lost_idx1;
        alloc_en = 1'b0;
        ns_mark_en = 1'b0;
        st_wr_en = 1'b0;
        st_wr_idx = tbl_stash_free_idx;
        st_wr_entry = {add_has, add_slot, 1'b1, o_ref, o_locate, o_side == "B", o_price, o_shares[31:0]};
        if (accept && s_tbl_op)
            tbl_rd_en = 1'b1;
        book_wr_en = fin_now;
        tob_wr_en = fin_now;
        case (state)
        S_T1: begin
            if (o_op == OP_ADD) begin
                mem_rd_en = 1'b1;
                mem_rd_loc = add_slot;
                alloc_en = add_new && !ns_marked && !map_hit && can_alloc;
                ns_mark_en = add_new && !add_has;
                if (add_new && tbl_free && !lost1) begin
                    tbl_wr_en = 1'b1;
                    tbl_wr_word = set_way(tbl_word, tbl_free_way,
                                          {add_has, add_slot, 1'b1, o_ref, o_locate, o_side == "B", o_price,
                                           o_shares[31:0]});
                end else if (add_new && tbl_stash_free && !lost1) begin
                    st_wr_en = 1'b1;          // bucket full: into the stash
                end
                // an order the model holds but the table cannot: its reference is lost
                if (add_new && !ins_ok)
                    lost_wr_en = 1'b1;
            end else if (!tbl_hit) begin
                // U of a lost order: the model replaces it, so the new reference may be live
                if (o_op == OP_REPLACE && lost1) begin
                    lost_wr_en = 1'b1;
                    lost_wr_idx = lost_idx2;
                end
            end else if (tbl_hit) begin
                mem_rd_en = 1'b1;
                mem_rd_loc = tbl_slot;
                mem_rd_buy = tbl_buy;
                tbl_wr_en = !tbl_hit_stash;
                st_wr_en = tbl_hit_stash;
                st_wr_idx = tbl_stash_idx;
                if (o_op == OP_REPLACE) begin
                    // the new reference is looked up now (a write to the same
                    // bucket in this cycle is forwarded by the table)
                    tbl_rd_en = 1'b1;
                    tbl_rd_ref = o_ref2;
                end
                if (o_op == OP_REPLACE || newrem == 0) begin
                    tbl_wr_word = set_way(tbl_word, tbl_hit_way, {EW{1'b0}});
                    st_wr_entry = {EW{1'b0}};
                end else begin
                    tbl_wr_word = set_way(tbl_word, tbl_hit_way,
                                          {tbl_extra, 1'b1, o_ref, tbl_locate, tbl_buy, tbl_price, newrem});
                    st_wr_entry = {tbl_extra, 1'b1, o_ref, tbl_locate, tbl_buy, tbl_price, newrem};
                end
            end
        end
        S_U2: begin
            st_wr_entry = {w_has, w_loc, 1'b1, o_ref2, w_locate, w_buy, o_price, o_shares[31:0]};
            if (!tbl_hit && o_shares != 0 && tbl_free && !lost2) begin
                tbl_wr_en = 1'b1;
                tbl_wr_word = set_way(tbl_word, tbl_free_way,
                                      {w_has, w_loc, 1'b1, o_ref2, w_locate, w_buy, o_price, o_shares[31:0]});
            end else if (!tbl_hit && o_shares != 0 && tbl_stash_free && !lost2) begin
                st_wr_en = 1'b1;
            end
            if (!tbl_hit && o_shares != 0 && !ins_ok) begin
                lost_wr_en = 1'b1;
                lost_wr_idx = lost_idx2;
            end
        end
        default: ;
        endcase
    end

    always @(posedge clk) begin
        m_rec_valid <= 1'b0;
        stat <= 16'd0;
        // a level op's result (U2 and B1: on the word read in T1; B2: on w_reg)
        if (lv1 || state == S_B2) begin
            w_reg <= lv_out;
            err_acc <= err_now;
            tob_reg <= tob_src;
        end

        case (state)
        S_IDLE: ;

        S_T1: begin
            state <= S_IDLE;
            fwd1 <= fwd_flag;
            if (o_op == OP_ADD) begin
                w_loc <= add_slot;
                w_locate <= o_locate;
                w_has <= add_has;
                w_buy <= (o_side == "B");
                if (!side_ok) begin
                    stat[ST_BAD_SIDE] <= 1'b1;
                end else if (tbl_hit) begin
                    stat[ST_DUP_ADD] <= 1'b1;
                end else if (o_shares == 0) begin
                    stat[ST_ZERO] <= 1'b1;
                end else if (!add_has) begin
                    // no book slot left: stored in the table (still known), the
                    // locate's record says STALE (S_NS)
                    state <= S_NS;
                    stat[ST_SUSPECT] <= lost1;
                    stat[ST_OVERFLOW] <= !lost1 && !ins_ok;
                    stat[ST_STASH] <= !lost1 && !tbl_free && tbl_stash_free;
                end else begin
                    state <= S_B1;
                    if (lost1) begin
                        // maybe a duplicate of a lost order (the model then ignores it),
                        // maybe not: not stored, the book is flagged STALE for good
                        set_sticky <= 1'b1;
                        stat[ST_SUSPECT] <= 1'b1;
                    end else if (ins_ok) begin
                        stat[ST_STASH] <= !tbl_free;
                        op1_en <= 1'b1;
                        op1_add <= 1'b1;
                        op1_px <= o_price;
                        op1_qty <= o_shares;
                    end else begin
                        set_sticky <= 1'b1;
                        stat[ST_OVERFLOW] <= 1'b1;
                    end
                end
            end else if (!tbl_hit) begin
                stat[ST_UNKNOWN] <= 1'b1;
            end else begin
                w_loc <= tbl_slot;
                w_locate <= tbl_locate;
                w_has <= tbl_has;
                w_buy <= tbl_buy;
                op1_add <= 1'b0;
                op1_px <= tbl_price;
                if (o_op == OP_REPLACE) begin
                    op1_en <= 1'b1;
                    op1_qty <= {32'd0, rem};
                    state <= S_U2;
                end else begin
                    op1_en <= (delta != 0);
                    op1_qty <= {32'd0, delta};
                    stat[ST_CLAMP] <= clamp;
                    state <= tbl_has ? S_B1 : S_NS;
                    if ((o_op == OP_EXEC || o_op == OP_EXEC_PX) && !unsub_t1) begin
                        m_rec_valid <= 1'b1;
                        m_rec_data <= rec_trade(o_type, base_flags, tbl_locate, tbl_buy ? "B" : "S",
                                                o_printable, (o_op == OP_EXEC) ? tbl_price : o_price,
                                                o_shares, {16'd0, o_ts}, o_match, o_ordinal, o_stamp);
                        stat[ST_TRADE] <= 1'b1;
                    end
                end
            end
        end


        S_U2: begin
            // the old order's level op (op1) on the word read in T1; op2 in B2
            state <= w_has ? S_B2 : S_NS;
            fwd2 <= fwd_flag;
            if (tbl_hit) begin
                stat[ST_DUP_ADD] <= 1'b1;
            end else if (o_shares == 0) begin
                stat[ST_ZERO] <= 1'b1;
            end else if (lost2) begin
                set_sticky <= 1'b1;
                stat[ST_SUSPECT] <= 1'b1;
            end else if (ins_ok) begin
                stat[ST_STASH] <= !tbl_free;
                op2_en <= 1'b1;
                op2_px <= o_price;
                op2_qty <= o_shares;
            end else begin
                set_sticky <= 1'b1;
                stat[ST_OVERFLOW] <= 1'b1;
            end
        end

        S_B1, S_B2: begin
            if (!fin_now) begin
                state <= S_B2;
            end else begin
                state <= S_IDLE;
                stat[ST_ERR] <= err_now;
                if (t_changed && !unsub_w) begin
                    m_rec_valid <= 1'b1;
                    m_rec_data <= rec_tob(o_type, t_flags, w_locate,
                                          t_bid_px, sat32(t_bid_qty), t_ask_px, sat32(t_ask_qty),
                                          {16'd0, o_ts}, o_mold_seq, o_ordinal, o_stamp);
                    stat[ST_TOB] <= 1'b1;
                    stat[ST_STALE] <= t_stale;
                end
            end
        end

        S_NS: begin
            // the order's locate has no book slot (N_SYMBOLS locates booked): a
            // STALE top of book record, so the host knows this book is unknown
            state <= S_IDLE;
            if (!unsub_w) begin
                m_rec_valid <= 1'b1;
                m_rec_data <= rec_tob(o_type, base_flags | 16'h0001, w_locate, 32'd0, 32'd0, 32'd0, 32'd0,
                                      {16'd0, o_ts}, o_mold_seq, o_ordinal, o_stamp);
                stat[ST_TOB] <= 1'b1;
                stat[ST_STALE] <= 1'b1;
                stat[ST_RANGE] <= 1'b1;
            end
        end

        S_P1: begin
            state <= S_IDLE;
            if (o_op == OP_EVENT) begin
                // GAP (1) and LATE_BAD_FRAME (10: cut-through released messages of a
                // frame that then failed its FCS/length check) set the sticky GAP flag
                if (o_evt_code == 4'd1 || o_evt_code == 4'd10)
                    gap_reg <= 1'b1;
                m_rec_valid <= 1'b1;
                m_rec_data <= rec_evt({4'd0, o_evt_code},
                                      base_flags | ((o_evt_code == 4'd1 || o_evt_code == 4'd10) ? 16'h0002 : 16'h0000),
                                      16'd0, {7'd0, o_line}, o_evt_expected, o_evt_received,
                                      (o_evt_code == 4'd1 || o_evt_code == 4'd10) ? o_evt_received - o_evt_expected : 64'd0,
                                      64'd0, o_ordinal, o_stamp);
                stat[ST_EVT] <= 1'b1;
            end else if (o_op == OP_SYSTEM) begin
                m_rec_valid <= 1'b1;
                m_rec_data <= rec_evt(8'd9, base_flags, 16'd0, {7'd0, o_line}, 64'd0, o_mold_seq,
                                      64'd0, {56'd0, o_printable}, o_ordinal, o_stamp);
                stat[ST_EVT] <= 1'b1;
            end else if (!in_range || !unsub_mem[o_locate[LW-1:0]]) begin
                m_rec_valid <= 1'b1;
                m_rec_data <= rec_trade(o_type, base_flags, o_locate,
                                        (o_op == OP_CROSS) ? 8'd0 : o_side, "Y", o_price, o_shares,
                                        {16'd0, o_ts}, o_match, o_ordinal, o_stamp);
                stat[ST_TRADE] <= 1'b1;
            end
        end

        S_CLR: begin
            clr_cnt <= clr_cnt + 1'b1;
            if (clr32 == CLR_N - 1)
                state <= S_IDLE;
        end

        default: state <= S_IDLE;
        endcase

        if (accept) begin
            begin
                o_op <= s_op;
                o_type <= s_type;
                o_locate <= s_locate;
                o_ts <= s_ts;
                o_ref <= s_ref;
                o_ref2 <= s_ref2;
                o_side <= s_side;
                o_shares <= s_shares;
                o_price <= s_price;
                o_match <= s_match;
                o_printable <= s_printable;
                o_evt_code <= s_evt_code;
                o_evt_expected <= s_evt_expected;
                o_evt_received <= s_evt_received;
                o_mold_seq <= s_mold_seq;
                o_ordinal <= s_ordinal;
                o_line <= s_line;
                o_stamp <= s_stamp;
                op1_en <= 1'b0;
                op2_en <= 1'b0;
                set_sticky <= 1'b0;
                err_acc <= 1'b0;
                if (s_tbl_op)
                    state <= S_T1;
                else if (s_op == OP_TRADE || s_op == OP_CROSS || s_op == OP_SYSTEM || s_op == OP_EVENT)
                    state <= S_P1;
                else
                    state <= S_IDLE;
            end
        end


        // ---------------------------------------------------------- refill
        if (accept) begin
            l_type <= o_type;
            l_ts <= o_ts;
            l_seq <= o_mold_seq;
            l_ord <= o_ordinal;
            l_stamp <= o_stamp;
            l_line <= o_line;
        end
        if (sc_act) begin
            if (acc_en) begin
                acc <= acc_out;
                if (acc_err)
                    sc_bad <= 1'b1;
            end
            sc_rp <= sc_rd_en;
            if (sc_ph == 2'd0) begin
                if (sc_skip) begin
                    sc_b <= sc_b + 1'b1;         // no order of the side in it
                    if (sc_last)
                        sc_ph <= 2'd1;
                end else if (sc_rp) begin
                    sc_h <= tbl_word;
                    sc_hv <= 1'b1;
                    sc_done <= {TABLE_WAYS{1'b0}};
                end else if (sc_hv) begin
                    if (held_wr)
                        sc_h <= tbl_wr_word;     // the ways still to collect get the new state
                    sc_done <= eff_done | add_mask;
                    if (!sc_any) begin
                        sc_hv <= 1'b0;
                        sc_b <= sc_b + 1'b1;
                        if ({{(31-HB){1'b0}}, sc_b} == BUCKETS - 1)
                            sc_ph <= 2'd1;
                    end
                end
            end else if (sc_ph == 2'd1) begin
                if (st_consume) begin
                    sc_si <= sc_si + 1'b1;
                    if ({{(31-SB_){1'b0}}, sc_si} == STASH_ENTRIES - 1)
                        sc_ph <= 2'd2;
                end
            end else begin
                if (in_rd)
                    in_pend <= 1'b1;
                if (in_pend) begin
                    in_pend <= 1'b0;
                    if (in_ok) begin
                        sc_act <= 1'b0;
                        if (in_valid) begin
                            stat[ST_RF_DONE] <= 1'b1;
                            if ((i_bchg || i_achg) && !i_unsub) begin
                                m_rec_valid <= 1'b1;
                                m_rec_data <= rec_tob(i_idle ? o_type : l_type, i_flags, in_rev[15:0],
                                                      i_bp, sat32(i_bq), i_ap, sat32(i_aq),
                                                      {16'd0, i_idle ? o_ts : l_ts}, i_idle ? o_mold_seq : l_seq,
                                                      i_idle ? o_ordinal : l_ord, i_idle ? o_stamp : l_stamp);
                                stat[ST_TOB] <= 1'b1;
                                stat[ST_STALE] <= i_stale;
                            end
                        end
                    end
                end
            end
            if (sc_bad)
                sc_act <= 1'b0;
        end else begin
            sw_pend <= sw_rd;
            if (sw_pend)
                sw_ptr <= ({{(32-LW){1'b0}}, sw_ptr} == N_SYMBOLS - 1) ? {LW{1'b0}} : sw_ptr + 1'b1;
        end
        if (!sc_act && (sc_trig || sw_hit)) begin
            // (a message between its table write and its level op keeps that op out
            // of acc: the scan reads the table after the write)
            sc_act <= 1'b1;
            sc_slot <= sc_trig ? w_loc : sw_ptr;
            sc_side <= sc_trig ? t_bid_st : tob_rdata[192];
            fwd1 <= 1'b0;
            fwd2 <= 1'b0;
            sw_pend <= 1'b0;
            sc_ph <= 2'd0;
            sc_b <= 0;
            sc_rp <= 1'b0;
            sc_hv <= 1'b0;
            sc_si <= 0;
            sc_bad <= 1'b0;
            acc <= {WORD_W{1'b0}};
            in_pend <= 1'b0;
            stat[ST_RF_START] <= 1'b1;
        end

        if (alloc_en && !have_free)
            n_alloc <= n_alloc + 1'b1;
        if (alloc_en && have_free)
            free_top <= free_top_m1;
        else if (free_now)
            free_top <= free_top + 1'b1;

        rst_d <= rst;
        if (rst && !rst_d)      // one new epoch per reset, however long
            cur_ep <= (cur_ep == {EPW{1'b1}}) ? {{(EPW-1){1'b0}}, 1'b1} : cur_ep + 1'b1;
        if (rst) begin
            state <= S_CLR;
            clr_cnt <= 0;
            n_alloc <= 0;
            free_top <= 0;
            gap_reg <= 1'b0;
            m_rec_valid <= 1'b0;
            sc_act <= 1'b0;
            sw_pend <= 1'b0;
            in_pend <= 1'b0;
        end
    end

endmodule

`default_nettype wire
