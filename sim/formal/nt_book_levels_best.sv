// Formal check (Yosys `sat -prove-asserts`, tools/hdl/formal.sh): the best
// level nt_book_levels reports (best_px, best_qty, best_stale, computed
// straight from the input word so that the top-of-book compare does not wait
// for the shift) is the level 0 of the word it writes (word_out), for every
// input word with a valid level count (n <= K) and every op; and best_same
// (compared candidate by candidate) is best_* == cmp_*.  A change to one of
// the computations that the other does not follow fails the proof.
module nt_book_levels_best #(
    parameter K = 4,
    parameter CW = $clog2(K + 1),
    parameter WORD_W = K * 96 + CW + 64 + 32
) (
    input wire [WORD_W-1:0] word_in,
    input wire              is_bid,
    input wire              op_en,
    input wire              op_add,
    input wire [31:0]       px,
    input wire [63:0]       qty,
    input wire [31:0]       cmp_px,
    input wire [63:0]       cmp_qty,
    input wire              cmp_stale
);
    wire [WORD_W-1:0] word_out;
    wire              err;
    wire [31:0]       best_px;
    wire [63:0]       best_qty;
    wire              best_stale;
    wire              best_same;

    nt_book_levels #(.K(K)) dut (
        .word_in(word_in), .is_bid(is_bid), .op_en(op_en), .op_add(op_add), .px(px), .qty(qty),
        .word_out(word_out), .err(err), .best_px(best_px), .best_qty(best_qty), .best_stale(best_stale),
        .cmp_px(cmp_px), .cmp_qty(cmp_qty), .cmp_stale(cmp_stale), .best_same(best_same)
    );

    wire [CW-1:0] n_in  = word_in[K*96 +: CW];
    wire [CW-1:0] n_out = word_out[K*96 +: CW];
    wire [63:0]   oq_out = word_out[K*96 + CW +: 64];

    always @* begin
        if (n_in <= K) begin
            assert(best_px == ((n_out != 0) ? word_out[31:0] : 32'd0));
            assert(best_qty == ((n_out != 0) ? word_out[K*32 +: 64] : 64'd0));
            assert(best_stale == ((n_out == 0) && (oq_out != 0)));
            assert(best_same == (best_px == cmp_px && best_qty == cmp_qty && best_stale == cmp_stale));
        end
    end
endmodule
