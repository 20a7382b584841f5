#!/usr/bin/env bash
# HDL level-cache refill, differential (docs/hdl.md "Refill"): a virtual card built with a
# large order table (ORDER_TABLE_DEPTH=65536, N_SYMBOLS=1024: no table overflow, no slot
# shortage on these streams) and a 2-level cache (sides drain below the cache all the
# time) against the reference model on the seeded streams of 15-feed.  Every HDL row not
# flagged STALE must be the model's top of book as of its msg, rows after a STALE interval
# included (tools/lib/cmp_hdl.py); refills must happen; no locate may be STALE at the end
# (every STALE interval is closed by a refill or by the book itself).  The vcard of the
# other suites is the small set, whose 1024-entry table overflows on these streams
# (sticky STALE), so this is where the refill is proven on long streams.
# Budget: about 2 min (one Verilator build of the card, ~1 min at -j2).
set -uo pipefail
NT_ROOT="${NT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
source "$NT_ROOT/tools/lib/common.sh"
NT_BUILD="${NT_BUILD:-$NT_ROOT/build}"
NT_RESULT="${NT_RESULT:-/dev/null}"
P=0 F=0 S=0
pass() { echo "PASS $1"; P=$((P + 1)); }
fail() { echo "FAIL $1"; F=$((F + 1)); }
finish() { echo "$P $F $S" > "$NT_RESULT"; echo "hdl-refill suite: $P passed, $F failed, $S skipped"; [ "$F" -eq 0 ]; exit $?; }

PY="$NT_VENV/bin/python"
[ -x "$PY" ] || PY=python3
export PYTHONPATH="$NT_ROOT/sim/model${PYTHONPATH:+:$PYTHONPATH}"
W=$(mktemp -d /tmp/nt-refill.XXXXXX)
trap 'rm -rf "$W"' EXIT
VB="$NT_BUILD/vcard-refill"
GEN="-GORDER_TABLE_DEPTH=65536 -GN_SYMBOLS=1024 -GBOOK_LEVELS=2"

echo "--- build ($SECONDS s)"
if ! make -s -C "$NT_ROOT/native" -j2 bins build/libntring.a > "$W/native.log" 2>&1; then
    cat "$W/native.log"; fail "build native"; finish
fi
if ! make -s -C "$NT_ROOT/sim/vcard" BUILD="$VB" OBJ="$VB/obj" VERILATOR="verilator $GEN" > "$W/vcard.log" 2>&1; then
    tail -20 "$W/vcard.log"; fail "build the virtual card ($GEN)"; finish
fi
pass "virtual card built with $GEN ($SECONDS s)"

echo "--- streams ($SECONDS s)"
G="$PY -m nanotick_model gen"
CG="$NT_ROOT/native/build/nanotick-feedgen"
$G --seed 11 --messages 40000 --locates 60 --out "$W/s11.itch" >/dev/null &&
$G --seed 12 --messages 40000 --locates 30 --out "$W/s12.pcap" --hostile --ab --loss-a 0.05 --loss-b 0.05 \
    --drop-packets 100,2000 --vlan 141 >/dev/null &&
$G --seed 13 --messages 30000 --locates 8 --out "$W/s13.itch" --hostile >/dev/null &&
$G --seed 14 --messages 20000 --locates 600 --out "$W/s14.pcap" --nanos --per-packet 20 >/dev/null &&
$CG --seed 15 --messages 60000 --locates 6 --stress --out "$W/s15.itch" &&
$CG --seed 16 --messages 40000 --locates 40 --stress --ab --gap-every 97 --vlan --out "$W/s16.pcap" ||
    { fail "generating the seeded streams"; finish; }

tot_stale=0 tot_refills=0
for f in "$W"/s1?.*; do
    b=$(basename "$f")
    "$PY" -m nanotick_model bbo --in "$f" --out "$W/m.csv" 2> "$W/m.err" || { cat "$W/m.err"; fail "$b: model"; continue; }
    if ! "$VB/vcard" --quiet --stats --csv "$W/h.csv" --in "$f" > /dev/null 2> "$W/h.err"; then
        tail -5 "$W/h.err"; fail "$b: virtual card failed"; continue
    fi
    refills=$(sed -n 's/^book.refills=//p' "$W/h.err")
    scans=$(sed -n 's/^book.refill_scans=//p' "$W/h.err")
    ovf=$(sed -n 's/^book.table_overflow=//p' "$W/h.err")
    if out=$("$PY" "$NT_ROOT/tools/lib/cmp_hdl.py" "$W/m.csv" "$W/h.csv"); then
        st=$(sed -n 's/.* \([0-9]*\) STALE rows.*/\1/p' <<< "$out")
        end=$(sed -n 's/.* \([0-9]*\) locates STALE at the end.*/\1/p' <<< "$out")
        tot_stale=$((tot_stale + st)); tot_refills=$((tot_refills + ${refills:-0}))
        echo "  $b: $out; refill scans $scans, refills $refills, table overflows $ovf"
        if [ "${ovf:-1}" = 0 ] && [ "$end" = 0 ]; then
            pass "$b: HDL == model, rows after STALE intervals included; no locate STALE at the end"
        else
            fail "$b: $end locate(s) STALE at the end (table overflows: $ovf)"
        fi
    else
        echo "  $b: $out"; fail "$b: HDL != model"
    fi
done
if [ "$tot_refills" -gt 0 ]; then
    pass "refills happened ($tot_refills installed; $tot_stale STALE rows in all)"
else
    fail "no refill on streams whose 2-level caches drain"
fi
finish
