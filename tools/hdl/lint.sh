#!/usr/bin/env bash
# Verilator -Wall lint of every HDL module (each as a top, default parameters)
# and of nt_card_core with the Alveo parameter set.  Prints one line per run;
# exits non-zero on any warning.
#   tools/hdl/lint.sh
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HDL="$ROOT/hdl"
source "$ROOT/tools/hdl/params.sh"
rc=0
for f in "$HDL"/*.v; do
    top=$(basename "$f" .v)
    if verilator --lint-only -Wall -y "$HDL" --top-module "$top" "$f" >/tmp/nt-lint-$$.log 2>&1; then
        echo "lint ok    $top"
    else
        echo "lint FAIL  $top"; sed 's/^/    /' /tmp/nt-lint-$$.log | head -40; rc=1
    fi
done
# the big-card parameter set (docs/hdl.md)
# shellcheck disable=SC2046
if verilator --lint-only -Wall -I"$HDL" --top-module nt_card_core $(nt_hdl_gflags "${NT_HDL_ALVEO[@]}") \
        "$HDL"/*.v >/tmp/nt-lint-$$.log 2>&1; then
    echo "lint ok    nt_card_core (Alveo parameters)"
else
    echo "lint FAIL  nt_card_core (Alveo parameters)"; sed 's/^/    /' /tmp/nt-lint-$$.log | head -40; rc=1
fi
rm -f /tmp/nt-lint-$$.log
exit $rc
