#!/usr/bin/env bash
# Builds the virtual card if hdl/, sim/vcard/ or the ring library changed
# (make dependencies), one build at a time (flock).  Quiet unless it builds.
#   bash sim/vcard/build.sh          sim/build/vcard: the small (default) parameter set
#   bash sim/vcard/build.sh alveo    sim/build/vcard-alveo/vcard: the Alveo U250/U55C set
#                                    (8192 locates, 2^20 orders, 16 levels: docs/hdl.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SET="${1:-small}"
command -v verilator >/dev/null || { echo "nanotick: verilator is not installed (tools/setup installs it)" >&2; exit 2; }
mkdir -p "$ROOT/sim/build"
make -s -C "$ROOT/native" build/libntring.a >&2
exec 9>"$ROOT/sim/build/.vcard.lock"
flock 9
case "$SET" in
    small) MK=() ; OUT="$ROOT/sim/build/vcard" ;;
    alveo) VB="$ROOT/sim/build/vcard-alveo"
           MK=(BUILD="$VB" OBJ="$VB/obj"
               VERILATOR="verilator -GN_SYMBOLS=8192 -GORDER_TABLE_DEPTH=1048576 -GBOOK_LEVELS=16 -GRX_FIFO_ADDR_WIDTH=11")
           OUT="$VB/vcard" ;;
    *) echo "usage: $0 [small|alveo]" >&2; exit 2 ;;
esac
if ! make -s -q -C "$ROOT/sim/vcard" ${MK[@]+"${MK[@]}"} 2>/dev/null; then
    echo "nanotick: building the virtual card ($SET parameter set, Verilator, ${OUT#"$ROOT"/}) ..." >&2
    t0=$(date +%s)
    make -s -C "$ROOT/sim/vcard" ${MK[@]+"${MK[@]}"} >&2 || { echo "nanotick: virtual card build failed (log: $(dirname "$OUT")/vcard-build.log)" >&2; exit 2; }
    echo "nanotick: virtual card built in $(( $(date +%s) - t0 ))s" >&2
fi
