#!/usr/bin/env python3
"""(Re)build the seed corpus of fuzz_feed from the real captures and small
reference-model streams.  Usage: make_corpus.py SHARED_DATA_DIR OUT_DIR
Input format: see fuzz_feed.c (mode byte, bounds byte, [u16 len][bytes]...)."""
import os
import struct
import subprocess
import sys
import tempfile


def frames(path):
    d = open(path, "rb").read()
    e = "<" if struct.unpack("<I", d[:4])[0] in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    off = 24
    while off + 16 <= len(d):
        incl = struct.unpack(e + "I", d[off + 8:off + 12])[0]
        off += 16
        yield d[off:off + incl]
        off += incl


def pack(mode, bounds, items):
    out = bytearray([mode, bounds])
    for line, b in items:
        b = b[:0x7FFF]
        out += struct.pack(">H", len(b) | (0x8000 if line else 0)) + b
    return bytes(out)


def udp_payload(fr):
    o = 12
    while fr[o:o + 2] in (b"\x81\x00", b"\x88\xa8"):
        o += 4
    o += 2
    ihl = (fr[o] & 15) * 4
    return fr[o + ihl + 8:]


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    n = 0
    for root, _, files in sorted(os.walk(os.path.join(data, "nasdaq-itch50-pcaps"))):
        for f in sorted(files):
            if not f.endswith(".pcap"):
                continue
            frs = list(frames(os.path.join(root, f)))
            tag = os.path.basename(root).replace(".Equities.TotalView.Itch.v5.0", "") + "-" + f[:-5]
            open(os.path.join(out, "real-frames-" + tag), "wb").write(pack(0, 0x33, [(0, x) for x in frs]))
            open(os.path.join(out, "real-mold-" + tag), "wb").write(
                pack(1, 0x33, [(i & 1, udp_payload(x)) for i, x in enumerate(frs)]))
            n += 2
    bf = open(os.path.join(data, "nasdaq-binaryfile", "head-of-day-1000.itch"), "rb").read()[:3000]
    open(os.path.join(out, "real-binaryfile-head"), "wb").write(bytes([2, 0x33]) + bf)
    n += 1
    env = dict(os.environ, PYTHONPATH=os.path.join(os.path.dirname(__file__), "../../sim/model"))
    with tempfile.TemporaryDirectory() as t:
        for seed in range(4):
            p = os.path.join(t, "g.pcap")
            subprocess.run([sys.executable, "-m", "nanotick_model", "gen", "--seed", str(seed), "--messages", "300",
                            "--locates", "4", "--out", p, "--hostile", "--ab", "--loss-a", "0.2", "--loss-b", "0.2",
                            "--drop-packets", "5", "--vlan", "141"], check=True, env=env, capture_output=True)
            frs = list(frames(p))
            open(os.path.join(out, "gen-frames-%d" % seed), "wb").write(pack(0, seed * 0x21, [(0, x) for x in frs]))
            p = os.path.join(t, "g.itch")
            subprocess.run([sys.executable, "-m", "nanotick_model", "gen", "--seed", str(seed), "--messages", "400",
                            "--locates", "3", "--out", p, "--hostile"], check=True, env=env, capture_output=True)
            open(os.path.join(out, "gen-itch-%d" % seed), "wb").write(bytes([2, seed * 0x11]) + open(p, "rb").read())
            n += 2
    print("corpus: %d seeds in %s" % (n, out))


if __name__ == "__main__":
    main()
