"""ITCH 5.0 byte vectors written by hand from the specification tables.

Every vector is a list of hex pieces, one per field in spec order, with the
same header: locate 0x0102, tracking 0x0304, timestamp 0x112233445566.
Neither the hex nor the expected values come from the encoder.
"""

import pytest

from nanotick_model import itch

H = "0102" "0304" "112233445566"
HDR = {"locate": 0x0102, "tracking": 0x0304, "timestamp": 0x112233445566}
AAPL = "4141504c20202020"   # "AAPL    "

# spec section 1.x: type -> length
SPEC_LENGTHS = {"S": 12, "R": 39, "H": 25, "Y": 20, "L": 26, "V": 35, "W": 12, "K": 28,
                "J": 35, "h": 21, "A": 36, "F": 40, "E": 31, "C": 36, "X": 23, "D": 19,
                "U": 35, "P": 44, "Q": 40, "B": 19, "I": 50, "N": 20, "O": 48}

VECTORS = [
    ("S", ["53", H, "4f"], {"event_code": "O"}),
    ("R", ["52", H, AAPL, "51", "4e", "00000064", "4e", "43", "5a20", "50", "4e", "20", "31",
           "4e", "00000002", "4e"],
     {"stock": b"AAPL    ", "market_category": "Q", "financial_status": "N",
      "round_lot_size": 100, "round_lots_only": "N", "issue_classification": "C",
      "issue_subtype": b"Z ", "authenticity": "P", "short_sale_threshold": "N",
      "ipo_flag": " ", "luld_ref_price_tier": "1", "etp_flag": "N",
      "etp_leverage_factor": 2, "inverse_indicator": "N"}),
    ("H", ["48", H, AAPL, "54", "20", "4d574331"],
     {"stock": b"AAPL    ", "trading_state": "T", "reserved": " ", "reason": b"MWC1"}),
    ("Y", ["59", H, AAPL, "31"], {"stock": b"AAPL    ", "reg_sho_action": "1"}),
    ("L", ["4c", H, "4e495445", AAPL, "59", "4e", "41"],
     {"mpid": b"NITE", "stock": b"AAPL    ", "primary_market_maker": "Y",
      "market_maker_mode": "N", "market_participant_state": "A"}),
    ("V", ["56", H, "0000000ba43b7400", "0000000000000001", "ffffffffffffffff"],
     {"level1": 50_000_000_000, "level2": 1, "level3": 2**64 - 1}),
    ("W", ["57", H, "31"], {"breached_level": "1"}),
    ("K", ["4b", H, AAPL, "0000d2f0", "41", "000f4240"],
     {"stock": b"AAPL    ", "ipo_release_time": 54000, "ipo_release_qualifier": "A",
      "ipo_price": 1_000_000}),
    ("J", ["4a", H, AAPL, "000f4240", "00112a88", "000d6d98", "00000001"],
     {"stock": b"AAPL    ", "auction_collar_ref_price": 1_000_000,
      "upper_auction_collar_price": 1_125_000, "lower_auction_collar_price": 880_024,
      "auction_collar_extension": 1}),
    ("h", ["68", H, AAPL, "51", "48"],
     {"stock": b"AAPL    ", "market_code": "Q", "operational_halt_action": "H"}),
    ("A", ["41", H, "8000000000000001", "42", "00000064", AAPL, "7735939c"],
     {"order_ref": 2**63 + 1, "side": "B", "shares": 100, "stock": b"AAPL    ",
      "price": 1_999_999_900}),
    ("F", ["46", H, "0000000000010000", "53", "ffffffff", AAPL, "00000001", "4e495445"],
     {"order_ref": 65536, "side": "S", "shares": 4_294_967_295, "stock": b"AAPL    ",
      "price": 1, "attribution": b"NITE"}),
    ("E", ["45", H, "0000000000100000", "00000032", "00000000075bcd15"],
     {"order_ref": 1 << 20, "executed_shares": 50, "match_number": 123_456_789}),
    ("C", ["43", H, "0000000000000000", "00000001", "0000000000000002", "4e", "000186a0"],
     {"order_ref": 0, "executed_shares": 1, "match_number": 2, "printable": "N",
      "execution_price": 100_000}),
    ("X", ["58", H, "00000001000000ff", "0000000a"],
     {"order_ref": 4_294_967_551, "cancelled_shares": 10}),
    ("D", ["44", H, "ffffffffffffffff"], {"order_ref": 2**64 - 1}),
    ("U", ["55", H, "0000000000000005", "0000000000000006", "000003e8", "0012d687"],
     {"original_order_ref": 5, "new_order_ref": 6, "shares": 1000, "price": 1_234_567}),
    ("P", ["50", H, "0000000000000000", "42", "00000064", AAPL, "000f4240", "0000000000000007"],
     {"order_ref": 0, "side": "B", "shares": 100, "stock": b"AAPL    ", "price": 1_000_000,
      "match_number": 7}),
    ("Q", ["51", H, "0000000100000000", AAPL, "000f4240", "0000000000000008", "4f"],
     {"shares": 2**32, "stock": b"AAPL    ", "cross_price": 1_000_000, "match_number": 8,
      "cross_type": "O"}),
    ("B", ["42", H, "0000000000000009"], {"match_number": 9}),
    ("I", ["49", H, "00000000000003e8", "00000000000001f4", "42", AAPL, "000f4240", "000f4628",
           "000f3e58", "4f", "4c"],
     {"paired_shares": 1000, "imbalance_shares": 500, "imbalance_direction": "B",
      "stock": b"AAPL    ", "far_price": 1_000_000, "near_price": 1_001_000,
      "current_ref_price": 999_000, "cross_type": "O", "price_variation_indicator": "L"}),
    ("N", ["4e", H, AAPL, "42"], {"stock": b"AAPL    ", "interest_flag": "B"}),
    ("O", ["4f", H, AAPL, "59", "000f4240", "001e8480", "0016e360", "000000003b9aca00",
           "000dbba0", "001e8480"],
     {"stock": b"AAPL    ", "open_eligibility_status": "Y", "min_allowable_price": 1_000_000,
      "max_allowable_price": 2_000_000, "near_execution_price": 1_500_000,
      "near_execution_time": 1_000_000_000, "lower_price_range_collar": 900_000,
      "upper_price_range_collar": 2_000_000}),
]


def test_every_type_has_a_vector_and_the_spec_length():
    assert sorted(t for t, _, _ in VECTORS) == sorted(SPEC_LENGTHS)
    assert itch.LENGTHS == SPEC_LENGTHS


@pytest.mark.parametrize("t,pieces,fields", VECTORS, ids=[v[0] for v in VECTORS])
def test_encode_exact_bytes(t, pieces, fields):
    raw = bytes.fromhex("".join(pieces))
    assert len(raw) == SPEC_LENGTHS[t]
    assert itch.encode(t, **HDR, **fields) == raw


@pytest.mark.parametrize("t,pieces,fields", VECTORS, ids=[v[0] for v in VECTORS])
def test_decode_fields(t, pieces, fields):
    raw = bytes.fromhex("".join(pieces))
    d = itch.decode(raw)
    expect = dict(HDR, type=t, **fields)
    assert d == expect


@pytest.mark.parametrize("t", sorted(SPEC_LENGTHS))
def test_wrong_length_is_rejected(t):
    raw = itch.encode(t)
    with pytest.raises(itch.ItchError):
        itch.decode(raw + b"\0")
    with pytest.raises(itch.ItchError):
        itch.decode(raw[:-1])


def test_unknown_type_and_empty_are_rejected():
    for raw in (b"Z" + bytes(30), b"a" * 36, b""):
        with pytest.raises(itch.ItchError):
            itch.decode(raw)


def test_encode_rejects_bad_fields():
    with pytest.raises(itch.ItchError):
        itch.encode("A", no_such_field=1)
    with pytest.raises(itch.ItchError):
        itch.encode("A", shares=2**32)
    with pytest.raises(itch.ItchError):
        itch.encode("A", stock=b"TOOLONGNAME")
    with pytest.raises(itch.ItchError):
        itch.encode("S", timestamp=2**48)


def test_timestamp_is_48_bits_big_endian():
    raw = itch.encode("S", timestamp=0xFFFF00000001, event_code="C")
    assert raw[5:11] == bytes.fromhex("ffff00000001")
    assert itch.decode(raw)["timestamp"] == 0xFFFF00000001
