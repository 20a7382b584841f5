#!/usr/bin/env bash
# Builds the virtual card if hdl/, sim/vcard/ or the ring library changed
# (make dependencies), one build at a time (flock).  Quiet unless it builds.
#   bash sim/vcard/build.sh [small|alveo] [--path]
#     small (default)  sim/build/vcard: the default parameter set
#     alveo            sim/build/vcard-alveo/vcard: the Alveo U250/U55C set
#                      (tools/hdl/params.sh: 8192 locates, 2^20 orders, 16 levels)
#     --path           then print the binary's path on stdout (for callers: the one place it is named)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SET=small PRINT=0
for a in "$@"; do
    case "$a" in
        small|alveo) SET="$a" ;;
        --path) PRINT=1 ;;
        *) echo "usage: $0 [small|alveo] [--path]" >&2; exit 2 ;;
    esac
done
command -v verilator >/dev/null || { echo "nanotick: verilator is not installed (tools/setup installs it)" >&2; exit 2; }
mkdir -p "$ROOT/sim/build"
make -s -C "$ROOT/native" build/libntring.a >&2
exec 9>"$ROOT/sim/build/.vcard.lock"
flock 9
if [ "$SET" = alveo ]; then
    source "$ROOT/tools/hdl/params.sh"
    VB="$ROOT/sim/build/vcard-alveo"
    MK=(BUILD="$VB" OBJ="$VB/obj" VERILATOR="verilator $(nt_hdl_gflags "${NT_HDL_ALVEO[@]}")")
    OUT="$VB/vcard"
else
    MK=()
    OUT="$ROOT/sim/build/vcard"
fi
if ! make -s -q -C "$ROOT/sim/vcard" ${MK[@]+"${MK[@]}"} 2>/dev/null; then
    echo "nanotick: building the virtual card ($SET parameter set, Verilator, ${OUT#"$ROOT"/}) ..." >&2
    t0=$(date +%s)
    make -s -C "$ROOT/sim/vcard" ${MK[@]+"${MK[@]}"} >&2 || { echo "nanotick: virtual card build failed (log: $(dirname "$OUT")/vcard-build.log)" >&2; exit 2; }
    echo "nanotick: virtual card built in $(( $(date +%s) - t0 ))s" >&2
fi
[ "$PRINT" = 0 ] || echo "$OUT"
