# bbo --engine java end to end: the operator command (tools/nanotick.d/bbo -> bbo-java.sh,
# build on first use) must write the same CSV bytes as --engine model, on the real
# captures in ../shared/data and on seeded generated streams (pcap and BinaryFILE,
# A/B with loss, hostile).  Each input is one test.  JUnit tests of java/itch and
# java/book run in 40-java.
set -uo pipefail
cd "$NT_ROOT"
pass=0 fail=0 skip=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nt-bbo-java.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bbo() { bash "$NT_ROOT/tools/nanotick.d/bbo" "$@"; }

check() { # name input [extra engine args]
    local name=$1 in=$2
    if ! bbo --engine java --in "$in" --out "$tmp/java.csv" >"$tmp/java.log" 2>&1; then
        echo "FAIL $name: java engine exited non-zero"; sed 's/^/    /' "$tmp/java.log" | tail -20; fail=$((fail + 1)); return
    fi
    if ! bbo --engine model --in "$in" --out "$tmp/model.csv" >"$tmp/model.log" 2>&1; then
        echo "FAIL $name: model exited non-zero"; sed 's/^/    /' "$tmp/model.log" | tail -20; fail=$((fail + 1)); return
    fi
    if cmp -s "$tmp/java.csv" "$tmp/model.csv"; then
        echo "ok   $name ($(($(wc -l < "$tmp/java.csv") - 1)) rows)"; pass=$((pass + 1))
    else
        echo "FAIL $name: CSV differs from the model"; diff "$tmp/model.csv" "$tmp/java.csv" | head -10; fail=$((fail + 1))
    fi
}

if [ ! -d "$NT_ROOT/sim/model/nanotick_model" ]; then
    echo "reference model missing: skipped"; echo "0 0 1" > "$NT_RESULT"; exit 0
fi

# header-only output for a missing input is an error (exit 2), not a crash
if bbo --engine java --in "$tmp/none.pcap" --out "$tmp/x.csv" >/dev/null 2>&1; then
    echo "FAIL missing input accepted"; fail=$((fail + 1))
else
    echo "ok   missing input is an error"; pass=$((pass + 1))
fi

data="$NT_ROOT/../shared/data"
if [ -d "$data" ]; then
    check multiple-packets "$data/nasdaq-itch50-pcaps/Nasdaq.Equities.TotalView.Itch.v5.0/Multiple.Packets.pcap"
    check add-order-real "$data/nasdaq-itch50-pcaps/Nasdaq.Equities.TotalView.Itch.v5.0/AddOrderNoMpidAttributionMessage.pcap"
    check synthetic-checksum0 "$data/nasdaq-itch50-pcaps/Nasdaq.Equities.TotalView.Itch.v5.0.20230822/OrderReplace.pcap"
    check binaryfile-head "$data/nasdaq-binaryfile/head-of-day-1000.itch"
else
    echo "skip real captures: $data missing"; skip=$((skip + 4))
fi

gen() { bash "$NT_ROOT/tools/nanotick.d/gen" "$@" >/dev/null; }
gen --seed 101 --messages 60000 --locates 12 --out "$tmp/g1.pcap" && check gen-pcap "$tmp/g1.pcap"
gen --seed 102 --messages 60000 --locates 6 --out "$tmp/g2.itch" && check gen-binaryfile "$tmp/g2.itch"
gen --seed 103 --messages 40000 --locates 6 --out "$tmp/g3.pcap" --ab --loss-a 0.1 --loss-b 0.1 --vlan 141 && check gen-ab-loss "$tmp/g3.pcap"
gen --seed 104 --messages 40000 --locates 6 --out "$tmp/g4.pcap" --hostile && check gen-hostile "$tmp/g4.pcap"
gen --seed 105 --messages 30000 --locates 4 --out "$tmp/g5.pcap" --session-change-at 500,2000 && check gen-sessions "$tmp/g5.pcap"

echo "$pass $fail $skip" > "$NT_RESULT"
[ "$fail" -eq 0 ]
