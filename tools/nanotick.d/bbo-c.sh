#!/usr/bin/env bash
# summary: (called by `nanotick bbo --engine c`) top-of-book CSV with the C feed handler
#   bash tools/nanotick.d/bbo-c.sh --in FILE --out OUT.csv [--ring PATH] [--port P] [--stats]
#        [--direct N] [--orders N] [--orders-max N] [--levels N]     (native/build/nanotick-bbo --help)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
make -s -C "$NT_ROOT/native" build/nanotick-bbo >&2 || nt_die "bbo-c: building native/build/nanotick-bbo failed"
exec "$NT_ROOT/native/build/nanotick-bbo" "$@"
