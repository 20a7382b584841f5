#!/usr/bin/env bash
# summary: (called by `nanotick bbo --engine hdl`) top-of-book CSV from the Verilator virtual card
#   bash tools/nanotick.d/bbo-hdl.sh --in FILE --out OUT.csv [--stats] [--trades T.csv]
#        [--line-b-port P] [--port P] [--per-packet K] [vcard options]
# Runs the exact RTL (hdl/nt_card_core.v) over FILE with every locate
# subscribed; the CSV rows come from the card's top-of-book records
# (msg = msg_ordinal; flags GAP / STALE).  The ring lives in /dev/shm for the
# run and is removed afterwards.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
bash "$NT_ROOT/sim/vcard/build.sh" || nt_die "bbo-hdl: building the virtual card failed"
args=() out="" stats=0
while [ $# -gt 0 ]; do
    case "$1" in
        --out) [ $# -ge 2 ] || nt_die "bbo-hdl: --out needs a value"; out="$2"; shift 2 ;;
        --stats) stats=1; shift ;;
        *) args+=("$1"); shift ;;
    esac
done
[ -n "$out" ] || nt_die "bbo-hdl: --out OUT.csv is required"
if [ $stats -eq 1 ]; then
    exec "$NT_ROOT/sim/build/vcard" --quiet --stats --csv "$out" "${args[@]}"
fi
# the final stats line goes to stderr only when something was dropped or wrong
set +e
log=$("$NT_ROOT/sim/build/vcard" --quiet --csv "$out" "${args[@]}" 2>&1 >/dev/null)
rc=$?
set -e
if [ $rc -ne 0 ] || ! grep -q ' frame_drops=0 ring_dropped=0 bad_input=0 seq_errors=0 dma_errors=0 ' <<< "$log"; then
    printf '%s\n' "$log" >&2
fi
exit $rc
