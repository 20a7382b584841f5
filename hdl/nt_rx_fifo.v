// nt_rx_fifo -- store-and-forward frame FIFO of one line, with drop on bad
// frame and a descriptor per frame.
//
// Write side (from nt_eth_udp_rx): beats are written at wr_ptr as they come;
// at the frame end (s_end) a frame with code 0 is committed (its beats become
// readable and a descriptor is pushed) unless the data or descriptor memory
// overflowed, in which case it is rolled back and stat_overflow pulses.
// Every other code rolls the frame back.  The write side never stalls.
//
// Read side (to nt_mold_arb): m_desc_* is the head descriptor (valid when
// m_desc_valid).  m_rd_data is the beat at the read pointer (registered read,
// a simple dual-port RAM: valid in the cycle after a pointer change).
// m_rd_pop advances one beat; m_rd_done ends the head frame: the read pointer
// jumps to the frame's end and the descriptor is popped (one cycle, whatever
// the frame's length: duplicate frames are discarded in one cycle).
`timescale 1ns / 1ps
`default_nettype none

module nt_rx_fifo #(
    parameter ADDR_WIDTH = 9,        // data beats = 2^ADDR_WIDTH (64-bit)
    parameter DESC_ADDR_WIDTH = 5    // descriptors = 2^DESC_ADDR_WIDTH
) (
    input  wire         clk,
    input  wire         rst,
    input  wire [63:0]  cycle,

    input  wire [63:0]  s_wr_data,
    input  wire         s_wr_valid,
    input  wire         s_end,
    input  wire [3:0]   s_end_code,
    input  wire [15:0]  s_end_len,
    input  wire [79:0]  s_end_session,
    input  wire [63:0]  s_end_seq,
    input  wire [15:0]  s_end_count,
    input  wire [63:0]  s_end_stamp,

    output wire         m_desc_valid,
    output wire [15:0]  m_desc_len,
    output wire [79:0]  m_desc_session,
    output wire [63:0]  m_desc_seq,
    output wire [15:0]  m_desc_count,
    output wire [63:0]  m_desc_stamp,     // cycle of the frame's first beat
    output wire [63:0]  m_desc_commit,    // cycle the frame was committed (arbitration order)
    output reg  [63:0]  m_rd_data,
    input  wire         m_rd_pop,
    input  wire         m_rd_done,

    output reg          stat_overflow,
    output reg          stat_commit
);

    localparam DEPTH = 1 << ADDR_WIDTH;
    localparam DDEPTH = 1 << DESC_ADDR_WIDTH;
    localparam DW = 16 + 80 + 64 + 16 + 64 + 64 + ADDR_WIDTH + 1;

    reg [63:0]        mem [0:DEPTH-1];
    reg [DW-1:0]      dmem [0:DDEPTH-1];

    reg [ADDR_WIDTH:0] wr_ptr = 0, commit_ptr = 0, rd_ptr = 0;
    reg                ovf_reg = 1'b0;
    reg [DESC_ADDR_WIDTH:0] dwr_ptr = 0, drd_ptr = 0;

    wire [DW-1:0] dhead = dmem[drd_ptr[DESC_ADDR_WIDTH-1:0]];
    wire [ADDR_WIDTH:0] head_next;
    assign {m_desc_len, m_desc_session, m_desc_seq, m_desc_count, m_desc_stamp, m_desc_commit, head_next} = dhead;
    assign m_desc_valid = dwr_ptr != drd_ptr;

    wire data_full = (wr_ptr - rd_ptr) == DEPTH[ADDR_WIDTH:0];
    wire desc_full = (dwr_ptr - drd_ptr) == DDEPTH[DESC_ADDR_WIDTH:0];

    wire [ADDR_WIDTH:0] rd_ptr_next = (m_rd_done && m_desc_valid) ? head_next
                                    : (m_rd_pop ? rd_ptr + 1'b1 : rd_ptr);

    always @(posedge clk) begin
        m_rd_data <= mem[rd_ptr_next[ADDR_WIDTH-1:0]];
        rd_ptr <= rd_ptr_next;
        if (m_rd_done && m_desc_valid)
            drd_ptr <= drd_ptr + 1'b1;

        stat_overflow <= 1'b0;
        stat_commit <= 1'b0;
        if (s_wr_valid) begin
            if (data_full || ovf_reg) begin
                ovf_reg <= 1'b1;
            end else begin
                mem[wr_ptr[ADDR_WIDTH-1:0]] <= s_wr_data;
                wr_ptr <= wr_ptr + 1'b1;
            end
        end
        if (s_end) begin
            ovf_reg <= 1'b0;
            if (s_end_code == 4'd0 && !ovf_reg && !desc_full) begin
                commit_ptr <= wr_ptr;
                dmem[dwr_ptr[DESC_ADDR_WIDTH-1:0]] <= {s_end_len, s_end_session, s_end_seq,
                                                       s_end_count, s_end_stamp, cycle, wr_ptr};
                dwr_ptr <= dwr_ptr + 1'b1;
                stat_commit <= 1'b1;
            end else begin
                wr_ptr <= commit_ptr;
                stat_overflow <= (s_end_code == 4'd0);
            end
        end

        if (rst) begin
            wr_ptr <= 0;
            commit_ptr <= 0;
            rd_ptr <= 0;
            dwr_ptr <= 0;
            drd_ptr <= 0;
            ovf_reg <= 1'b0;
            stat_overflow <= 1'b0;
            stat_commit <= 1'b0;
        end
    end

endmodule

`default_nettype wire
