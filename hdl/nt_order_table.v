// nt_order_table -- order reference -> (locate, side, price, remaining shares).
//
// Set-associative hash table: BUCKETS = DEPTH / WAYS buckets of WAYS entries,
// one memory word per bucket (BRAM/URAM: a bucket is read and written whole,
// one read and one write port).  The bucket index is an H3 hash of the
// 64-bit reference (see fold below); each way keeps the FULL reference
// as its tag, so any two references (reference 0, references with the same
// low bits, references differing only in high bits) are told apart exactly.
// An insert into a bucket whose WAYS ways are all live goes to the stash: a
// small fully associative store of STASH entries (registers, every tag
// compared in parallel with the bucket's ways).  Only when the bucket and the
// stash are both full does the insert fail (overflow): the engine counts it
// and flags the locate STALE.  A stash entry stays there until its order dies.
//
// Read: rd_en with rd_ref; one cycle later rd_hit / rd_hit_way / the entry
// (from the bucket or, rd_hit_stash, from stash entry rd_stash_idx) and
// rd_free / rd_free_way (first free way of the bucket), rd_stash_free /
// rd_stash_free_idx, and rd_word (the whole bucket, to modify one way and
// write back with wr_en; a stash entry is written with st_wr_en).  A lookup
// (rd_en) in the same cycle as a write to the same bucket returns the word
// being written (forwarded: the engine looks up a U's new reference in the
// cycle it writes the old one's removal).  The stash is compared in the cycle after the read,
// against its current contents (a write of the previous cycle is seen).
`timescale 1ns / 1ps
`default_nettype none

module nt_order_table #(
    parameter DEPTH = 1024,
    parameter WAYS = 4,
    parameter HB = $clog2(DEPTH / WAYS),       // bucket index bits
    parameter WB = (WAYS > 1) ? $clog2(WAYS) : 1,
    parameter XW = 1,                           // extra bits per entry (the engine: book slot)
    parameter STASH = 8,                        // stash entries (>= 1)
    parameter SB = (STASH > 1) ? $clog2(STASH) : 1,
    parameter EW = XW + 1 + 64 + 16 + 1 + 32 + 32    // extra, valid, ref, locate, buy, price, shares
) (
    input  wire                clk,
    input  wire                clr,            // empties the stash (the engine's clear sweep)

    input  wire                rd_en,
    input  wire [63:0]         rd_ref,
    output reg  [HB-1:0]       rd_bucket,
    output wire                rd_hit,
    output wire [WB-1:0]       rd_hit_way,
    output wire [15:0]         rd_locate,
    output wire                rd_buy,
    output wire [31:0]         rd_price,
    output wire [31:0]         rd_shares,
    output wire [XW-1:0]       rd_extra,
    output wire                rd_free,
    output wire [WB-1:0]       rd_free_way,
    output wire [WAYS*EW-1:0]  rd_word,
    output wire                rd_hit_stash,
    output wire [SB-1:0]       rd_stash_idx,
    output wire                rd_stash_free,
    output wire [SB-1:0]       rd_stash_free_idx,

    input  wire                wr_en,
    input  wire [HB-1:0]       wr_bucket,
    input  wire [WAYS*EW-1:0]  wr_word,

    input  wire                st_wr_en,
    input  wire [SB-1:0]       st_wr_idx,
    input  wire [EW-1:0]       st_wr_entry,

    // refill scanner (nt_book_engine): a bucket read by index through the same
    // read port (only in a cycle without rd_en; the word appears on rd_word the
    // next cycle, rd_ref's lookup outputs are not disturbed), and one stash
    // entry by index (combinational)
    input  wire                sc_rd_en,
    input  wire [HB-1:0]       sc_bucket,
    input  wire [SB-1:0]       sc_st_idx,
    output wire [EW-1:0]       sc_st_entry
);

    localparam BUCKETS = 1 << HB;

    reg [WAYS*EW-1:0] mem [0:BUCKETS-1];
    reg [WAYS*EW-1:0] word_reg = 0;
    reg [WAYS*EW-1:0] fwd_word = 0;
    reg               fwd_reg = 1'b0;
    wire [WAYS*EW-1:0] word_cur = fwd_reg ? fwd_word : word_reg;
    reg [63:0]        ref_reg = 0;

    // (no initial contents: nt_book_engine clears the table after reset)

    // H3 universal hash: bucket = XOR of Q[i] over the set bits i of the
    // reference, Q a fixed pseudo-random table of 64 HB-bit constants (the
    // top bits of a 64-bit LCG).  One XOR tree of at most 64 inputs per
    // output bit, no multiplier.  Unlike an XOR-fold of the low bits, no
    // structured family of references (multiples of 2^16, 2^20, equal low
    // 32 bits) maps onto a few buckets.
    function [HB-1:0] fold(input [63:0] r);
        integer i;
        reg [63:0] x;
        begin
            fold = 0;
            x = 64'h9E3779B97F4A7C15;
            for (i = 0; i < 64; i = i + 1) begin
                x = x * 64'd6364136223846793005 + 64'd1442695040888963407;
                if (r[i])
                    fold = fold ^ x[63 -: HB];
            end
        end
    endfunction

    reg [EW-1:0] stash [0:STASH-1];
    integer      si;

    always @(posedge clk) begin
        if (clr) begin
            for (si = 0; si < STASH; si = si + 1)
                stash[si] <= {EW{1'b0}};
        end else if (st_wr_en) begin
            stash[st_wr_idx] <= st_wr_entry;
        end
        if (wr_en)
            mem[wr_bucket] <= wr_word;
        // one read port: the engine's lookup, else the refill scanner's bucket
        // (a plain read-first port, so the word register stays the block RAM's
        // output register; a lookup of the bucket being written takes the
        // written word from fwd_word instead)
        if (rd_en || sc_rd_en) begin
            word_reg <= mem[rd_en ? fold(rd_ref) : sc_bucket];
            fwd_reg <= rd_en && wr_en && (wr_bucket == fold(rd_ref));
        end
        if (wr_en)
            fwd_word <= wr_word;
        if (rd_en) begin
            ref_reg <= rd_ref;
            rd_bucket <= fold(rd_ref);
        end
    end

    assign sc_st_entry = stash[sc_st_idx];

    assign rd_word = word_cur;

    // entry layout, LSB first: shares[31:0], price[63:32], buy[64], locate[80:65], ref[144:81], valid[145],
    // extra[146 +: XW]
    // (a function behind a continuous assignment: evaluated from time 0 in every simulator)
    localparam RW = 1 + WB + 16 + 1 + 32 + 32 + XW + 1 + WB;

    function [RW-1:0] lookup(input [WAYS*EW-1:0] word, input [63:0] r);
        integer w;
        reg hit, buy, free;
        reg [WB-1:0] hway, fway;
        reg [15:0] loc;
        reg [31:0] px, sh;
        reg [XW-1:0] ex;
        begin
            hit = 1'b0; hway = 0; loc = 0; buy = 1'b0; px = 0; sh = 0; ex = 0; free = 1'b0; fway = 0;
            for (w = WAYS - 1; w >= 0; w = w - 1) begin
                if (!word[w*EW + 145]) begin
                    free = 1'b1;
                    fway = w[WB-1:0];
                end
                if (word[w*EW + 145] && word[w*EW + 81 +: 64] == r) begin
                    hit = 1'b1;
                    hway = w[WB-1:0];
                    loc = word[w*EW + 65 +: 16];
                    buy = word[w*EW + 64];
                    px = word[w*EW + 32 +: 32];
                    sh = word[w*EW +: 32];
                    ex = word[w*EW + 146 +: XW];
                end
            end
            lookup = {hit, hway, loc, buy, px, sh, ex, free, fway};
        end
    endfunction

    wire              b_hit;
    wire [WB-1:0]     b_hit_way;
    wire [15:0]       b_locate;
    wire              b_buy;
    wire [31:0]       b_price, b_shares;
    wire [XW-1:0]     b_extra;
    assign {b_hit, b_hit_way, b_locate, b_buy, b_price, b_shares, b_extra, rd_free, rd_free_way} =
        lookup(word_cur, ref_reg);

    // stash: every valid entry's tag against the reference (at most one matches)
    reg          s_hit, s_free;
    reg [SB-1:0] s_idx, s_fidx;
    /* verilator lint_off UNUSEDSIGNAL */
    reg [EW-1:0] s_e;      // (its valid and ref bits are not needed)
    /* verilator lint_on UNUSEDSIGNAL */
    always @* begin
        s_hit = 1'b0; s_free = 1'b0; s_idx = 0; s_fidx = 0; s_e = 0;
        for (si = STASH - 1; si >= 0; si = si - 1) begin
            if (!stash[si][145]) begin
                s_free = 1'b1;
                s_fidx = si[SB-1:0];
            end
            if (stash[si][145] && stash[si][81 +: 64] == ref_reg) begin
                s_hit = 1'b1;
                s_idx = si[SB-1:0];
                s_e = stash[si];
            end
        end
    end

    assign rd_hit = b_hit || s_hit;
    assign rd_hit_way = b_hit_way;
    assign rd_hit_stash = s_hit;
    assign rd_stash_idx = s_idx;
    assign rd_stash_free = s_free;
    assign rd_stash_free_idx = s_fidx;
    assign rd_locate = s_hit ? s_e[65 +: 16] : b_locate;
    assign rd_buy = s_hit ? s_e[64] : b_buy;
    assign rd_price = s_hit ? s_e[32 +: 32] : b_price;
    assign rd_shares = s_hit ? s_e[0 +: 32] : b_shares;
    assign rd_extra = s_hit ? s_e[146 +: XW] : b_extra;

endmodule

`default_nettype wire
