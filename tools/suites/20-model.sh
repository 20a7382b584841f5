# Python reference model (sim/model): pytest on sim/model/tests.
set -uo pipefail
out="$NT_BUILD/test-logs/model-junit.xml"
mkdir -p "$(dirname "$out")"
rm -f "$out"
cd "$NT_ROOT/sim/model" || { echo "0 1 0" > "$NT_RESULT"; exit 1; }
python -m pytest -q -p no:cacheprovider --junitxml="$out" tests
rc=$?
if [ -f "$out" ]; then
    python "$NT_ROOT/tools/lib/junit_count.py" "$out" > "$NT_RESULT"
else
    echo "0 1 0" > "$NT_RESULT"
fi
exit $rc
