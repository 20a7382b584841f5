# The demo end to end (tools/nanotick demo, default HDL virtual-card feed), driven headless through
# stdin as an operator would: poll `status` until the market maker has at least one execution,
# then status/orders/positions/pnl/risk; end of input must stop everything cleanly.
set -uo pipefail
cd "$NT_ROOT"
pass=0 fail=0
tmp=$(mktemp -d /tmp/nt-demo-suite.XXXXXX)
demopid=""
trap '[ -n "$demopid" ] && kill $demopid 2>/dev/null; exec 3>&- 2>/dev/null; rm -rf "$tmp"' EXIT
check() { # name, command...
    local name=$1; shift
    if "$@"; then pass=$((pass+1)); echo "ok   $name"; else fail=$((fail+1)); echo "FAIL $name"; fi
}
has() { grep -qF -- "$2" "$1"; }

check "--feed c is refused clearly (exit 2)" bash -c "tools/nanotick demo --feed c 2>&1 </dev/null | grep -q 'not available yet'; [ \${PIPESTATUS[0]} -eq 2 ]"

mkfifo "$tmp/in"
tools/nanotick demo < "$tmp/in" > "$tmp/out" 2> "$tmp/err" &
demopid=$!
exec 3> "$tmp/in"
execs() { sed -n 's/^orders: [0-9]* working, [0-9]* sent, \([0-9]*\) executions$/\1/p' "$tmp/out" | tail -1; }
# up to ~12 min when the first run builds; ~75 s of polling once everything is up
t=0
while kill -0 $demopid 2>/dev/null; do
    if grep -q "^mm4 running" "$tmp/out"; then
        echo status >&3
        n=$(execs); [ -n "$n" ] && [ "$n" -gt 0 ] && break
        t=$((t+1)); [ $t -ge 25 ] && break
        sleep 3
    else
        sleep 1
    fi
done
printf 'status\norders\npositions\npnl\nrisk\nbook AAPL\n' >&3
exec 3>&-
for _ in $(seq 1 300); do kill -0 $demopid 2>/dev/null || break; sleep 0.2; done
hung=0
if kill -0 $demopid 2>/dev/null; then hung=1; kill -TERM $demopid; fi
wait $demopid
rc=$?
check "demo ends by itself at end of input" test $hung -eq 0
demopid=""
head -6 "$tmp/out"
awk '/^nanotick> status$/{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' "$tmp/out"   # the last round
cat "$tmp/err"

check "demo exits 0 at end of input" test $rc -eq 0
check "banner names the console commands" has "$tmp/err" "Ctrl-D (end of input) stops everything"
check "four market makers running" has "$tmp/out" "mm4 running"
check "HDL virtual card feed reached the book" grep -qE '^AAPL \(locate 1\): [0-9]+ x [0-9.]+ \| [0-9.]+ x [0-9]+' "$tmp/out"
n=$(execs)
check "fills happen (at least one execution: ${n:-none})" test "${n:-0}" -gt 0
check "orders went to the simulator over OUCH" grep -qE '^orders: [0-9]+ working, [1-9][0-9]* sent' "$tmp/out"
check "risk holds: kill switch off, still trading" bash -c "grep -q '^kill switch: off' '$tmp/out' && grep -q '^controller: trading' '$tmp/out' && ! grep -q KILLED '$tmp/out'"
# positions: no symbol beyond risk.maxPosition (1000), gross within risk.maxGross (4000)
check "risk holds: positions within maxPosition and maxGross" awk '
    /^symbol +position/ {p=1; next} p && /^[A-Z]+ +-?[0-9]+ / {x=$2<0?-$2:$2; if (x>1000) bad=1; g+=x; n++; next} p {p=0}
    END {exit (bad || g>4000 || n==0)}' "$tmp/out"
check "working orders within maxOpenOrders (64)" bash -c "! grep -qE '^([0-9]{3,}|6[5-9]|[7-9][0-9]) working' '$tmp/out'"
# clean shutdown: every process the demo started is gone, its ring is removed
pids=$(sed -n 's/.*(pid \([0-9]*\)[;)].*/\1/p; s/^demo: controller pid \([0-9]*\)$/\1/p' "$tmp/err")
check "demo reported its processes" test "$(echo $pids | wc -w)" -eq 3
left=""
for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
check "no process left behind (pids: $(echo $pids))" test -z "$left"
ring=$(sed -n 's/.*ITCH multicast -> ring \(\/dev\/shm\/[^ ]*\).*/\1/p' "$tmp/err" | head -1)
check "ring was in /dev/shm and is removed ($ring)" bash -c "[ -n '$ring' ] && [ ! -e '$ring' ]"

echo "$pass $fail 0" > "$NT_RESULT"
[ $fail -eq 0 ]
