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
    output reg               best_stale
);

    localparam QB = K * 32;          // qty base
    localparam NB = K * 96;          // n base
    localparam OB = NB + CW;         // out_qty base
    localparam FB = OB + 64;         // floor base

    function better(input b, input [31:0] a, input [31:0] c);
        better = b ? (a > c) : (a < c);
    endfunction

    reg [31:0]  lpx [0:K-1];
    reg [63:0]  lq  [0:K-1];
    reg [31:0]  npx [0:K-1];
    reg [63:0]  nq  [0:K-1];
    reg [CW-1:0] n, nn;
    reg [63:0]  oq, noq;
    reg [31:0]  fl, nfl;
    reg [K-1:0] match, bet;
    reg         any_match, outside;
    reg [CW-1:0] p, mi;
    reg [63:0]  mq;
    integer     i, pi, mii;

    always @* begin
        for (i = 0; i < K; i = i + 1) begin
            lpx[i] = word_in[32*i +: 32];
            lq[i] = word_in[QB + 64*i +: 64];
        end
        n = word_in[NB +: CW];
        oq = word_in[OB +: 64];
        fl = word_in[FB +: 32];

        p = 0;
        mi = 0;
        mq = 0;
        any_match = 1'b0;
        for (i = 0; i < K; i = i + 1) begin
            match[i] = (i < n) && (lpx[i] == px);
            bet[i] = (i < n) && better(is_bid, lpx[i], px);
            if (bet[i])
                p = p + 1'b1;
            if (match[i]) begin
                any_match = 1'b1;
                mi = i[CW-1:0];
                mq = lq[i];
            end
        end
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
                if (qty >= mq) begin
                    err = (qty > mq);
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

        best_px = (nn != 0) ? npx[0] : 32'd0;
        best_qty = (nn != 0) ? nq[0] : 64'd0;
        best_stale = (nn == 0) && (noq != 0);
    end

endmodule

`default_nettype wire
