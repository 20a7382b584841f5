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
// Throughput: one beat per cycle while at most one message ends in a beat
// (always true for real ITCH: the shortest block is 2 + 12 bytes); a second
// message ending in the same beat costs one more cycle (s_ready low).
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
    wire fresh = s_first && lo_reg == 0;     // first look at a frame's first beat

    // one beat, lane by lane
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
    reg [7:0]              b;
    integer                j;

    always @* begin
        t_st = fresh ? 2'd0 : st_reg;
        t_len = len_reg;
        t_cnt = cnt_reg;
        t_idx = fresh ? 16'd0 : idx_reg;
        t_done = fresh ? 1'b0 : done_reg;
        t_trail = fresh ? 1'b0 : trail_reg;
        c_count = fresh ? s_count : f_count;
        t_buf = buf_reg;
        emitted = 1'b0;
        stop = 1'b0;
        stop_lane = 3'd0;
        e_buf = buf_reg;
        e_len = 16'd0;
        e_idx = 16'd0;
        n_empty = 3'd0;
        for (j = 0; j < 8; j = j + 1) begin
            b = s_data[8*j +: 8];
            if (j >= {29'd0, lo_reg} && j < {28'd0, s_nbytes} && !stop) begin
                if (t_done) begin
                    t_trail = 1'b1;
                end else begin
                    case (t_st)
                    2'd0: begin
                        t_len = {b, 8'd0};
                        t_st = 2'd1;
                    end
                    2'd1: begin
                        t_len = {t_len[15:8], b};
                        t_cnt = 16'd0;
                        if (t_len == 16'd0) begin
                            n_empty = n_empty + 3'd1;
                            t_idx = t_idx + 16'd1;
                            t_done = (t_idx == c_count);
                            t_st = 2'd0;
                        end else begin
                            t_st = 2'd2;
                        end
                    end
                    default: begin
                        if (t_cnt + 16'd1 == t_len && emitted) begin
                            stop = 1'b1;
                            stop_lane = j[2:0];
                        end else begin
                            if (t_cnt < MSG_BYTES)
                                t_buf[8*t_cnt +: 8] = b;
                            t_cnt = t_cnt + 16'd1;
                            if (t_cnt == t_len) begin
                                emitted = 1'b1;
                                e_buf = t_buf;
                                e_len = t_len;
                                e_idx = t_idx;
                                t_idx = t_idx + 16'd1;
                                t_done = (t_idx == c_count);
                                t_st = 2'd0;
                            end
                        end
                    end
                    endcase
                end
            end
        end
    end

    wire [15:0] c_first_idx = fresh ? s_first_idx : f_first_idx;
    wire [63:0] c_seq = fresh ? s_seq : f_seq;
    wire        go = s_valid && out_free;

    always @* begin
        s_ready = out_free && (s_evt || !stop);
    end

    always @(posedge clk) begin
        stat_empty <= 3'd0;
        stat_lost <= 16'd0;
        stat_trailing <= 1'b0;
        stat_delivered <= 1'b0;
        if (m_valid && m_ready)
            m_valid <= 1'b0;

        if (go && s_evt) begin
            m_valid <= 1'b1;
            m_evt <= 1'b1;
            m_evt_code <= s_evt_code;
            m_evt_expected <= s_evt_expected;
            m_evt_received <= s_evt_received;
            m_line <= s_line;
            m_stamp <= s_stamp;
            m_mold_seq <= s_evt_received;
        end else if (go) begin
            if (fresh) begin
                f_seq <= s_seq;
                f_count <= s_count;
                f_first_idx <= s_first_idx;
                f_line <= s_line;
                f_stamp <= s_stamp;
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
            if (emitted && e_idx >= c_first_idx) begin
                m_valid <= 1'b1;
                m_evt <= 1'b0;
                m_msg <= e_buf;
                m_len <= e_len;
                m_mold_seq <= c_seq + {48'd0, e_idx};
                m_line <= fresh ? s_line : f_line;
                m_stamp <= fresh ? s_stamp : f_stamp;
                stat_delivered <= 1'b1;
            end
            if (s_last && !stop) begin
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
            idx_reg <= 16'd0;
            done_reg <= 1'b0;
        end
    end

endmodule

`default_nettype wire
