"""End-to-end tests of the virtual card (sim/build/vcard): the exact RTL of
hdl/nt_card_core.v clocked by Verilator, replaying captures into a ring in
/dev/shm that the Foundation's Java (Panama) reader consumes concurrently.
The oracle is the reference model (sim/model), never the card itself.

Allowed difference (docs/virtual-card.md): rows / records the card flags
STALE (its bounded order table and level cache); everything else must be
equal."""
import glob
import os
import signal
import socket
import struct
import subprocess
import sys
import time

import pytest

from conftest import DATA, ROOT, gen, model_csv, run, stats
import csvcmp

from nanotick_model import binaryfile
from nanotick_model import engine as m_engine
from nanotick_model import pcap as m_pcap

NT_FLAG_STALE, NT_FLAG_GAP, NT_FLAG_BID, NT_FLAG_ASK, NT_FLAG_LINE_B = 1, 2, 4, 8, 16
EVT_GAP, EVT_EOS, EVT_SESSION = 1, 5, 7
LINE_B_PORT = 26478
REAL = os.path.join(DATA, "nasdaq-itch50-pcaps")


# ---------------------------------------------------------------- helpers

def model_records(path, line_b_port=None):
    tobs, trades, events = [], [], []
    e = m_engine.Engine(on_tob=tobs.append, on_trade=trades.append, on_event=events.append,
                        line_b_port=line_b_port)
    e.run(path)
    return tobs, trades, events, e


def read_dump(path):
    recs, lapped, end = [], 0, None
    with open(path) as f:
        for ln in f:
            p = ln.rstrip("\n").split(",")
            if p[0] == "lapped":
                lapped += int(p[1])
            elif p[0] == "end":
                end = tuple(int(x) for x in p[1:])
            elif p[0] == "stale":
                raise AssertionError("java reader: producer went stale")
            else:
                recs.append(p)
    return recs, lapped, end


def run_with_reader(vcard, java_reader, shm, args, capacity=1 << 18, timeout=900):
    """vcard writes the ring while the Java reader consumes it; returns
    (vcard result, reader records, stats dict)."""
    ring = shm("md")
    dump = "/dev/shm/" + os.path.basename(ring) + ".txt"  # a plain file: not on hugetlbfs (no write(2) there)
    shm.paths.append(dump)
    reader = subprocess.Popen(java_reader + [ring, dump], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        r = run([vcard, "--ring", ring, "--capacity", str(capacity), "--stats", "--quiet"] + args,
                timeout=timeout)
        out, err = reader.communicate(timeout=120)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert r.returncode == 0, r.stderr[-3000:]
    assert reader.returncode == 0, "java reader failed: " + err[:3000]
    recs, lapped, end = read_dump(dump)
    assert end is not None, "java reader did not finish"
    st = stats(r.stderr)
    # every record, in order, sequence numbers continuous from 1, nothing lost
    assert lapped == 0 and end[1] == 0
    seqs = [int(p[1]) for p in recs]
    assert seqs == list(range(1, len(seqs) + 1)), "ring sequence numbers not continuous"
    assert end[0] == len(recs) == end[2] == st["host.records"] == st["ring.written"]
    assert st["ring.dropped"] == 0 and st["host.seq_errors"] == 0 and st["host.dma_errors"] == 0
    return r, recs, st


def check_against_model(recs, tobs, trades, events, line_flags=False):
    """Card records (from the Java reader) against the model's ring records."""
    fl_mask = NT_FLAG_GAP | NT_FLAG_BID | NT_FLAG_ASK | (NT_FLAG_LINE_B if line_flags else 0)

    def words(fl):
        w = set()
        if fl & NT_FLAG_STALE:
            w.add("STALE")
        return w

    hdl_rows = []
    for p in recs:
        if p[0] != "tob":
            continue
        seq, ordn, loc, bp, bq, ap, aq, fl = (int(x) for x in p[1:9])
        hdl_rows.append((ordn, loc, (bp, bq, ap, aq, fl & fl_mask, p[9], int(p[10]), int(p[11])), words(fl)))
    model_rows = []
    for m in tobs:
        stale = m.bid_qty > 0xFFFFFFFF or m.ask_qty > 0xFFFFFFFF
        model_rows.append((m.msg_ordinal, m.locate,
                           (m.bid_px, min(m.bid_qty, 0xFFFFFFFF), m.ask_px, min(m.ask_qty, 0xFFFFFFFF),
                            m.flags & fl_mask, m.msg_type, m.mold_seq, m.itch_ts),
                           {"STALE"} if stale else set()))
    errors, st = csvcmp.compare_rows(hdl_rows, model_rows)
    assert not errors, "top of book differs from the model:\n" + "\n".join(errors)

    got_tr = [(int(p[2]), int(p[3]), p[4], int(p[5]), int(p[6]), int(p[7]), int(p[8]),
               int(p[9]) & (NT_FLAG_GAP | (NT_FLAG_LINE_B if line_flags else 0)))
              for p in recs if p[0] == "trade"]
    want_tr = [(t.msg_ordinal, t.locate, t.msg_type, ord(t.side) if t.side else 0, t.price, t.shares,
                t.match_number, t.flags & (NT_FLAG_GAP | (NT_FLAG_LINE_B if line_flags else 0)))
               for t in trades]
    if st["stale"] == 0:
        assert got_tr == want_tr, "trades differ: first %s" % next(
            ((g, w) for g, w in zip(got_tr, want_tr) if g != w), (len(got_tr), len(want_tr)))

    got_ev = [(int(p[3]), int(p[4]), int(p[5]), int(p[6]), int(p[2])) for p in recs
              if p[0] == "event" and int(p[3]) in (EVT_GAP, EVT_SESSION, EVT_EOS)]
    want_ev = [(e.event, e.expected_seq, e.received_seq, e.count, e.msg_ordinal) for e in events]
    assert got_ev == want_ev, "feed events differ:\ncard  %s\nmodel %s" % (got_ev[:10], want_ev[:10])
    return st


# ------------------------------------------------------------------ tests

def test_seeded_stream_100k_into_java_reader(vcard, java_reader, shm, tmp_path):
    """>= 100k messages: every record reaches the Java reader in order and
    every top of book, trade and feed event equals the reference model."""
    path = gen(tmp_path, "s100k.pcap", "--seed", 11, "--messages", 100000, "--locates", 16,
               "--max-live", 10)
    tobs, trades, events, _ = model_records(path)
    assert len(tobs) > 30000
    _, recs, st = run_with_reader(vcard, java_reader, shm, ["--in", path])
    assert st["messages"] == 100000
    cst = check_against_model(recs, tobs, trades, events)
    assert cst["matched"] >= 0.99 * len(tobs)


def hugetlbfs_dir():
    """/dev/hugepages (or $NT_HUGETLBFS) if it is a hugetlbfs mount (tools/setup mounts it as root), else None."""
    d = os.environ.get("NT_HUGETLBFS", "/dev/hugepages")
    try:
        with open("/proc/mounts") as f:
            return d if any(ln.split()[1] == d and ln.split()[2] == "hugetlbfs" for ln in f) else None
    except OSError:
        return None


def test_ring_on_hugetlbfs(vcard, java_reader, shm, tmp_path):
    """The production backing: the card's ring on hugetlbfs (the file is a whole number of huge pages);
    every record reaches the Java reader and equals the model."""
    d = hugetlbfs_dir()
    if d is None:
        pytest.skip("no hugetlbfs mount at /dev/hugepages")
    shm.dir = d
    path = gen(tmp_path, "huge.pcap", "--seed", 12, "--messages", 20000, "--locates", 8, "--max-live", 10)
    tobs, trades, events, _ = model_records(path)
    _, recs, st = run_with_reader(vcard, java_reader, shm, ["--in", path], capacity=1 << 14)
    assert st["messages"] == 20000
    ring = [p for p in shm.paths if p.endswith("-md")][0]
    assert ring.startswith(d + "/")
    page = os.statvfs(d).f_bsize
    assert os.path.getsize(ring) % page == 0 and os.path.getsize(ring) >= 4096 + 64 * (1 << 14)
    check_against_model(recs, tobs, trades, events)


def real_capture(tmp_path, remap_locates):
    """The frames of every real wire capture in one pcap, each capture's
    MoldUDP64 session id renamed (REALCAP000, ...) so that each starts a new
    session and all its messages are delivered.  remap_locates: every ITCH
    stock locate is renumbered 1, 2, ... in order of appearance (the card's
    default parameter set books locates below N_SYMBOLS = 64 only)."""
    files = sorted(glob.glob(os.path.join(REAL, "Nasdaq.Equities.TotalView.Itch.v5.0", "*.pcap")))
    if not files:
        pytest.skip("real captures not found at %s" % REAL)
    path = str(tmp_path / ("real-remapped.pcap" if remap_locates else "real.pcap"))
    frames = []
    locs = {}
    for k, f in enumerate(files):
        for fr in m_pcap.read_pcap(f):
            d = bytearray(fr.data)
            off = udp_payload_offset(d)
            if off is not None and off + 20 <= len(d):
                d[off:off + 10] = b"REALCAP%03d" % k
                if remap_locates:
                    count = struct.unpack_from(">H", d, off + 18)[0]
                    p = off + 20
                    for _ in range(count if count != 0xFFFF else 0):
                        if p + 2 > len(d):
                            break
                        n = struct.unpack_from(">H", d, p)[0]
                        if n >= 3 and p + 2 + n <= len(d):
                            loc = struct.unpack_from(">H", d, p + 3)[0]
                            struct.pack_into(">H", d, p + 3, locs.setdefault(loc, len(locs) + 1))
                        p += 2 + n
            frames.append((fr.ts_ns, bytes(d)))
    assert len(locs) < 64 or not remap_locates
    m_pcap.write_pcap(path, frames, nanos=True)
    return path, files


def test_real_captures_into_java_reader(vcard, java_reader, shm, tmp_path):
    """The real NASDAQ wire captures (VLAN 141, real MoldUDP64 sequence
    numbers, every message type), locates renumbered into the card's range:
    every record reaches the Java reader and equals the model."""
    allp, files = real_capture(tmp_path, remap_locates=True)
    tobs, trades, events, e = model_records(allp)
    _, recs, st = run_with_reader(vcard, java_reader, shm, ["--in", allp])
    assert st["messages"] == e.ordinal > 40
    assert st["mold.sessions"] == len(files)
    assert st["book.no_slot"] == 0
    check_against_model(recs, tobs, trades, events)
    out = str(tmp_path / "real.csv")
    assert run([vcard, "--in", allp, "--csv", out, "--quiet"]).returncode == 0
    assert open(out, "rb").read() == open(model_csv(tmp_path, allp, "real.model.csv"), "rb").read()


def test_real_captures_original_locates(vcard, tmp_path):
    """The same captures with their real locates (5528, 6514, ...): every
    locate is subscribed, so the card must produce the model's rows (or flag
    them STALE)."""
    allp, _ = real_capture(tmp_path, remap_locates=False)
    out = str(tmp_path / "real.csv")
    r = run([vcard, "--in", allp, "--csv", out, "--quiet"])
    assert r.returncode == 0
    errors, _ = csvcmp.compare(out, model_csv(tmp_path, allp, "real.model.csv"))
    assert not errors, errors
    for f in sorted(glob.glob(os.path.join(REAL, "Nasdaq.Equities.TotalView.Itch.v5.0", "*.pcap"))):
        assert run([vcard, "--in", f, "--csv", out, "--quiet"]).returncode == 0
        errors, _ = csvcmp.compare(out, model_csv(tmp_path, f, "one.model.csv"))
        assert not errors, (f, errors)


def test_synthetic_wrapper_captures_are_dropped(vcard, tmp_path):
    """The *.20230822 captures carry IPv4 checksum 0: the card drops every
    frame as bad_ip_checksum (as every engine does), the run finishes."""
    files = sorted(glob.glob(os.path.join(REAL, "*.20230822", "*.pcap")))
    if not files:
        pytest.skip("captures not found")
    for f in files[:10]:
        out = str(tmp_path / "w.csv")
        r = run([vcard, "--in", f, "--csv", out, "--stats", "--quiet"])
        assert r.returncode == 0, r.stderr
        st = stats(r.stderr)
        n = sum(1 for _ in m_pcap.read_pcap(f))
        assert st["frame_a.bad_ip_checksum"] == n and st["messages"] == 0
        assert open(out).read() == csvcmp.HEADER + "\n"


def test_real_binaryfile(vcard, tmp_path):
    """BinaryFILE input (packed into MoldUDP64 by the harness): every message
    decoded; the type counters equal the file's contents (R=993 H=3 Y=3 S=1)."""
    f = os.path.join(DATA, "nasdaq-binaryfile", "head-of-day-1000.itch")
    if not os.path.exists(f):
        pytest.skip("BinaryFILE not found")
    out = str(tmp_path / "b.csv")
    r = run([vcard, "--in", f, "--csv", out, "--stats", "--quiet"])
    assert r.returncode == 0, r.stderr
    st = stats(r.stderr)
    assert st["messages"] == 1000 and st["type.R"] == 993 and st["type.H"] == 3 and st["type.S"] == 1
    assert st["mold.gaps"] == 0 and st["frame_a.accepted"] == st["frames_a"]
    assert open(out, "rb").read() == open(model_csv(tmp_path, f, "b.model.csv"), "rb").read()


def test_generated_binaryfile_matches_model(vcard, tmp_path):
    f = gen(tmp_path, "g.itch", "--seed", 5, "--messages", 20000, "--locates", 8, "--max-live", 10)
    out = str(tmp_path / "g.csv")
    r = run([vcard, "--in", f, "--csv", out, "--quiet", "--per-packet", "7"])
    assert r.returncode == 0, r.stderr
    errors, st = csvcmp.compare(out, model_csv(tmp_path, f, "g.model.csv"))
    assert not errors, errors
    assert st["model_rows"] > 5000


@pytest.mark.parametrize("drops", ["5", "3,4,17,200,201,202,999"])
def test_gap_single_line(vcard, java_reader, shm, tmp_path, drops):
    """Packets lost on a single line: gap events with the model's expected /
    received sequence numbers, GAP on every later row."""
    path = gen(tmp_path, "gap.pcap", "--seed", 21, "--messages", 12000, "--locates", 8,
               "--max-live", 10, "--drop-packets", drops)
    tobs, trades, events, _ = model_records(path)
    gaps = [e for e in events if e.event == EVT_GAP]
    assert len(gaps) == len(drops.split(",")) - sum(1 for a, b in zip(
        sorted(map(int, drops.split(","))), sorted(map(int, drops.split(",")))[1:]) if b == a + 1)
    r, recs, st = run_with_reader(vcard, java_reader, shm, ["--in", path])
    check_against_model(recs, tobs, trades, events)
    assert st["mold.gaps"] == len(gaps)
    card_gaps = [(int(p[4]), int(p[5])) for p in recs if p[0] == "event" and int(p[3]) == EVT_GAP]
    assert card_gaps == [(g.expected_seq, g.received_seq) for g in gaps]
    first_gap_ord = gaps[0].msg_ordinal
    for p in recs:
        if p[0] == "tob":
            assert bool(int(p[8]) & NT_FLAG_GAP) == (int(p[2]) > first_gap_ord)
    out = str(tmp_path / "gap.csv")
    assert run([vcard, "--in", path, "--csv", out, "--quiet"]).returncode == 0
    assert open(out, "rb").read() == open(model_csv(tmp_path, path, "gap.model.csv"), "rb").read()


def udp_payload_offset(d):
    off = 12
    while d[off:off + 2] in (b"\x81\x00", b"\x88\xa8"):
        off += 4
    if d[off:off + 2] != b"\x08\x00" or d[off + 11] != 17:
        return None
    return off + 2 + (d[off + 2] & 15) * 4 + 8


def split_ab(path, a_path, b_path):
    a, b = [], []
    for fr in m_pcap.read_pcap(path):
        r = m_pcap.parse_frame(fr.data, fr.orig_len, {}, None)
        (b if r is not None and r[1] == LINE_B_PORT else a).append((fr.ts_ns, fr.data))
    m_pcap.write_pcap(a_path, a)
    m_pcap.write_pcap(b_path, b)
    return len(a), len(b)


def test_ab_lossy_a_complete_b(vcard, java_reader, shm, tmp_path):
    """A loses 30% of its packets, B is complete: no gap, and the top of book
    is identical to the single-line stream's.  Both as one capture routed by
    port and as two inputs (--in A --in-b B)."""
    single = gen(tmp_path, "one.pcap", "--seed", 31, "--messages", 15000, "--locates", 8, "--max-live", 10)
    ab = gen(tmp_path, "ab.pcap", "--seed", 31, "--messages", 15000, "--locates", 8, "--max-live", 10,
             "--ab", "--loss-a", 0.3)
    want = open(model_csv(tmp_path, single, "one.model.csv"), "rb").read()
    assert open(model_csv(tmp_path, ab, "ab.model.csv"), "rb").read() == want
    tobs, trades, events, _ = model_records(ab, line_b_port=LINE_B_PORT)
    r, recs, st = run_with_reader(vcard, java_reader, shm, ["--in", ab, "--line-b-port", str(LINE_B_PORT)])
    check_against_model(recs, tobs, trades, events, line_flags=True)
    assert st["mold.gaps"] == 0 and not [p for p in recs if p[0] == "event" and int(p[3]) == EVT_GAP]
    assert st["frames_b"] > 0 and st["mold.duplicates"] + st["mold.overlaps"] > 0
    assert any(int(p[8]) & NT_FLAG_LINE_B for p in recs if p[0] == "tob")
    out = str(tmp_path / "ab.csv")
    assert run([vcard, "--in", ab, "--line-b-port", str(LINE_B_PORT), "--csv", out, "--quiet"]).returncode == 0
    assert open(out, "rb").read() == want
    # two inputs
    a_path, b_path = str(tmp_path / "a.pcap"), str(tmp_path / "b.pcap")
    na, nb = split_ab(ab, a_path, b_path)
    assert na > 0 and nb > na
    out2 = str(tmp_path / "ab2.csv")
    r = run([vcard, "--in", a_path, "--in-b", b_path, "--csv", out2, "--stats", "--quiet"])
    assert r.returncode == 0, r.stderr
    st = stats(r.stderr)
    assert st["mold.gaps"] == 0 and st["frames_a"] == na and st["frames_b"] == nb
    assert open(out2, "rb").read() == want


def test_ab_both_lossy_reports_only_common_losses(vcard, tmp_path):
    """Both lines lossy: the card agrees with the model's arbitration."""
    ab = gen(tmp_path, "ab2.pcap", "--seed", 32, "--messages", 10000, "--locates", 8, "--max-live", 10,
             "--ab", "--loss-a", 0.2, "--loss-b", 0.2)
    out = str(tmp_path / "ab2.csv")
    r = run([vcard, "--in", ab, "--line-b-port", str(LINE_B_PORT), "--csv", out, "--stats", "--quiet"])
    assert r.returncode == 0
    _, _, events, _ = model_records(ab, line_b_port=LINE_B_PORT)
    assert stats(r.stderr)["mold.gaps"] == sum(1 for e in events if e.event == EVT_GAP)
    assert open(out, "rb").read() == open(model_csv(tmp_path, ab, "ab2.model.csv"), "rb").read()


def test_hostile_stream(vcard, tmp_path):
    """gen --hostile: bad frames of every kind are counted drops, unusual but
    valid ones (IPv4 options, QinQ, padding) accepted; rows equal the model."""
    path = gen(tmp_path, "h.pcap", "--seed", 41, "--messages", 8000, "--locates", 8, "--max-live", 10,
               "--hostile")
    out = str(tmp_path / "h.csv")
    r = run([vcard, "--in", path, "--csv", out, "--stats", "--quiet"])
    assert r.returncode == 0, r.stderr
    st = stats(r.stderr)
    _, _, _, e = model_records(path)
    drops = sum(st["frame_a." + k] for k in ("mac_error", "short_ethernet", "bad_ip_header", "bad_ip_length",
                                             "bad_ip_checksum", "ip_fragment", "bad_udp_length",
                                             "bad_mold_header"))
    assert drops == sum(e.drops.get(k, 0) for k in m_pcap.DROP_CAUSES) + e.decode["bad_mold_header"] > 0
    for k in ("not_ipv4", "not_udp"):
        assert st["frame_a." + k] == e.drops.get(k, 0)
    for k in ("dup_add", "zero_shares", "unknown_ref", "clamp"):
        assert st["book." + k] == e.book.counters.get(k, 0), k
    assert st["decode.bad_length"] == e.decode["bad_length"]
    assert st["messages"] == e.ordinal
    errors, _ = csvcmp.compare(out, model_csv(tmp_path, path, "h.model.csv"))
    assert not errors, errors


# -------------------------------------------------------------- bad input

def test_corrupt_and_truncated_pcap(vcard, tmp_path):
    good = gen(tmp_path, "c.pcap", "--seed", 51, "--messages", 3000, "--locates", 4, "--max-live", 10)
    data = open(good, "rb").read()
    # truncated in the middle of a record: the records before it are used
    trunc = str(tmp_path / "trunc.pcap")
    open(trunc, "wb").write(data[:len(data) // 2 + 7])
    r = run([vcard, "--in", trunc, "--csv", str(tmp_path / "t.csv"), "--stats", "--quiet"])
    assert r.returncode == 0
    assert "truncated" in r.stderr and stats(r.stderr)["input.bad"] == 1
    assert open(str(tmp_path / "t.csv"), "rb").read() == open(
        model_csv(tmp_path, trunc, "t.model.csv"), "rb").read()
    # a record header claiming 2 GB: the input ends there, clear message
    corrupt = bytearray(data)
    off = 24 + 16 + struct.unpack_from("<I", data, 24 + 8)[0]   # second record
    struct.pack_into("<II", corrupt, off + 8, 0x7FFFFFF0, 0x7FFFFFF0)
    cp = str(tmp_path / "corrupt.pcap")
    open(cp, "wb").write(bytes(corrupt))
    r = run([vcard, "--in", cp, "--stats", "--quiet"])
    assert r.returncode == 0 and "past the end of the file" in r.stderr
    assert stats(r.stderr)["frames_a"] == 1
    # truncated BinaryFILE
    itch = gen(tmp_path, "c.itch", "--seed", 52, "--messages", 2000, "--locates", 4, "--max-live", 10)
    d = open(itch, "rb").read()
    ti = str(tmp_path / "t.itch")
    open(ti, "wb").write(d[:len(d) - 5])
    r = run([vcard, "--in", ti, "--csv", str(tmp_path / "ti.csv"), "--stats", "--quiet"])
    assert r.returncode == 0 and "truncated" in r.stderr
    assert stats(r.stderr)["messages"] == 1999
    assert open(str(tmp_path / "ti.csv"), "rb").read() == open(
        model_csv(tmp_path, ti, "ti.model.csv"), "rb").read()


def test_garbage_frames_are_counted_drops(vcard, tmp_path):
    """Random bytes as frames, runts, jumbo frames, MAC errors (caplen <
    wire length) between good packets: all counted, the good data intact."""
    import random
    rnd = random.Random(7)
    good = gen(tmp_path, "g.pcap", "--seed", 61, "--messages", 4000, "--locates", 4, "--max-live", 10)
    frames = []
    n_bad = 0
    for i, fr in enumerate(m_pcap.read_pcap(good)):
        frames.append((fr.ts_ns, fr.data, fr.orig_len))
        if i % 5 == 2:
            kind = i % 4
            if kind == 0:
                bad = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 200)))
                bad = bytes(12) + b"\x08\x00" + bad     # IPv4 EtherType, garbage header
            elif kind == 1:
                bad = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 13)))  # runt
            elif kind == 2:
                bad = fr.data[:-3]      # cut short: caplen < orig_len -> MAC error
                frames.append((fr.ts_ns + 1, bad, len(fr.data)))
                n_bad += 1
                continue
            else:
                bad = fr.data[:14] + bytes(rnd.randrange(256) for _ in range(9000))  # jumbo garbage
            frames.append((fr.ts_ns + 1, bad, len(bad)))
            n_bad += 1
    path = str(tmp_path / "garbage.pcap")
    with m_pcap.PcapWriter(path) as w:
        for ts, d, orig in frames:
            w.write(d, ts, orig)
    out = str(tmp_path / "garbage.csv")
    r = run([vcard, "--in", path, "--csv", out, "--stats", "--quiet"])
    assert r.returncode == 0, r.stderr
    st = stats(r.stderr)
    dropped = sum(v for k, v in st.items() if k.startswith("frame_a.") and k not in (
        "frame_a.accepted", "frame_a.not_ipv4", "frame_a.not_udp", "frame_a.port_filtered"))
    assert dropped >= n_bad - sum(1 for _ in ()) - st.get("frame_a.not_ipv4", 0)
    assert st["frames_a"] == len(frames)
    assert st["frame_a.accepted"] == len(frames) - n_bad
    errors, _ = csvcmp.compare(out, model_csv(tmp_path, good, "good.model.csv"))
    assert not errors, errors
    assert "frame_drops=%d" % dropped in r.stderr
    assert "the card dropped %d malformed or overflowing frames" % dropped in r.stderr


def test_bad_arguments_and_missing_files(vcard, tmp_path):
    r = run([vcard, "--in", str(tmp_path / "nope.pcap")])
    assert r.returncode == 2 and "does not exist" in r.stderr
    r = run([vcard])
    assert r.returncode == 2 and "input is required" in r.stderr
    r = run([vcard, "--in"])
    assert r.returncode == 2 and "needs a value" in r.stderr
    r = run([vcard, "--bogus"])
    assert r.returncode == 2 and "unknown option" in r.stderr
    r = run([vcard, "--in", "/dev/null", "--capacity", "1000"])
    assert r.returncode == 2 and "power of two" in r.stderr
    ng = str(tmp_path / "x.pcapng")
    open(ng, "wb").write(b"\x0a\x0d\x0d\x0a" + bytes(60))
    r = run([vcard, "--in", ng])
    assert r.returncode == 2 and "pcapng" in r.stderr
    r = run(["bash", os.path.join(ROOT, "tools", "nanotick"), "bbo", "--engine", "hdl", "--in",
             str(tmp_path / "nope"), "--out", str(tmp_path / "o.csv")])
    assert r.returncode == 2 and "does not exist" in r.stderr


# ------------------------------------------------- bbo --engine hdl, modes

def test_bbo_engine_hdl_equals_model(vcard, tmp_path):
    """The canonical command on a seeded stream: byte for byte the model's CSV."""
    path = gen(tmp_path, "bbo.pcap", "--seed", 71, "--messages", 30000, "--locates", 8, "--max-live", 10,
               "--vlan", 141)
    out, tr = str(tmp_path / "bbo.csv"), str(tmp_path / "bbo.trades.csv")
    r = run(["bash", os.path.join(ROOT, "tools", "nanotick"), "bbo", "--engine", "hdl", "--in", path,
             "--out", out, "--trades", tr])
    assert r.returncode == 0, r.stderr
    mtr = str(tmp_path / "bbo.model.trades.csv")
    assert open(out, "rb").read() == open(model_csv(tmp_path, path, "bbo.model.csv", "--trades", mtr),
                                          "rb").read()
    # trade prints (--trades) too
    assert open(tr, "rb").read() == open(mtr, "rb").read()


def test_deep_stream_flags_stale_and_nothing_else_differs(vcard, tmp_path):
    """Beyond the card's bounds (no --max-live): rows differ from the model
    only where the card flags STALE."""
    path = gen(tmp_path, "deep.pcap", "--seed", 81, "--messages", 20000, "--locates", 8)
    out = str(tmp_path / "deep.csv")
    r = run([vcard, "--in", path, "--csv", out, "--stats", "--quiet"])
    assert r.returncode == 0
    errors, st = csvcmp.compare(out, model_csv(tmp_path, path, "deep.model.csv"))
    assert not errors, errors
    assert st["stale"] > 0 and st["matched"] > 0


def test_signal_stops_cleanly(vcard, shm, tmp_path):
    """SIGINT during a paced replay: the run ends with the final stats line,
    exit 0, the ring CLOSED with whole records."""
    path = gen(tmp_path, "p.pcap", "--seed", 91, "--messages", 40000, "--locates", 4, "--max-live", 10)
    ring = shm("sig")
    p = subprocess.Popen([vcard, "--in", path, "--ring", ring, "--pace", "--speed", "0.0005"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not os.path.exists(ring):
        time.sleep(0.05)
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert "stopped by signal" in err and "seq_errors=0 dma_errors=0" in err
    hdr = open(ring, "rb").read(4096 + 64 * 8)
    magic, abi, rs, cap, kind, state = struct.unpack_from("<QIIQII", hdr, 0)
    prod = struct.unpack_from("<Q", hdr, 128)[0]
    assert kind == 1 and state == 2          # MD, CLOSED
    frames = int(err.split("frames=")[1].split()[0])
    assert 0 < frames < 40000 / 8


def test_live_udp(vcard, shm, tmp_path):
    """Live UDP input: the capture's MoldUDP64 payloads sent as datagrams
    (unicast to 127.0.0.1), then SIGTERM: the CSV equals the model's."""
    path = gen(tmp_path, "u.pcap", "--seed", 101, "--messages", 3000, "--locates", 4, "--max-live", 10,
               "--no-heartbeats")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    out = str(tmp_path / "u.csv")
    p = subprocess.Popen([vcard, "--udp", "127.0.0.1:%d" % port, "--csv", out, "--ring", shm("udp"),
                          "--stats"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    n = 0
    for fr in m_pcap.read_pcap(path):
        r = m_pcap.parse_frame(fr.data, fr.orig_len, {}, None)
        if r is None:
            continue
        tx.sendto(r[0], ("127.0.0.1", port))
        n += 1
        if n % 5 == 0:
            time.sleep(0.01)        # stay inside the socket buffer (net.core.rmem_max)
    time.sleep(2.0)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert stats(err)["frames_a"] == n
    assert open(out, "rb").read() == open(model_csv(tmp_path, path, "u.model.csv"), "rb").read()


def test_paced_equals_fast(vcard, tmp_path):
    path = gen(tmp_path, "pp.pcap", "--seed", 111, "--messages", 800, "--locates", 4, "--max-live", 10)
    a, b = str(tmp_path / "fast.csv"), str(tmp_path / "paced.csv")
    assert run([vcard, "--in", path, "--csv", a, "--quiet"]).returncode == 0
    assert run([vcard, "--in", path, "--csv", b, "--quiet", "--pace", "--speed", "20"]).returncode == 0
    assert open(a, "rb").read() == open(b, "rb").read()


def test_evt_ring_and_hdl_report(vcard, shm, tmp_path):
    """--evt-ring gets the card's feed events; hdl-report prints its fields."""
    path = gen(tmp_path, "r.pcap", "--seed", 121, "--messages", 5000, "--locates", 4, "--max-live", 10,
               "--drop-packets", "10,20")
    evt = shm("evt")
    r = run([vcard, "--in", path, "--evt-ring", evt, "--ring", shm("md2"), "--stats", "--quiet"])
    assert r.returncode == 0
    st = stats(r.stderr)
    d = open(evt, "rb").read()
    prod = struct.unpack_from("<Q", d, 128)[0]
    assert prod == st["host.event"] >= 2
    gaps = [struct.unpack_from("<QQ", d, 4096 + 64 * i + 16) for i in range(prod)
            if d[4096 + 64 * i + 8] == 3 and d[4096 + 64 * i + 9] == EVT_GAP]
    _, _, events, _ = model_records(path)
    assert gaps == [(e.expected_seq, e.received_seq) for e in events if e.event == EVT_GAP]
    r = run(["bash", os.path.join(ROOT, "tools", "nanotick"), "hdl-report", "--in", path])
    assert r.returncode == 0, r.stderr
    for word in ("latency (cycles)", "median", "p99", "messages/cycle", "156.25 MHz", "322.27 MHz",
                 "cycles/s", "messages/s"):
        assert word in r.stdout


def test_session_change_and_end_of_session(vcard, java_reader, shm, tmp_path):
    """End of Session then a new session (NANOTICK02 from sequence 1): the
    card's session / end-of-session events and rows equal the model's."""
    path = gen(tmp_path, "sc.pcap", "--seed", 131, "--messages", 6000, "--locates", 4, "--max-live", 10,
               "--session-change-at", "100,400")
    tobs, trades, events, _ = model_records(path)
    assert sum(1 for e in events if e.event == EVT_SESSION) == 3
    r, recs, st = run_with_reader(vcard, java_reader, shm, ["--in", path])
    check_against_model(recs, tobs, trades, events)
    assert st["mold.sessions"] == 3 and st["mold.end_of_session"] == 3 and st["mold.gaps"] == 0


@pytest.mark.parametrize("mode", [[], ["--one-write"]], ids=["three-writes", "one-write"])
def test_lapped_reader_sees_only_whole_records(vcard, java_reader, shm, tmp_path, mode):
    """A 64-record ring and a slow Java reader: the card laps it (NT_SEQ_BUSY
    then payload then seq, as ring.h says; or one whole-line write per record,
    which the host applies as a whole); the reader counts exactly what it
    lost and every record it did read is whole: equal to the record of the
    same sequence number in a run on a ring large enough to keep everything."""
    path = gen(tmp_path, "lap.pcap", "--seed", 141, "--messages", 20000, "--locates", 4, "--max-live", 10)
    _, full, _ = run_with_reader(vcard, java_reader, shm, ["--in", path])
    by_seq = {int(p[1]): p for p in full}
    ring = shm("lap")
    dump = ring + ".txt"
    shm.paths.append(dump)
    reader = subprocess.Popen(java_reader + [ring, dump, "4"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        r = run([vcard, "--in", path, "--ring", ring, "--capacity", "64", "--stats", "--quiet"] + mode)
        _, err = reader.communicate(timeout=300)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert r.returncode == 0 and reader.returncode == 0, err[:3000]
    recs, lapped, end = read_dump(dump)
    n_records, lost, prod = end
    assert prod == len(full) == stats(r.stderr)["host.records"]
    assert lost > 0 and lapped == lost, "the reader was never lapped: the test proves nothing"
    assert n_records + lost == prod
    last = 0
    for p in recs:
        s = int(p[1])
        assert s > last
        last = s
        assert p == by_seq[s], "torn or wrong record at seq %d: %s vs %s" % (s, p, by_seq[s])


def test_locate_beyond_n_symbols_minimal(vcard, tmp_path):
    """Minimal reproduction: one add on locate 100, one on locate 5.  The
    model (and the C and Java engines) print a row for each."""
    from nanotick_model import itch, mold
    msgs = [itch.encode("A", locate=100, timestamp=1, order_ref=1, side="B", shares=100, stock=b"AAPL    ",
                        price=10000),
            itch.encode("A", locate=5, timestamp=2, order_ref=2, side="S", shares=100, stock=b"MSFT    ",
                        price=20000)]
    path = str(tmp_path / "loc.pcap")
    m_pcap.write_pcap(path, [m_pcap.build_frame(mold.build_packet(b"REPRO00001", 1, msgs))])
    out = str(tmp_path / "loc.csv")
    assert run([vcard, "--in", path, "--csv", out, "--quiet"]).returncode == 0
    assert open(out).read() == open(model_csv(tmp_path, path, "loc.model.csv")).read()


def test_port_filter(vcard, tmp_path):
    """--port 26477 (the card's UDP port filter): line B's copies are skipped
    (port_filtered), A's losses become gaps, rows equal the model's --port."""
    ab = gen(tmp_path, "pf.pcap", "--seed", 151, "--messages", 6000, "--locates", 4, "--max-live", 10,
             "--ab", "--loss-a", 0.1)
    out = str(tmp_path / "pf.csv")
    r = run([vcard, "--in", ab, "--port", "26477", "--csv", out, "--stats", "--quiet"])
    assert r.returncode == 0, r.stderr
    st = stats(r.stderr)
    e = m_engine.Engine(port=26477)
    e.run(ab)
    assert st["frame_a.port_filtered"] == e.drops.get("port_filtered") > 0
    errors, cst = csvcmp.compare(out, model_csv(tmp_path, ab, "pf.model.csv", "--port", "26477"))
    assert not errors, errors
    assert st["mold.gaps"] == sum(1 for ev in e.sequencer.events if ev.kind == "gap") > 0 \
        if hasattr(e.sequencer, "events") else st["mold.gaps"] > 0
    assert st["messages"] == e.ordinal


def _flood(kind, n=2400):
    """ITCH messages: a short set-up, then n messages of one type (or a mix)
    back to back -- the line-rate case of the HDL issue ("one beat every cycle
    on any legal message mix").  Built from the spec's layouts (itch.encode)."""
    from nanotick_model import itch
    out, ts = [], [0]

    def m(t, **f):
        ts[0] += 1
        out.append(itch.encode(t, locate=1 + len(out) % 3, timestamp=ts[0], **f))

    live = []
    # (the small card's order table holds 1024 orders: 600 fit, more overflow)
    nadd = 600 if kind in ("D", "E", "C", "X") else 200
    if kind == "D":
        n = 600
    if kind not in ("A", "F", "P", "Q", "mix"):
        for i in range(nadd):
            r = 1000 + i
            m("A", order_ref=r, side="BS"[i % 2], shares=1000, stock=b"FLOOD   ", price=1000000 + 100 * (i % 37))
            live.append(r)
    nxt = 100000
    for k in range(n):
        t = kind if kind != "mix" else "AFEXDUCPQ"[k % 9]
        if t in ("A", "F"):
            f = dict(order_ref=nxt, side="BS"[k % 2], shares=100, stock=b"FLOOD   ", price=1000000 + 100 * (k % 37))
            if t == "F":
                f["attribution"] = b"NTCK"
            m(t, **f)
            live.append(nxt)
            nxt += 1
        elif t == "D":
            m("D", order_ref=live.pop(0) if live else k)
        elif t == "X":
            m("X", order_ref=live[k % len(live)] if live else k, cancelled_shares=100)
        elif t == "E":
            m("E", order_ref=live[k % len(live)] if live else k, executed_shares=100, match_number=k)
        elif t == "C":
            m("C", order_ref=live[k % len(live)] if live else k, executed_shares=100, match_number=k,
              printable="Y", execution_price=1000000)
        elif t == "U":
            j = k % len(live)
            m("U", original_order_ref=live[j], new_order_ref=nxt, shares=100 + k % 3, price=1000000 + 100 * (k % 37))
            live[j] = nxt
            nxt += 1
        elif t == "P":
            m("P", order_ref=0, side="B", shares=100, stock=b"FLOOD   ", price=1000000, match_number=k)
        elif t == "Q":
            m("Q", shares=100, stock=b"FLOOD   ", cross_price=1000000, match_number=k, cross_type="O")
    return binaryfile.frame(out)


@pytest.mark.parametrize("kind", ["D", "X", "E", "C", "U", "A", "F", "P", "Q", "mix"])
def test_line_rate_flood_of_each_type(vcard, tmp_path, kind):
    """Frames of one message type back to back at one beat per cycle (--ifg 0,
    64 messages per MoldUDP64 packet): the card drops no frame, its pipeline
    keeps up (the run ends a few cycles after the last input beat: nothing
    queued), and the top of book equals the reference model's."""
    f = tmp_path / ("flood-%s.itch" % kind)
    f.write_bytes(_flood(kind))
    csv = str(tmp_path / "h.csv")
    r = run([vcard, "--in", str(f), "--csv", csv, "--per-packet", "64", "--ifg", "0", "--cut-through",
             "--report", "--stats", "--quiet"])
    assert r.returncode == 0, r.stderr
    st = stats(r.stderr)
    assert st["frame_a.fifo_overflow"] == 0 and st["ring.dropped"] == 0
    assert st["messages"] == st["mold.delivered"] >= (1200 if kind == "D" else 2400)
    assert st["book.table_overflow"] == 0 or kind in ("A", "F", "mix")
    # "throughput ... over C cycles" vs "line rate ... over I cycles of input": C - I is
    # what the card needed after the last input beat (the pipeline depth, not a backlog)
    tot = int(r.stdout.split(" cycles\n")[0].rsplit("over ", 1)[1])
    inp = int(r.stdout.split(" cycles of input")[0].rsplit("over ", 1)[1])
    print("flood %s: %d messages, %d input cycles, %d cycles, records %d" % (kind, st["messages"], inp, tot,
                                                                           st["ring.written"]))
    assert tot - inp < 64, "the card fell behind the line: %d cycles after the last beat" % (tot - inp)
    errors, cst = csvcmp.compare(csv, model_csv(tmp_path, str(f), "m.csv"))
    assert not errors, errors


def test_record_flood_three_writes_counted_one_write_kept(vcard, tmp_path):
    """Executions that each move the best bid (a trade and a top-of-book
    record per 33-byte E) at line rate into a ring that laps: with three DMA
    writes per record (BUSY, payload, seq) the writer cannot keep up and drops
    records, counted (ring.dropped) and never half-written; with one write
    per record (CTRL bit 7) nothing is dropped and the rows equal the model."""
    from nanotick_model import itch
    out, ts = [], 0
    for i in range(600):
        ts += 1
        out.append(itch.encode("A", locate=1, timestamp=ts, order_ref=1000 + i, side="B", shares=1000,
                               stock=b"FLOOD   ", price=1000000))
    for k in range(3000):
        ts += 1
        out.append(itch.encode("E", locate=1, timestamp=ts, order_ref=1000 + k % 600, executed_shares=100,
                               match_number=k))
    f = tmp_path / "e.itch"
    f.write_bytes(binaryfile.frame(out))
    res = {}
    for mode in ("three", "one"):
        csv = str(tmp_path / ("%s.csv" % mode))
        r = run([vcard, "--in", str(f), "--csv", csv, "--per-packet", "64", "--ifg", "0", "--cut-through",
                 "--capacity", "1024", "--stats", "--quiet"] + (["--one-write"] if mode == "one" else []))
        assert r.returncode == 0, r.stderr
        st = stats(r.stderr)
        assert st["frame_a.fifo_overflow"] == 0 and st["host.seq_errors"] == 0 and st["host.dma_errors"] == 0
        assert st["rec.tob"] + st["rec.trade"] + st["rec.event"] == st["ring.written"] + st["ring.dropped"]
        res[mode] = st
        if mode == "one":
            errors, _ = csvcmp.compare(csv, model_csv(tmp_path, str(f), "m.csv"))
            assert not errors, errors
    print("E flood into a lapped ring: three writes: %d written, %d dropped; one write: %d written, %d dropped"
          % (res["three"]["ring.written"], res["three"]["ring.dropped"], res["one"]["ring.written"],
             res["one"]["ring.dropped"]))
    assert res["three"]["ring.dropped"] > 0
    assert res["one"]["ring.dropped"] == 0 and res["one"]["ring.written"] == 3600 + 3000 + 2


def test_alveo_parameter_set_keeps_what_the_small_set_overflows(vcard, tmp_path):
    """The card built with the Alveo U250/U55C parameters (sim/vcard/build.sh alveo:
    8192 locates, 2^20 orders, 16 levels; what the demo runs) on a seeded stream
    that overflows the small set's 1024-entry order table: no overflow, every row
    the model's but transient STALE ones (level-cache refills), no locate STALE at
    the end.  The small card on the same stream overflows (the test has teeth)."""
    r = run(["bash", os.path.join(ROOT, "sim", "vcard", "build.sh"), "alveo", "--path"], timeout=1200)
    assert r.returncode == 0, r.stderr
    big = r.stdout.strip()
    path = gen(tmp_path, "s.itch", "--seed", 11, "--messages", 40000, "--locates", 60)
    model = model_csv(tmp_path, path, "m.csv")
    res = {}
    for name, binary in (("small", vcard), ("alveo", big)):
        out = str(tmp_path / ("%s.csv" % name))
        r = run([binary, "--in", path, "--csv", out, "--stats", "--quiet"])
        assert r.returncode == 0, r.stderr
        c = run([sys.executable, os.path.join(ROOT, "tools", "lib", "cmp_hdl.py"), model, out])
        assert c.returncode == 0, c.stdout[-3000:]
        res[name] = (stats(r.stderr), c.stdout.strip().splitlines()[-1])
    print("small: overflow %d, %s; alveo: overflow %d, %s" % (
        res["small"][0]["book.table_overflow"], res["small"][1], res["alveo"][0]["book.table_overflow"],
        res["alveo"][1]))
    assert res["small"][0]["book.table_overflow"] > 0
    assert res["alveo"][0]["book.table_overflow"] == 0 and res["alveo"][0]["book.no_slot"] == 0
    assert " 0 locates STALE at the end" in res["alveo"][1]
