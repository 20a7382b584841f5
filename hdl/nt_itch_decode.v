// nt_itch_decode -- ITCH 5.0 message decoder (one register stage).
//
// Input: message items of nt_mold_split (first MSG_BYTES bytes + length) and
// feed-event items.  Output: one operation per item for nt_book_engine:
//   OP_ADD (A, F), OP_EXEC (E), OP_EXEC_PX (C), OP_CANCEL (X), OP_DELETE (D),
//   OP_REPLACE (U), OP_TRADE (P), OP_CROSS (Q), OP_SYSTEM (S), OP_EVENT (a
//   MoldUDP64 event), OP_NONE (anything else: R, H, the other types, unknown
//   types, known types of the wrong length: counted, skipped by length).
// Every message item gets the next 1-based message ordinal (m_ordinal),
// including skipped ones, as in sim/model/nanotick_model/engine.py.
// Field offsets are the NASDAQ TotalView-ITCH 5.0 specification's; all
// integers big-endian.
`timescale 1ns / 1ps
`default_nettype none

module nt_itch_decode #(
    parameter MSG_BYTES = 48
) (
    input  wire                    clk,
    input  wire                    rst,

    input  wire                    s_valid,
    output wire                    s_ready,
    input  wire                    s_evt,
    input  wire [3:0]              s_evt_code,
    input  wire [63:0]             s_evt_expected,
    input  wire [63:0]             s_evt_received,
    input  wire [8*MSG_BYTES-1:0]  s_msg,
    input  wire [15:0]             s_len,
    input  wire [63:0]             s_mold_seq,
    input  wire                    s_line,
    input  wire [63:0]             s_stamp,

    output reg                     m_valid,
    input  wire                    m_ready,
    output reg  [3:0]              m_op,
    output reg  [7:0]              m_type,
    output reg  [15:0]             m_locate,
    output reg  [47:0]             m_ts,
    output reg  [63:0]             m_ref,
    output reg  [63:0]             m_ref2,       // U: new reference
    output reg  [7:0]              m_side,       // 'B' / 'S' (A, F, P)
    output reg  [63:0]             m_shares,     // Q: 64-bit
    output reg  [31:0]             m_price,
    output reg  [63:0]             m_match,
    output reg  [7:0]              m_printable,  // C: 'Y'/'N'; S: event code
    output reg  [3:0]              m_evt_code,
    output reg  [63:0]             m_evt_expected,
    output reg  [63:0]             m_evt_received,
    output reg  [63:0]             m_mold_seq,
    output reg  [63:0]             m_ordinal,
    output reg                     m_line,
    output reg  [63:0]             m_stamp,

    output reg  [15:0]             stat_type,    // one-hot: A F E C X D U P Q S R H other bad_length
    output reg                     stat_msg
);

    localparam OP_NONE = 4'd0, OP_ADD = 4'd1, OP_EXEC = 4'd2, OP_EXEC_PX = 4'd3,
               OP_CANCEL = 4'd4, OP_DELETE = 4'd5, OP_REPLACE = 4'd6, OP_TRADE = 4'd7,
               OP_CROSS = 4'd8, OP_SYSTEM = 4'd9, OP_EVENT = 4'd10;

    reg [63:0] ordinal_reg = 0;

    // big-endian fields of the message at byte offset o
    function [15:0] be2(input [8*MSG_BYTES-1:0] m, input integer o);
        be2 = {m[8*o +: 8], m[8*(o+1) +: 8]};
    endfunction
    function [31:0] be4(input [8*MSG_BYTES-1:0] m, input integer o);
        be4 = {be2(m, o), be2(m, o + 2)};
    endfunction
    function [47:0] be6(input [8*MSG_BYTES-1:0] m, input integer o);
        be6 = {be2(m, o), be4(m, o + 2)};
    endfunction
    function [63:0] be8(input [8*MSG_BYTES-1:0] m, input integer o);
        be8 = {be4(m, o), be4(m, o + 4)};
    endfunction

    // exact ITCH 5.0 lengths (0: unknown type)
    function [15:0] itch_len(input [7:0] t);
        case (t)
        "S": itch_len = 12;  "R": itch_len = 39;  "H": itch_len = 25;  "Y": itch_len = 20;
        "L": itch_len = 26;  "V": itch_len = 35;  "W": itch_len = 12;  "K": itch_len = 28;
        "J": itch_len = 35;  "h": itch_len = 21;  "A": itch_len = 36;  "F": itch_len = 40;
        "E": itch_len = 31;  "C": itch_len = 36;  "X": itch_len = 23;  "D": itch_len = 19;
        "U": itch_len = 35;  "P": itch_len = 44;  "Q": itch_len = 40;  "B": itch_len = 19;
        "I": itch_len = 50;  "N": itch_len = 20;  "O": itch_len = 48;
        default: itch_len = 0;
        endcase
    endfunction

    // every field position used, as wires (the clocked block only selects)
    wire [15:0] f2_1 = be2(s_msg, 1);
    wire [31:0] f4_19 = be4(s_msg, 19);
    wire [31:0] f4_20 = be4(s_msg, 20);
    wire [31:0] f4_27 = be4(s_msg, 27);
    wire [31:0] f4_31 = be4(s_msg, 31);
    wire [31:0] f4_32 = be4(s_msg, 32);
    wire [47:0] f6_5 = be6(s_msg, 5);
    wire [63:0] f8_11 = be8(s_msg, 11);
    wire [63:0] f8_19 = be8(s_msg, 19);
    wire [63:0] f8_23 = be8(s_msg, 23);
    wire [63:0] f8_31 = be8(s_msg, 31);
    wire [63:0] f8_36 = be8(s_msg, 36);

    wire [7:0]  t = s_msg[7:0];
    wire [15:0] want = itch_len(t);
    wire        len_ok = (want != 0) && (s_len == want);

    reg [3:0]  op;
    reg [15:0] st;
    always @* begin
        op = OP_NONE;
        st = 16'd0;
        if (len_ok) begin
            case (t)
            "A", "F": op = OP_ADD;
            "E": op = OP_EXEC;
            "C": op = OP_EXEC_PX;
            "X": op = OP_CANCEL;
            "D": op = OP_DELETE;
            "U": op = OP_REPLACE;
            "P": op = OP_TRADE;
            "Q": op = OP_CROSS;
            "S": op = OP_SYSTEM;
            default: op = OP_NONE;
            endcase
        end
        case (t)
        "A": st[0] = 1'b1;  "F": st[1] = 1'b1;  "E": st[2] = 1'b1;  "C": st[3] = 1'b1;
        "X": st[4] = 1'b1;  "D": st[5] = 1'b1;  "U": st[6] = 1'b1;  "P": st[7] = 1'b1;
        "Q": st[8] = 1'b1;  "S": st[9] = 1'b1;  "R": st[10] = 1'b1; "H": st[11] = 1'b1;
        default: st[12] = 1'b1;
        endcase
        if (want != 0 && !len_ok)
            st[13] = 1'b1;
    end

    assign s_ready = !m_valid || m_ready;

    always @(posedge clk) begin
        stat_type <= 16'd0;
        stat_msg <= 1'b0;
        if (m_valid && m_ready)
            m_valid <= 1'b0;
        if (s_valid && s_ready) begin
            m_valid <= 1'b1;
            m_type <= t;
            m_locate <= f2_1;
            m_ts <= f6_5;
            m_ref <= f8_11;
            m_mold_seq <= s_mold_seq;
            m_line <= s_line;
            m_stamp <= s_stamp;
            m_evt_code <= s_evt_code;
            m_evt_expected <= s_evt_expected;
            m_evt_received <= s_evt_received;
            m_ref2 <= 64'd0;
            m_side <= 8'd0;
            m_shares <= 64'd0;
            m_price <= 32'd0;
            m_match <= 64'd0;
            m_printable <= "Y";
            if (s_evt) begin
                m_op <= OP_EVENT;
                m_ordinal <= ordinal_reg;
                m_type <= 8'd0;
            end else begin
                m_op <= op;
                m_ordinal <= ordinal_reg + 64'd1;
                ordinal_reg <= ordinal_reg + 64'd1;
                stat_type <= st;
                stat_msg <= 1'b1;
                case (t)
                "A", "F": begin
                    m_side <= s_msg[8*19 +: 8];
                    m_shares <= {32'd0, f4_20};
                    m_price <= f4_32;
                end
                "E": begin
                    m_shares <= {32'd0, f4_19};
                    m_match <= f8_23;
                end
                "C": begin
                    m_shares <= {32'd0, f4_19};
                    m_match <= f8_23;
                    m_printable <= s_msg[8*31 +: 8];
                    m_price <= f4_32;
                end
                "X": m_shares <= {32'd0, f4_19};
                "U": begin
                    m_ref2 <= f8_19;
                    m_shares <= {32'd0, f4_27};
                    m_price <= f4_31;
                end
                "P": begin
                    m_side <= s_msg[8*19 +: 8];
                    m_shares <= {32'd0, f4_20};
                    m_price <= f4_32;
                    m_match <= f8_36;
                end
                "Q": begin
                    m_shares <= f8_11;
                    m_price <= f4_27;
                    m_match <= f8_31;
                end
                "S": m_printable <= s_msg[8*11 +: 8];
                default: ;
                endcase
            end
        end
        if (rst) begin
            m_valid <= 1'b0;
            ordinal_reg <= 64'd0;
        end
    end

endmodule

`default_nettype wire
