"""BinaryFILE framing and the real head-of-day fixture."""

from collections import Counter

from conftest import BINFILE, need
from nanotick_model import binaryfile, engine, itch


def test_head_of_day_counts_and_aapl():
    msgs = list(binaryfile.read_messages(need(BINFILE)))
    assert len(msgs) == 1000
    decoded = [itch.decode(m) for m in msgs]    # every message has its spec length
    assert Counter(d["type"] for d in decoded) == {"R": 993, "H": 3, "Y": 3, "S": 1}
    names = {d["locate"]: d["stock"] for d in decoded if d["type"] == "R"}
    assert names[13] == b"AAPL    "


def test_head_of_day_first_messages_hand_read():
    # xxd: 000c 53 0000 0000 0a11ea0e8c43 4f
    #      0027 52 0001 0000 0a53a2887058 "A       " 4e 20 00000064 4e 43 "Z " 50 4e 20 31 4e 00000000 4e
    msgs = binaryfile.read_messages(need(BINFILE))
    s = itch.decode(next(msgs))
    assert s == {"type": "S", "locate": 0, "tracking": 0, "timestamp": 0x0A11EA0E8C43,
                 "event_code": "O"}
    r = itch.decode(next(msgs))
    assert (r["locate"], r["timestamp"], r["stock"], r["market_category"], r["financial_status"],
            r["round_lot_size"], r["issue_classification"], r["luld_ref_price_tier"]) == \
        (1, 0x0A53A2887058, b"A       ", "N", " ", 100, "C", "1")


def test_head_of_day_bbo_is_empty_and_counts_every_message():
    tobs, trades, c = engine.bbo(need(BINFILE))
    assert tobs == [] and trades == [] and c["messages"] == 1000
    assert c["type.R"] == 993 and c["decode.unknown_type"] == 0 and c["decode.bad_length"] == 0


def test_framing_edge_cases():
    data = bytes.fromhex("0002" "5a01" "0000" "0001" "5a" "0005" "5a0102")
    c = {}
    assert list(binaryfile.read_messages(data, c)) == [b"Z\x01", b"Z"]
    assert c == {"empty_block": 1, "truncated_block": 1}
    c = {}
    assert list(binaryfile.read_messages(bytes.fromhex("0001" "5a" "00"), c)) == [b"Z"]
    assert c == {"truncated_block": 1}


def test_write_read_roundtrip(tmp):
    msgs = [itch.encode("S", event_code="O"), b"Zunknown", itch.encode("D", order_ref=5)]
    p = tmp / "x.itch"
    binaryfile.write_messages(str(p), msgs)
    assert p.read_bytes()[:3] == b"\x00\x0cS"
    assert list(binaryfile.read_messages(str(p))) == msgs
    assert binaryfile.frame(msgs) == p.read_bytes()
