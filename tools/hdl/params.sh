# The Alveo U250/U55C parameter set of nt_card_core (docs/hdl.md, "Parameters"):
# one definition for every tool that builds, lints or synthesizes it.  Sourced.
#   NT_HDL_ALVEO_ENGINE  the nt_book_engine part (locates, orders, ways, levels)
#   NT_HDL_ALVEO         the whole card (the engine's plus the line FIFO depth)
# shellcheck disable=SC2034
NT_HDL_ALVEO_ENGINE=(N_SYMBOLS=8192 ORDER_TABLE_DEPTH=1048576 TABLE_WAYS=4 BOOK_LEVELS=16)
NT_HDL_ALVEO=("${NT_HDL_ALVEO_ENGINE[@]}" RX_FIFO_ADDR_WIDTH=11)
# as Verilator -G flags / Yosys chparam -set arguments
nt_hdl_gflags() { local p; for p in "$@"; do printf -- '-G%s ' "$p"; done; }
nt_hdl_setflags() { local p; for p in "$@"; do printf -- '-set %s %s ' "${p%%=*}" "${p#*=}"; done; }
