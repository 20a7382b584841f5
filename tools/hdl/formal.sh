#!/usr/bin/env bash
# Formal checks with Yosys (sat -prove-asserts): sim/formal/*.sv, one line per
# check and parameter value, "formal ok ..." or "formal FAIL ...".
#   nt_book_levels_best: the best level nt_book_levels reports, computed from
#   its input word, is level 0 of the word it writes (K = 2, 4, 8, 16: the
#   bounds bench, the cocotb bench, the small and the Alveo sets).
#   and best_same (the parallel compare with the caller's published best) is
#   best_* == cmp_*.
# Negative controls run the same proof on copies with one operator changed:
# they must fail.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
W=$(mktemp -d /tmp/nt-formal.XXXXXX)
trap 'rm -rf "$W"' EXIT
prove() { # prove <levels.v> <K>: prints the yosys verdict line
    yosys -p "read_verilog -sv -formal $1 $ROOT/sim/formal/nt_book_levels_best.sv;
              chparam -set K $2 nt_book_levels_best; prep -top nt_book_levels_best; flatten;
              sat -prove-asserts" 2>&1 | grep -E "SAT proof finished|ERROR" | head -1
}
rc=0
for k in 2 4 8 16; do
    v=$(prove "$ROOT/hdl/nt_book_levels.v" "$k")
    if grep -q "no model found: SUCCESS" <<<"$v"; then
        echo "formal ok    nt_book_levels_best K=$k"
    else
        echo "formal FAIL  nt_book_levels_best K=$k: ${v:-no verdict}"
        rc=1
    fi
done
# negative controls: the same proof on a copy with one operator changed must fail
#   1. a partial cancel of the best level off by one share (best_qty)
#   2. the parallel compare of that case with the wrong sign (best_same)
n=0
for m in 's/b_q = lq\[0\] - qty;/b_q = lq[0] - qty + 1;/' \
         's/(lq\[0\] == cmp_qty + qty)/(lq[0] == cmp_qty - qty)/'; do
    n=$((n + 1))
    sed "$m" "$ROOT/hdl/nt_book_levels.v" > "$W/mutant$n.v"
    if cmp -s "$ROOT/hdl/nt_book_levels.v" "$W/mutant$n.v"; then
        echo "formal FAIL  negative control $n: the mutation did not apply (update tools/hdl/formal.sh)"
        rc=1
    elif grep -q "model found: FAIL" <<<"$(prove "$W/mutant$n.v" 4)"; then
        echo "formal ok    negative control $n: a mutated nt_book_levels fails the proof"
    else
        echo "formal FAIL  negative control $n: a mutated nt_book_levels passed"
        rc=1
    fi
done
exit $rc
