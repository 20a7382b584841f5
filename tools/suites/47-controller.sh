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
risk log
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
check "rejection log" grep -qE '^last rejections \(newest first\), [0-9]+ in all:' "$tmp/o1.txt"
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

# the interactive console on a pseudo-terminal (JLine): strat<TAB>, sta<TAB>, history with the
# Up arrow in the session and from ~/.nanotick_history in the next one, quit and Ctrl-D
mkdir -p "$tmp/home"
python3 java/controller/src/test/python/console_pty.py "$NT_ROOT" "$tmp/home" > "$tmp/pty.out" 2>&1
cat "$tmp/pty.out"
read -r ptypass ptyfail < <(tail -1 "$tmp/pty.out" | grep -E '^[0-9]+ [0-9]+$' || echo "0 1")
check "console on a pty: $ptypass checks passed, $ptyfail failed" test "$ptyfail" -eq 0 -a "$ptypass" -gt 0

# SIGKILL against the exchange simulator: the controller trades over OUCH, is killed -9 mid-run,
# and restarts from its journal; the venue replays the session and the OMS reconciles.
mdgroup=239.255.$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))
mdport=$((RANDOM % 30000 + 20000))
tools/nanotick exchange ouch.port=0 background=synthetic background.rate=500 user.nt=nt \
    md.group=$mdgroup md.port=$mdport > "$tmp/ex.out" 2> "$tmp/ex.err" &
expid=$!
port=""
for _ in $(seq 1 600); do
    port=$(sed -n 's/.*OUCH 5.0\/SoupBinTCP on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/ex.out" | head -1)
    [ -n "$port" ] && break
    kill -0 $expid 2>/dev/null || break
    sleep 0.2
done
check "exchange simulator up" test -n "$port"
if [ -n "$port" ]; then
    cat > "$tmp/ouch.properties" <<P
feed=itch:$mdgroup:$mdport:lo
symbol.1=AAPL
symbol.2=MSFT
venue=ouch:127.0.0.1:$port
venue.user=nt
venue.password=nt
risk.maxOrdersPerWindow=1000
strategy.mm.type=mm
strategy.mm.locate=1
strategy.mm.sigma=0.02
strategy.mm.requoteTicks=2
strategy.pp.type=pingpong
strategy.pp.locate=2
P
    printf 'strategy start mm\nstrategy start pp\nwait 60000\n' > "$tmp/long.txt"
    tools/nanotick controller --config "$tmp/ouch.properties" --journal "$tmp/k.ntj" --script "$tmp/long.txt" \
        > "$tmp/k1.out" 2> "$tmp/k1.err" &
    ctlpid=$!
    for _ in $(seq 1 300); do grep -q "pp running" "$tmp/k1.out" && break; sleep 0.1; done
    sleep 3
    kill -9 $ctlpid 2>/dev/null
    wait $ctlpid 2>/dev/null
    cat "$tmp/k1.out"
    printf 'orders\npositions\nstatus\nwait 2000\nfeed\nbook AAPL\n' | tools/nanotick controller --config "$tmp/ouch.properties" --journal "$tmp/k.ntj" \
        > "$tmp/k2.out" 2> "$tmp/k2.err"
    rc=$?
    cat "$tmp/k2.out" "$tmp/k2.err"
    check "restart after SIGKILL exits 0" test $rc -eq 0
    check "journal replayed after SIGKILL" grep -qE '^journal: [1-9][0-9]* requests' "$tmp/k2.out"
    check "venue session replayed and reconciled" grep -qE 'session replayed, [0-9]+ already-known events ignored' "$tmp/k2.out"
    check "no order left pending after reconciliation" bash -c "! grep -qE ' (new|rpl|rplnew) ' '$tmp/k2.out'"
    # the book is read 2 s after the restart: the synthetic flow (500 msg/s) must have quoted AAPL by then
    check "ITCH feed from the simulator reached the book" grep -qE '^AAPL \(locate 1\): [0-9]+ x [0-9]' "$tmp/k2.out"
    # executions depend on the simulator's random flow within 3 s: reported (above), not required
    check "orders reached the simulator" grep -qE '^orders: [0-9]+ working, [1-9][0-9]* sent' "$tmp/k2.out"

    # the same day with a NEW journal: UserRefNums continue after the venue's replay (a reused
    # ref would be Rejected by the simulator); the ITCH feed fetches the session from sequence 1
    # from the simulator's retransmission server (feed.fromStart) and fills any gap from it
    rtx=$(sed -n 's/.*retransmission on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/ex.out" | head -1)
    { cat "$tmp/ouch.properties"; echo "feed.retransmit=127.0.0.1:$rtx"; echo "feed.fromStart=true"; } > "$tmp/ouch3.properties"
    printf 'strategy start mm\nstrategy start pp\nwait 3000\nstatus\nfeed\n' > "$tmp/s3.txt"
    tools/nanotick controller --config "$tmp/ouch3.properties" --journal "$tmp/fresh.ntj" --script "$tmp/s3.txt" \
        > "$tmp/k3.out" 2> "$tmp/k3.err"
    rc=$?
    cat "$tmp/k3.out" "$tmp/k3.err"
    prev=$(sed -n 's/.*next UserRefNum \([0-9]*\)$/\1/p' "$tmp/k2.out" | tail -1)
    next=$(sed -n 's/.*working, next UserRefNum \([0-9]*\)$/\1/p' "$tmp/k3.out" | tail -1)
    check "fresh journal: run exits 0" test $rc -eq 0
    check "fresh journal: starts at next UserRefNum 1" grep -qE '^journal: 0 requests.*next UserRefNum 1$' "$tmp/k3.out"
    check "fresh journal: refs continue after the venue's replay ($prev -> $next)" test -n "$next" -a -n "$prev" -a "${next:-0}" -ge "${prev:-1}"
    check "fresh journal: orders sent, none rejected by the venue" grep -qE '^orders: [0-9]+ working, [1-9][0-9]* sent, [0-9]+ executions, 0 rejected by the venue' "$tmp/k3.out"
    check "ITCH feed fetched the session before its join, no gap open" grep -qE '^gaps: [0-9]+ \([0-9]+ messages\), gap open: no' "$tmp/k3.out"
fi
kill $expid 2>/dev/null
wait $expid 2>/dev/null

echo "$pass $fail 0" > "$NT_RESULT"
[ $fail -eq 0 ]
