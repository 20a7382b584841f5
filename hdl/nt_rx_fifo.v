// nt_rx_fifo -- frame FIFO of one line: store and forward, or cut-through,
// with drop on bad frame and a descriptor per frame.
//
// Write side (from nt_eth_udp_rx): beats are written at wr_ptr as they come.
//
// Store and forward (cfg_cut_through = 0): at the frame end (s_end) a frame
// with code 0 is committed (its beats become readable and a descriptor is
// pushed) unless the data or descriptor memory overflowed, in which case it
// is rolled back and stat_overflow pulses.  Every other code rolls the frame
// back.  The write side never stalls.
//
// Cut-through (cfg_cut_through = 1, sampled at each frame's s_hdr): a frame
// whose headers passed (s_hdr) gets its descriptor at once, "open"; its
// beats marked s_wr_safe become readable as they are written (m_rd_avail).
// At s_close (always at least one cycle after the frame's s_hdr: the
// receiver's header verdict comes with a beat that is not the last) the open
// frame is closed: ok (its remaining beats readable) or
// bad (MAC error, truncated, or data overflow): a bad frame is not rolled
// back (its head may already be read): its descriptor says m_desc_bad and the
// reader discards it (nt_mold_arb).  Frames without s_hdr (bad headers,
// skipped frames, too short) go the store-and-forward way.
//
// Read side (to nt_mold_arb): m_desc_* is the head descriptor (valid when
// m_desc_valid; m_desc_open: not yet closed; m_desc_bad: closed bad).
// m_rd_data is the beat at the read pointer, m_rd_avail says it is readable
// (registered read with a write-through bypass: a beat written in cycle t is
// readable in t+1).  m_rd_pop advances one beat; m_rd_done ends the head frame
// (only a closed one): the read pointer jumps to the frame's end and the
// descriptor is popped (one cycle, whatever the frame's length).
`timescale 1ns / 1ps
`default_nettype none

module nt_rx_fifo #(
    parameter ADDR_WIDTH = 9,        // data beats = 2^ADDR_WIDTH (64-bit)
    parameter DESC_ADDR_WIDTH = 5    // descriptors = 2^DESC_ADDR_WIDTH
) (
    input  wire         clk,
    input  wire         rst,
    input  wire [63:0]  cycle,
    input  wire         cfg_cut_through,

    input  wire [63:0]  s_wr_data,
    input  wire         s_wr_valid,
    input  wire         s_wr_safe,
    input  wire         s_hdr,
    input  wire         s_close,
    input  wire         s_close_ok,
    input  wire         s_end,
    input  wire         s_end_opened,
    input  wire [3:0]   s_end_code,
    input  wire [15:0]  s_end_len,
    input  wire [79:0]  s_end_session,
    input  wire [63:0]  s_end_seq,
    input  wire [15:0]  s_end_count,
    input  wire [63:0]  s_end_stamp,

    output wire         m_desc_valid,
    output wire         m_desc_open,
    output wire         m_desc_bad,
    output wire [15:0]  m_desc_len,
    output wire [79:0]  m_desc_session,
    output wire [63:0]  m_desc_seq,
    output wire [15:0]  m_desc_count,
    output wire [63:0]  m_desc_end,       // seq + count (computed at the push: off the arbiter's path)
    output wire [63:0]  m_desc_stamp,     // cycle of the frame's first beat
    output wire [63:0]  m_desc_commit,    // cycle the descriptor was pushed (arbitration order)
    output wire [63:0]  m_rd_data,
    output reg          m_rd_avail,
    input  wire         m_rd_pop,
    input  wire         m_rd_done,

    output reg          stat_overflow,
    output reg          stat_commit
);

    localparam DEPTH = 1 << ADDR_WIDTH;
    localparam DDEPTH = 1 << DESC_ADDR_WIDTH;
    localparam DW = 16 + 80 + 64 + 16 + 64 + 64 + 64;
    localparam EW = ADDR_WIDTH + 2;

    reg [63:0]        mem [0:DEPTH-1];
    reg [63:0]        mem_q = 0, byp_data = 0;
    reg               byp_sel = 1'b0;
    assign m_rd_data = byp_sel ? byp_data : mem_q;
    reg [DW-1:0]      dmem [0:DDEPTH-1];
    reg [EW-1:0]      emem [0:DDEPTH-1];     // {bad, end pointer}, written when closed

    reg [ADDR_WIDTH:0] wr_ptr = 0, commit_ptr = 0, rel_ptr = 0, rd_ptr = 0;
    reg                ovf_reg = 1'b0;
    reg                open_reg = 1'b0;     // the newest descriptor is open
    reg                ct_end_reg = 1'b0;   // the next s_end is of a frame closed by s_close
    reg [DESC_ADDR_WIDTH:0] dwr_ptr = 0, drd_ptr = 0;

    wire [DW-1:0] dhead = dmem[drd_ptr[DESC_ADDR_WIDTH-1:0]];
    wire [EW-1:0] ehead = emem[drd_ptr[DESC_ADDR_WIDTH-1:0]];
    wire [ADDR_WIDTH:0] head_next = ehead[ADDR_WIDTH:0];
    assign {m_desc_len, m_desc_session, m_desc_seq, m_desc_count, m_desc_end, m_desc_stamp, m_desc_commit} = dhead;
    wire [63:0] s_end_end = s_end_seq + {48'd0, s_end_count};
    assign m_desc_valid = dwr_ptr != drd_ptr;
    assign m_desc_open = open_reg && (drd_ptr + 1'b1 == dwr_ptr);
    assign m_desc_bad = m_desc_valid && !m_desc_open && ehead[EW-1];

    wire data_full = (wr_ptr - rd_ptr) == DEPTH[ADDR_WIDTH:0];
    wire desc_full = (dwr_ptr - drd_ptr) == DDEPTH[DESC_ADDR_WIDTH:0];

    wire [DESC_ADDR_WIDTH-1:0] open_idx = dwr_ptr[DESC_ADDR_WIDTH-1:0] - 1'b1;   // the open descriptor
    wire do_done = m_rd_done && m_desc_valid && !m_desc_open;
    wire [ADDR_WIDTH:0] rd_ptr_next = do_done ? head_next : (m_rd_pop ? rd_ptr + 1'b1 : rd_ptr);
    wire wr_ok = s_wr_valid && !data_full && !ovf_reg;
    wire do_open = s_hdr && cfg_cut_through && !desc_full;
    wire saf_end = s_end && !(ct_end_reg && s_end_opened);
    wire saf_commit = s_end_code == 4'd0 && !ovf_reg && !desc_full;

    // the release pointer after this cycle (readable beats end there)
    reg [ADDR_WIDTH:0] rel_next;
    always @* begin
        rel_next = rel_ptr;
        if (wr_ok && s_wr_safe && open_reg)
            rel_next = wr_ptr + 1'b1;
        if (do_open)
            rel_next = (wr_ok && s_wr_safe) ? wr_ptr + 1'b1 : wr_ptr;
        if (s_close && open_reg)
            rel_next = wr_ok ? wr_ptr + 1'b1 : wr_ptr;
        if (saf_end)
            rel_next = saf_commit ? wr_ptr : commit_ptr;
    end

    always @(posedge clk) begin
        // registered read (block RAM); a beat written (and released) in this
        // cycle is bypassed through a register and a mux after the RAM
        mem_q <= mem[rd_ptr_next[ADDR_WIDTH-1:0]];
        byp_data <= s_wr_data;
        byp_sel <= wr_ok && rd_ptr_next == wr_ptr && rel_next == wr_ptr + 1'b1;
        m_rd_avail <= (wr_ok && rd_ptr_next == wr_ptr && rel_next == wr_ptr + 1'b1)
                      || rd_ptr_next != rel_next;
        rel_ptr <= rel_next;
        rd_ptr <= rd_ptr_next;
        if (do_done)
            drd_ptr <= drd_ptr + 1'b1;

        stat_overflow <= 1'b0;
        stat_commit <= 1'b0;
        if (s_wr_valid) begin
            if (!wr_ok) begin
                ovf_reg <= 1'b1;
            end else begin
                mem[wr_ptr[ADDR_WIDTH-1:0]] <= s_wr_data;
                wr_ptr <= wr_ptr + 1'b1;
            end
        end

        // cut-through: open at the header, close at the verdict
        if (do_open) begin
            dmem[dwr_ptr[DESC_ADDR_WIDTH-1:0]] <= {s_end_len, s_end_session, s_end_seq,
                                                   s_end_count, s_end_end, s_end_stamp, cycle};
            dwr_ptr <= dwr_ptr + 1'b1;
            open_reg <= 1'b1;
            // (the frame's beats start at wr_ptr: at most this one is written before its header)
        end
        if (s_close && open_reg) begin
            open_reg <= 1'b0;
            ct_end_reg <= 1'b1;
            ovf_reg <= 1'b0;
            // (a bad frame keeps its beats: the reader may be inside it)
            emem[open_idx] <= {!(s_close_ok && !ovf_reg && !(s_wr_valid && !wr_ok)),
                                                         s_wr_valid && wr_ok ? wr_ptr + 1'b1 : wr_ptr};
            commit_ptr <= (s_wr_valid && wr_ok) ? wr_ptr + 1'b1 : wr_ptr;
            stat_commit <= s_close_ok && !ovf_reg && !(s_wr_valid && !wr_ok);
            stat_overflow <= s_close_ok && (ovf_reg || (s_wr_valid && !wr_ok));
        end

        if (s_end) begin
            if (!saf_end) begin
                ct_end_reg <= 1'b0;        // closed by s_close already
            end else begin
                ovf_reg <= 1'b0;
                if (saf_commit) begin
                    commit_ptr <= wr_ptr;
                    dmem[dwr_ptr[DESC_ADDR_WIDTH-1:0]] <= {s_end_len, s_end_session, s_end_seq,
                                                           s_end_count, s_end_end, s_end_stamp, cycle};
                    emem[dwr_ptr[DESC_ADDR_WIDTH-1:0]] <= {1'b0, wr_ptr};
                    dwr_ptr <= dwr_ptr + 1'b1;
                    stat_commit <= 1'b1;
                end else begin
                    wr_ptr <= commit_ptr;
                    stat_overflow <= (s_end_code == 4'd0);
                end
            end
        end

        if (rst) begin
            wr_ptr <= 0;
            commit_ptr <= 0;
            rel_ptr <= 0;
            rd_ptr <= 0;
            dwr_ptr <= 0;
            drd_ptr <= 0;
            ovf_reg <= 1'b0;
            open_reg <= 1'b0;
            ct_end_reg <= 1'b0;
            m_rd_avail <= 1'b0;
            stat_overflow <= 1'b0;
            stat_commit <= 1'b0;
        end
    end

endmodule

`default_nettype wire
