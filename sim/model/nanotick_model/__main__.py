"""python -m nanotick_model bbo|gen ...  (see the package docstring)."""

import argparse
import os
import sys

from . import engine, gen


def bbo_main(argv):
    ap = argparse.ArgumentParser(prog="nanotick_model bbo",
                                 description="top-of-book CSV from a pcap or BinaryFILE")
    ap.add_argument("--in", dest="inp", required=True, help="pcap or ITCH BinaryFILE")
    ap.add_argument("--out", required=True, help="top-of-book CSV ('-' for stdout)")
    ap.add_argument("--trades", help="trade prints CSV")
    ap.add_argument("--events", help="feed events CSV (gaps, sessions, end of session)")
    ap.add_argument("--stats", action="store_true", help="print counters to stderr")
    ap.add_argument("--port", type=int, default=None, help="only this UDP destination port")
    ap.add_argument("--line-b-port", type=int, default=None,
                    help="UDP destination port of line B (sets LINE_B in records)")
    a = ap.parse_args(argv)
    if not os.path.isfile(a.inp):
        print("nanotick_model bbo: input %s does not exist" % a.inp, file=sys.stderr)
        return 2
    out = sys.stdout if a.out == "-" else open(a.out, "w", newline="\n")
    trades = open(a.trades, "w", newline="\n") if a.trades else None
    out.write(engine.TOB_CSV_HEADER + "\n")
    if trades:
        trades.write(engine.TRADE_CSV_HEADER + "\n")
    wt = out.write
    e = engine.Engine(lambda r: wt(r.csv() + "\n"),
                      (lambda r: trades.write(r.csv() + "\n")) if trades else None,
                      port=a.port, line_b_port=a.line_b_port)
    try:
        e.run(a.inp)
    except (ValueError, OSError) as ex:
        print("nanotick_model bbo: %s" % ex, file=sys.stderr)
        return 2
    finally:
        if out is not sys.stdout:
            out.close()
        if trades:
            trades.close()
    if a.events:
        with open(a.events, "w", newline="\n") as f:
            engine.write_events(f, e.sequencer.events)
    if a.stats:
        engine.print_counters(e.counters())
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        print("commands: bbo, gen (each has --help)")
        return 0
    cmd, rest = argv[0], argv[1:]
    if cmd == "bbo":
        return bbo_main(rest)
    if cmd == "gen":
        return gen.main(rest)
    print("nanotick_model: unknown command %r (bbo, gen)" % cmd, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
