# Virtual card (sim/vcard, Verilator build of hdl/nt_card_core.v): end-to-end
# pytest in sim/tests -- replays into the ring read by the Java Panama reader,
# comparison with the reference model, gaps, A/B, bad input, bbo --engine hdl.
set -uo pipefail
out="$NT_BUILD/test-logs/vcard-junit.xml"
mkdir -p "$(dirname "$out")"
rm -f "$out"
t0=$(date +%s)
if ! bash "$NT_ROOT/sim/vcard/build.sh"; then
    echo "virtual card build failed"
    echo "0 1 0" > "$NT_RESULT"
    exit 1
fi
echo "virtual card build/check: $(( $(date +%s) - t0 ))s"
cd "$NT_ROOT/sim/tests" || { echo "0 1 0" > "$NT_RESULT"; exit 1; }
python -m pytest -q -p no:cacheprovider --durations=8 --junitxml="$out" .
rc=$?
if [ -f "$out" ]; then
    python "$NT_ROOT/tools/lib/junit_count.py" "$out" > "$NT_RESULT"
else
    echo "0 1 0" > "$NT_RESULT"
fi
exit $rc
