// nt_order_table -- order reference -> (locate, side, price, remaining shares).
//
// Set-associative hash table: BUCKETS = DEPTH / WAYS buckets of WAYS entries,
// one memory word per bucket (BRAM/URAM: a bucket is read and written whole,
// one read and one write port).  The bucket index is the XOR-fold of the
// 64-bit reference onto log2(BUCKETS) bits; each way keeps the FULL reference
// as its tag, so any two references (reference 0, references with the same
// low bits, references differing only in high bits) are told apart exactly.
// An insert into a bucket whose WAYS ways are all live fails (overflow): the
// engine counts it and flags the locate STALE.
//
// Read: rd_en with rd_ref; one cycle later rd_hit / rd_hit_way / the entry
// and rd_free / rd_free_way (first free way) and rd_word (the whole bucket, to
// modify one way and write back with wr_en).  A read in the same cycle as a
// write to the same bucket returns the old word: the engine never does that.
`timescale 1ns / 1ps
`default_nettype none

module nt_order_table #(
    parameter DEPTH = 1024,
    parameter WAYS = 4,
    parameter HB = $clog2(DEPTH / WAYS),       // bucket index bits
    parameter WB = (WAYS > 1) ? $clog2(WAYS) : 1,
    parameter EW = 1 + 64 + 16 + 1 + 32 + 32    // valid, ref, locate, buy, price, shares
) (
    input  wire                clk,

    input  wire                rd_en,
    input  wire [63:0]         rd_ref,
    output reg  [HB-1:0]       rd_bucket,
    output reg                 rd_hit,
    output reg  [WB-1:0]       rd_hit_way,
    output reg  [15:0]         rd_locate,
    output reg                 rd_buy,
    output reg  [31:0]         rd_price,
    output reg  [31:0]         rd_shares,
    output reg                 rd_free,
    output reg  [WB-1:0]       rd_free_way,
    output wire [WAYS*EW-1:0]  rd_word,

    input  wire                wr_en,
    input  wire [HB-1:0]       wr_bucket,
    input  wire [WAYS*EW-1:0]  wr_word
);

    localparam BUCKETS = 1 << HB;

    reg [WAYS*EW-1:0] mem [0:BUCKETS-1];
    reg [WAYS*EW-1:0] word_reg = 0;
    reg [63:0]        ref_reg = 0;

    integer k;
    initial begin
        for (k = 0; k < BUCKETS; k = k + 1)
            mem[k] = 0;
    end

    function [HB-1:0] fold(input [63:0] r);
        integer i;
        begin
            fold = 0;
            for (i = 0; i < 64; i = i + 1)
                fold[i % HB] = fold[i % HB] ^ r[i];
        end
    endfunction

    always @(posedge clk) begin
        if (wr_en)
            mem[wr_bucket] <= wr_word;
        if (rd_en) begin
            word_reg <= mem[fold(rd_ref)];
            ref_reg <= rd_ref;
            rd_bucket <= fold(rd_ref);
        end
    end

    assign rd_word = word_reg;

    // entry layout, LSB first: shares[31:0], price[63:32], buy[64], locate[80:65], ref[144:81], valid[145]
    integer w;
    always @* begin
        rd_hit = 1'b0;
        rd_hit_way = 0;
        rd_locate = 0;
        rd_buy = 1'b0;
        rd_price = 0;
        rd_shares = 0;
        rd_free = 1'b0;
        rd_free_way = 0;
        for (w = WAYS - 1; w >= 0; w = w - 1) begin
            if (!word_reg[w*EW + 145]) begin
                rd_free = 1'b1;
                rd_free_way = w[WB-1:0];
            end
            if (word_reg[w*EW + 145] && word_reg[w*EW + 81 +: 64] == ref_reg) begin
                rd_hit = 1'b1;
                rd_hit_way = w[WB-1:0];
                rd_locate = word_reg[w*EW + 65 +: 16];
                rd_buy = word_reg[w*EW + 64];
                rd_price = word_reg[w*EW + 32 +: 32];
                rd_shares = word_reg[w*EW +: 32];
            end
        end
    end

endmodule

`default_nettype wire
