// nt_mold_split -- splits MoldUDP64 message blocks (2-byte big-endian length +
// message) out of the 64-bit beats of a packet, at any byte offset across
// beats, and numbers them.
//
// Input: the item stream of nt_mold_arb (frame beats from the first message
// block on, and event items, which are passed through in order).
// Output: one item per delivered message (m_msg holds its first MSG_BYTES
// bytes, byte 0 = type in m_msg[7:0]; longer messages keep their length in
// m_len and are decoded from those bytes) or event.
//
// Blocks follow sim/model/nanotick_model/mold.py parse_packet: a block of
// length 0 occupies its sequence number and delivers nothing (stat_empty);
// a block running past the payload ends the packet (its blocks and the
// missing ones: stat_lost); bytes after `count` blocks are ignored
// (stat_trailing).  Blocks with an index below the frame's first_idx
// (already delivered by the other line) are parsed and not delivered.
//
// Abort (cut-through, s_abort: the frame failed its end checks after some of
// its beats were passed on): the parser drops the block in progress, answers
// m_abort_done with the number of blocks parsed (m_abort_idx), and, if it
// delivered messages of the frame, emits a late-bad-frame event item (code
// 10, expected = first delivered sequence number, received = first sequence
// number not delivered).
//
// Throughput: one beat per cycle while at most one message ends in a beat
// (always true for real ITCH: the shortest block is 2 + 12 bytes); a second
// block ending in the same beat (tiny or empty blocks: garbage) costs one
// more cycle (s_ready low).  Logic: per beat one block end, one length
// decode and two 64-bit-into-MSG_BYTES copy shifters, no per-byte chain.
`timescale 1ns / 1ps
`default_nettype none

module nt_mold_split #(
    parameter MSG_BYTES = 48
) (
    input  wire                    clk,
    input  wire                    rst,

    input  wire                    s_valid,
    output reg                     s_ready,
    input  wire [63:0]             s_data,
    input  wire [3:0]              s_nbytes,
    input  wire                    s_first,
    input  wire                    s_last,
    input  wire                    s_evt,
    input  wire [3:0]              s_evt_code,
    input  wire [63:0]             s_evt_expected,
    input  wire [63:0]             s_evt_received,
    input  wire [63:0]             s_seq,
    input  wire [15:0]             s_count,
    input  wire [15:0]             s_first_idx,
    input  wire                    s_line,
    input  wire [63:0]             s_stamp,
    input  wire                    s_abort,
    output reg                     m_abort_done,
    output reg  [15:0]             m_abort_idx,

    output reg                     m_valid,
    input  wire                    m_ready,
    output reg                     m_evt,
    output reg  [3:0]              m_evt_code,
    output reg  [63:0]             m_evt_expected,
    output reg  [63:0]             m_evt_received,
    output reg  [8*MSG_BYTES-1:0]  m_msg,
    output reg  [15:0]             m_len,
    output reg  [63:0]             m_mold_seq,
    output reg                     m_line,
    output reg  [63:0]             m_stamp,

    output reg  [2:0]              stat_empty,     // zero-length blocks in this cycle
    output reg  [15:0]             stat_lost,      // blocks lost at the end of a packet
    output reg                     stat_trailing,  // a packet had bytes after its blocks
    output reg                     stat_delivered
);

    // parser state
    reg [1:0]              st_reg = 0;          // 0: length hi, 1: length lo, 2: body
    reg [15:0]             len_reg = 0;
    reg [15:0]             cnt_reg = 0;
    reg [15:0]             idx_reg = 0;
    reg                    done_reg = 1'b0;
    reg                    trail_reg = 1'b0;
    reg [8*MSG_BYTES-1:0]  buf_reg = 0;
    reg [2:0]              lo_reg = 0;          // first lane still to parse in the current beat
    reg [63:0]             f_seq = 0;
    reg [15:0]             f_count = 0;
    reg [15:0]             f_first_idx = 0;
    reg                    f_line = 1'b0;
    reg [63:0]             f_stamp = 0;

    wire out_free = !m_valid || m_ready;

    // A beat in which a second block ends (or an empty one starts) is parsed in
    // two cycles from lo_reg.  It is taken (s_ready does not depend on the
    // data: a ready computed from the parse ran through the arbiter into the
    // line FIFO's pop, the design's longest path) and held here; s_ready is
    // low while it is held.  i_* is the beat being parsed.
    reg                    hold_reg = 1'b0;
    reg [63:0]             h_data = 0;
    reg [3:0]              h_nbytes = 0;
    reg                    h_first = 1'b0, h_last = 1'b0, h_line = 1'b0;
    reg [63:0]             h_seq = 0, h_stamp = 0;
    reg [15:0]             h_count = 0, h_first_idx = 0;
    wire                   i_valid = hold_reg || s_valid;
    wire                   i_evt = !hold_reg && s_evt;
    wire                   i_abort = !hold_reg && s_abort;
    wire [63:0]            i_data = hold_reg ? h_data : s_data;
    wire [3:0]             i_nbytes = hold_reg ? h_nbytes : s_nbytes;
    wire                   i_first = hold_reg ? h_first : s_first;
    wire                   i_last = hold_reg ? h_last : s_last;
    wire [63:0]            i_seq = hold_reg ? h_seq : s_seq;
    wire [15:0]            i_count = hold_reg ? h_count : s_count;
    wire [15:0]            i_first_idx = hold_reg ? h_first_idx : s_first_idx;
    wire                   i_line = hold_reg ? h_line : s_line;
    wire [63:0]            i_stamp = hold_reg ? h_stamp : s_stamp;
    wire fresh = i_first && lo_reg == 0;     // first look at a frame's first beat

    // One beat: (A) the rest of the current block, at most one block end;
    // (B) the start of the next block, unless it also ends in this beat (or
    // is empty): then the beat is kept and parsed again from that lane.
    // Each message's bytes are copied into the buffer with one shifter.
    /* verilator lint_off UNUSEDSIGNAL */
    function [8*MSG_BYTES-1:0] copy_in(input [8*MSG_BYTES-1:0] bufv, input [63:0] d,
                                       input [3:0] s, input [3:0] n, input [15:0] c16);
        reg [5:0] c;    // (6-bit shift amount: a 6-stage shifter, not 16)
        reg [8*MSG_BYTES+63:0] sh, mk;
        begin
            c = c16[5:0];
            sh = {{(8*MSG_BYTES){1'b0}}, d >> (8 * s[2:0])} << (8 * c);
            mk = {{(8*MSG_BYTES){1'b0}}, ~(64'hFFFFFFFFFFFFFFFF << (8 * n))} << (8 * c);
            if (n == 4'd8)
                mk = {{(8*MSG_BYTES){1'b0}}, 64'hFFFFFFFFFFFFFFFF} << (8 * c);
            copy_in = (bufv & ~mk[8*MSG_BYTES-1:0]) | (sh[8*MSG_BYTES-1:0] & mk[8*MSG_BYTES-1:0]);
            if (c16 >= MSG_BYTES)
                copy_in = bufv;
        end
    endfunction

    function [7:0] lane(input [63:0] d, input [3:0] k);
        lane = d[8 * k[2:0] +: 8];
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    reg [1:0]              t_st;
    reg [15:0]             t_len, t_cnt, t_idx;
    reg                    t_done, t_trail;
    reg [8*MSG_BYTES-1:0]  t_buf;
    reg                    emitted, stop;
    reg [2:0]              stop_lane;
    reg [8*MSG_BYTES-1:0]  e_buf;
    reg [15:0]             e_len, e_idx;
    reg [2:0]              n_empty;
    reg [15:0]             c_count;
    reg [3:0]              lo, nb, bs, p, h;
    reg [15:0]             lenf, cnt0, rem, ba, len2;
    reg                    ended;

    always @* begin
        t_st = fresh ? 2'd0 : st_reg;
        t_len = len_reg;
        t_cnt = cnt_reg;
        t_idx = fresh ? 16'd0 : idx_reg;
        t_done = fresh ? 1'b0 : done_reg;
        t_trail = fresh ? 1'b0 : trail_reg;
        c_count = fresh ? i_count : f_count;
        t_buf = buf_reg;
        emitted = 1'b0;
        stop = 1'b0;
        stop_lane = 3'd0;
        e_buf = buf_reg;
        e_len = 16'd0;
        e_idx = 16'd0;
        n_empty = 3'd0;
        lo = {1'b0, lo_reg};
        nb = (i_nbytes > 4'd8) ? 4'd8 : i_nbytes;
        ended = 1'b0;
        p = nb;
        bs = 4'd0; h = 4'd0; lenf = 16'd0; cnt0 = 16'd0; rem = 16'd0; ba = 16'd0; len2 = 16'd0;

        if (lo < nb) begin
            if (t_done) begin
                t_trail = 1'b1;
            end else begin
                // ---- A: the current block
                h = (t_st == 2'd0) ? 4'd2 : ((t_st == 2'd1) ? 4'd1 : 4'd0);
                if (lo + h > nb) begin
                    // only the length's first byte is here
                    t_len = {lane(i_data, lo), 8'd0};
                    t_st = 2'd1;
                end else begin
                    lenf = (t_st == 2'd0) ? {lane(i_data, lo), lane(i_data, lo + 4'd1)}
                         : ((t_st == 2'd1) ? {t_len[15:8], lane(i_data, lo)} : t_len);
                    cnt0 = (t_st == 2'd2) ? t_cnt : 16'd0;
                    bs = lo + h;
                    ba = {12'd0, nb - bs};
                    rem = lenf - cnt0;
                    if (lenf == 16'd0) begin
                        n_empty = 3'd1;
                        ended = 1'b1;
                        p = bs;
                        t_st = 2'd0;
                        t_idx = t_idx + 16'd1;
                    end else if (rem <= ba) begin
                        e_buf = copy_in(t_buf, i_data, bs, rem[3:0], cnt0);
                        emitted = 1'b1;
                        e_len = lenf;
                        e_idx = t_idx;
                        ended = 1'b1;
                        p = bs + rem[3:0];
                        t_st = 2'd0;
                        t_idx = t_idx + 16'd1;
                    end else begin
                        t_buf = copy_in(t_buf, i_data, bs, ba[3:0], cnt0);
                        t_st = 2'd2;
                        t_len = lenf;
                        t_cnt = cnt0 + ba;
                    end
                end
                // ---- B: the next block
                if (ended) begin
                    t_done = (t_idx == c_count);
                    if (p < nb) begin
                        if (t_done) begin
                            t_trail = 1'b1;
                        end else if (p + 4'd1 == nb) begin
                            t_len = {lane(i_data, p), 8'd0};
                            t_st = 2'd1;
                        end else begin
                            len2 = {lane(i_data, p), lane(i_data, p + 4'd1)};
                            if (len2 == 16'd0 || {12'd0, p} + 16'd2 + len2 <= {12'd0, nb}) begin
                                stop = 1'b1;
                                stop_lane = p[2:0];
                            end else begin
                                t_buf = copy_in(e_buf, i_data, p + 4'd2, nb - p - 4'd2, 16'd0);
                                t_st = 2'd2;
                                t_len = len2;
                                t_cnt = {12'd0, nb - p - 4'd2};
                            end
                        end
                    end
                end
            end
        end
    end

    wire [15:0] c_first_idx = fresh ? i_first_idx : f_first_idx;
    wire [63:0] c_seq = fresh ? i_seq : f_seq;
    wire        go = i_valid && out_free;

    always @* begin
        s_ready = out_free && !hold_reg;
    end

    always @(posedge clk) begin
        m_abort_done <= 1'b0;
        stat_empty <= 3'd0;
        stat_lost <= 16'd0;
        stat_trailing <= 1'b0;
        stat_delivered <= 1'b0;
        if (m_valid && m_ready)
            m_valid <= 1'b0;

        if (go && i_evt) begin
            m_valid <= 1'b1;
            m_evt <= 1'b1;
            m_evt_code <= s_evt_code;
            m_evt_expected <= s_evt_expected;
            m_evt_received <= s_evt_received;
            m_line <= i_line;
            m_stamp <= i_stamp;
            m_mold_seq <= s_evt_received;
        end else if (go && i_abort) begin
            m_abort_done <= 1'b1;
            m_abort_idx <= t_idx;
            st_reg <= 2'd0;
            lo_reg <= 3'd0;
            done_reg <= 1'b1;
            if (t_idx > c_first_idx) begin
                m_valid <= 1'b1;
                m_evt <= 1'b1;
                m_evt_code <= 4'd10;
                m_evt_expected <= c_seq + {48'd0, c_first_idx};
                m_evt_received <= c_seq + {48'd0, t_idx};
                m_mold_seq <= c_seq + {48'd0, t_idx};
                m_line <= fresh ? i_line : f_line;
                m_stamp <= fresh ? i_stamp : f_stamp;
            end
        end else if (go) begin
            if (fresh) begin
                f_seq <= i_seq;
                f_count <= i_count;
                f_first_idx <= i_first_idx;
                f_line <= i_line;
                f_stamp <= i_stamp;
            end
            st_reg <= t_st;
            len_reg <= t_len;
            cnt_reg <= t_cnt;
            idx_reg <= t_idx;
            done_reg <= t_done;
            trail_reg <= t_trail;
            buf_reg <= t_buf;
            stat_empty <= n_empty;
            lo_reg <= stop ? stop_lane : 3'd0;
            hold_reg <= stop;
            if (stop && !hold_reg) begin
                h_data <= s_data;
                h_nbytes <= s_nbytes;
                h_first <= s_first;
                h_last <= s_last;
                h_seq <= s_seq;
                h_count <= s_count;
                h_first_idx <= s_first_idx;
                h_line <= s_line;
                h_stamp <= s_stamp;
            end
            if (emitted && e_idx >= c_first_idx) begin
                m_valid <= 1'b1;
                m_evt <= 1'b0;
                m_msg <= e_buf;
                m_len <= e_len;
                m_mold_seq <= c_seq + {48'd0, e_idx};
                m_line <= fresh ? i_line : f_line;
                m_stamp <= fresh ? i_stamp : f_stamp;
                stat_delivered <= 1'b1;
            end
            if (i_last && !stop) begin
                // end of the packet
                st_reg <= 2'd0;
                if (!t_done)
                    stat_lost <= c_count - t_idx;
                stat_trailing <= t_trail;
            end
        end

        if (rst) begin
            m_valid <= 1'b0;
            st_reg <= 2'd0;
            lo_reg <= 3'd0;
            hold_reg <= 1'b0;
            idx_reg <= 16'd0;
            done_reg <= 1'b0;
            m_abort_done <= 1'b0;
        end
    end

endmodule

`default_nettype wire
