"""Whole-engine behaviour on generated pcaps: A/B arbitration, gaps,
heartbeats, end of session, VLAN, ns pcaps and hostile input."""

from nanotick_model import engine, gen, itch, mold, pcap


def rows(path):
    tobs, trades, c = engine.bbo(str(path))
    return [r.csv() for r in tobs], [r.csv() for r in trades], c


def test_pcap_equals_binaryfile_of_the_same_stream(tmp):
    gen.write_itch(str(tmp / "s.itch"), 11, 5000, 5)
    gen.write_pcap(str(tmp / "s.pcap"), 11, 5000, 5, per_packet=6, vlan=141, nanos=True)
    a, ta, ca = rows(tmp / "s.itch")
    b, tb, cb = rows(tmp / "s.pcap")
    assert a == b and ta == tb and len(a) > 300
    assert cb["mold.gaps"] == 0 and cb["mold.heartbeats"] > 0 and cb["mold.end_of_session"] == 1
    assert cb["messages"] == ca["messages"] == 5000


def test_ab_loss_on_one_line_at_a_time_gives_no_gap(tmp):
    gen.write_itch(str(tmp / "s.itch"), 12, 5000, 5)
    gen.write_pcap(str(tmp / "ab.pcap"), 12, 5000, 5, per_packet=3, ab=True, loss_a=0.3)
    gen.write_pcap(str(tmp / "ba.pcap"), 12, 5000, 5, per_packet=3, ab=True, loss_b=0.3)
    a, _, _ = rows(tmp / "s.itch")
    for f in ("ab.pcap", "ba.pcap"):
        b, _, c = rows(tmp / f)
        assert b == a
        assert c["mold.gaps"] == 0 and c["mold.duplicates"] > 500


def test_ab_loss_on_both_lines_gives_gap_and_sticky_flag(tmp):
    gen.write_itch(str(tmp / "s.itch"), 13, 3000, 4)
    gen.write_pcap(str(tmp / "g.pcap"), 13, 3000, 4, per_packet=10, ab=True, drop_packets=[150])
    a, _, _ = rows(tmp / "s.itch")
    e = engine.Engine(on_tob=(got := []).append, on_event=(evs := []).append)
    e.run(str(tmp / "g.pcap"))
    assert [(r.event, r.expected_seq, r.received_seq, r.msg_ordinal) for r in evs] == \
        [(7, 0, 1, 0), (1, 1501, 1511, 1500), (5, 3001, 3001, 2990)]
    gaps = [ev for ev in e.sequencer.events if ev.kind == "gap"]
    # data packet 150 held sequence numbers 1501..1510
    assert [(g.expected, g.received, g.count) for g in gaps] == [(1501, 1511, 10)]
    before = [r.csv() for r in got if r.msg_ordinal <= 1500]
    assert before == [x for x in a if int(x.split(",")[0]) <= 1500]
    after = [r for r in got if r.msg_ordinal > 1500]
    assert after and all(r.csv().endswith(",GAP") for r in after)
    assert e.ordinal == 2990


def test_hostile_pcap_bad_frames_are_all_dropped(tmp):
    gen.write_pcap(str(tmp / "h.pcap"), 14, 20000, 8, per_packet=4, hostile=True, vlan=5)
    r, _, c = rows(tmp / "h.pcap")
    for cause in ("truncated_frame", "bad_ip_header", "bad_ip_length", "bad_ip_checksum",
                  "ip_fragment", "bad_udp_length", "not_ipv4", "not_udp"):
        assert c["frame." + cause] > 0, cause
    assert c["decode.bad_mold_header"] > 0 and c["mold.empty_block"] > 0
    assert c["mold.truncated_block"] > 0
    # every dropped frame carried the next sequence numbers: had one been
    # accepted, the real packet would have been a duplicate or an overlap
    assert c["mold.gaps"] == 0 and c["mold.duplicates"] == 0 and c["mold.overlaps"] == 0
    assert c["decode.unknown_type"] > 0 and c["decode.bad_length"] > 0
    assert c["book.dup_add"] > 0 and c["book.clamp"] > 0 and c["book.zero_shares"] > 0
    assert not any(x.endswith("GAP") for x in r)
    assert not any(",1999999900,7," in x for x in r)


def test_hostile_binaryfile(tmp):
    gen.write_itch(str(tmp / "h.itch"), 15, 20000, 8, hostile=True)
    _, _, c = rows(tmp / "h.itch")
    assert c["decode.binaryfile_empty_block"] > 0 and c["decode.binaryfile_truncated"] == 1
    assert c["messages"] == 20000


def test_generator_content_and_determinism(tmp):
    msgs = list(gen.generate(21, 20000, 40))
    assert msgs[:5000] == list(gen.generate(21, 5000, 40))
    assert msgs[:5000] != list(gen.generate(22, 5000, 40))
    types = [chr(m[0]) for m in msgs]
    assert types[0] == "S" and types[1:41] == ["R"] * 40 and types[41:81] == ["H"] * 40
    n = len(msgs)
    adds = sum(t in "AF" for t in types) / n
    removes = sum(t in "DXECU" for t in types) / n
    assert 0.40 < adds < 0.50 and 0.35 < removes < 0.55
    for t in "AFEXCDUPQ":
        assert t in types
    # refs: 0, multiples of 2^16 / 2^20, max price, deep books
    refs = [itch.decode(m)["order_ref"] for m in msgs if chr(m[0]) in "AF"]
    assert refs[0] == 0
    assert sum(1 for r in refs if r and r % (1 << 16) == 0) > 60
    assert sum(1 for r in refs if r and r % (1 << 20) == 0) > 30
    prices = [itch.decode(m)["price"] for m in msgs if chr(m[0]) in "AF"]
    assert max(prices) == gen.MAX_PRICE
    p = tmp / "d.itch"
    gen.write_itch(str(p), 21, 20000, 40)
    e = engine.Engine()
    e.run(str(p))
    depth = max(len(lv.prices) for lv in e.book.levels.values())
    assert depth >= 100


def test_generated_pcap_frames_and_mold(tmp):
    p = tmp / "f.pcap"
    gen.write_pcap(str(p), 23, 200, 2, per_packet=5, ab=True, vlan=9)
    frames = list(pcap.read_pcap(str(p)))
    ports = set()
    for fr in frames:
        payload, port = pcap.parse_frame(fr.data, fr.orig_len, {})
        ports.add(port)
        mp = mold.parse_packet(payload)
        assert mp.session == b"NANOTICK01"
        assert mp.count == 0 or mp.count == 0xFFFF or 1 <= mp.count <= 5
    assert ports == {26477, 26478}


def test_max_live_caps_the_order_table(tmp):
    p = tmp / "m.itch"
    gen.write_itch(str(p), 24, 20000, 6, max_live=500)
    e = engine.Engine()
    e.run(str(p))
    assert 400 <= len(e.book.orders) <= 500
    assert e.counters()["book.unknown_ref"] == 0


def test_session_change_restarts_sequencing_without_gap(tmp):
    gen.write_itch(str(tmp / "s.itch"), 25, 4000, 5)
    gen.write_pcap(str(tmp / "c.pcap"), 25, 4000, 5, per_packet=5, ab=True, loss_a=0.2,
                   session_change_at=[100, 300])
    a, _, _ = rows(tmp / "s.itch")
    e = engine.Engine(on_tob=(got := []).append)
    e.run(str(tmp / "c.pcap"))
    assert [r.csv() for r in got] == a
    kinds = [(ev.kind, ev.session) for ev in e.sequencer.events]
    assert kinds == [("session", b"NANOTICK01"), ("end_of_session", b"NANOTICK01"),
                     ("session", b"NANOTICK02"), ("end_of_session", b"NANOTICK02"),
                     ("session", b"NANOTICK03"), ("end_of_session", b"NANOTICK03")]
    assert e.counters()["mold.gaps"] == 0


def test_hostile_valid_variety_is_accepted(tmp):
    gen.write_pcap(str(tmp / "v.pcap"), 26, 4000, 5, per_packet=2, hostile=True)
    opts = qinq = padded = 0
    for fr in pcap.read_pcap(str(tmp / "v.pcap")):
        d = {}
        r = pcap.parse_frame(fr.data, fr.orig_len, d)
        if r is None:
            continue
        off = 12
        while fr.data[off:off + 2] in (b"\x81\x00", b"\x88\xa8"):
            off += 4
        qinq += off >= 20
        opts += (fr.data[off + 2] & 0x0F) > 5
        padded += len(fr.data) > off + 2 + int.from_bytes(fr.data[off + 4:off + 6], "big")
    assert opts > 50 and qinq > 20 and padded > 0
