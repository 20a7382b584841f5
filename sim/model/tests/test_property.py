"""Property test: on seeded generated streams the model's top of book equals
a brute-force recomputation from the live order set after every message.

The brute force below is a second, deliberately naive implementation of the
book rules: a dict of live orders and, for each message, a scan of every live
order of the touched locate.  It reads message fields at the spec offsets
itself (no itch.decode)."""

import pytest

from nanotick_model import engine, gen
from nanotick_model.book import Book
from nanotick_model import itch

LEN = {"A": 36, "F": 40, "E": 31, "C": 36, "X": 23, "D": 19, "U": 35}


def u(m, a, b):
    return int.from_bytes(m[a:b], "big")


def brute_force_rows(msgs):
    orders = {}
    last = {}
    rows = []
    for i, m in enumerate(msgs, 1):
        t = chr(m[0])
        if t not in LEN or len(m) != LEN[t]:
            continue
        loc = None
        if t in "AF":
            ref, side, sh, px = u(m, 11, 19), chr(m[19]), u(m, 20, 24), u(m, 32, 36)
            if ref not in orders and sh > 0 and side in "BS":
                orders[ref] = [u(m, 1, 3), side, px, sh]
                loc = orders[ref][0]
        else:
            ref = u(m, 11, 19)
            o = orders.get(ref)
            if o is None:
                continue
            loc = o[0]
            if t in "ECX":
                o[3] -= min(o[3], u(m, 19, 23))
                if o[3] == 0:
                    del orders[ref]
            elif t == "D":
                del orders[ref]
            else:  # U
                del orders[ref]
                new, sh, px = u(m, 19, 27), u(m, 27, 31), u(m, 31, 35)
                if new not in orders and sh > 0:
                    orders[new] = [loc, o[1], px, sh]
        if loc is None:
            continue
        bids = [o for o in orders.values() if o[0] == loc and o[1] == "B"]
        asks = [o for o in orders.values() if o[0] == loc and o[1] == "S"]
        bp = max((o[2] for o in bids), default=0)
        ap = min((o[2] for o in asks), default=0)
        tob = (bp, sum(o[3] for o in bids if o[2] == bp), ap, sum(o[3] for o in asks if o[2] == ap))
        if tob != last.get(loc, (0, 0, 0, 0)):
            last[loc] = tob
            rows.append("%d,%d,%d,%d,%d,%d," % ((i, loc) + tob))
    return rows, orders


@pytest.mark.parametrize("seed,hostile", [(1, False), (2, False), (3, True), (4, True)])
def test_model_rows_equal_brute_force(tmp, seed, hostile):
    msgs = list(gen.generate(seed, 6000, 6, hostile=hostile))
    expect, live = brute_force_rows(msgs)
    p = tmp / "s.itch"
    gen.write_itch(str(p), seed, 6000, 6, hostile=hostile)
    tobs, _, c = engine.bbo(str(p))
    assert [r.csv() for r in tobs] == expect
    assert c["book.live_orders"] == len(live)
    assert len(expect) > 300


def test_tob_after_every_message_equals_scan_of_live_orders():
    b = Book()
    for n, raw in enumerate(gen.generate(7, 5000, 4, hostile=True)):
        t = chr(raw[0])
        if itch.LENGTHS.get(t) != len(raw):
            continue
        loc, _ = b.apply(itch.decode(raw))
        for lc in {loc, 1 + n % 4} - {None}:
            mine = [o for o in b.orders.values() if o.locate == lc]
            bp = max((o.price for o in mine if o.side == "B"), default=0)
            ap = min((o.price for o in mine if o.side == "S"), default=0)
            bq = sum(o.shares for o in mine if o.side == "B" and o.price == bp)
            aq = sum(o.shares for o in mine if o.side == "S" and o.price == ap)
            assert b.tob(lc) == (bp, bq, ap, aq), (n, lc)
            assert all(o.shares > 0 for o in mine)
