// nt_card_core -- Nanotick feed handler top level.
//
// Ports (the contract with the MAC, the PCIe DMA and the Verilator virtual card):
//
//   clk, rst                 one clock (156.25 MHz for 10GbE, 322/390 MHz for 25GbE), sync reset
//   s_axis_a_* / s_axis_b_*  lines A and B from the MACs: AXI-Stream, DATA_WIDTH (64) bits,
//                            tkeep, tlast, tuser (1 = MAC error: the frame is dropped).
//                            tready is constant 1: drive one beat per cycle, never stall.
//   s_axil_*                 AXI-Lite CSR slave, 16-bit address, 32-bit data (nt_csr.v map)
//   m_dma_*                  DMA write port into host memory: one 64-byte-aligned line per
//                            beat: m_dma_addr (byte address), m_dma_data (512 bits, byte 0 in
//                            [7:0]), m_dma_strb (64 byte enables), m_dma_valid / m_dma_ready.
//                            Writes must be applied in order.  They fill the market-data
//                            ring of native/include/nanotick/ring.h at cfg ring base
//                            (records at +4096, prod_index at +128).
//
// Pipeline: nt_eth_udp_rx (per line) -> nt_rx_fifo (per line, store and forward, drop bad
// frames; or cut-through, CTRL bit 5) -> nt_mold_arb (A/B arbitration, sequencing, gap/session events) -> nt_mold_split
// (message blocks) -> nt_itch_decode -> nt_book_engine (order table, level cache, records)
// -> nt_rec_writer (DMA) ; nt_csr (config, counters).  See docs/hdl.md.
`timescale 1ns / 1ps
`default_nettype none

module nt_card_core #(
    parameter DATA_WIDTH = 64,
    parameter KEEP_WIDTH = DATA_WIDTH / 8,
    parameter N_SYMBOLS = 64,
    parameter ORDER_TABLE_DEPTH = 1024,
    parameter TABLE_WAYS = 4,
    parameter BOOK_LEVELS = 8,
    parameter RX_FIFO_ADDR_WIDTH = 9,
    parameter REC_FIFO_ADDR_WIDTH = 5,
    parameter MSG_BYTES = 48
) (
    input  wire                   clk,
    input  wire                   rst,

    input  wire [DATA_WIDTH-1:0]  s_axis_a_tdata,
    input  wire [KEEP_WIDTH-1:0]  s_axis_a_tkeep,
    input  wire                   s_axis_a_tvalid,
    output wire                   s_axis_a_tready,
    input  wire                   s_axis_a_tlast,
    input  wire                   s_axis_a_tuser,

    input  wire [DATA_WIDTH-1:0]  s_axis_b_tdata,
    input  wire [KEEP_WIDTH-1:0]  s_axis_b_tkeep,
    input  wire                   s_axis_b_tvalid,
    output wire                   s_axis_b_tready,
    input  wire                   s_axis_b_tlast,
    input  wire                   s_axis_b_tuser,

    input  wire [15:0]            s_axil_awaddr,
    input  wire                   s_axil_awvalid,
    output wire                   s_axil_awready,
    input  wire [31:0]            s_axil_wdata,
    input  wire [3:0]             s_axil_wstrb,
    input  wire                   s_axil_wvalid,
    output wire                   s_axil_wready,
    output wire [1:0]             s_axil_bresp,
    output wire                   s_axil_bvalid,
    input  wire                   s_axil_bready,
    input  wire [15:0]            s_axil_araddr,
    input  wire                   s_axil_arvalid,
    output wire                   s_axil_arready,
    output wire [31:0]            s_axil_rdata,
    output wire [1:0]             s_axil_rresp,
    output wire                   s_axil_rvalid,
    input  wire                   s_axil_rready,

    output wire [63:0]            m_dma_addr,
    output wire [511:0]           m_dma_data,
    output wire [63:0]            m_dma_strb,
    output wire                   m_dma_valid,
    input  wire                   m_dma_ready
);

    localparam N_CNT = 82;     // (addresses up to 0x100 + 8*127 read as 0)

    reg [63:0] cycle = 64'd0;
    always @(posedge clk)
        cycle <= rst ? 64'd0 : cycle + 64'd1;

    // ------------------------------------------------------------------ CSR
    wire        cfg_ring_en;
    wire        cfg_cut_through;
    wire        cfg_evt_en;
    wire        cfg_one_write;
    wire [63:0] cfg_evt_base;
    wire [5:0]  cfg_evt_log2cap;
    wire [63:0] evt_prod_index;
    wire [63:0] cfg_ring_base;
    wire [5:0]  cfg_ring_log2cap;
    wire [15:0] cfg_port_a, cfg_port_b;
    wire        cfg_port_en_a, cfg_port_en_b;
    wire [31:0] cfg_group_a, cfg_group_b;
    wire        cfg_group_en_a, cfg_group_en_b;
    wire        sub_wr_en;
    wire [15:0] sub_wr_locate;
    wire        sub_wr_subscribed;
    wire [63:0] prod_index;
    wire [N_CNT-1:0] stat_inc;

    wire engine_init_done;
    wire engine_refill_busy;
    nt_csr #(.N_CNT(N_CNT)) csr_inst (
        .clk(clk), .rst(rst),
        .s_axil_awaddr(s_axil_awaddr), .s_axil_awvalid(s_axil_awvalid), .s_axil_awready(s_axil_awready),
        .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb), .s_axil_wvalid(s_axil_wvalid),
        .s_axil_wready(s_axil_wready), .s_axil_bresp(s_axil_bresp), .s_axil_bvalid(s_axil_bvalid),
        .s_axil_bready(s_axil_bready), .s_axil_araddr(s_axil_araddr), .s_axil_arvalid(s_axil_arvalid),
        .s_axil_arready(s_axil_arready), .s_axil_rdata(s_axil_rdata), .s_axil_rresp(s_axil_rresp),
        .s_axil_rvalid(s_axil_rvalid), .s_axil_rready(s_axil_rready),
        .cfg_ring_en(cfg_ring_en), .cfg_cut_through(cfg_cut_through),
        .cfg_evt_en(cfg_evt_en), .cfg_one_write(cfg_one_write), .cfg_evt_base(cfg_evt_base), .cfg_evt_log2cap(cfg_evt_log2cap),
        .evt_prod_index(evt_prod_index), .cfg_ring_base(cfg_ring_base), .cfg_ring_log2cap(cfg_ring_log2cap),
        .cfg_port_a(cfg_port_a), .cfg_port_b(cfg_port_b),
        .cfg_port_en_a(cfg_port_en_a), .cfg_port_en_b(cfg_port_en_b),
        .cfg_group_a(cfg_group_a), .cfg_group_b(cfg_group_b),
        .cfg_group_en_a(cfg_group_en_a), .cfg_group_en_b(cfg_group_en_b),
        .sub_wr_en(sub_wr_en), .sub_wr_locate(sub_wr_locate), .sub_wr_subscribed(sub_wr_subscribed),
        .prod_index(prod_index), .stat_inc(stat_inc), .init_done(engine_init_done),
        .refill_busy(engine_refill_busy)
    );

    // ------------------------------------------------------------- two lines
    wire [63:0] wr_data [0:1];
    wire        wr_valid [0:1];
    wire        wr_safe [0:1];
    wire        hdr_v [0:1];
    wire        close_v [0:1];
    wire        close_ok [0:1];
    wire        end_opened [0:1];
    wire        end_v [0:1];
    wire [3:0]  end_code [0:1];
    wire [15:0] end_len [0:1];
    wire [79:0] end_session [0:1];
    wire [63:0] end_seq [0:1];
    wire [15:0] end_count [0:1];
    wire [63:0] end_stamp [0:1];

    wire        d_valid [0:1];
    wire        d_open [0:1];
    wire        d_bad [0:1];
    wire        rd_avail [0:1];
    wire [15:0] d_len [0:1];
    wire [79:0] d_session [0:1];
    wire [63:0] d_seq [0:1];
    wire [15:0] d_count [0:1];
    wire [63:0] d_end [0:1];
    wire [63:0] d_stamp [0:1];
    wire [63:0] d_commit [0:1];
    wire [63:0] rd_data [0:1];
    wire        rd_pop [0:1];
    wire        rd_done [0:1];
    wire        f_ovf [0:1];
    wire        f_commit [0:1];

    nt_eth_udp_rx #(.DATA_WIDTH(DATA_WIDTH)) rx_a (
        .clk(clk), .rst(rst),
        .s_axis_tdata(s_axis_a_tdata), .s_axis_tkeep(s_axis_a_tkeep), .s_axis_tvalid(s_axis_a_tvalid),
        .s_axis_tready(s_axis_a_tready), .s_axis_tlast(s_axis_a_tlast), .s_axis_tuser(s_axis_a_tuser),
        .cfg_port(cfg_port_a), .cfg_port_en(cfg_port_en_a), .cfg_group(cfg_group_a),
        .cfg_group_en(cfg_group_en_a), .cycle(cycle),
        .m_wr_data(wr_data[0]), .m_wr_valid(wr_valid[0]), .m_wr_safe(wr_safe[0]),
        .m_hdr(hdr_v[0]), .m_close(close_v[0]), .m_close_ok(close_ok[0]), .m_end_opened(end_opened[0]),
        .m_end(end_v[0]), .m_end_code(end_code[0]), .m_end_len(end_len[0]),
        .m_end_session(end_session[0]), .m_end_seq(end_seq[0]), .m_end_count(end_count[0]),
        .m_end_stamp(end_stamp[0])
    );

    nt_eth_udp_rx #(.DATA_WIDTH(DATA_WIDTH)) rx_b (
        .clk(clk), .rst(rst),
        .s_axis_tdata(s_axis_b_tdata), .s_axis_tkeep(s_axis_b_tkeep), .s_axis_tvalid(s_axis_b_tvalid),
        .s_axis_tready(s_axis_b_tready), .s_axis_tlast(s_axis_b_tlast), .s_axis_tuser(s_axis_b_tuser),
        .cfg_port(cfg_port_b), .cfg_port_en(cfg_port_en_b), .cfg_group(cfg_group_b),
        .cfg_group_en(cfg_group_en_b), .cycle(cycle),
        .m_wr_data(wr_data[1]), .m_wr_valid(wr_valid[1]), .m_wr_safe(wr_safe[1]),
        .m_hdr(hdr_v[1]), .m_close(close_v[1]), .m_close_ok(close_ok[1]), .m_end_opened(end_opened[1]),
        .m_end(end_v[1]), .m_end_code(end_code[1]), .m_end_len(end_len[1]),
        .m_end_session(end_session[1]), .m_end_seq(end_seq[1]), .m_end_count(end_count[1]),
        .m_end_stamp(end_stamp[1])
    );

    genvar gl;
    generate
        for (gl = 0; gl < 2; gl = gl + 1) begin : line
            nt_rx_fifo #(.ADDR_WIDTH(RX_FIFO_ADDR_WIDTH)) fifo_inst (
                .clk(clk), .rst(rst), .cycle(cycle), .cfg_cut_through(cfg_cut_through),
                .s_wr_data(wr_data[gl]), .s_wr_valid(wr_valid[gl]), .s_wr_safe(wr_safe[gl]),
                .s_hdr(hdr_v[gl]), .s_close(close_v[gl]), .s_close_ok(close_ok[gl]),
                .s_end(end_v[gl]), .s_end_opened(end_opened[gl]), .s_end_code(end_code[gl]), .s_end_len(end_len[gl]),
                .s_end_session(end_session[gl]), .s_end_seq(end_seq[gl]), .s_end_count(end_count[gl]),
                .s_end_stamp(end_stamp[gl]),
                .m_desc_valid(d_valid[gl]), .m_desc_open(d_open[gl]), .m_desc_bad(d_bad[gl]), .m_desc_len(d_len[gl]), .m_desc_session(d_session[gl]),
                .m_desc_seq(d_seq[gl]), .m_desc_count(d_count[gl]), .m_desc_end(d_end[gl]), .m_desc_stamp(d_stamp[gl]),
                .m_desc_commit(d_commit[gl]), .m_rd_data(rd_data[gl]), .m_rd_avail(rd_avail[gl]),
                .m_rd_pop(rd_pop[gl]), .m_rd_done(rd_done[gl]),
                .stat_overflow(f_ovf[gl]), .stat_commit(f_commit[gl])
            );
            // counters 16*line + code: frames by outcome (0 accepted, 9 FIFO overflow)
            genvar gc;
            for (gc = 0; gc < 16; gc = gc + 1) begin : code
                if (gc == 0)
                    assign stat_inc[16*gl + gc] = f_commit[gl];
                else if (gc == 9)
                    assign stat_inc[16*gl + gc] = f_ovf[gl];
                else
                    assign stat_inc[16*gl + gc] = end_v[gl] && end_code[gl] == gc;
            end
            assign stat_inc[32 + gl] = end_v[gl];
        end
    endgenerate

    // -------------------------------------------------------------- sequencing
    wire        it_valid, it_ready, it_first, it_last, it_evt, it_line;
    wire [63:0] it_data, it_evt_expected, it_evt_received, it_seq, it_stamp;
    wire [3:0]  it_nbytes, it_evt_code;
    wire [15:0] it_count, it_first_idx;
    wire        it_abort, abort_done;
    wire [15:0] abort_idx;

    nt_mold_arb arb_inst (
        .clk(clk), .rst(rst),
        .a_desc_valid(d_valid[0]), .a_desc_open(d_open[0]), .a_desc_bad(d_bad[0]),
        .a_rd_avail(rd_avail[0]), .a_desc_len(d_len[0]), .a_desc_session(d_session[0]),
        .a_desc_seq(d_seq[0]), .a_desc_count(d_count[0]), .a_desc_end(d_end[0]), .a_desc_stamp(d_stamp[0]),
        .a_desc_commit(d_commit[0]), .a_rd_data(rd_data[0]), .a_rd_pop(rd_pop[0]), .a_rd_done(rd_done[0]),
        .b_desc_valid(d_valid[1]), .b_desc_open(d_open[1]), .b_desc_bad(d_bad[1]),
        .b_rd_avail(rd_avail[1]), .b_desc_len(d_len[1]), .b_desc_session(d_session[1]),
        .b_desc_seq(d_seq[1]), .b_desc_count(d_count[1]), .b_desc_end(d_end[1]), .b_desc_stamp(d_stamp[1]),
        .b_desc_commit(d_commit[1]), .b_rd_data(rd_data[1]), .b_rd_pop(rd_pop[1]), .b_rd_done(rd_done[1]),
        .m_valid(it_valid), .m_ready(it_ready), .m_data(it_data), .m_nbytes(it_nbytes),
        .m_first(it_first), .m_last(it_last), .m_evt(it_evt), .m_evt_code(it_evt_code),
        .m_evt_expected(it_evt_expected), .m_evt_received(it_evt_received),
        .m_seq(it_seq), .m_count(it_count), .m_first_idx(it_first_idx), .m_line(it_line),
        .m_stamp(it_stamp), .m_abort(it_abort), .s_abort_done(abort_done), .s_abort_idx(abort_idx),
        .stat_packet(stat_inc[34]), .stat_heartbeat(stat_inc[35]), .stat_duplicate(stat_inc[36]),
        .stat_overlap(stat_inc[37]), .stat_gap(stat_inc[38]), .stat_session(stat_inc[39]),
        .stat_old_session(stat_inc[40]), .stat_eos(stat_inc[41]), .stat_after_end(stat_inc[42]),
        .stat_late_bad(stat_inc[76])
    );

    wire                   ms_valid, ms_ready, ms_evt, ms_line;
    wire [3:0]             ms_evt_code;
    wire [63:0]            ms_evt_expected, ms_evt_received, ms_mold_seq, ms_stamp;
    wire [8*MSG_BYTES-1:0] ms_msg;
    wire [15:0]            ms_len;
    wire [2:0]             sp_empty;
    wire [15:0]            sp_lost;

    nt_mold_split #(.MSG_BYTES(MSG_BYTES)) split_inst (
        .clk(clk), .rst(rst),
        .s_valid(it_valid), .s_ready(it_ready), .s_data(it_data), .s_nbytes(it_nbytes),
        .s_first(it_first), .s_last(it_last), .s_evt(it_evt), .s_evt_code(it_evt_code),
        .s_evt_expected(it_evt_expected), .s_evt_received(it_evt_received), .s_seq(it_seq),
        .s_count(it_count), .s_first_idx(it_first_idx), .s_line(it_line), .s_stamp(it_stamp),
        .s_abort(it_abort), .m_abort_done(abort_done), .m_abort_idx(abort_idx),
        .m_valid(ms_valid), .m_ready(ms_ready), .m_evt(ms_evt), .m_evt_code(ms_evt_code),
        .m_evt_expected(ms_evt_expected), .m_evt_received(ms_evt_received), .m_msg(ms_msg),
        .m_len(ms_len), .m_mold_seq(ms_mold_seq), .m_line(ms_line), .m_stamp(ms_stamp),
        .stat_empty(sp_empty), .stat_lost(sp_lost), .stat_trailing(stat_inc[45]),
        .stat_delivered(stat_inc[46])
    );
    assign stat_inc[43] = sp_empty != 0;
    assign stat_inc[44] = sp_lost != 0;

    // ------------------------------------------------------------------ decode
    wire        op_valid, op_ready, op_line;
    wire [3:0]  op_op, op_evt_code;
    wire [7:0]  op_type, op_side, op_printable;
    wire [15:0] op_locate;
    wire [47:0] op_ts;
    wire [63:0] op_ref, op_ref2, op_shares, op_match, op_evt_expected, op_evt_received;
    wire [63:0] op_mold_seq, op_ordinal, op_stamp;
    wire [31:0] op_price;
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0] dec_stat;
    /* verilator lint_on UNUSEDSIGNAL */

    nt_itch_decode #(.MSG_BYTES(MSG_BYTES)) dec_inst (
        .clk(clk), .rst(rst),
        .s_valid(ms_valid), .s_ready(ms_ready), .s_evt(ms_evt), .s_evt_code(ms_evt_code),
        .s_evt_expected(ms_evt_expected), .s_evt_received(ms_evt_received), .s_msg(ms_msg),
        .s_len(ms_len), .s_mold_seq(ms_mold_seq), .s_line(ms_line), .s_stamp(ms_stamp),
        .m_valid(op_valid), .m_ready(op_ready), .m_op(op_op), .m_type(op_type),
        .m_locate(op_locate), .m_ts(op_ts), .m_ref(op_ref), .m_ref2(op_ref2), .m_side(op_side),
        .m_shares(op_shares), .m_price(op_price), .m_match(op_match), .m_printable(op_printable),
        .m_evt_code(op_evt_code), .m_evt_expected(op_evt_expected),
        .m_evt_received(op_evt_received), .m_mold_seq(op_mold_seq), .m_ordinal(op_ordinal),
        .m_line(op_line), .m_stamp(op_stamp),
        .stat_type(dec_stat), .stat_msg(stat_inc[75])
    );
    assign stat_inc[60:47] = dec_stat[13:0];

    // -------------------------------------------------------------------- book
    wire         rec_valid;
    wire [511:0] rec_data;
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0]  eng_stat;
    /* verilator lint_on UNUSEDSIGNAL */

    nt_book_engine #(
        .N_SYMBOLS(N_SYMBOLS),
        .ORDER_TABLE_DEPTH(ORDER_TABLE_DEPTH),
        .TABLE_WAYS(TABLE_WAYS),
        .BOOK_LEVELS(BOOK_LEVELS)
    ) engine_inst (
        .clk(clk), .rst(rst),
        .s_valid(op_valid), .s_ready(op_ready), .s_op(op_op), .s_type(op_type),
        .s_locate(op_locate), .s_ts(op_ts), .s_ref(op_ref), .s_ref2(op_ref2), .s_side(op_side),
        .s_shares(op_shares), .s_price(op_price), .s_match(op_match), .s_printable(op_printable),
        .s_evt_code(op_evt_code), .s_evt_expected(op_evt_expected),
        .s_evt_received(op_evt_received), .s_mold_seq(op_mold_seq), .s_ordinal(op_ordinal),
        .s_line(op_line), .s_stamp(op_stamp),
        .sub_wr_en(sub_wr_en), .sub_wr_locate(sub_wr_locate), .sub_wr_subscribed(sub_wr_subscribed),
        .m_rec_valid(rec_valid), .m_rec_data(rec_data),
        .stat(eng_stat),
        .init_done(engine_init_done),
        .refill_busy(engine_refill_busy)
    );
    assign stat_inc[72:61] = eng_stat[11:0];

    // ------------------------------------------------------------------ writer
    // Two DMA engines share the port: the market-data ring gets every record; with CTRL bit 6 the feed
    // events (record type 3, byte 8) are also written into the event ring (a second MD ring, its own
    // base, capacity and prod_index).  The port takes the market-data writer's line whenever it has one;
    // each writer's own order (BUSY, payload, seq, prod_index) is kept, and the rings are independent.
    wire [63:0]  md_dma_addr, ev_dma_addr;
    wire [511:0] md_dma_data, ev_dma_data;
    wire [63:0]  md_dma_strb, ev_dma_strb;
    wire         md_dma_valid, ev_dma_valid;
    assign m_dma_valid = md_dma_valid || ev_dma_valid;
    assign m_dma_addr  = md_dma_valid ? md_dma_addr : ev_dma_addr;
    assign m_dma_data  = md_dma_valid ? md_dma_data : ev_dma_data;
    assign m_dma_strb  = md_dma_valid ? md_dma_strb : ev_dma_strb;

    nt_rec_writer #(.FIFO_ADDR_WIDTH(REC_FIFO_ADDR_WIDTH)) writer_inst (
        .clk(clk), .rst(rst),
        .s_rec_valid(rec_valid), .s_rec_data(rec_data),
        .cfg_ring_en(cfg_ring_en), .cfg_ring_base(cfg_ring_base), .cfg_ring_log2cap(cfg_ring_log2cap),
        .cfg_one_write(cfg_one_write),
        .m_dma_addr(md_dma_addr), .m_dma_data(md_dma_data), .m_dma_strb(md_dma_strb),
        .m_dma_valid(md_dma_valid), .m_dma_ready(m_dma_ready),
        .prod_index(prod_index), .stat_written(stat_inc[73]), .stat_dropped(stat_inc[74])
    );

    localparam EVT_FIFO_ADDR_WIDTH = 3;   // feed events are rare: 8 waiting records
    /* verilator lint_off UNUSEDSIGNAL */
    wire evt_written;                     // the event ring's records are counted as rec.event (71)
    /* verilator lint_on UNUSEDSIGNAL */
    nt_rec_writer #(.FIFO_ADDR_WIDTH(EVT_FIFO_ADDR_WIDTH)) evt_writer_inst (
        .clk(clk), .rst(rst),
        .s_rec_valid(rec_valid && cfg_evt_en && rec_data[71:64] == 8'd3), .s_rec_data(rec_data),
        .cfg_ring_en(cfg_evt_en), .cfg_ring_base(cfg_evt_base), .cfg_ring_log2cap(cfg_evt_log2cap),
        .cfg_one_write(cfg_one_write),
        .m_dma_addr(ev_dma_addr), .m_dma_data(ev_dma_data), .m_dma_strb(ev_dma_strb),
        .m_dma_valid(ev_dma_valid), .m_dma_ready(m_dma_ready && !md_dma_valid),
        .prod_index(evt_prod_index), .stat_written(evt_written), .stat_dropped(stat_inc[79])
    );

    assign stat_inc[77] = eng_stat[12];    // book: adds not stored, reference maybe a lost order's
    assign stat_inc[78] = eng_stat[13];    // book: orders stored in the order table's stash
    assign stat_inc[80] = eng_stat[14];    // book: level-cache refill scans started
    assign stat_inc[81] = eng_stat[15];    // book: refills completed (installed)

endmodule

`default_nettype wire
