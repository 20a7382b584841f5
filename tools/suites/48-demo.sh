# The demo end to end (tools/nanotick demo), driven headless through stdin as an operator would:
# poll `status` until the market makers have at least one execution, then
# status/orders/positions/pnl/risk/book; end of input must stop everything cleanly.
# Runs the default feed (HDL virtual card) and --feed dpdk (nanotick-dpdk on af_packet/lo; skipped
# without root), plus --script with --feed java.
set -uo pipefail
cd "$NT_ROOT"
pass=0 fail=0 skip=0
tmp=$(mktemp -d /tmp/nt-demo-suite.XXXXXX)
demopid=""
trap '[ -n "$demopid" ] && kill $demopid 2>/dev/null; exec 3>&- 2>/dev/null; rm -rf "$tmp"' EXIT
check() { # name, command...
    local name=$1; shift
    if "$@"; then pass=$((pass+1)); echo "ok   $name"; else fail=$((fail+1)); echo "FAIL $name"; fi
}
has() { grep -qF -- "$2" "$1"; }

check "bad --feed is refused (exit 2)" bash -c "tools/nanotick demo --feed bogus </dev/null >/dev/null 2>&1; [ \$? -eq 2 ]"

# no process the demo reported is alive, its ring is gone
clean_exit() { # dir
    local d=$1 pids left="" p ring
    pids=$(sed -n 's/.*(pid \([0-9]*\)[;)].*/\1/p; s/^demo: controller pid \([0-9]*\)$/\1/p' "$d/err")
    check "[$2] demo reported its processes" test "$(echo $pids | wc -w)" -eq "$3"
    for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
    check "[$2] no process left behind (pids: $(echo $pids))" test -z "$left"
    ring=$(sed -n 's/.*ITCH multicast -> ring \(\/dev\/shm\/[^ ]*\).*/\1/p' "$d/err" | head -1)
    if [ "$3" -eq 3 ]; then
        check "[$2] ring was in /dev/shm and is removed ($ring)" bash -c "[ -n '$ring' ] && [ ! -e '$ring' ]"
    fi
}

run_demo() { # label, demo args...
    local label=$1; shift
    local d="$tmp/$label" t=0 n rc hung=0
    mkdir -p "$d"; mkfifo "$d/in"
    tools/nanotick demo "$@" < "$d/in" > "$d/out" 2> "$d/err" &
    demopid=$!
    exec 3> "$d/in"
    execs() { sed -n 's/^orders: [0-9]* working, [0-9]* sent, \([0-9]*\) executions.*$/\1/p' "$d/out" | tail -1; }
    # any time while a first run builds; then up to ~75 s of polling
    while kill -0 $demopid 2>/dev/null; do
        if grep -q "^mm4 running" "$d/out"; then
            echo status >&3
            n=$(execs); [ -n "$n" ] && [ "$n" -gt 0 ] && break
            # every order refused because of a feed gap (no retransmission in the C feed): stop polling
            # (not with --feed java: while it fetches the session's history every order is refused too)
            [ "$label" = dpdk ] && grep -qE '^risk: 0 accepted, [0-9]{4,} rejected' "$d/out" && break
            t=$((t+1)); [ $t -ge 25 ] && break
            sleep 3
        else
            sleep 1
        fi
    done
    printf 'status\norders\npositions\npnl\nrisk\nbook AAPL\n' >&3
    exec 3>&-
    for _ in $(seq 1 300); do kill -0 $demopid 2>/dev/null || break; sleep 0.2; done
    if kill -0 $demopid 2>/dev/null; then hung=1; kill -TERM $demopid; fi
    wait $demopid
    rc=$?
    demopid=""
    head -6 "$d/out"
    awk '/^nanotick> status$/{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' "$d/out"   # the last round
    cat "$d/err"
    check "[$label] demo ends by itself at end of input" test $hung -eq 0
    check "[$label] demo exits 0" test $rc -eq 0
    check "[$label] banner names the console commands" has "$d/err" "Ctrl-D (end of input) stops everything"
    check "[$label] four market makers running" has "$d/out" "mm4 running"
    check "[$label] feed reached the book" grep -qE '^AAPL \(locate 1\): [0-9]+ x [0-9.]+ \| [0-9.]+ x [0-9]+' "$d/out"
    n=$(execs)
    if [ "$label" = dpdk ] && grep -qE '^  gap = [0-9]+' "$d/out" && [ "${n:-0}" -eq 0 ]; then
        # nanotick-dpdk on af_packet/lo sometimes counts a MoldUDP64 gap (cause not diagnosed,
        # docs/operations.md#demo); no retransmission in the C feed, so risk must refuse every order
        echo "note [dpdk] the feed reported a MoldUDP64 gap: risk refused every order, as it must"
        check "[$label] feed gap: risk refused every order, none sent" grep -qE '^orders: 0 working, 0 sent' "$d/out"
    else
        check "[$label] fills happen (at least one execution: ${n:-none})" test "${n:-0}" -gt 0
        check "[$label] orders went to the simulator over OUCH" grep -qE '^orders: [0-9]+ working, [1-9][0-9]* sent' "$d/out"
        check "[$label] risk holds: positions within maxPosition and maxGross" awk '
            /^symbol +position/ {p=1; next} p && /^[A-Z]+ +-?[0-9]+ / {x=$2<0?-$2:$2; if (x>1000) bad=1; g+=x; n++; next} p {p=0}
            END {exit (bad || g>4000 || n==0)}' "$d/out"
    fi
    check "[$label] risk holds: kill switch off, still trading" bash -c "grep -q '^kill switch: off' '$d/out' && grep -q '^controller: trading' '$d/out' && ! grep -q KILLED '$d/out'"
    check "[$label] working orders within maxOpenOrders (64)" bash -c "! grep -qE '^([0-9]{3,}|6[5-9]|[7-9][0-9]) working' '$d/out'"
}

run_demo hdl
clean_exit "$tmp/hdl" hdl 3

if [ "$(id -u)" -eq 0 ]; then
    run_demo dpdk --feed dpdk
    clean_exit "$tmp/dpdk" dpdk 3
    check "[dpdk] EAL runtime dir removed" bash -c "! ls -d /var/run/dpdk/ntdemo* 2>/dev/null | grep -q ."
else
    echo "skip [dpdk] needs root (af_packet)"; skip=$((skip+1))
fi

# --script pass-through, controller's own ITCH feed
printf 'wait 3000\nstatus\nbook MSFT\nfeed\n' > "$tmp/s.txt"
tools/nanotick demo --feed java --script "$tmp/s.txt" < /dev/null > "$tmp/j.out" 2> "$tmp/j.err"
rc=$?
cat "$tmp/j.out"
check "[java --script] exits 0 at the end of the script" test $rc -eq 0
check "[java --script] script commands echoed and answered" grep -qE '^controller: trading, feed itch ' "$tmp/j.out"
check "[java --script] ITCH feed reached the book" grep -qE '^MSFT \(locate 2\): [0-9]+ x [0-9.]+ \| [0-9.]+ x [0-9]+' "$tmp/j.out"
# the controller starts after the simulator: its feed fetched the session's start from the
# simulator's retransmission server (feed.fromStart) and no gap is left open
check "[java --script] feed fetched the history it missed, no gap open" bash -c "grep -qE '^feed: itch .*retransmission 127.0.0.1:[0-9]+ \([0-9]+ packets, [0-9]+ messages, [1-9][0-9]* gaps recovered' '$tmp/j.out' && grep -q '^gaps: .*gap open: no' '$tmp/j.out'"
mkdir -p "$tmp/java"; cp "$tmp/j.err" "$tmp/java/err"; clean_exit "$tmp/java" java 2

echo "$pass $fail $skip" > "$NT_RESULT"
[ $fail -eq 0 ]
