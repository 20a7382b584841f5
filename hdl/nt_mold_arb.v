// nt_mold_arb -- MoldUDP64 sequencing and A/B line arbitration.
//
// Takes whole committed frames from the two line FIFOs (nt_rx_fifo) in commit
// order (the earlier commit first; A on a tie), applies the sequencing rules
// of sim/model/nanotick_model/mold.py Sequencer, and streams the message
// blocks of the frames to keep to nt_mold_split, one beat per cycle:
//   * new session id: SESSION event item, sequencing restarts (the first data
//     packet sets the expected number).  The previous session id is
//     remembered: its late packets are dropped (old_session).  (The model
//     remembers every session seen; one is enough for A/B session changes.)
//   * heartbeat (count 0): dropped.  End of session (count 0xFFFF): EOS event,
//     later packets of the session are dropped (after_end).
//   * seq + count <= expected: duplicate, dropped in one cycle.
//   * seq > expected: GAP event item (expected, received, count), delivered.
//   * seq < expected < seq + count: delivered with first_idx = expected - seq
//     (the splitter suppresses the blocks below it): first copy wins.
// Events travel in the same item stream as the messages, so they reach the
// record writer in order with the book records.
`timescale 1ns / 1ps
`default_nettype none

module nt_mold_arb (
    input  wire         clk,
    input  wire         rst,

    // line A FIFO
    input  wire         a_desc_valid,
    input  wire [15:0]  a_desc_len,
    input  wire [79:0]  a_desc_session,
    input  wire [63:0]  a_desc_seq,
    input  wire [15:0]  a_desc_count,
    input  wire [63:0]  a_desc_stamp,
    input  wire [63:0]  a_desc_commit,
    input  wire [63:0]  a_rd_data,
    output reg          a_rd_pop,       // combinational
    output reg          a_rd_done,      // combinational
    // line B FIFO
    input  wire         b_desc_valid,
    input  wire [15:0]  b_desc_len,
    input  wire [79:0]  b_desc_session,
    input  wire [63:0]  b_desc_seq,
    input  wire [15:0]  b_desc_count,
    input  wire [63:0]  b_desc_stamp,
    input  wire [63:0]  b_desc_commit,
    input  wire [63:0]  b_rd_data,
    output reg          b_rd_pop,
    output reg          b_rd_done,

    // item stream to nt_mold_split
    output reg          m_valid,
    input  wire         m_ready,
    output reg  [63:0]  m_data,
    output reg  [3:0]   m_nbytes,     // valid bytes of m_data (lanes 0..m_nbytes-1)
    output reg          m_first,      // first beat of a frame (context valid)
    output reg          m_last,
    output reg          m_evt,        // an event item (single beat)
    output reg  [3:0]   m_evt_code,   // NT_EVT_GAP (1), NT_EVT_END_OF_SESSION (5), NT_EVT_SESSION (7)
    output reg  [63:0]  m_evt_expected,
    output reg  [63:0]  m_evt_received,
    output reg  [63:0]  m_seq,        // frame: first sequence number
    output reg  [15:0]  m_count,      // frame: message count
    output reg  [15:0]  m_first_idx,  // frame: blocks below this index are not delivered
    output reg          m_line,       // 0 = A, 1 = B
    output reg  [63:0]  m_stamp,      // frame: ingress cycle of its first beat

    // statistics (one-cycle pulses)
    output reg          stat_packet,
    output reg          stat_heartbeat,
    output reg          stat_duplicate,
    output reg          stat_overlap,
    output reg          stat_gap,
    output reg          stat_session,
    output reg          stat_old_session,
    output reg          stat_eos,
    output reg          stat_after_end
);

    localparam S_IDLE = 1'b0, S_STREAM = 1'b1;

    reg         state = S_IDLE;
    reg         have_sess = 1'b0, have_prev = 1'b0;
    reg [79:0]  cur_sess = 0, prev_sess = 0;
    reg         exp_valid = 1'b0, ended = 1'b0;
    reg [63:0]  expected = 0;

    reg         line_reg = 1'b0;
    reg [15:0]  left_reg = 0;       // message bytes still to send

    // head selection
    wire        sel_b = b_desc_valid && (!a_desc_valid || (b_desc_commit < a_desc_commit));
    wire        hv = a_desc_valid || b_desc_valid;
    wire [15:0] h_len = sel_b ? b_desc_len : a_desc_len;
    wire [79:0] h_sess = sel_b ? b_desc_session : a_desc_session;
    wire [63:0] h_seq = sel_b ? b_desc_seq : a_desc_seq;
    wire [15:0] h_count = sel_b ? b_desc_count : a_desc_count;
    wire [63:0] h_stamp = sel_b ? b_desc_stamp : a_desc_stamp;
    wire [63:0] rd_data = line_reg ? b_rd_data : a_rd_data;

    wire        new_sess = !have_sess || (h_sess != cur_sess);
    wire        old_sess = new_sess && have_prev && (h_sess == prev_sess);
    wire [63:0] exp_eff = exp_valid ? expected : h_seq;
    wire [63:0] h_end = h_seq + {48'd0, h_count};
    wire [15:0] h_skip = exp_eff[15:0] - h_seq[15:0];

    wire        out_free = !m_valid || m_ready;

    // decisions (combinational: the FIFO pointers move at the next edge)
    wire        idle_go = (state == S_IDLE) && hv && out_free;
    wire        do_session = idle_go && new_sess && !old_sess;
    wire        do_pkt = idle_go && !(new_sess && !old_sess);
    wire        drop = old_sess || ended || h_count == 16'd0 || h_count == 16'hFFFF
                       || h_end <= exp_eff;
    wire        do_drop = do_pkt && drop;
    wire        do_take = do_pkt && !drop;
    wire        st_beat = (state == S_STREAM) && out_free;
    wire        st_lastb = st_beat && (left_reg <= 16'd8);

    always @* begin
        a_rd_pop = st_beat && !st_lastb && !line_reg;
        b_rd_pop = st_beat && !st_lastb && line_reg;
        a_rd_done = (do_drop && !sel_b) || (st_lastb && !line_reg);
        b_rd_done = (do_drop && sel_b) || (st_lastb && line_reg);
    end

    reg first_pending = 1'b0;

    always @(posedge clk) begin
        stat_packet <= do_pkt;
        stat_session <= do_session;
        stat_old_session <= do_drop && old_sess;
        stat_after_end <= do_drop && !old_sess && ended;
        stat_heartbeat <= do_drop && !old_sess && !ended && h_count == 16'd0;
        stat_eos <= do_drop && !old_sess && !ended && h_count == 16'hFFFF;
        stat_duplicate <= do_drop && !old_sess && !ended && h_count != 16'd0 && h_count != 16'hFFFF;
        stat_gap <= do_take && (h_seq > exp_eff);
        stat_overlap <= do_take && (h_seq < exp_eff);

        if (m_valid && m_ready)
            m_valid <= 1'b0;

        if (idle_go) begin
            m_line <= sel_b;
            m_evt <= 1'b1;
            m_first <= 1'b1;
            m_last <= 1'b1;
            m_nbytes <= 4'd0;
            m_seq <= h_seq;
            m_count <= h_count;
            m_stamp <= h_stamp;
            m_first_idx <= 16'd0;
            m_evt_expected <= exp_eff;
            m_evt_received <= h_seq;
        end
        if (do_session) begin
            // SESSION event; the frame is looked at again in the next cycle
            have_prev <= have_sess;
            prev_sess <= cur_sess;
            have_sess <= 1'b1;
            cur_sess <= h_sess;
            exp_valid <= 1'b0;
            ended <= 1'b0;
            m_valid <= 1'b1;
            m_evt_code <= 4'd7;
            m_evt_expected <= 64'd0;
        end
        if (do_drop && !old_sess && !ended && h_count == 16'hFFFF) begin
            ended <= 1'b1;
            m_valid <= 1'b1;
            m_evt_code <= 4'd5;
            m_evt_expected <= exp_valid ? expected : 64'd0;
        end
        if (do_take) begin
            exp_valid <= 1'b1;
            expected <= h_end;
            line_reg <= sel_b;
            left_reg <= h_len;
            first_pending <= 1'b1;
            state <= S_STREAM;
            if (h_seq > exp_eff) begin
                m_valid <= 1'b1;
                m_evt_code <= 4'd1;
            end
            if (h_seq < exp_eff)
                m_first_idx <= h_skip[15:0];
        end
        if (st_beat) begin
            m_valid <= 1'b1;
            m_evt <= 1'b0;
            m_first <= first_pending;
            first_pending <= 1'b0;
            m_data <= rd_data;
            m_nbytes <= (left_reg > 16'd8) ? 4'd8 : left_reg[3:0];
            m_last <= st_lastb;
            left_reg <= st_lastb ? 16'd0 : left_reg - 16'd8;
            if (st_lastb)
                state <= S_IDLE;
        end

        if (rst) begin
            state <= S_IDLE;
            have_sess <= 1'b0;
            have_prev <= 1'b0;
            exp_valid <= 1'b0;
            ended <= 1'b0;
            m_valid <= 1'b0;
            first_pending <= 1'b0;
        end
    end

endmodule

`default_nettype wire
