# Controller end to end through the operator entry point (tools/nanotick controller), headless:
# a scripted session on the synthetic feed + paper venue, a restart from the journal, and bad
# configs. (The controller's JUnit tests run in 40-java.)
set -uo pipefail
cd "$NT_ROOT"
pass=0 fail=0
tmp=$(mktemp -d /tmp/nt-controller-suite.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
check() { # name, command...
    local name=$1; shift
    if "$@"; then pass=$((pass+1)); echo "ok   $name"; else fail=$((fail+1)); echo "FAIL $name"; fi
}
has() { grep -qF -- "$2" "$1"; }

cat > "$tmp/s1.txt" <<'S'
strategy start mm
strategy start pp
wait 1500
orders
pnl
bogus
risk set maxPosition lots
risk
kill
wait 200
orders
status
S
tools/nanotick controller --journal "$tmp/j.ntj" --script "$tmp/s1.txt" > "$tmp/o1.txt" 2> "$tmp/e1.txt"
rc=$?
cat "$tmp/o1.txt"
check "session exits 0" test $rc -eq 0
check "strategies start" has "$tmp/o1.txt" "mm running"
check "orders were sent" grep -qE '^orders: 0 working, [1-9][0-9]* sent' "$tmp/o1.txt"
check "bad command gets usage" has "$tmp/o1.txt" "unknown command 'bogus'"
check "bad value named" has "$tmp/o1.txt" "error: key 'maxPosition' value 'lots': not a number"
check "limit unchanged" has "$tmp/o1.txt" "maxPosition = 2000"
check "kill cancels all" has "$tmp/o1.txt" "0 working"
check "killed state" has "$tmp/o1.txt" "controller: KILLED"

printf 'status\norders\n' | tools/nanotick controller --journal "$tmp/j.ntj" > "$tmp/o2.txt" 2> "$tmp/e2.txt"
rc=$?
cat "$tmp/o2.txt"
check "restart exits 0" test $rc -eq 0
check "restart replays journal" grep -qE '^journal: [1-9][0-9]* requests, [1-9][0-9]* events' "$tmp/o2.txt"
check "kill switch survives restart" has "$tmp/o2.txt" "KILL SWITCH ON"

printf 'risk.maxPosition=many\n' > "$tmp/bad.properties"
tools/nanotick controller --config "$tmp/bad.properties" < /dev/null > "$tmp/o3.txt" 2> "$tmp/e3.txt"
rc=$?
cat "$tmp/e3.txt"
check "bad config exits 2" test $rc -eq 2
check "bad config names key and value" has "$tmp/e3.txt" "config: key 'risk.maxPosition' value 'many': not a number"

echo "$pass $fail 0" > "$NT_RESULT"
[ $fail -eq 0 ]
