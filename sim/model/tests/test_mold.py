"""MoldUDP64 packets (hand-built bytes) and the Nanotick sequencing rules."""

import pytest

from nanotick_model import mold

SESSION = b"ABCDEFGHIJ"


def test_parse_hand_built_packet():
    raw = bytes.fromhex("4142434445464748494a" "0000000000000005" "0002"
                        "0003" "5a0102" "0001" "5a")
    p = mold.parse_packet(raw)
    assert p.session == SESSION and p.seq == 5 and p.count == 2
    assert p.blocks == [(0, b"Z\x01\x02"), (1, b"Z")]
    assert p.empty_blocks == p.lost_blocks == p.trailing_bytes == 0


def test_build_matches_hand_built_bytes():
    raw = bytes.fromhex("4142434445464748494a" "0000000000000005" "0002"
                        "0003" "5a0102" "0001" "5a")
    assert mold.build_packet(SESSION, 5, [b"Z\x01\x02", b"Z"]) == raw
    hb = bytes.fromhex("4142434445464748494a" "0000000000000007" "0000")
    assert mold.build_packet(SESSION, 7, [], count=mold.HEARTBEAT) == hb
    eos = bytes.fromhex("4142434445464748494a" "0000000000000007" "ffff")
    assert mold.build_packet(SESSION, 7, [], count=mold.END_OF_SESSION) == eos
    assert mold.parse_packet(eos).is_end_of_session
    assert mold.parse_packet(hb).is_heartbeat


def test_short_header_is_an_error():
    with pytest.raises(mold.MoldError):
        mold.parse_packet(bytes(19))


def test_malformed_blocks():
    # zero-length block in the middle: occupies index 1, parsing continues
    raw = mold.build_packet(SESSION, 1, [b"A1", b"", b"C3"])
    p = mold.parse_packet(raw)
    assert p.blocks == [(0, b"A1"), (2, b"C3")] and p.empty_blocks == 1
    # second block says 256 bytes, only 2 remain: it and the third are lost
    raw = bytes.fromhex("4142434445464748494a" "0000000000000001" "0003"
                        "0002" "4131" "0100" "4132")
    p = mold.parse_packet(raw)
    assert p.blocks == [(0, b"A1")] and p.lost_blocks == 2
    # count says 3, only 1 block present
    raw = bytes.fromhex("4142434445464748494a" "0000000000000001" "0003" "0002" "4131")
    p = mold.parse_packet(raw)
    assert p.blocks == [(0, b"A1")] and p.lost_blocks == 2
    # trailing bytes after the counted blocks
    raw = mold.build_packet(SESSION, 1, [b"A1"]) + b"xyz"
    p = mold.parse_packet(raw)
    assert p.blocks == [(0, b"A1")] and p.trailing_bytes == 3


def pkt(seq, n, session=SESSION, count=None):
    msgs = [b"M%d" % (seq + i) for i in range(n)]
    return mold.parse_packet(mold.build_packet(session, seq, msgs, count))


def seqs(delivered):
    return [s for s, _ in delivered]


def test_first_packet_sets_expected_and_in_order():
    s = mold.Sequencer()
    assert seqs(s.feed(pkt(100, 2))) == [100, 101]
    assert seqs(s.feed(pkt(102, 1))) == [102]
    assert not s.gap and s.counters["gaps"] == 0
    assert s.feed(pkt(103, 1)) == [(103, b"M103")]


def test_duplicates_are_dropped():
    s = mold.Sequencer()
    s.feed(pkt(1, 3))
    assert s.feed(pkt(1, 3)) == []
    assert s.feed(pkt(2, 2)) == []   # 2 + 2 = 4 <= expected 4
    assert s.feed(pkt(1, 1)) == []
    assert s.counters["duplicates"] == 3
    assert s.expected == 4


def test_overlap_delivers_only_new_messages():
    s = mold.Sequencer()
    s.feed(pkt(1, 3))
    assert seqs(s.feed(pkt(2, 4))) == [4, 5]
    assert s.counters["overlaps"] == 1 and s.expected == 6 and not s.gap


def test_gap_event_and_sticky_flag():
    s = mold.Sequencer()
    s.feed(pkt(1, 2))
    assert seqs(s.feed(pkt(5, 1))) == [5]
    assert s.gap and s.counters["gaps"] == 1 and s.counters["gap_messages"] == 2
    ev = [e for e in s.events if e.kind == "gap"]
    assert ev == [mold.Event("gap", SESSION, 3, 5, 2, 0)]
    # the late packet is then a duplicate: no recovery offline
    assert s.feed(pkt(3, 2)) == []
    assert s.gap


def test_ab_loss_on_one_line_is_not_a_gap():
    s = mold.Sequencer()
    out = []
    a = [pkt(1, 2), None, pkt(5, 3), pkt(8, 1)]          # A lost seq 3..4
    b = [pkt(1, 2), pkt(3, 2), None, pkt(8, 1)]          # B lost seq 5..7
    for pa, pb in zip(a, b):
        if pa:
            out += s.feed(pa, 0)
        if pb:
            out += s.feed(pb, 1)
    assert seqs(out) == list(range(1, 9))
    assert not s.gap and s.counters["gaps"] == 0 and s.counters["duplicates"] == 2


def test_ab_loss_on_both_lines_is_a_gap():
    s = mold.Sequencer()
    out = []
    for p, line in [(pkt(1, 2), 0), (pkt(1, 2), 1), (pkt(5, 1), 1), (pkt(5, 1), 0)]:
        out += s.feed(p, line)
    assert seqs(out) == [1, 2, 5]
    assert s.gap and [e for e in s.events if e.kind == "gap"][0].line == 1


def test_ab_with_different_packet_boundaries():
    s = mold.Sequencer()
    out = s.feed(pkt(1, 4), 0)          # A: 1..4
    out += s.feed(pkt(1, 2), 1)         # B: 1..2 duplicate
    out += s.feed(pkt(3, 4), 1)         # B: 3..6 -> 5, 6
    out += s.feed(pkt(5, 3), 0)         # A: 5..7 -> 7
    assert seqs(out) == list(range(1, 8)) and not s.gap


def test_heartbeat_delivers_nothing_and_changes_nothing():
    s = mold.Sequencer()
    s.feed(pkt(1, 2))
    assert s.feed(pkt(3, 0)) == []
    assert s.feed(pkt(50, 0)) == []      # a heartbeat never reports a gap
    assert s.expected == 3 and not s.gap and s.counters["heartbeats"] == 2
    assert seqs(s.feed(pkt(3, 1))) == [3]


def test_end_of_session_then_new_session():
    s = mold.Sequencer()
    s.feed(pkt(1, 2))
    assert s.feed(pkt(3, 0, count=mold.END_OF_SESSION)) == []
    assert s.feed(pkt(3, 1)) == []       # after the end: dropped
    assert s.counters["after_end"] == 1
    other = b"SESSION002"
    assert seqs(s.feed(pkt(1, 2, session=other))) == [1, 2]   # restarts sequencing
    assert not s.gap
    assert s.feed(pkt(3, 1, session=SESSION)) == []           # old session
    assert s.counters["old_session"] == 1
    kinds = [e.kind for e in s.events]
    assert kinds == ["session", "end_of_session", "session"]


def test_new_session_without_end_and_first_seq_anywhere():
    s = mold.Sequencer()
    s.feed(pkt(10, 2))
    assert seqs(s.feed(pkt(500, 1, session=b"OTHER     "))) == [500]
    assert not s.gap and s.counters["sessions"] == 2


def test_malformed_blocks_still_advance_expected():
    s = mold.Sequencer()
    raw = mold.build_packet(SESSION, 1, [b"A1", b"", b"C3"])
    assert seqs(s.feed(mold.parse_packet(raw))) == [1, 3]
    bad = bytes.fromhex("4142434445464748494a" "0000000000000004" "0003" "0002" "4131" "0100")
    assert seqs(s.feed(mold.parse_packet(bad))) == [4]
    assert s.expected == 7
    assert seqs(s.feed(pkt(7, 1))) == [7] and not s.gap
    assert s.counters["empty_block"] == 1 and s.counters["truncated_block"] == 2
