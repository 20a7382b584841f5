#!/usr/bin/env bash
# Yosys synth_xilinx -family xcup -uram of nt_book_engine alone with the Alveo
# U250/U55C parameters (8192 locates, 2^20 orders, 16 cached levels): the part
# of the design whose size depends on the parameters (order table, book,
# top of book).  The rest of nt_card_core does not change with them (except
# the line FIFOs: 2^11 beats each, one or two RAMB36).
#   tools/hdl/synth_engine_alveo.sh [outdir]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${1:-$ROOT/build/hdl-synth/engine-alveo}"
source "$ROOT/tools/hdl/params.sh"
mkdir -p "$OUT"
cat > "$OUT/synth.ys" <<YS
read_verilog -sv $ROOT/hdl/nt_book_engine.v $ROOT/hdl/nt_order_table.v $ROOT/hdl/nt_book_levels.v
chparam $(nt_hdl_setflags "${NT_HDL_ALVEO_ENGINE[@]}") nt_book_engine
synth_xilinx -family xcup -uram -top nt_book_engine
tee -o $OUT/stat.txt stat
YS
t0=$(date +%s)
yosys -q -l "$OUT/yosys.log" -s "$OUT/synth.ys" >/dev/null
echo "yosys engine-alveo: $(( $(date +%s) - t0 )) s"
python3 "$ROOT/tools/hdl/synth_report.py" "$OUT/stat.txt" | tee "$OUT/summary.txt"
