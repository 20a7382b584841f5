// nt_csr -- AXI-Lite (32-bit) configuration and counter registers.
//
// Register map (byte addresses; see docs/hdl.md for the counter list):
//   0x000 RO  ID 0x4E544B31 ("NTK1")
//   0x004 RW  CTRL [0] ring enable, [1] line A port filter, [2] line A group
//             filter, [3] line B port filter, [4] line B group filter,
//             [5] cut-through (0 after reset: store and forward; see docs/hdl.md),
//             [6] event ring enable, [7] one DMA write per record (nt_rec_writer)
//   0x008 RW  UDP ports: [15:0] line A, [31:16] line B
//   0x00C RW  IPv4 multicast group, line A
//   0x010 RW  IPv4 multicast group, line B
//   0x014 RW  ring base address [31:0]   0x018 RW ring base [63:32]
//   0x01C RW  ring log2(capacity) [5:0]
//   0x020 WO  subscription: [31] subscribed, [15:0] locate (all locates
//             are subscribed after configuration)
//   0x024 RO  prod_index [31:0]          0x028 RO prod_index [63:32]
//   0x100 + 8*i  RO counter i [31:0], +4: [63:32]   (i < N_CNT)
// Counters are 64-bit, never reset except by rst, and count stat_inc pulses.
`timescale 1ns / 1ps
`default_nettype none

module nt_csr #(
    parameter N_CNT = 64
) (
    input  wire              clk,
    input  wire              rst,

    input  wire [15:0]       s_axil_awaddr,
    input  wire              s_axil_awvalid,
    output reg               s_axil_awready,
    input  wire [31:0]       s_axil_wdata,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [3:0]        s_axil_wstrb,      // full-word writes only
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire              s_axil_wvalid,
    output reg               s_axil_wready,
    output wire [1:0]        s_axil_bresp,
    output reg               s_axil_bvalid,
    input  wire              s_axil_bready,
    input  wire [15:0]       s_axil_araddr,
    input  wire              s_axil_arvalid,
    output reg               s_axil_arready,
    output reg  [31:0]       s_axil_rdata,
    output wire [1:0]        s_axil_rresp,
    output reg               s_axil_rvalid,
    input  wire              s_axil_rready,

    output reg               cfg_ring_en,
    output reg               cfg_cut_through,
    output reg               cfg_evt_en,         // 0x004 bit 6: feed events also into the event ring
    output reg               cfg_one_write,      // 0x004 bit 7: one DMA write per record (nt_rec_writer)
    output reg  [63:0]       cfg_evt_base,       // 0x030 / 0x034
    output reg  [5:0]        cfg_evt_log2cap,    // 0x038
    output reg  [63:0]       cfg_ring_base,
    output reg  [5:0]        cfg_ring_log2cap,
    output reg  [15:0]       cfg_port_a,
    output reg  [15:0]       cfg_port_b,
    output reg               cfg_port_en_a,
    output reg               cfg_port_en_b,
    output reg  [31:0]       cfg_group_a,
    output reg  [31:0]       cfg_group_b,
    output reg               cfg_group_en_a,
    output reg               cfg_group_en_b,
    output reg               sub_wr_en,
    output reg  [15:0]       sub_wr_locate,
    output reg               sub_wr_subscribed,

    input  wire [63:0]       prod_index,
    input  wire [63:0]       evt_prod_index,     // 0x03C / 0x040
    input  wire [N_CNT-1:0]  stat_inc,
    input  wire              init_done,         // 0x02C bit 0: the engine's reset sweep is over
    input  wire              refill_busy        // 0x02C bit 1: the engine is refilling a book side
);

    assign s_axil_bresp = 2'b00;
    assign s_axil_rresp = 2'b00;

    wire [63:0] cnt [0:N_CNT-1];
    genvar g;
    generate
        // 64-bit counters as two 32-bit halves with a registered carry (half the
        // carry chain per cycle): the high half follows one cycle after the low
        // half wraps, which a host reading high, low, high again (the usual way
        // to read a 64-bit counter over a 32-bit bus) never sees torn
        for (g = 0; g < N_CNT; g = g + 1) begin : counter
            reg [31:0] lo = 32'd0, hi = 32'd0;
            reg        carry = 1'b0;
            always @(posedge clk) begin
                lo <= rst ? 32'd0 : lo + {31'd0, stat_inc[g]};
                carry <= !rst && stat_inc[g] && (lo == 32'hFFFFFFFF);
                hi <= rst ? 32'd0 : hi + {31'd0, carry};
            end
            assign cnt[g] = {hi, lo};
        end
    endgenerate

    localparam CB = $clog2(N_CNT);
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0]   coff = s_axil_araddr - 16'h100;
    /* verilator lint_on UNUSEDSIGNAL */
    wire [CB-1:0] cidx = coff[CB+2:3];

    wire wr_go = s_axil_awvalid && s_axil_wvalid && !s_axil_bvalid;

    always @(posedge clk) begin
        s_axil_awready <= 1'b0;
        s_axil_wready <= 1'b0;
        sub_wr_en <= 1'b0;
        if (s_axil_bvalid && s_axil_bready)
            s_axil_bvalid <= 1'b0;
        if (wr_go && !s_axil_awready) begin
            s_axil_awready <= 1'b1;
            s_axil_wready <= 1'b1;
            s_axil_bvalid <= 1'b1;
            case (s_axil_awaddr)
            16'h004: begin
                cfg_ring_en <= s_axil_wdata[0];
                cfg_port_en_a <= s_axil_wdata[1];
                cfg_group_en_a <= s_axil_wdata[2];
                cfg_port_en_b <= s_axil_wdata[3];
                cfg_group_en_b <= s_axil_wdata[4];
                cfg_cut_through <= s_axil_wdata[5];
                cfg_evt_en <= s_axil_wdata[6];
                cfg_one_write <= s_axil_wdata[7];
            end
            16'h008: begin
                cfg_port_a <= s_axil_wdata[15:0];
                cfg_port_b <= s_axil_wdata[31:16];
            end
            16'h00C: cfg_group_a <= s_axil_wdata;
            16'h010: cfg_group_b <= s_axil_wdata;
            16'h014: cfg_ring_base[31:0] <= s_axil_wdata;
            16'h018: cfg_ring_base[63:32] <= s_axil_wdata;
            16'h01C: cfg_ring_log2cap <= s_axil_wdata[5:0];
            16'h030: cfg_evt_base[31:0] <= s_axil_wdata;
            16'h034: cfg_evt_base[63:32] <= s_axil_wdata;
            16'h038: cfg_evt_log2cap <= s_axil_wdata[5:0];
            16'h020: begin
                sub_wr_en <= 1'b1;
                sub_wr_locate <= s_axil_wdata[15:0];
                sub_wr_subscribed <= s_axil_wdata[31];
            end
            default: ;
            endcase
        end

        s_axil_arready <= 1'b0;
        if (s_axil_rvalid && s_axil_rready)
            s_axil_rvalid <= 1'b0;
        if (s_axil_arvalid && !s_axil_rvalid && !s_axil_arready) begin
            s_axil_arready <= 1'b1;
            s_axil_rvalid <= 1'b1;
            s_axil_rdata <= 32'd0;
            if (s_axil_araddr >= 16'h100 && s_axil_araddr < 16'h100 + 8 * N_CNT) begin
                s_axil_rdata <= s_axil_araddr[2] ? cnt[cidx][63:32]
                                                 : cnt[cidx][31:0];
            end else begin
                case (s_axil_araddr)
                16'h000: s_axil_rdata <= 32'h4E544B31;
                16'h004: s_axil_rdata <= {24'd0, cfg_one_write, cfg_evt_en, cfg_cut_through, cfg_group_en_b, cfg_port_en_b, cfg_group_en_a,
                                          cfg_port_en_a, cfg_ring_en};
                16'h008: s_axil_rdata <= {cfg_port_b, cfg_port_a};
                16'h00C: s_axil_rdata <= cfg_group_a;
                16'h010: s_axil_rdata <= cfg_group_b;
                16'h014: s_axil_rdata <= cfg_ring_base[31:0];
                16'h018: s_axil_rdata <= cfg_ring_base[63:32];
                16'h01C: s_axil_rdata <= {26'd0, cfg_ring_log2cap};
                16'h024: s_axil_rdata <= prod_index[31:0];
                16'h028: s_axil_rdata <= prod_index[63:32];
                16'h02C: s_axil_rdata <= {30'd0, refill_busy, init_done};
                16'h030: s_axil_rdata <= cfg_evt_base[31:0];
                16'h034: s_axil_rdata <= cfg_evt_base[63:32];
                16'h038: s_axil_rdata <= {26'd0, cfg_evt_log2cap};
                16'h03C: s_axil_rdata <= evt_prod_index[31:0];
                16'h040: s_axil_rdata <= evt_prod_index[63:32];
                default: s_axil_rdata <= 32'd0;
                endcase
            end
        end

        if (rst) begin
            s_axil_bvalid <= 1'b0;
            s_axil_rvalid <= 1'b0;
            cfg_ring_en <= 1'b0;
            cfg_cut_through <= 1'b0;
            cfg_evt_en <= 1'b0;
            cfg_one_write <= 1'b0;
            cfg_evt_base <= 64'd0;
            cfg_evt_log2cap <= 6'd10;
            cfg_ring_base <= 64'd0;
            cfg_ring_log2cap <= 6'd10;
            cfg_port_a <= 16'd26477;
            cfg_port_b <= 16'd26478;
            cfg_port_en_a <= 1'b0;
            cfg_port_en_b <= 1'b0;
            cfg_group_a <= 32'hE9360C6F;   // 233.54.12.111
            cfg_group_b <= 32'hE9360C70;   // 233.54.12.112
            cfg_group_en_a <= 1'b0;
            cfg_group_en_b <= 1'b0;
        end
    end

endmodule

`default_nettype wire
