# C tests under native/ (ring ABI, feed handler, DPDK app).
set -uo pipefail
make -C "$NT_ROOT/native" -j2 bins || { echo "0 1 0" > "$NT_RESULT"; exit 1; }
make --no-print-directory -C "$NT_ROOT/native" test | tee "$NT_BUILD/test-logs/native.out"
rc=${PIPESTATUS[0]}
grep -E "^[0-9]+ [0-9]+ [0-9]+$" "$NT_BUILD/test-logs/native.out" | tail -n 1 > "$NT_RESULT"
exit $rc
