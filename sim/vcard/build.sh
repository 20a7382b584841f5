#!/usr/bin/env bash
# Builds sim/build/vcard if hdl/, sim/vcard/ or the ring library changed
# (make dependencies), one build at a time (flock).  Quiet unless it builds.
#   bash sim/vcard/build.sh        prints nothing when up to date
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v verilator >/dev/null || { echo "nanotick: verilator is not installed (tools/setup installs it)" >&2; exit 2; }
mkdir -p "$ROOT/sim/build"
make -s -C "$ROOT/native" build/libntring.a >&2
exec 9>"$ROOT/sim/build/.vcard.lock"
flock 9
if ! make -s -q -C "$ROOT/sim/vcard" 2>/dev/null; then
    echo "nanotick: building the virtual card (Verilator, sim/build/vcard) ..." >&2
    t0=$(date +%s)
    make -s -C "$ROOT/sim/vcard" >&2 || { echo "nanotick: virtual card build failed (log: sim/build/vcard-build.log)" >&2; exit 2; }
    echo "nanotick: virtual card built in $(( $(date +%s) - t0 ))s" >&2
fi
