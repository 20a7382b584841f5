// nt_eth_udp_rx -- Ethernet II [+ up to two 802.1Q/802.1ad tags] / IPv4 / UDP
// receive, one line.
//
// s_axis: 64-bit AXI-Stream from the MAC, byte 0 of the frame in tdata[7:0].
// s_axis_tready is constant 1: the MAC cannot be stalled.  s_axis_tuser = 1 on
// any beat marks a MAC error (bad FCS, runt, truncated capture): the frame is
// dropped.
//
// Output: the bytes that follow the 20-byte MoldUDP64 header (the message
// blocks), re-aligned to lane 0, written into nt_rx_fifo one beat per cycle
// (m_wr_*), then at the frame end (two cycles after tlast) one m_end pulse
// with m_end_code (0 = accept) and the frame descriptor.  The FIFO commits
// or rolls back the frame's beats.  Checks and their order follow
// sim/model/nanotick_model/pcap.py parse_frame (codes below); every frame
// ends with exactly one m_end pulse, so every frame is counted.
//
// Codes (m_end_code): 0 ok, 1 mac_error, 2 short_ethernet, 3 bad_ip_header,
// 4 bad_ip_length, 5 bad_ip_checksum, 6 ip_fragment, 7 bad_udp_length,
// 8 bad_mold_header (UDP payload < 20 bytes), 10 not_ipv4 (skip),
// 11 not_udp (skip), 12 port_filtered (skip), 13 group_filtered (skip),
// 14 too_many_tags (drop: three or more VLAN tags).  9 (fifo_overflow) is
// reported by nt_rx_fifo.
//
// Pipeline: header bytes 0..111 are kept in hdr_buf; the checks run in the
// cycle after tlast (post1, registered) and the result is issued in post2.
//
// Cut-through support (used by nt_rx_fifo when enabled):
//   * m_hdr: one pulse per frame, one cycle after the beat that follows the
//     MoldUDP64 header, when every check knowable from the headers passed
//     (the checks of post1 that do not need the frame length or the MAC
//     error); m_end_len/session/seq/count/stamp carry the descriptor.
//   * m_wr_safe (with m_wr_valid): the beat holds no byte of the frame's
//     tlast beat and no MAC error was seen: it may be released before the
//     frame's end.  Bytes of the tlast beat wait for the verdict.
//   * m_close / m_close_ok: for a frame that had m_hdr, the final verdict in
//     the cycle after tlast (ok = no MAC error and the frame holds the whole
//     IPv4 packet), one cycle before m_end, written together with the last
//     (flush) beat.  m_end_opened marks the m_end of such a frame.
`timescale 1ns / 1ps
`default_nettype none

module nt_eth_udp_rx #(
    parameter DATA_WIDTH = 64,
    parameter KEEP_WIDTH = DATA_WIDTH / 8
) (
    input  wire                   clk,
    input  wire                   rst,

    input  wire [DATA_WIDTH-1:0]  s_axis_tdata,
    input  wire [KEEP_WIDTH-1:0]  s_axis_tkeep,
    input  wire                   s_axis_tvalid,
    output wire                   s_axis_tready,
    input  wire                   s_axis_tlast,
    input  wire                   s_axis_tuser,

    input  wire [15:0]            cfg_port,
    input  wire                   cfg_port_en,
    input  wire [31:0]            cfg_group,
    input  wire                   cfg_group_en,
    input  wire [63:0]            cycle,

    output reg  [63:0]            m_wr_data,
    output reg                    m_wr_valid,
    output reg                    m_wr_safe,

    output reg                    m_hdr,
    output reg                    m_close,
    output reg                    m_close_ok,
    output reg                    m_end_opened,

    output reg                    m_end,
    output reg  [3:0]             m_end_code,
    output reg  [15:0]            m_end_len,      // message-block bytes (UDP payload - 20)
    output reg  [79:0]            m_end_session,
    output reg  [63:0]            m_end_seq,
    output reg  [15:0]            m_end_count,
    output reg  [63:0]            m_end_stamp     // cycle of the frame's first beat
);

    localparam HDR_BYTES = 112;
    localparam HDR_BEATS = HDR_BYTES / 8;

`ifndef SYNTHESIS
    initial begin
        if (DATA_WIDTH != 64) begin
            $display("nt_eth_udp_rx: only DATA_WIDTH = 64 is implemented");
            $finish;
        end
    end
`endif

    assign s_axis_tready = 1'b1;

    // ---------------------------------------------------------------- input side
    /* verilator lint_off UNUSEDSIGNAL */
    reg [8*HDR_BYTES-1:0] hdr_buf = 0;      // (the MAC addresses are not looked at)
    /* verilator lint_on UNUSEDSIGNAL */
    reg [15:0]            beat_reg = 0;       // index of the next beat of the frame
    reg                   err_reg = 1'b0;     // tuser seen in this frame
    reg [63:0]            prev_reg = 0;       // previous beat (realignment)
    reg [63:0]            stamp_reg = 0;
    reg                   post1_reg = 1'b0;
    reg [15:0]            flen_reg = 0;       // frame length (bytes), valid in post1
    reg                   post1_err_reg = 1'b0;
    reg [63:0]            post1_stamp_reg = 0;
    reg [63:0]            last_reg = 0;       // tlast beat, for the flush in post1
    reg [2:0]             shift_reg = 0;      // (payload start + 20) mod 8
    reg [15:0]            pstart_reg = 0;     // (payload start + 20) / 8: first output beat index - 1
    reg [15:0]            hdrb_reg = 16'hFFFF; // first beat after the MoldUDP64 header
    reg                   hdr_sent_reg = 1'b0; // m_hdr issued for this frame
    reg [15:0]            need_reg = 0;       // l3 + IPv4 total length: the frame must hold that
    reg                   post1_open_reg = 1'b0;
    reg                   post1_ok_reg = 1'b0;
    reg                   p2_open = 1'b0;

    // number of valid bytes in a tkeep (contiguous from lane 0)
    function [3:0] keep_count(input [7:0] k);
        integer i;
        begin
            keep_count = 0;
            for (i = 0; i < 8; i = i + 1)
                if (k[i]) keep_count = i[3:0] + 1;
        end
    endfunction

    // ------------------------------------------------------------ header parse
    // Combinational from hdr_buf; valid once the bytes involved are in it.
    wire [15:0] et0 = {hdr_buf[8*12 +: 8], hdr_buf[8*13 +: 8]};
    wire [15:0] et1 = {hdr_buf[8*16 +: 8], hdr_buf[8*17 +: 8]};
    wire [15:0] et2 = {hdr_buf[8*20 +: 8], hdr_buf[8*21 +: 8]};
    wire        tag0 = (et0 == 16'h8100) || (et0 == 16'h88A8);
    wire        tag1 = (et1 == 16'h8100) || (et1 == 16'h88A8);
    wire        tag2 = (et2 == 16'h8100) || (et2 == 16'h88A8);
    wire [1:0]  ntags = !tag0 ? 2'd0 : (!tag1 ? 2'd1 : (!tag2 ? 2'd2 : 2'd3));
    wire [15:0] etype = (ntags == 2'd0) ? et0 : ((ntags == 2'd1) ? et1 : et2);
    wire [6:0]  l3 = (ntags == 2'd0) ? 7'd14 : ((ntags == 2'd1) ? 7'd18 : 7'd22);

    // the IPv4 header and the UDP header, realigned
    // (constant-offset selects, not barrel shifters: l3 has three values, IHL eleven)
    /* verilator lint_off UNUSEDSIGNAL */
    wire [8*90-1:0] ipb = (ntags == 2'd0) ? hdr_buf[8*14 +: 8*90]
                        : ((ntags == 2'd1) ? hdr_buf[8*18 +: 8*90] : hdr_buf[8*22 +: 8*90]);
    wire [3:0]  ip_ver = ipb[7:4];
    wire [3:0]  ip_ihl = ipb[3:0];
    wire [6:0]  ihl4 = {1'b0, ip_ihl, 2'b00};
    wire [15:0] ip_total = {ipb[8*2 +: 8], ipb[8*3 +: 8]};
    wire [15:0] ip_frag = {ipb[8*6 +: 8], ipb[8*7 +: 8]};
    wire [7:0]  ip_proto = ipb[8*9 +: 8];
    wire [31:0] ip_dst = {ipb[8*16 +: 8], ipb[8*17 +: 8], ipb[8*18 +: 8], ipb[8*19 +: 8]};
    reg  [8*30-1:0] udpb;
    always @* begin
        case (ip_ihl)
        4'd6:  udpb = ipb[8*24 +: 8*30];
        4'd7:  udpb = ipb[8*28 +: 8*30];
        4'd8:  udpb = ipb[8*32 +: 8*30];
        4'd9:  udpb = ipb[8*36 +: 8*30];
        4'd10: udpb = ipb[8*40 +: 8*30];
        4'd11: udpb = ipb[8*44 +: 8*30];
        4'd12: udpb = ipb[8*48 +: 8*30];
        4'd13: udpb = ipb[8*52 +: 8*30];
        4'd14: udpb = ipb[8*56 +: 8*30];
        4'd15: udpb = ipb[8*60 +: 8*30];
        default: udpb = ipb[8*20 +: 8*30];
        endcase
    end
    wire [15:0] udp_dport = {udpb[8*2 +: 8], udpb[8*3 +: 8]};
    wire [15:0] udp_len = {udpb[8*4 +: 8], udpb[8*5 +: 8]};
    wire [8*20-1:0] moldb = udpb[8*8 +: 8*20];
    /* verilator lint_on UNUSEDSIGNAL */
    wire [7:0]  mstart = {1'b0, l3} + {1'b0, ihl4} + 8'd28;   // first message-block byte

    // IPv4 header checksum (one's complement sum of its 16-bit words),
    // accumulated as the beats arrive: one running sum per possible header
    // start (byte 14, 18 or 22: no, one or two VLAN tags) of the words from
    // that start to the header's end (the first 20 bytes always; the rest up to
    // IHL, read from hdr_buf, where it is by then); the tag count selects one.
    // Summing the whole header out of hdr_buf in the cycle that needs it (a
    // 30-word adder tree behind the tag and IHL selects) was the design's
    // longest path.  The sum is complete in the cycle of the beat after the
    // header (hdr_go, at least 3 beats later) and in post1 (it includes the
    // tlast beat).
    wire [7:0]  ck_off = {beat_reg[4:0], 3'b000};       // offset of the beat's first byte (beats < 11)
    wire        ck_beat = (beat_reg != 0) && (beat_reg < 16'd11);
    wire        ck_early = (beat_reg < 16'd4);          // bytes < 32: inside every header's first 20
    // the beat's big-endian words at offsets in [st, fin) (or >= st only, early)
    function [17:0] ck_part(input [63:0] d, input [7:0] off, input [7:0] st, input [7:0] fin, input early);
        integer k;
        reg [7:0] o;
        begin
            ck_part = 18'd0;
            for (k = 0; k < 4; k = k + 1) begin
                o = off + 8'd2 * k[7:0];
                if (o >= st && (early || o < fin))
                    ck_part = ck_part + {2'b00, d[16*k +: 8], d[16*k + 8 +: 8]};
            end
        end
    endfunction
    reg  [20:0] ck_acc [0:2];
    genvar gc;
    generate
        for (gc = 0; gc < 3; gc = gc + 1) begin : ckc
            localparam [7:0] ST = 8'd14 + 8'd4 * gc;
            wire [3:0] ihl = hdr_buf[8*(14+4*gc) +: 4];
            wire [7:0] fin = ST + {2'b00, ihl, 2'b00};        // first byte after the header
            wire [17:0] add = ck_part(s_axis_tdata, ck_off, ST, fin, ck_early);
            initial ck_acc[gc] = 21'd0;
            always @(posedge clk) begin
                if (s_axis_tvalid) begin
                    if (beat_reg == 0)
                        ck_acc[gc] <= 21'd0;
                    else if (ck_beat)
                        ck_acc[gc] <= ck_acc[gc] + {3'b000, add};
                end
            end
        end
    endgenerate
    wire [20:0] ck_sum = (ntags == 2'd0) ? ck_acc[0] : ((ntags == 2'd1) ? ck_acc[1] : ck_acc[2]);
    wire [16:0] ck_s1 = {1'b0, ck_sum[15:0]} + {12'd0, ck_sum[20:16]};
    wire [15:0] ck_fold = ck_s1[15:0] + {15'd0, ck_s1[16]};
    // a correct header sums to 0xFFFF (one's complement); 0x0000 only for an all-zero header
    wire ck_ok = (ck_fold == 16'hFFFF);

    // the checks of post1 that need neither the frame length nor the MAC
    // error, in the same order (any of them failing: no early release)
    wire hdr_ok = ntags != 2'd3 && etype == 16'h0800 && ip_ver == 4 && ip_ihl >= 5
                  && ip_total >= {9'd0, ihl4} && ck_ok && ip_frag[13:0] == 0 && ip_proto == 8'd17
                  && {9'd0, ihl4} + 16'd8 <= ip_total && udp_len >= 8
                  && {9'd0, ihl4} + udp_len <= ip_total
                  && !(cfg_port_en && udp_dport != cfg_port)
                  && !(cfg_group_en && ip_dst != cfg_group)
                  && udp_len >= 28;

    // --------------------------------------------------------------- beat path
    wire [127:0] pair = {s_axis_tdata, prev_reg};
    /* verilator lint_off UNUSEDSIGNAL */
    wire [127:0] pair_sh = pair >> (8 * shift_reg);
    wire [127:0] flush_sh = {64'd0, last_reg} >> (8 * shift_reg);
    /* verilator lint_on UNUSEDSIGNAL */
    wire [63:0]  aligned = pair_sh[63:0];
    wire [63:0]  flush_aligned = flush_sh[63:0];

    reg        flush_reg = 1'b0;
    reg        post2_reg = 1'b0;
    reg [3:0]  p2_code = 0;
    reg [15:0] p2_len = 0;
    reg [79:0] p2_session = 0;
    reg [63:0] p2_seq = 0;
    reg [15:0] p2_count = 0;
    reg [63:0] p2_stamp = 0;

    wire [3:0] kcnt = keep_count(s_axis_tkeep);
    // the tlast beat leaves bytes that need one more output beat
    wire need_flush = s_axis_tvalid && s_axis_tlast && beat_reg >= 4 && beat_reg >= pstart_reg
                      && kcnt > {1'b0, shift_reg};

    // the beat after the header's last byte: the header is complete in hdr_buf
    wire hdr_go = s_axis_tvalid && !s_axis_tlast && beat_reg == hdrb_reg && beat_reg >= 4
                  && !err_reg && !s_axis_tuser && hdr_ok;
    wire [15:0] flen_now = {beat_reg[12:0], 3'b000} + {12'd0, kcnt};

    always @(posedge clk) begin
        m_wr_valid <= 1'b0;
        m_end <= 1'b0;
        m_hdr <= 1'b0;
        m_close <= 1'b0;
        post1_reg <= 1'b0;      // (a tlast below may set it again: back-to-back short frames)

        if (s_axis_tvalid) begin
            if (beat_reg < HDR_BEATS)
                hdr_buf[64*beat_reg +: 64] <= s_axis_tdata;
            if (beat_reg == 0)
                stamp_reg <= cycle;
            // beat 3: bytes 0..23 are in hdr_buf, the message start is known
            if (beat_reg == 3) begin
                shift_reg <= mstart[2:0];
                pstart_reg <= {11'd0, mstart[7:3]};
                hdrb_reg <= {11'd0, mstart[7:3] - (mstart[2:0] == 3'd0 ? 5'd1 : 5'd0)} + 16'd1;
            end
            if (hdr_go) begin
                hdr_sent_reg <= 1'b1;
                need_reg <= {9'd0, l3} + ip_total;
                m_hdr <= 1'b1;
                m_end_session <= moldb[0 +: 80];
                m_end_seq <= {moldb[8*10 +: 8], moldb[8*11 +: 8], moldb[8*12 +: 8], moldb[8*13 +: 8],
                              moldb[8*14 +: 8], moldb[8*15 +: 8], moldb[8*16 +: 8], moldb[8*17 +: 8]};
                m_end_count <= {moldb[8*18 +: 8], moldb[8*19 +: 8]};
                m_end_len <= udp_len - 16'd28;
                m_end_stamp <= stamp_reg;
            end
            // output beat k = frame bytes [mstart + 8k, +8), emitted with frame beat mstart/8 + k + 1
            if (beat_reg >= 4 && beat_reg > pstart_reg) begin
                m_wr_data <= aligned;
                m_wr_valid <= 1'b1;
                m_wr_safe <= !s_axis_tlast && !err_reg && !s_axis_tuser;
            end
            prev_reg <= s_axis_tdata;
            if (s_axis_tlast) begin
                beat_reg <= 0;
                err_reg <= 1'b0;
                post1_reg <= 1'b1;
                post1_err_reg <= err_reg | s_axis_tuser;
                post1_stamp_reg <= (beat_reg == 0) ? cycle : stamp_reg;
                flen_reg <= flen_now;
                last_reg <= s_axis_tdata;
                post1_open_reg <= hdr_sent_reg;
                hdr_sent_reg <= 1'b0;
                post1_ok_reg <= !err_reg && !s_axis_tuser && flen_now >= need_reg;
                hdrb_reg <= 16'hFFFF;
            end else begin
                beat_reg <= (beat_reg == 16'hFFFF) ? beat_reg : beat_reg + 1;
                err_reg <= err_reg | s_axis_tuser;
            end
        end
        flush_reg <= need_flush;

        // ---------------------------------------------------------- post1: checks
        post2_reg <= 1'b0;
        if (post1_reg) begin
            post2_reg <= 1'b1;
            if (flush_reg) begin
                m_wr_data <= flush_aligned;
                m_wr_valid <= 1'b1;
                m_wr_safe <= 1'b0;
            end
            m_close <= post1_open_reg;
            m_close_ok <= post1_ok_reg;
            p2_open <= post1_open_reg;
            p2_session <= moldb[0 +: 80];
            p2_seq <= {moldb[8*10 +: 8], moldb[8*11 +: 8], moldb[8*12 +: 8], moldb[8*13 +: 8],
                       moldb[8*14 +: 8], moldb[8*15 +: 8], moldb[8*16 +: 8], moldb[8*17 +: 8]};
            p2_count <= {moldb[8*18 +: 8], moldb[8*19 +: 8]};
            p2_len <= udp_len - 16'd28;
            p2_stamp <= post1_stamp_reg;
            if (post1_err_reg)
                p2_code <= 4'd1;
            else if (flen_reg < 14)
                p2_code <= 4'd2;
            else if (ntags == 2'd3)
                p2_code <= 4'd14;
            else if ({9'd0, l3} + 16'd2 > flen_reg)
                p2_code <= 4'd2;
            else if (etype != 16'h0800)
                p2_code <= 4'd10;
            else if ({9'd0, l3} + 16'd20 > flen_reg || ip_ver != 4 || ip_ihl < 5
                     || {9'd0, l3} + {9'd0, ihl4} > flen_reg)
                p2_code <= 4'd3;
            else if (ip_total < {9'd0, ihl4} || {9'd0, l3} + ip_total > flen_reg)
                p2_code <= 4'd4;
            else if (!ck_ok)
                p2_code <= 4'd5;
            else if (ip_frag[13:0] != 0)
                p2_code <= 4'd6;
            else if (ip_proto != 8'd17)
                p2_code <= 4'd11;
            else if ({9'd0, ihl4} + 16'd8 > ip_total || udp_len < 8
                     || {9'd0, ihl4} + udp_len > ip_total)
                p2_code <= 4'd7;
            else if (cfg_port_en && udp_dport != cfg_port)
                p2_code <= 4'd12;
            else if (cfg_group_en && ip_dst != cfg_group)
                p2_code <= 4'd13;
            else if (udp_len < 28)
                p2_code <= 4'd8;
            else
                p2_code <= 4'd0;
        end

        // ---------------------------------------------------------- post2: result
        if (post2_reg) begin
            m_end <= 1'b1;
            m_end_code <= p2_code;
            m_end_len <= p2_len;
            m_end_session <= p2_session;
            m_end_seq <= p2_seq;
            m_end_count <= p2_count;
            m_end_stamp <= p2_stamp;
            m_end_opened <= p2_open;
        end

        if (rst) begin
            beat_reg <= 0;
            err_reg <= 1'b0;
            post1_reg <= 1'b0;
            post2_reg <= 1'b0;
            flush_reg <= 1'b0;
            m_wr_valid <= 1'b0;
            m_end <= 1'b0;
            m_hdr <= 1'b0;
            m_close <= 1'b0;
            hdrb_reg <= 16'hFFFF;
            hdr_sent_reg <= 1'b0;
        end
    end

endmodule

`default_nettype wire
