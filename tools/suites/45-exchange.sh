# Exchange simulator end to end through the operator command, checked by
# independent decoders: tools/nanotick exchange runs with a synthetic
# background and a pcap capture, is stopped with SIGTERM, and its capture is
# read by tshark (MoldUDP64 dissector) and by the Python reference model.
set -uo pipefail
cd "$NT_ROOT"
work="$NT_BUILD/exchange-suite"
rm -rf "$work"
mkdir -p "$work"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }
finish() { echo "$pass $fail 0" > "$NT_RESULT"; [ "$fail" -eq 0 ]; exit $?; }

# 1. a bad key=value is refused, naming both
out=$(tools/nanotick exchange ouch.port=abc 2>&1); rc=$?
if [ $rc -eq 2 ] && grep -q "'ouch.port'" <<<"$out" && grep -q "'abc'" <<<"$out"; then ok "bad value names key and value"; else ko "bad value (rc=$rc): $out"; fi

# 2. run, stop with SIGTERM, clean end of day
port=$((20000 + RANDOM % 30000))
group="239.255.$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))"
tools/nanotick exchange background=synthetic background.rate=3000 background.seed=5 \
    md.group="$group" md.port="$port" capture.pcap="$work/feed.pcap" > "$work/exchange.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
    grep -q "ITCH 5.0/MoldUDP64" "$work/exchange.log" 2>/dev/null && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.2
done
sleep 3
kill -TERM $pid 2>/dev/null
wait $pid; rc=$?
cat "$work/exchange.log"
if [ $rc -eq 0 ] || [ $rc -eq 143 ]; then
    if grep -q "stopped;" "$work/exchange.log"; then ok "SIGTERM: clean stop"; else ko "no clean stop line"; fi
else
    ko "exchange exited with $rc"
    finish
fi
live=$(sed -n 's/.*liveOrders=\([0-9]*\).*/\1/p' "$work/exchange.log" | tail -1)

# 3. tshark: contiguous MoldUDP64 sequence numbers, ending with the end-of-session packet
if command -v tshark >/dev/null; then
    tshark -r "$work/feed.pcap" -d udp.port=="$port",moldudp64 -T fields -e moldudp64.sequence -e moldudp64.count \
        2>/dev/null > "$work/mold.txt"
    if python3 - "$work/mold.txt" <<'PY'
import sys
rows = [tuple(int(x) for x in l.split()) for l in open(sys.argv[1]) if l.strip()]
assert rows, "no MoldUDP64 packets"
nxt = 1
for seq, cnt in rows:
    if cnt in (0, 0xFFFF):
        assert seq == nxt, ("heartbeat/end sequence", seq, nxt)
        continue
    assert seq == nxt, ("gap or overlap", seq, nxt)
    nxt = seq + cnt
assert rows[-1][1] == 0xFFFF, "last packet is not end of session"
print("tshark: %d packets, %d messages" % (len(rows), nxt - 1))
PY
    then ok "tshark: contiguous sequence, end of session"; else ko "tshark check"; fi
else
    echo "SKIP tshark not installed"
fi

# 4. the reference model rebuilds the book from the capture: no unknown order, no duplicate, no clamp,
#    and the same number of live orders the simulator reported at shutdown
(cd sim/model && python -m nanotick_model bbo --in "$work/feed.pcap" --out "$work/bbo.csv" --stats) \
    2> "$work/model.stats"
st() { sed -n "s/^$1=//p" "$work/model.stats"; }
if [ "$(st book.unknown_ref)" = "0" ] && [ "$(st book.dup_add)" = "0" ] && [ "$(st book.clamp)" = "0" ] \
   && [ "$(st decode.unknown_type)" = "0" ] && [ "$(st decode.bad_length)" = "0" ] && [ -n "$live" ] \
   && [ "$(st book.live_orders)" = "$live" ] && [ "$(st book.executes)" -gt 0 ]; then
    ok "model: consistent book, live orders $live"
else
    ko "model stats (simulator live=$live)"; cat "$work/model.stats"
fi
finish
