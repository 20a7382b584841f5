#!/usr/bin/env python3
"""Summarise Yosys `stat` (after synth_xilinx) and `ltp` output: one Markdown
row per module (LUT, FF, LUTRAM, BRAM36/18, URAM, CARRY8, DSP) and the
longest combinational path in cells.
    synth_report.py stat.txt [ltp.txt [ltp_cut.txt [ltp_engine.txt]]]"""
import re
import sys


def parse_stat(text):
    mods = {}
    cur = None
    for line in text.splitlines():
        m = re.match(r"^=== (\S+) ===", line)
        if m:
            cur = mods.setdefault(m.group(1), {})
            continue
        if line.startswith("=== design hierarchy ==="):
            cur = mods.setdefault("(total)", {})
            continue
        m = re.match(r"^\s+(\S+)\s+(\d+)\s*$", line)
        if m and cur is not None:
            cur[m.group(1)] = cur.get(m.group(1), 0) + int(m.group(2))
    return mods


def row(name, c):
    lut = sum(v for k, v in c.items() if re.fullmatch(r"LUT[1-6]", k))
    ff = sum(v for k, v in c.items() if k in ("FDRE", "FDSE", "FDCE", "FDPE"))
    lutram = sum(v for k, v in c.items() if k.startswith("RAM") and not k.startswith("RAMB"))
    b36 = c.get("RAMB36E2", 0)
    b18 = c.get("RAMB18E2", 0)
    uram = c.get("URAM288", 0)
    carry = c.get("CARRY8", 0) + c.get("CARRY4", 0)
    dsp = c.get("DSP48E2", 0)
    return "| %s | %d | %d | %d | %d | %d | %d | %d | %d |" % (name, lut, ff, lutram, b36, b18,
                                                             uram, carry, dsp)


def sta_summary(path):
    """One line from a Yosys `sta` report: the latest arrival and the path's named ends."""
    t = open(path).read()
    m = re.search(r"Latest arrival time in '(\S+)' is (\d+):", t)
    if not m:
        return "sta: no arrival time in %s" % path
    mod = re.sub(r"^\$paramod\$?[0-9a-f]*\\", "", m.group(1))
    hops = re.findall(r"^\s+(\d+) (\S+) \((\S+)\)", t, re.M)
    kinds = {}
    for _, _, k in hops:
        cell = k.split(".")[0]
        kinds[cell] = kinds.get(cell, 0) + 1
    named = [n for n in re.findall(r"^\s{11}(\S+)", t, re.M) if n.startswith("\\")]
    ends = (", through %s" % ", ".join(dict.fromkeys(named[::-1]))) if named else ""
    return ("estimated critical path in %s: %.2f ns (Yosys sta, its Xilinx cell delays, no placement/routing), "
            "%d cells: %s%s" % (mod, int(m.group(2)) / 1000.0, len(hops) - 1,
                                 ", ".join("%s %d" % kv for kv in sorted(kinds.items(), key=lambda kv: -kv[1])), ends))


def main():
    if sys.argv[1] == "--sta":
        print(sta_summary(sys.argv[2]))
        return
    stat = open(sys.argv[1]).read()
    mods = parse_stat(stat)
    print("| module | LUT | FF | LUTRAM cells | RAMB36 | RAMB18 | URAM | CARRY | DSP |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in sorted(k for k in mods if k != "(total)"):
        short = re.sub(r"^\$paramod\$?[0-9a-f]*\\", "", name)
        short = re.sub(r"\\.*$", "", short)
        print(row(short, mods[name]))
    if "(total)" in mods:
        print(row("**total**", mods["(total)"]))
    if len(sys.argv) > 2:
        length, t = longest(sys.argv[2])
        if length:
            print("\nlongest register-to-register path (ltp, cells): %s" % length)
            # the cells on it, by module (from the flattened names)
            mods = {}
            for line in re.findall(r"^\s*\d+: .*$", t, re.M):
                mm = re.search(r"\$flatten\\?([A-Za-z_0-9]+)\.", line)
                if mm:
                    mods[mm.group(1)] = mods.get(mm.group(1), 0) + 1
            if mods:
                print("on it, by instance: " + ", ".join("%s %d" % kv for kv in sorted(mods.items(), key=lambda kv: -kv[1])))
    for arg, what in ((3, "longest path with the LUTRAM/SRL cells cut too (no false loops)"),
                      (4, "longest path inside nt_book_engine alone (cut the same way)")):
        if len(sys.argv) > arg:
            print_cut_path(sys.argv[arg], what)


def print_cut_path(path, what):
    length, t = longest(path)
    if length:
        ends = re.findall(r"^\s*\d+: (\S+)", t, re.M)
        named = [e for e in ends if "$abc$" not in e and "$techmap" not in e and "$auto$" not in e]
        print("%s: %s cells%s" % (what, length, (", from %s to %s" % (named[0], named[-1])) if len(named) >= 2 else ""))
        print_kinds(t)


def print_kinds(t):
    kinds = path_kinds(t)
    if kinds:
        lut, muxf, carry, chains = kinds
        print("  its cells: %d LUT, %d MUXF7/8/9 (the wide-LUT muxes after a LUT6), %d CARRY in %d chain(s): "
              "about %d logic levels counting a LUT with its MUXFs as one and a carry chain as one"
              % (lut, muxf, carry, chains, lut + chains))


def path_kinds(t):
    """(LUT, MUXF, CARRY cells, carry chains) on an `ltp` path, from the cell each hop goes through."""
    vias = re.findall(r"^\s*\d+: .*\(via (\S+)\)\s*$", t, re.M)
    if not vias:
        return None
    lut = muxf = carry = chains = 0
    prev_carry = False
    for v in vias:
        if re.search(r"\.mux[789]$", v):
            muxf += 1
            prev_carry = False
        elif re.search(r"carry[48]$", v):
            carry += 1
            if not prev_carry:
                chains += 1
            prev_carry = True
        else:
            lut += 1
            prev_carry = False
    return lut, muxf, carry, chains


def longest(path):
    """(length in cells or None, the text) of a Yosys `ltp` report."""
    t = open(path).read()
    m = re.search(r"Longest topological path in \S+ \(length=(\d+)\)", t)
    return (m.group(1) if m else None), t

if __name__ == "__main__":
    main()
