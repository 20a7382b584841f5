// nt_rec_writer -- DMA engine writing 64-byte records into the host's market
// data ring (native/include/nanotick/ring.h, NT_RING_KIND_MD).
//
// Ring: base address cfg_ring_base (the ring file's byte 0, 4 KiB aligned),
// capacity 2^cfg_ring_log2cap records.  Record i (0-based producer index)
// goes to slot i & (capacity-1) at base + 4096 + 64*slot.  Per record, as
// DMA writes of one 64-byte line each (m_dma_addr 64-byte aligned, m_dma_strb
// the bytes written):
//   1. if i >= capacity (the slot holds an older record): seq word = 0
//      (NT_SEQ_BUSY), strb = bytes 0..7;
//   2. the payload, bytes 8..63;
//   3. the seq word = i + 1, bytes 0..7 (written last: the consumer's seqlock);
// and after the last record of a burst (FIFO empty) prod_index = i + 1 at
// base + 128 (bytes 0..7).
// With cfg_one_write (CSR CTRL bit 7) a record is ONE write instead: the whole
// line, seq = i + 1 with the payload (strb all ones).  That relies on the host
// making a 64-byte-aligned 64-byte write visible as a whole (what QDMA and
// Corundum completion entries and mlx5 CQEs rely on: their valid/phase bit is
// in the entry); the three-write form needs only the in-order delivery of
// posted writes.  One write per record is the one that keeps up with a flood of
// records (an E that moves the best level: two records per 4.1 beats).  The DMA port (valid/ready) may stall this engine,
// never the pipeline: records wait in a FIFO of 2^FIFO_ADDR_WIDTH entries (a record
// arriving into an empty FIFO with the DMA port free is written at once);
// when it is full, or the ring is disabled, a record is dropped and counted
// (stat_dropped).  The producer index restarts at 0 when the ring is enabled.
`timescale 1ns / 1ps
`default_nettype none

module nt_rec_writer #(
    parameter FIFO_ADDR_WIDTH = 5
) (
    input  wire          clk,
    input  wire          rst,

    input  wire          s_rec_valid,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [511:0]  s_rec_data,     // bytes 0..7 (seq) ignored
    /* verilator lint_on UNUSEDSIGNAL */

    input  wire          cfg_ring_en,
    input  wire [63:0]   cfg_ring_base,
    input  wire [5:0]    cfg_ring_log2cap,
    input  wire          cfg_one_write,

    output reg  [63:0]   m_dma_addr,
    output reg  [511:0]  m_dma_data,
    output reg  [63:0]   m_dma_strb,
    output reg           m_dma_valid,
    input  wire          m_dma_ready,

    output reg  [63:0]   prod_index,
    output reg           stat_written,
    output reg           stat_dropped
);

    localparam DEPTH = 1 << FIFO_ADDR_WIDTH;
    localparam S_IDLE = 2'd0, S_PAYLOAD = 2'd1, S_SEQ = 2'd2, S_PI = 2'd3;

    reg [447:0] fifo [0:DEPTH-1];
    reg [FIFO_ADDR_WIDTH:0] wr_ptr = 0, rd_ptr = 0;
    wire empty = wr_ptr == rd_ptr;
    wire full = (wr_ptr - rd_ptr) == DEPTH[FIFO_ADDR_WIDTH:0];
    wire [447:0] head = fifo[rd_ptr[FIFO_ADDR_WIDTH-1:0]];

    reg [1:0]   state = S_IDLE;
    reg [63:0]  line_addr = 0;

    wire [63:0] cap_mask = ~(64'hFFFFFFFFFFFFFFFF << cfg_ring_log2cap);
    wire [57:0] slot = prod_index[57:0] & cap_mask[57:0];
    wire [63:0] slot_addr = cfg_ring_base + 64'd4096 + {slot, 6'd0};
    wire        lapped = (prod_index & ~cap_mask) != 0;
    wire        dma_free = !m_dma_valid || m_dma_ready;
    // the record at the head is the last of a burst: none waits behind it, none arrives
    wire        last_of_burst = ((wr_ptr - rd_ptr) == 1) && !s_rec_valid;

    always @(posedge clk) begin
        stat_written <= 1'b0;
        stat_dropped <= 1'b0;
        if (m_dma_valid && m_dma_ready)
            m_dma_valid <= 1'b0;

        if (s_rec_valid) begin
            if (full || !cfg_ring_en) begin
                stat_dropped <= 1'b1;
            end else begin
                fifo[wr_ptr[FIFO_ADDR_WIDTH-1:0]] <= s_rec_data[511:64];
                wr_ptr <= wr_ptr + 1'b1;
            end
        end

        case (state)
        S_IDLE: begin
            // a record arriving into an empty FIFO is written in the same cycle (bypass)
            if ((!empty || (s_rec_valid && cfg_ring_en)) && dma_free) begin
                line_addr <= slot_addr;
                m_dma_valid <= 1'b1;
                m_dma_addr <= slot_addr;
                if (cfg_one_write) begin
                    m_dma_data <= {empty ? s_rec_data[511:64] : head, prod_index + 64'd1};
                    m_dma_strb <= 64'hFFFFFFFFFFFFFFFF;
                    rd_ptr <= rd_ptr + 1'b1;
                    prod_index <= prod_index + 64'd1;
                    stat_written <= 1'b1;
                    // (empty: the record arriving now, written by the bypass, is the last)
                    state <= (empty || last_of_burst) ? S_PI : S_IDLE;
                end else if (lapped) begin
                    m_dma_data <= 512'd0;
                    m_dma_strb <= 64'h00000000000000FF;
                    state <= S_PAYLOAD;
                end else begin
                    m_dma_data <= {empty ? s_rec_data[511:64] : head, 64'd0};
                    m_dma_strb <= 64'hFFFFFFFFFFFFFF00;
                    state <= S_SEQ;
                end
            end
        end
        S_PAYLOAD: begin
            if (dma_free) begin
                m_dma_valid <= 1'b1;
                m_dma_addr <= line_addr;
                m_dma_data <= {head, 64'd0};
                m_dma_strb <= 64'hFFFFFFFFFFFFFF00;
                state <= S_SEQ;
            end
        end
        S_SEQ: begin
            if (dma_free) begin
                m_dma_valid <= 1'b1;
                m_dma_addr <= line_addr;
                m_dma_data <= {448'd0, prod_index + 64'd1};
                m_dma_strb <= 64'h00000000000000FF;
                rd_ptr <= rd_ptr + 1'b1;
                prod_index <= prod_index + 64'd1;
                stat_written <= 1'b1;
                // prod_index writeback after the last record of a burst
                state <= last_of_burst ? S_PI : S_IDLE;
            end
        end
        S_PI: begin
            if (dma_free) begin
                m_dma_valid <= 1'b1;
                m_dma_addr <= cfg_ring_base + 64'd128;
                m_dma_data <= {448'd0, prod_index};
                m_dma_strb <= 64'h00000000000000FF;
                state <= S_IDLE;
            end
        end
        default: state <= S_IDLE;
        endcase

        if (rst || !cfg_ring_en) begin
            state <= S_IDLE;
            m_dma_valid <= 1'b0;
            prod_index <= 64'd0;
            wr_ptr <= 0;
            rd_ptr <= 0;
        end
    end

endmodule

`default_nettype wire
