# HDL (hdl/): Verilator -Wall lint of every module, Yosys SAT proofs
# (tools/hdl/formal.sh), cocotb benches on Icarus
# (sim/tb/<module>/test_*.py, pytest + cocotb_tools.runner: every module with a
# bench, among them nt_rx_fifo, nt_mold_arb, nt_rec_writer, nt_csr, and
# nt_card_core in store-and-forward and cut-through mode), Yosys synth_xilinx
# of the small default nt_card_core with ltp and sta.  Takes about 7-9 min on
# 2 cores (513 s in the session-5 CI run; Yosys is most of it).
set -uo pipefail
LOGS="$NT_BUILD/test-logs"
mkdir -p "$LOGS"
p=0 f=0 s=0

# count "<tag> ok" / "<tag> FAIL" lines of a checker's output; none at all is a failure
tally() {
    echo "$2"
    p=$((p + $(grep -c "^$1 ok" <<<"$2")))
    f=$((f + $(grep -c "^$1 FAIL" <<<"$2")))
    grep -q "^$1 " <<<"$2" || f=$((f + 1))
}
# 1. lint: one test per line of tools/hdl/lint.sh
tally lint "$("$NT_ROOT/tools/hdl/lint.sh" 2>&1)"
# 1b. formal checks (Yosys SAT): one test per line of tools/hdl/formal.sh
tally formal "$("$NT_ROOT/tools/hdl/formal.sh" 2>&1)"

# 2. cocotb benches
junit="$LOGS/hdl-junit.xml"
rm -f "$junit"
export NT_HDL_REPORT="$LOGS/hdl-perf.jsonl"
rm -f "$NT_HDL_REPORT"
(cd "$NT_ROOT/sim/tb" && python -m pytest -q -p no:cacheprovider --junitxml="$junit" \
    nt_*/test_*.py)
if [ -f "$junit" ]; then
    read -r jp jf js < <(python "$NT_ROOT/tools/lib/junit_count.py" "$junit")
    p=$((p + jp)); f=$((f + jf)); s=$((s + js))
else
    f=$((f + 1))
fi
[ -f "$NT_HDL_REPORT" ] && cat "$NT_HDL_REPORT"

# 3. Yosys synthesis of the default (small) top level
if timeout 900 "$NT_ROOT/tools/hdl/synth.sh" small "$NT_BUILD/hdl-synth/small"; then
    p=$((p + 1))
else
    echo "yosys synthesis failed"
    f=$((f + 1))
fi

echo "$p $f $s" > "$NT_RESULT"
[ "$f" -eq 0 ]
