"""Book rules on hand-built sequences; expected CSV rows computed by hand."""

from nanotick_model import binaryfile, engine, itch
from nanotick_model.book import Book, TobRecord, TradeRecord

M = 0  # match number counter for the helpers


def A(ref, side, shares, price, loc=5, t="A"):
    kw = {"attribution": b"NITE"} if t == "F" else {}
    return itch.encode(t, locate=loc, order_ref=ref, side=side, shares=shares, stock=b"TEST",
                       price=price, **kw)


def E(ref, n, loc=5, match=1):
    return itch.encode("E", locate=loc, order_ref=ref, executed_shares=n, match_number=match)


def C(ref, n, px, loc=5, match=1, printable="Y"):
    return itch.encode("C", locate=loc, order_ref=ref, executed_shares=n, match_number=match,
                       printable=printable, execution_price=px)


def X(ref, n, loc=5):
    return itch.encode("X", locate=loc, order_ref=ref, cancelled_shares=n)


def D(ref, loc=5):
    return itch.encode("D", locate=loc, order_ref=ref)


def U(old, new, shares, price, loc=5):
    return itch.encode("U", locate=loc, original_order_ref=old, new_order_ref=new,
                       shares=shares, price=price)


def run(tmp, msgs, name="x.itch"):
    p = tmp / name
    binaryfile.write_messages(str(p), msgs)
    tobs, trades, c = engine.bbo(str(p))
    return [r.csv() for r in tobs], [r.csv() for r in trades], c


def test_deep_book_levels_refs_and_counters(tmp):
    msgs = [
        A(1, "B", 100, 100000),            # 1
        A(2, "B", 200, 100000),            # 2
        A(3, "B", 50, 99900),              # 3  below best: no row
        A(4, "S", 70, 100100, t="F"),      # 4
        A(5, "S", 30, 100200),             # 5  no row
        D(1),                              # 6
        X(2, 150),                         # 7
        E(2, 50, match=11),                # 8  level 100000 empties -> 99900
        C(4, 70, 100050, match=12, printable="N"),  # 9  ask level empties -> 100200
        U(5, 6, 40, 100000),               # 10 ask replaced to 100000
        U(3, 7, 50, 99900),                # 11 same price, same shares: no row
        X(7, 100),                         # 12 clamp, bid side empty
        E(99, 1),                          # 13 unknown ref
        A(6, "B", 10, 1),                  # 14 dup add (ref 6 live)
        A(0, "B", 10, 1),                  # 15 ref 0 is a normal ref
        A(65536, "B", 20, 1),              # 16 shares low bits with ref 0
        A(1 << 20, "B", 5, 2),             # 17
        D(0),                              # 18 best stays 2x5
        X(65536, 20),                      # 19 removed, best stays
        D(1 << 20),                        # 20 bid side empty
        U(12345, 999, 10, 5),              # 21 unknown original: 999 not added
        D(999),                            # 22 unknown
        itch.encode("S", event_code="Q"),  # 23 counted in the ordinal only
        A(8, "S", 100, 100000, loc=6),     # 24 another locate
        E(6, 40, match=13),                # 25 locate 5 empty
    ]
    rows, trades, c = run(tmp, msgs)
    assert rows == [
        "1,5,100000,100,0,0,",
        "2,5,100000,300,0,0,",
        "4,5,100000,300,100100,70,",
        "6,5,100000,200,100100,70,",
        "7,5,100000,50,100100,70,",
        "8,5,99900,50,100100,70,",
        "9,5,99900,50,100200,30,",
        "10,5,99900,50,100000,40,",
        "12,5,0,0,100000,40,",
        "15,5,1,10,100000,40,",
        "16,5,1,30,100000,40,",
        "17,5,2,5,100000,40,",
        "20,5,0,0,100000,40,",
        "24,6,0,0,100000,100,",
        "25,5,0,0,0,0,",
    ]
    assert trades == [
        "8,5,E,B,100000,50,11,Y,",
        "9,5,C,S,100050,70,12,N,",
        "25,5,E,S,100000,40,13,Y,",
    ]
    assert c["messages"] == 25
    assert c["book.dup_add"] == 1 and c["book.clamp"] == 1 and c["book.unknown_ref"] == 3
    assert c["book.live_orders"] == 1


def test_replace_keeps_side_and_stored_locate(tmp):
    msgs = [
        A(1, "B", 100, 5000, loc=7),       # 1
        A(2, "S", 100, 6000, loc=7),       # 2
        U(1, 3, 100, 6500, loc=7),         # 3 a bid replaced above the best ask: stays a bid
        X(3, 40, loc=99),                  # 4 wrong locate in the message: stored locate 7 used
        U(2, 4, 0, 6000, loc=7),           # 5 new shares 0: original removed, 4 not added
        D(4, loc=7),                       # 6 unknown
        A(5, "S", 0, 7000, loc=7),         # 7 zero shares: ignored
        A(6, "X", 10, 7000, loc=7),        # 8 bad side: ignored
        U(3, 3, 10, 4000, loc=7),          # 9 replace into the same ref number
    ]
    rows, trades, c = run(tmp, msgs)
    assert rows == [
        "1,7,5000,100,0,0,",
        "2,7,5000,100,6000,100,",
        "3,7,6500,100,6000,100,",
        "4,7,6500,60,6000,100,",
        "5,7,6500,60,0,0,",
        "9,7,4000,10,0,0,",
    ]
    assert c["book.zero_shares"] == 2 and c["book.bad_side"] == 1 and c["book.unknown_ref"] == 1
    assert trades == []


def test_p_and_q_trade_prints_and_unknown_types(tmp):
    msgs = [
        itch.encode("P", locate=9, order_ref=0, side="S", shares=300, stock=b"TEST",
                    price=123400, match_number=77),
        b"Zjunk",                                            # unknown: ordinal 2, ignored
        A(1, "B", 10, 100)[:-1],                             # wrong length: ordinal 3, ignored
        itch.encode("Q", locate=9, shares=5 << 32, stock=b"TEST", cross_price=123500,
                    match_number=78, cross_type="O"),
        C(42, 5, 100),                                       # unknown ref: no print
        itch.encode("B", locate=9, match_number=77),         # broken trade: nothing
    ]
    rows, trades, c = run(tmp, msgs)
    assert rows == []
    assert trades == ["1,9,P,S,123400,300,77,Y,", "4,9,Q,,123500,21474836480,78,Y,"]
    assert c["messages"] == 6 and c["decode.unknown_type"] == 1 and c["decode.bad_length"] == 1


def test_aggregate_above_u32_is_exact_and_stale(tmp):
    msgs = [A(1, "B", 4_000_000_000, 100), A(2, "B", 4_000_000_000, 100), D(1)]
    rows, _, _ = run(tmp, msgs)
    assert rows == ["1,5,100,4000000000,0,0,", "2,5,100,8000000000,0,0,STALE",
                    "3,5,100,4000000000,0,0,"]


def test_depth_is_exact_at_any_depth():
    b = Book()
    for i in range(500):
        b.apply(itch.decode(A(i, "B", 1 + i, 10000 + 100 * (i % 250))))
        b.apply(itch.decode(A(10_000 + i, "S", 2, 50000 + 100 * i)))
    d = b.depth(5, "B")
    assert len(d) == 250 and d[0] == (10000 + 100 * 249, 250 + 500) and d[-1] == (10000, 1 + 251)
    a = b.depth(5, "S")
    assert len(a) == 500 and a[0] == (50000, 2) and a[-1] == (50000 + 100 * 499, 2)
    assert b.tob(5) == (34900, 750, 50000, 2)
    for i in range(499):
        b.apply(itch.decode(D(10_000 + i)))
    assert b.tob(5) == (34900, 750, 50000 + 100 * 499, 2)


def test_tob_record_pack_matches_ring_h_layout():
    r = TobRecord("A", 0x0006, 0x0102, 0x11223344, 5, 0x55667788, (1 << 32) + 7,
                  itch_ts=0x0000112233445566, mold_seq=9, msg_ordinal=10, ingress_ts=11)
    raw = r.pack(seq=3)
    expect = bytes.fromhex(
        "0300000000000000"      #  0 seq
        "01" "41" "0700"        #  8 type TOB, msg_type 'A', flags 6|STALE (saturated ask)
        "0201" "0000"           # 12 locate, pad
        "44332211" "05000000"   # 16 bid_px, bid_qty
        "88776655" "ffffffff"   # 24 ask_px, ask_qty saturated
        "6655443322110000"      # 32 itch_ts
        "0900000000000000"      # 40 mold_seq
        "0a00000000000000"      # 48 msg_ordinal
        "0b00000000000000")     # 56 ingress_ts
    assert raw == expect


def test_trade_record_pack_matches_ring_h_layout():
    r = TradeRecord("Q", 0x0002, 7, "", "Y", 123400, 5 << 32, itch_ts=1, match_number=2,
                    msg_ordinal=3, ingress_ts=4)
    expect = bytes.fromhex(
        "0000000000000000" "02" "51" "0200" "0700" "00" "59"
        "08e20100" "00000000" "0000000005000000" "0100000000000000" "0200000000000000"
        "0300000000000000" "0400000000000000")
    assert r.pack() == expect


def test_feed_event_record_pack_matches_ring_h_layout():
    from nanotick_model.book import FeedEventRecord
    from nanotick_model.mold import Event
    r = FeedEventRecord.from_event(Event("gap", b"S", 1501, 1511, 10, 1), 1500, 0x0002)
    expect = bytes.fromhex(
        "0000000000000000" "03" "01" "0200" "0000" "01" "00"
        "dd05000000000000" "e705000000000000" "0a00000000000000" "0000000000000000"
        "dc05000000000000" "0000000000000000")
    assert r.pack() == expect


def test_model_constants_equal_ring_h():
    """Every NT_* constant the model defines has ring.h's value (ring.h is the single source of truth)."""
    import os
    import re
    from nanotick_model import book
    h = os.path.join(os.path.dirname(__file__), "..", "..", "..", "native", "include", "nanotick", "ring.h")
    defs = {}
    for m in re.finditer(r"^#define\s+(NT_\w+)\s+(0x[0-9A-Fa-f]+|\d+)u?\b", open(h).read(), re.M):
        defs[m.group(1)] = int(m.group(2), 0)
    mine = {k: v for k, v in vars(book).items() if k.startswith("NT_") and isinstance(v, int)}
    assert len(mine) >= 10
    for k, v in mine.items():
        assert k in defs, "%s is not defined in ring.h" % k
        assert defs[k] == v, "%s: model %d, ring.h %d" % (k, v, defs[k])
