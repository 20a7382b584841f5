#!/usr/bin/env bash
# Yosys synthesis of nt_card_core for Xilinx UltraScale+ (synth_xilinx -family
# xcup) with a parameter set; per-module LUT/FF/BRAM/URAM (stat) and the
# longest combinational path of the flattened netlist (ltp -noff, in cells).
#   tools/hdl/synth.sh [small|alveo] [outdir]
# small: the default CI set (N_SYMBOLS 64, 1024 orders, 8 levels);
# alveo: the U250/U55C set (8192 locates, 2^20 orders, 16 levels): slow, run by hand.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SET="${1:-small}"
source "$ROOT/tools/hdl/params.sh"
OUT="${2:-$ROOT/build/hdl-synth/$SET}"
mkdir -p "$OUT"
case "$SET" in
    small) P="-set N_SYMBOLS 64 -set ORDER_TABLE_DEPTH 1024 -set TABLE_WAYS 4 -set BOOK_LEVELS 8 -set RX_FIFO_ADDR_WIDTH 9"; X="" ;;
    alveo) P="$(nt_hdl_setflags "${NT_HDL_ALVEO[@]}")"; X="-uram" ;;
    *) echo "usage: $0 [small|alveo] [outdir]" >&2; exit 2 ;;
esac
cat > "$OUT/synth.ys" <<YS
read_verilog -sv $(ls "$ROOT"/hdl/*.v | tr '\n' ' ')
chparam $P nt_card_core
synth_xilinx -family xcup $X -top nt_card_core
tee -o $OUT/stat.txt stat
write_rtlil $OUT/netlist.il
YS
t0=$(date +%s)
yosys -q -l "$OUT/yosys.log" -s "$OUT/synth.ys" >/dev/null
t1=$(date +%s)
echo "yosys $SET: synth_xilinx $((t1 - t0)) s, log $OUT/yosys.log"
# Depth, from one read of the netlist (blocks RAMs and registers cut):
#  * ltp, the longest path in cells (LUT, CARRY4, MUXF*), of the top: first as
#    it is, then with the LUTRAM and SRL cells cut too (Yosys sees a LUTRAM's
#    write port feeding its asynchronous read as a combinational loop, so the
#    first can run through false loops and over-count; the second cannot, it
#    may split a real path at a LUTRAM read, one LUT level); then of the book
#    engine alone, cut the same way (the top's longest path may lie elsewhere,
#    the engine's is the one "Road to 322 MHz" in docs/hdl.md is about);
#  * sta, the timing-weighted longest path of the top and of the engine, with
#    the delays of Yosys's Xilinx cell library (specify blocks of
#    +/xilinx/cells_sim.v, derived from 7-series, a typical net delay folded
#    into each cell; no placement, no routing): a relative figure run to run,
#    not a sign-off.
CUT_FF="t:FDRE t:FDSE t:FDCE t:FDPE"
CUT_RAM="t:RAMB18E2 t:RAMB36E2 t:URAM288"
CUT_LUTRAM="t:RAM32M t:RAM64M t:RAM32M16 t:RAM64M8 t:RAM32X1D t:RAM64X1D t:RAM128X1D t:RAM256X1D t:RAM32X1S t:RAM64X1S t:RAM128X1S t:RAM256X1S t:SRL16E t:SRLC32E"
modname() { grep -o "^module .*\\$1\$" "$OUT/netlist.il" | head -1 | cut -d' ' -f2; }
if [ "${NT_HDL_LTP:-1}" = 1 ]; then
    top=$(modname nt_card_core)
    eng=$(modname nt_book_engine)
    cat > "$OUT/depth.ys" <<YS
read_rtlil $OUT/netlist.il
read_verilog -lib -specify +/xilinx/cells_sim.v
design -save all
hierarchy -top $top
flatten
delete $CUT_FF $CUT_RAM
tee -o $OUT/ltp.txt ltp
delete $CUT_LUTRAM
tee -o $OUT/ltp_cut.txt ltp
design -load all
hierarchy -top $eng
flatten
delete $CUT_FF $CUT_RAM $CUT_LUTRAM
tee -o $OUT/ltp_engine.txt ltp
design -load all
hierarchy -top $top
flatten
delete $CUT_RAM
tee -o $OUT/sta.txt sta
design -load all
hierarchy -top $eng
flatten
delete $CUT_RAM
tee -o $OUT/sta_engine.txt sta
YS
    yosys -q -l "$OUT/depth.log" -s "$OUT/depth.ys" >/dev/null 2>&1 || echo "yosys $SET: depth analysis failed (log $OUT/depth.log)"
    echo "yosys $SET: ltp and sta $(( $(date +%s) - t1 )) s"
else
    rm -f "$OUT/ltp.txt" "$OUT/ltp_cut.txt" "$OUT/ltp_engine.txt" "$OUT/sta.txt" "$OUT/sta_engine.txt"
fi
python3 "$ROOT/tools/hdl/synth_report.py" "$OUT/stat.txt" $( [ -f "$OUT/ltp.txt" ] && echo "$OUT/ltp.txt $OUT/ltp_cut.txt $OUT/ltp_engine.txt" ) | tee "$OUT/summary.txt"
for f in sta sta_engine; do
    [ -s "$OUT/$f.txt" ] && python3 "$ROOT/tools/hdl/synth_report.py" --sta "$OUT/$f.txt" | tee -a "$OUT/summary.txt"
done
