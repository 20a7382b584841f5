// nt_book_levels -- one side of one locate's book: combinational update of a
// sorted top-K price-level cache with an exact "outside" aggregate.
//
// Word (WORD_W bits, one per (locate, side) in the book memory):
//   px[K]  (32 bits each, best first)       bits [K*32-1:0]
//   qty[K] (64 bits each, aggregate shares) bits [K*32 +: K*64]
//   n      (valid levels, CW bits)
//   out_qty (64): total shares of the live orders NOT in the cache
//   floor  (32): when out_qty != 0, every outside order's price is at or
//          worse than floor and every cached level is strictly better.
//
// Invariant (gives exactness): the cache holds exactly the levels strictly
// better than floor, all of them, with exact aggregates.  So the best level
// is exact whenever n > 0, and the side is empty when n == 0 and
// out_qty == 0.  n == 0 with out_qty != 0 means the best level is outside
// the cache: best_stale (the record is flagged STALE, never wrong).
//
//   add px,q: px at/worse than floor (out_qty != 0) -> out_qty += q
//             px cached -> qty += q
//             cache full and px worse than all -> outside, floor = px
//             cache full -> the worst level is evicted (floor = its price,
//             out_qty += its aggregate), px inserted in order
//             else insert in order
//   sub px,q: outside -> out_qty -= q; cached -> qty -= q, the level is
//             removed at 0.  A sub that does not match (cannot happen with
//             a consistent order table) sets err.
//
// Depth (session 5): the K compares are independent; the insert position is
// a balanced adder tree over them (not a chain of K increments); a sub's
// "whole level" / "more than the level" are K parallel compares selected by
// the last match; the best level after the op (best_*) and whether it equals
// the caller's published one (best_same) come straight from the input word
// (level 0 or 1, the op, a few flags of the compares), beside the shift
// rather than after it.  sim/formal/nt_book_levels_best.sv proves best_* is
// level 0 of word_out and best_same is best_* == cmp_* (tools/hdl/formal.sh).
`timescale 1ns / 1ps
`default_nettype none

module nt_book_levels #(
    parameter K = 16,
    parameter CW = $clog2(K + 1),
    parameter WORD_W = K * 96 + CW + 64 + 32
) (
    input  wire [WORD_W-1:0] word_in,
    input  wire              is_bid,
    input  wire              op_en,       // 0: pass through
    input  wire              op_add,      // 1: add, 0: subtract
    input  wire [31:0]       px,
    input  wire [63:0]       qty,

    output reg  [WORD_W-1:0] word_out,
    output reg               err,
    output reg  [31:0]       best_px,
    output reg  [63:0]       best_qty,
    output reg               best_stale,

    // the caller's last published best of this side: best_same = 1 when the
    // best after the op equals it (px, qty and stale), compared candidate by
    // candidate beside the op rather than after best_* (the top-of-book
    // change test then does not wait for the best level's muxes)
    input  wire [31:0]       cmp_px,
    input  wire [63:0]       cmp_qty,
    input  wire              cmp_stale,
    output reg               best_same
);

    localparam QB = K * 32;          // qty base
    localparam NB = K * 96;          // n base
    localparam OB = NB + CW;         // out_qty base
    localparam FB = OB + 64;         // floor base

    function better(input b, input [31:0] a, input [31:0] c);
        better = b ? (a > c) : (a < c);
    endfunction

    // the K compares, outside the always block, and the insert position as a
    // balanced tree of adds over them
    localparam KP = (K > 1) ? (1 << $clog2(K)) : 1;
    localparam L1 = (K > 1) ? 1 : 0;    // level 1 (level 0 when K = 1: never read then)
    wire [CW-1:0] n_in = word_in[NB +: CW];
    wire [K-1:0]  match, bet;      // level i matches px / is better than px
    wire [K-1:0]  last_w;          // the last matching level (the one a sub takes from)
    wire [K-1:0]  ge_w, gt_w;      // qty >= / > each level's aggregate (for a sub, in parallel)
    genvar g;
    generate
        for (g = 0; g < K; g = g + 1) begin : cmp
            wire [31:0] cpx = word_in[32*g +: 32];
            assign match[g] = (g < n_in) && (cpx == px);
            assign bet[g] = (g < n_in) && (is_bid ? (cpx > px) : (cpx < px));
            wire [63:0] cq = word_in[QB + 64*g +: 64];
            assign ge_w[g] = (qty >= cq);
            assign gt_w[g] = (qty > cq);
            assign last_w[g] = match[g] && !(|(match >> (g + 1)));
        end
        // heap order: node j adds nodes 2j+1 and 2j+2; the leaves KP-1.. are bet
        for (g = 0; g < 2 * KP - 1; g = g + 1) begin : pt
            wire [CW-1:0] v;
            if (g >= KP - 1) begin : leaf
                if (g - (KP - 1) < K) begin : used
                    assign v = {{(CW-1){1'b0}}, bet[g - (KP - 1)]};
                end else begin : pad
                    assign v = {CW{1'b0}};
                end
            end else begin : add
                assign v = pt[2*g+1].v + pt[2*g+2].v;
            end
        end
    endgenerate
    wire [CW-1:0] p = pt[0].v;     // levels better than px: the insert position

    reg [31:0]  lpx [0:K-1];
    reg [63:0]  lq  [0:K-1];
    reg [31:0]  npx [0:K-1];
    reg [63:0]  nq  [0:K-1];
    reg [CW-1:0] n, nn;
    reg [63:0]  oq, noq;
    reg [31:0]  fl, nfl;
    reg         any_match, outside;
    reg [CW-1:0] mi;
    reg         m_full, m_over;
    integer     i, pi, mii;

    always @* begin
        for (i = 0; i < K; i = i + 1) begin
            lpx[i] = word_in[32*i +: 32];
            lq[i] = word_in[QB + 64*i +: 64];
        end
        n = n_in;
        oq = word_in[OB +: 64];
        fl = word_in[FB +: 32];

        mi = 0;
        any_match = |match;
        for (i = 0; i < K; i = i + 1) begin
            if (match[i])
                mi = i[CW-1:0];
        end
        m_full = |(last_w & ge_w);     // qty >= the matched level's aggregate
        m_over = |(last_w & gt_w);
        pi = {{(32-CW){1'b0}}, p};
        mii = {{(32-CW){1'b0}}, mi};
        outside = (oq != 0) && !better(is_bid, px, fl);

        for (i = 0; i < K; i = i + 1) begin
            npx[i] = lpx[i];
            nq[i] = lq[i];
        end
        nn = n;
        noq = oq;
        nfl = fl;
        err = 1'b0;

        if (op_en && op_add) begin
            if (outside) begin
                noq = oq + qty;
            end else if (any_match) begin
                for (i = 0; i < K; i = i + 1)
                    if (match[i])
                        nq[i] = lq[i] + qty;
            end else if (n == K[CW-1:0] && p == K[CW-1:0]) begin
                nfl = px;
                noq = oq + qty;
            end else begin
                if (n == K[CW-1:0]) begin
                    nfl = lpx[K-1];
                    noq = oq + lq[K-1];
                end else begin
                    nn = n + 1'b1;
                end
                for (i = 0; i < K; i = i + 1) begin
                    if (i == pi) begin
                        npx[i] = px;
                        nq[i] = qty;
                    end else if (i > pi) begin
                        npx[i] = lpx[i-1];
                        nq[i] = lq[i-1];
                    end
                end
            end
        end else if (op_en) begin
            if (outside) begin
                if (qty > oq) begin
                    err = 1'b1;
                    noq = 0;
                end else begin
                    noq = oq - qty;
                end
            end else if (any_match) begin
                if (m_full) begin
                    err = m_over;
                    nn = n - 1'b1;
                    for (i = 0; i < K - 1; i = i + 1) begin
                        if (i >= mii) begin
                            npx[i] = lpx[i+1];
                            nq[i] = lq[i+1];
                        end
                    end
                end else begin
                    for (i = 0; i < K; i = i + 1)
                        if (match[i])
                            nq[i] = lq[i] - qty;
                end
            end else begin
                err = 1'b1;
            end
        end

        for (i = 0; i < K; i = i + 1) begin
            word_out[32*i +: 32] = npx[i];
            word_out[QB + 64*i +: 64] = nq[i];
        end
        word_out[NB +: CW] = nn;
        word_out[OB +: 64] = noq;
        word_out[FB +: 32] = nfl;

    end

    // best level after the op, from the input word: the same values as
    // (nn != 0 ? npx[0] : 0, nn != 0 ? nq[0] : 0, nn == 0 && noq != 0)
    reg [31:0] b_px;
    reg [63:0] b_q;
    reg        b_any, b_full, b_first, b_out, b_eq;
    // each candidate of (b_px, b_q) against (cmp_px, cmp_qty), in parallel
    wire        e_l0 = (lpx[0] == cmp_px) && (lq[0] == cmp_qty);                // unchanged
    wire        e_add0 = (lpx[0] == cmp_px) && (lq[0] == cmp_qty - qty);        // level 0 + qty
    wire        e_sub0 = (lpx[0] == cmp_px) && (lq[0] == cmp_qty + qty);        // level 0 - qty
    wire        e_l1 = (lpx[L1] == cmp_px) && (lq[L1] == cmp_qty);                // level 1 moves up
    wire        e_new = (px == cmp_px) && (qty == cmp_qty);                   // a new level 0
    wire        e_zero = (cmp_px == 32'd0) && (cmp_qty == 64'd0);             // the side is empty
    always @* begin
        b_px = lpx[0];
        b_q = lq[0];
        b_eq = e_l0;
        b_any = (n != 0);                       // nn != 0
        b_full = m_full;                        // a sub takes the whole matched level
        b_first = match[0] && !(|(match >> 1)); // the matched level (the last match) is level 0
        // outside aggregate after the op, != 0 (read only when the cache ends empty:
        // an add then went outside, a sub either went outside or emptied the cache)
        b_out = (oq != 0);
        if (op_en && outside)
            b_out = op_add ? ((oq + qty) != 0) : (qty < oq);
        if (op_en && op_add) begin
            if (outside) begin
                // unchanged
            end else if (any_match) begin
                if (match[0]) begin
                    b_q = lq[0] + qty;
                    b_eq = e_add0;
                end
            end else if (n == K[CW-1:0] && (&bet)) begin
                // outside now: unchanged
            end else begin
                b_any = 1'b1;
                if (!(|bet)) begin               // inserted at level 0
                    b_px = px;
                    b_q = qty;
                    b_eq = e_new;
                end
            end
        end else if (op_en) begin
            if (!outside && any_match) begin
                if (b_full) begin
                    b_any = (n != 1);
                    if (b_first && K > 1) begin
                        b_px = lpx[L1];
                        b_q = lq[L1];
                        b_eq = e_l1;
                    end
                end else if (match[0]) begin
                    b_q = lq[0] - qty;
                    b_eq = e_sub0;
                end
            end
        end
        best_px = b_any ? b_px : 32'd0;
        best_qty = b_any ? b_q : 64'd0;
        best_stale = !b_any && b_out;
        best_same = (b_any ? b_eq : e_zero) && (best_stale == cmp_stale);
    end

endmodule

`default_nettype wire
