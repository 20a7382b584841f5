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
//
// Cut-through (nt_rx_fifo open frames): a head frame that is still open
// (headers checked, verdict to come) is taken only if it continues the
// current session in sequence (seq <= expected < seq + count: no session
// change, gap, heartbeat, end of session or duplicate decision is taken on
// an open frame; those wait for the verdict).  A line's head that is open and
// not eligible does not block the other line.  Beats are streamed as they
// become readable (x_rd_avail); the last beat waits for the verdict.  If the
// frame is closed bad while streamed (MAC error, truncation: known only at
// its end), an abort item ends it: nt_mold_split answers with the number of
// blocks it parsed (s_abort_idx), expected becomes max(expected before the
// frame, seq + that number), so the other line's copy (or a later packet:
// gap) supplies the rest; stat_late_bad pulses and the splitter emits a
// late-bad-frame event for the messages already released.  A bad head not
// yet taken is discarded in one cycle.
`timescale 1ns / 1ps
`default_nettype none

module nt_mold_arb (
    input  wire         clk,
    input  wire         rst,

    // line A FIFO
    input  wire         a_desc_valid,
    input  wire         a_desc_open,
    input  wire         a_desc_bad,
    input  wire         a_rd_avail,
    input  wire [15:0]  a_desc_len,
    input  wire [79:0]  a_desc_session,
    input  wire [63:0]  a_desc_seq,
    input  wire [15:0]  a_desc_count,
    input  wire [63:0]  a_desc_end,       // seq + count
    input  wire [63:0]  a_desc_stamp,
    input  wire [63:0]  a_desc_commit,
    input  wire [63:0]  a_rd_data,
    output reg          a_rd_pop,       // combinational
    output reg          a_rd_done,      // combinational
    // line B FIFO
    input  wire         b_desc_valid,
    input  wire         b_desc_open,
    input  wire         b_desc_bad,
    input  wire         b_rd_avail,
    input  wire [15:0]  b_desc_len,
    input  wire [79:0]  b_desc_session,
    input  wire [63:0]  b_desc_seq,
    input  wire [15:0]  b_desc_count,
    input  wire [63:0]  b_desc_end,       // seq + count
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
    output reg          m_abort,      // abort item: the frame ends here, failed its end checks
    input  wire         s_abort_done, // from nt_mold_split: the abort item was processed
    input  wire [15:0]  s_abort_idx,  //   blocks of the frame it parsed

    // statistics (one-cycle pulses)
    output reg          stat_packet,
    output reg          stat_heartbeat,
    output reg          stat_duplicate,
    output reg          stat_overlap,
    output reg          stat_gap,
    output reg          stat_session,
    output reg          stat_old_session,
    output reg          stat_eos,
    output reg          stat_after_end,
    output reg          stat_late_bad
);

    localparam S_IDLE = 2'd0, S_STREAM = 2'd1, S_ABORT = 2'd2;

    reg [1:0]   state = S_IDLE;
    reg [63:0]  exp_prev = 0;       // expected before the frame being streamed
    reg         have_sess = 1'b0, have_prev = 1'b0;
    reg [79:0]  cur_sess = 0, prev_sess = 0;
    reg         exp_valid = 1'b0, ended = 1'b0;
    reg [63:0]  expected = 0;

    reg         line_reg = 1'b0;
    reg [15:0]  left_reg = 0;       // message bytes still to send

    // head selection: closed heads, and open heads that continue the sequence
    wire        a_elig = have_sess && a_desc_session == cur_sess && !ended && exp_valid
                         && a_desc_count != 16'd0 && a_desc_count != 16'hFFFF && a_desc_seq <= expected
                         && a_desc_end > expected;
    wire        b_elig = have_sess && b_desc_session == cur_sess && !ended && exp_valid
                         && b_desc_count != 16'd0 && b_desc_count != 16'hFFFF && b_desc_seq <= expected
                         && b_desc_end > expected;
    wire        a_ready = a_desc_valid && (!a_desc_open || a_elig);
    wire        b_ready = b_desc_valid && (!b_desc_open || b_elig);
    wire        sel_b = b_ready && (!a_ready || (b_desc_commit < a_desc_commit));
    wire        hv = a_ready || b_ready;
    wire        h_bad = sel_b ? b_desc_bad : a_desc_bad;
    wire [15:0] h_len = sel_b ? b_desc_len : a_desc_len;
    wire [79:0] h_sess = sel_b ? b_desc_session : a_desc_session;
    wire [63:0] h_seq = sel_b ? b_desc_seq : a_desc_seq;
    wire [15:0] h_count = sel_b ? b_desc_count : a_desc_count;
    wire [63:0] h_stamp = sel_b ? b_desc_stamp : a_desc_stamp;
    wire [63:0] rd_data = line_reg ? b_rd_data : a_rd_data;

    // per line in parallel, then selected (no compare after the head mux)
    wire        a_new = !have_sess || (a_desc_session != cur_sess);
    wire        b_new = !have_sess || (b_desc_session != cur_sess);
    wire        a_old = a_new && have_prev && (a_desc_session == prev_sess);
    wire        b_old = b_new && have_prev && (b_desc_session == prev_sess);
    wire        a_drop = a_old || ended || a_desc_count == 16'd0 || a_desc_count == 16'hFFFF
                         || (exp_valid && a_desc_end <= expected);
    wire        b_drop = b_old || ended || b_desc_count == 16'd0 || b_desc_count == 16'hFFFF
                         || (exp_valid && b_desc_end <= expected);
    wire        a_gap = exp_valid && a_desc_seq > expected;
    wire        b_gap = exp_valid && b_desc_seq > expected;
    wire        a_ovl = exp_valid && a_desc_seq < expected;
    wire        b_ovl = exp_valid && b_desc_seq < expected;
    wire        new_sess = sel_b ? b_new : a_new;
    wire        old_sess = sel_b ? b_old : a_old;
    wire        h_gap = sel_b ? b_gap : a_gap;
    wire        h_ovl = sel_b ? b_ovl : a_ovl;
    wire [63:0] exp_eff = exp_valid ? expected : h_seq;
    wire [63:0] h_end = sel_b ? b_desc_end : a_desc_end;
    wire [15:0] h_skip = exp_eff[15:0] - h_seq[15:0];

    wire        out_free = !m_valid || m_ready;

    // decisions (combinational: the FIFO pointers move at the next edge)
    wire        idle_go = (state == S_IDLE) && hv && out_free;
    wire        do_discard = idle_go && h_bad;
    wire        do_session = idle_go && !h_bad && new_sess && !old_sess;
    wire        do_pkt = idle_go && !h_bad && !(new_sess && !old_sess);
    // (without an expected number the packet sets it: seq + count > seq unless count is 0)
    wire        drop = sel_b ? b_drop : a_drop;
    wire        do_drop = do_pkt && drop;
    wire        do_take = do_pkt && !drop;
    wire        cur_open = line_reg ? b_desc_open : a_desc_open;
    wire        cur_bad = line_reg ? b_desc_bad : a_desc_bad;
    wire        cur_avail = line_reg ? b_rd_avail : a_rd_avail;
    wire        do_abort = (state == S_STREAM) && out_free && cur_bad;
    // a beat when readable; the frame's last beat only once the frame is closed good
    wire        st_beat = (state == S_STREAM) && out_free && !cur_bad && cur_avail
                          && (left_reg > 16'd8 || !cur_open);
    wire        st_lastb = st_beat && (left_reg <= 16'd8);
    wire [63:0] abort_end = m_seq + {48'd0, s_abort_idx};

    always @* begin
        a_rd_pop = st_beat && !st_lastb && !line_reg;
        b_rd_pop = st_beat && !st_lastb && line_reg;
        a_rd_done = ((do_drop || do_discard) && !sel_b) || ((st_lastb || do_abort) && !line_reg);
        b_rd_done = ((do_drop || do_discard) && sel_b) || ((st_lastb || do_abort) && line_reg);
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
        stat_gap <= do_take && h_gap;
        stat_overlap <= do_take && h_ovl;
        stat_late_bad <= do_abort;

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
            m_abort <= 1'b0;
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
            exp_prev <= exp_eff;
            line_reg <= sel_b;
            left_reg <= h_len;
            first_pending <= 1'b1;
            state <= S_STREAM;
            if (h_gap) begin
                m_valid <= 1'b1;
                m_evt_code <= 4'd1;
            end
            if (h_ovl)
                m_first_idx <= h_skip[15:0];
        end
        if (st_beat) begin
            m_valid <= 1'b1;
            m_evt <= 1'b0;
            m_abort <= 1'b0;
            m_first <= first_pending;
            first_pending <= 1'b0;
            m_data <= rd_data;
            m_nbytes <= (left_reg > 16'd8) ? 4'd8 : left_reg[3:0];
            m_last <= st_lastb;
            left_reg <= st_lastb ? 16'd0 : left_reg - 16'd8;
            if (st_lastb)
                state <= S_IDLE;
        end
        if (do_abort) begin
            m_valid <= 1'b1;
            m_evt <= 1'b0;
            m_abort <= 1'b1;
            m_first <= first_pending;
            first_pending <= 1'b0;
            m_nbytes <= 4'd0;
            m_last <= 1'b1;
            left_reg <= 16'd0;
            state <= S_ABORT;
        end
        if (state == S_ABORT && s_abort_done) begin
            expected <= (abort_end > exp_prev) ? abort_end : exp_prev;
            state <= S_IDLE;
        end

        if (rst) begin
            state <= S_IDLE;
            have_sess <= 1'b0;
            have_prev <= 1'b0;
            exp_valid <= 1'b0;
            ended <= 1'b0;
            m_valid <= 1'b0;
            m_abort <= 1'b0;
            first_pending <= 1'b0;
            stat_late_bad <= 1'b0;
        end
    end

endmodule

`default_nettype wire
