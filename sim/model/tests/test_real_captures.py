"""The real NASDAQ captures (../shared/data) checked against tshark.

tshark's MoldUDP64 dissector is the independent decoder: session, sequence,
count, every message length and every message's bytes, frame by frame.
The *.20230822 captures use UDP port 0 (tshark will not "decode as" port 0),
IPv4 checksum 0 and sequence 0: they are merged, their UDP ports rewritten
to 26477 in a scratch copy (nothing else touched), then dissected.
"""

import glob
import os
import struct
import subprocess

import shutil

import pytest

from conftest import PCAPS, need, need_tshark
from nanotick_model import engine, itch, mold, pcap

REAL_PORTS = (26477, 25475)


def real_files():
    return sorted(glob.glob(os.path.join(PCAPS, "*.v5.0", "*.pcap")))


def synth_files():
    return sorted(glob.glob(os.path.join(PCAPS, "*.20230822", "*.pcap")))


def tshark_mold(path, ports=REAL_PORTS):
    cmd = [need_tshark(), "-r", str(path)]
    for p in ports:
        cmd += ["-d", "udp.port==%d,moldudp64" % p]
    cmd += ["-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in ("frame.number", "moldudp64.session", "moldudp64.sequence", "moldudp64.count",
              "moldudp64.msglen", "moldudp64.msgdata"):
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        num, session, seq, count, lens, data = line.split("\t")
        rows.append({"session": session, "seq": int(seq), "count": int(count),
                     "lens": [int(x) for x in lens.split(",") if x],
                     "data": [x for x in data.split(",") if x]})
    return rows


def ours(path, check_ip_checksum=True):
    rows = []
    for fr in pcap.read_pcap(str(path)):
        drops = {}
        r = pcap.parse_frame(fr.data, fr.orig_len, drops, check_ip_checksum=check_ip_checksum)
        assert r is not None, drops
        p = mold.parse_packet(r[0])
        assert p.empty_blocks == 0 and p.lost_blocks == 0 and p.trailing_bytes == 0
        rows.append({"session": p.session.decode("latin-1"), "seq": p.seq, "count": p.count,
                     "lens": [len(m) for _, m in p.blocks],
                     "data": [m.hex() for _, m in p.blocks]})
    return rows


def need_mergecap():
    if shutil.which("mergecap") is None:
        pytest.skip("mergecap (wireshark-common) not installed")


@pytest.fixture(scope="module")
def merged_real(tmp_path_factory):
    need_mergecap()
    files = [need(f) for f in real_files()] or pytest.skip("no real captures")
    out = tmp_path_factory.mktemp("real") / "real.pcap"
    subprocess.run(["mergecap", "-F", "nsecpcap", "-a", "-w", str(out)] + files, check=True)
    return out


@pytest.fixture(scope="module")
def merged_synth(tmp_path_factory):
    need_mergecap()
    files = synth_files() or pytest.skip("no synthetic captures")
    d = tmp_path_factory.mktemp("synth")
    merged = d / "synth.pcap"
    subprocess.run(["mergecap", "-F", "nsecpcap", "-a", "-w", str(merged)] + files, check=True)
    patched = d / "synth-26477.pcap"
    with pcap.PcapWriter(str(patched), nanos=True) as w:
        for fr in pcap.read_pcap(str(merged)):
            b = bytearray(fr.data)
            # Ethernet 12 + 802.1Q 4 + type 2 = 18; IHL 5 -> UDP at 38
            assert b[12:14] == b"\x81\x00" and b[16:18] == b"\x08\x00" and b[18] == 0x45
            assert b[38:42] == b"\0\0\0\0"
            b[38:42] = struct.pack("!HH", 26477, 26477)
            w.write(bytes(b), fr.ts_ns, fr.orig_len)
    return merged, patched


def test_real_captures_match_tshark_frame_by_frame(merged_real):
    t = tshark_mold(merged_real)
    o = ours(merged_real)
    assert len(t) == len(o) > 0
    for a, b in zip(t, o):
        assert a == b


def test_synthetic_captures_match_tshark_frame_by_frame(merged_synth):
    merged, patched = merged_synth
    t = tshark_mold(patched, ports=(26477,))
    o = ours(merged, check_ip_checksum=False)
    assert len(t) == len(o) > 0
    for a, b in zip(t, o):
        assert a["seq"] == b["seq"] == 0
        assert a["count"] == b["count"] and a["lens"] == b["lens"] and a["data"] == b["data"]
        assert b["session"] == "\0" * 10


def test_totals_and_types_from_the_data_readme(merged_real, merged_synth):
    # shared/README.md: 190 UDP datagrams, 227 ITCH messages, these 16 types
    rows = ours(merged_real) + ours(merged_synth[0], check_ip_checksum=False)
    msgs = [bytes.fromhex(h) for r in rows for h in r["data"]]
    assert len(rows) == 190 and len(msgs) == 227
    assert {chr(m[0]) for m in msgs} == set("ADUFHEYXPCLIQNJS")
    for m in msgs:   # every real message has the spec length of its type
        d = itch.decode(m)
        assert d["type"] == chr(m[0])


def test_synthetic_captures_are_dropped_by_the_engine():
    files = synth_files() or pytest.skip("no synthetic captures")
    for f in files:
        tobs, trades, c = engine.bbo(f)
        assert tobs == [] and c["messages"] == 0
        assert c["frame.bad_ip_checksum"] == c["frames"] > 0


# Hand-read from `tshark -T fields -e moldudp64.msgdata` of Multiple.Packets.pcap,
# frame 2 (offsets: ref 11..19, side 19, shares 20..24, stock 24..32, price 32..36).
META = [
    ("A", 0x792F9F, "B", 1, 805200),     # 41 1972 0000 1f23e0981ae1 0000000000792f9f 42 00000001 META 000c4950
    ("A", 0x6B3F7F, "S", 100, 3573300),  # ... 6b3f7f 53 00000064 META 00368634
    ("A", 0x0113AF, "B", 2, 805000),     # ... 0113af 42 00000002 META 000c4888
    ("A", 0x3D204B, "S", 1, 3573700),    # ... 3d204b 53 00000001 META 003687c4
]


def test_meta_adds_field_spot_check():
    path = need(os.path.join(PCAPS, "Nasdaq.Equities.TotalView.Itch.v5.0", "Multiple.Packets.pcap"))
    frames = list(pcap.read_pcap(path))
    p = mold.parse_packet(pcap.parse_frame(frames[1].data, frames[1].orig_len, {})[0])
    assert (p.session, p.seq, p.count) == (b"000010059B", 19009117, 38)
    for (t, ref, side, shares, price), (_, raw) in zip(META, p.blocks):
        d = itch.decode(raw)
        assert (d["type"], d["order_ref"], d["side"], d["shares"], d["price"]) == \
            (t, ref, side, shares, price)
        assert d["locate"] == 6514 and d["stock"] == b"META    "
        assert d["timestamp"] == 0x1F23E0981AE1
    f = itch.decode(p.blocks[8][1])   # the first F: 46 ... 94d0a7 42 00000005 META 000c394c UBSS
    assert (f["type"], f["order_ref"], f["side"], f["shares"], f["price"], f["attribution"]) == \
        ("F", 0x94D0A7, "B", 5, 801100, b"UBSS")
    d = itch.decode(mold.parse_packet(
        pcap.parse_frame(frames[0].data, frames[0].orig_len, {})[0]).blocks[0][1])
    assert (d["type"], d["locate"], d["order_ref"]) == ("D", 2737, 0x1665D6A)


def test_multiple_packets_bbo_against_brute_force_on_tshark_bytes():
    """Top of book of Multiple.Packets.pcap recomputed from tshark's message
    bytes by a few lines written here from the spec offsets."""
    path = need(os.path.join(PCAPS, "Nasdaq.Equities.TotalView.Itch.v5.0", "Multiple.Packets.pcap"))
    msgs = [bytes.fromhex(h) for r in tshark_mold(path) for h in r["data"]]
    orders = {}
    last = {}
    expect = []
    for i, m in enumerate(msgs, 1):
        t, loc = chr(m[0]), int.from_bytes(m[1:3], "big")
        if t in "AF":
            ref = int.from_bytes(m[11:19], "big")
            orders[ref] = (loc, chr(m[19]), int.from_bytes(m[32:36], "big"),
                           int.from_bytes(m[20:24], "big"))
        elif t == "D":
            ref = int.from_bytes(m[11:19], "big")
            if ref not in orders:
                continue
            loc = orders.pop(ref)[0]
        else:
            raise AssertionError("unexpected type " + t)
        live = [o for o in orders.values() if o[0] == loc]
        bids = [o for o in live if o[1] == "B"]
        asks = [o for o in live if o[1] == "S"]
        bp = max((o[2] for o in bids), default=0)
        ap = min((o[2] for o in asks), default=0)
        tob = (bp, sum(o[3] for o in bids if o[2] == bp), ap,
               sum(o[3] for o in asks if o[2] == ap))
        if tob != last.get(loc, (0, 0, 0, 0)):
            last[loc] = tob
            expect.append("%d,%d,%d,%d,%d,%d,GAP" % ((i, loc) + tob))
    tobs, _, c = engine.bbo(path)
    assert [r.csv() for r in tobs] == expect
    assert c["mold.gaps"] == 1 and c["book.unknown_ref"] == 1
