"""nt_book_engine: order table + level cache + top-of-book records, driven
with decoded book operations (A F E C X D U) and checked against the
reference model's Book (sim/model/nanotick_model/book.py), message by
message.

The engine is built with tiny bounds (a 16-entry order table, a 4-level
cache, 8 locates) so that every bound is hit often: table overflow,
references of lost orders coming back, locates beyond the booked ones,
evictions and drains of the level cache.  The rule is the contract of the
virtual card: every top-of-book record not flagged STALE must be the model's
row for that message; from a locate's first STALE record on, its records are
not compared (cmp_hdl in tools/suites/15-feed.sh)."""
import os
import random
import sys

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, ReadOnly, RisingEdge

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "model"))
from nanotick_model.book import Book  # noqa: E402

PARAMS = {"N_SYMBOLS": 8, "ORDER_TABLE_DEPTH": 128, "TABLE_WAYS": 4, "BOOK_LEVELS": 4, "LOST_BITS": 256,
          "STASH_ENTRIES": 2}
ROOM = PARAMS["TABLE_WAYS"] + PARAMS["STASH_ENTRIES"]     # orders of one bucket the table holds
OPS = {"A": 1, "F": 1, "E": 2, "C": 3, "X": 4, "D": 5, "U": 6}
M64 = (1 << 64) - 1


def table_bucket(ref, hb):
    """nt_order_table's H3 bucket index (fold), for building colliding references."""
    f = 0
    x = 0x9E3779B97F4A7C15
    for i in range(64):
        x = (x * 6364136223846793005 + 1442695040888963407) & M64
        if (ref >> i) & 1:
            f ^= x >> (64 - hb)
    return f


def same_bucket_refs(n, start=1000):
    """n references hashing to one order table bucket of the bench's table."""
    hb = (PARAMS["ORDER_TABLE_DEPTH"] // PARAMS["TABLE_WAYS"]).bit_length() - 1
    b = table_bucket(start, hb)
    out, r = [], start
    while len(out) < n:
        if table_bucket(r, hb) == b:
            out.append(r)
        r += 1
    return out


class Bench:
    def __init__(self, dut):
        self.dut = dut
        self.recs = []       # (ordinal, locate, bp, bq, ap, aq, stale) of every nt_rec_tob
        self.trades = 0
        self.stat = {}       # stat bit -> pulses

    async def start(self):
        dut = self.dut
        cocotb.start_soon(Clock(dut.clk, 4, unit="ns").start())
        cocotb.start_soon(self.monitor())
        for s in ("s_valid", "s_op", "s_type", "s_locate", "s_ts", "s_ref", "s_ref2", "s_side", "s_shares",
                  "s_price", "s_match", "s_printable", "s_evt_code", "s_evt_expected", "s_evt_received",
                  "s_mold_seq", "s_ordinal", "s_line", "s_stamp", "sub_wr_en", "sub_wr_locate",
                  "sub_wr_subscribed"):
            getattr(dut, s).value = 0
        await self.reset()

    async def reset(self):
        dut = self.dut
        dut.rst.value = 1
        await ClockCycles(dut.clk, 3)
        dut.rst.value = 0
        await ClockCycles(dut.clk, 2)
        while not int(dut.init_done.value):     # the clear sweep
            await ClockCycles(dut.clk, 16)
        self.recs = []
        self.trades = 0
        self.stat = {}

    async def monitor(self):
        dut = self.dut
        while True:
            await RisingEdge(dut.clk)
            await ReadOnly()
            st = int(dut.stat.value)
            for b in range(16):
                if st >> b & 1:
                    self.stat[b] = self.stat.get(b, 0) + 1
            if int(dut.m_rec_valid.value):
                d = int(dut.m_rec_data.value)
                kind = (d >> 64) & 0xFF
                if kind == 1:
                    fl = (d >> 80) & 0xFFFF
                    self.recs.append(((d >> 384) & M64, (d >> 96) & 0xFFFF, (d >> 128) & 0xFFFFFFFF,
                                      (d >> 160) & 0xFFFFFFFF, (d >> 192) & 0xFFFFFFFF,
                                      (d >> 224) & 0xFFFFFFFF, fl & 1))
                elif kind == 2:
                    self.trades += 1

    async def send(self, ordinal, m):
        """One decoded message into s_*, held until the engine takes it."""
        dut = self.dut
        t = m["type"]
        await FallingEdge(dut.clk)
        dut.s_op.value = OPS[t]
        dut.s_type.value = ord(t)
        dut.s_locate.value = m.get("locate", 0)
        dut.s_ordinal.value = ordinal
        dut.s_ref.value = m["original_order_ref"] if t == "U" else m["order_ref"]
        dut.s_ref2.value = m.get("new_order_ref", 0)
        dut.s_side.value = ord(m.get("side", "B"))
        dut.s_shares.value = m.get("shares", m.get("executed_shares", m.get("cancelled_shares", 0)))
        dut.s_price.value = m.get("execution_price", m.get("price", 0))
        dut.s_match.value = m.get("match_number", 0)
        dut.s_printable.value = ord(m.get("printable", "Y"))
        dut.s_valid.value = 1
        while True:
            await ReadOnly()
            ready = int(dut.s_ready.value)
            await RisingEdge(dut.clk)
            if ready:
                break
        await FallingEdge(dut.clk)
        dut.s_valid.value = 0

    async def drain(self):
        await ClockCycles(self.dut.clk, 12)


def model_rows(msgs, states=None):
    """The reference model's top-of-book rows: (ordinal, locate, bp, bq, ap, aq).
    states (a dict), if given, gets (ordinal, locate) -> the model's top of
    book after that message for every locate the message touched."""
    book = Book()
    last = {}
    rows = []
    for i, m in enumerate(msgs, 1):
        loc, _ = book.apply(dict(m, timestamp=0))
        if loc is None:
            continue
        cur = book.tob(loc)
        if states is not None:
            states[(i, loc)] = tuple(cur)
        if cur != last.get(loc, (0, 0, 0, 0)):
            last[loc] = cur
            rows.append((i, loc) + tuple(cur))
    return rows, book


def compare_state(hdl, msgs):
    """Stronger than cmp_hdl where STALE is not sticky (a drained level cache
    recovers): every record not flagged STALE equals the model's top of book
    after that message (u32 fields: saturation must be flagged); every model
    row has a record, unless the locate's last record before it was STALE and
    this one is too (no change seen).  Returns the records checked."""
    states = {}
    rows, _ = model_rows(msgs, states)
    by_key = {}
    for r in hdl:
        by_key[(r[0], r[1])] = r
    # the model's top of book of a locate as of an ordinal (a refill record
    # carries the ordinal of the last message applied, of any locate)
    hist = {}
    for row in rows:
        hist.setdefault(row[1], []).append((row[0], tuple(row[2:6])))

    def state_at(loc, ordn):
        v = (0, 0, 0, 0)
        for o, x in hist.get(loc, []):
            if o > ordn:
                break
            v = x
        return v
    checked = 0
    for r in hdl:
        if not r[6]:
            want = state_at(r[1], r[0])
            sat = tuple(min(x, 0xFFFFFFFF) for x in want)
            assert tuple(r[2:6]) == sat and sat == want, "msg %d locate %d: hdl %s, model %s" % (
                r[0], r[1], r[2:6], want)
            checked += 1
    for row in rows:
        r = by_key.get((row[0], row[1]))
        if r is None:
            prev = [h for h in hdl if h[1] == row[1] and h[0] < row[0]]
            assert prev and prev[-1][6], "model row %s: no record and the last one was not STALE" % (row,)
    return checked


def compare(hdl, model):
    """cmp_hdl: rows of a locate from its first STALE record on are ignored,
    every other row must be equal.  Returns (rows compared, stale locates)."""
    stale_from = {}
    for r in hdl:
        if r[6]:
            stale_from.setdefault(r[1], r[0])

    def keep(r):
        return not (r[1] in stale_from and r[0] >= stale_from[r[1]])
    a = [r[:6] for r in model if keep(r)]
    b = [r[:6] for r in hdl if keep(r)]
    for i, (x, y) in enumerate(zip(a, b)):
        assert x == y, "row %d differs: model %s / hdl %s" % (i + 1, x, y)
    assert len(a) == len(b), "row counts differ: model %d, hdl %d (%s / %s)" % (len(a), len(b), a[-3:], b[-3:])
    return len(a), stale_from


async def run_stream(dut, msgs, tb=None):
    if tb is None:
        tb = Bench(dut)
        await tb.start()
    else:
        await tb.reset()
    for i, m in enumerate(msgs, 1):
        await tb.send(i, m)
    await tb.drain()
    rows, book = model_rows(msgs)
    n, stale = compare(tb.recs, rows)
    return tb, rows, n, stale


def add(ref, loc, side, px, sh):
    return {"type": "A", "locate": loc, "order_ref": ref, "side": side, "price": px, "shares": sh}


@cocotb.test()
async def test_lost_ref_duplicate_add(dut):
    """Defect 1 (s16), minimal: an order overflows its table bucket (its locate
    is flagged STALE), then the same reference is added again on another
    locate.  The model ignores that add (duplicate of a live order): the other
    locate's top of book must not change, or be flagged STALE.  Before the fix
    the card booked it and printed a wrong, unflagged top of book."""
    refs = same_bucket_refs(ROOM + 1)
    msgs = [add(r, 1, "B", 10000 + 100 * i, 100) for i, r in enumerate(refs)]   # the last one overflows
    msgs.append({"type": "D", "order_ref": refs[0]})   # a way of the bucket is free again
    msgs.append(add(5, 2, "S", 20000, 10))             # locate 2 has a book
    msgs.append(add(refs[-1], 2, "S", 19000, 538))     # duplicate of the lost order: ignored by the model
    msgs.append(add(6, 2, "S", 21000, 7))
    tb, rows, n, stale = await run_stream(dut, msgs)
    assert 1 in stale, "the overflowing order's locate is flagged STALE"
    last2 = [r for r in tb.recs if r[1] == 2][-1]
    assert last2[6] or last2[2:6] == (0, 0, 20000, 17), last2


@cocotb.test()
async def test_replace_into_the_same_bucket(dut):
    """A U takes the new reference's bucket in the cycle it writes the old
    order's removal: a new reference in the SAME bucket (the table forwards
    the word being written), the new reference equal to the old one, a full
    bucket whose freed way must be reused, a chain of U back to back, and
    U mixed with D/E of the same bucket; every record equals the model's."""
    refs = same_bucket_refs(12)
    msgs = [add(refs[0], 1, "B", 10000, 100), add(refs[1], 1, "S", 10100, 101)]       # 2 ways of 4 used
    msgs.append({"type": "U", "original_order_ref": refs[0], "new_order_ref": refs[2], "price": 9900, "shares": 50})
    msgs.append(add(refs[0], 1, "B", 10050, 3))          # refs[0] was replaced away: a new order, best bid
    msgs.append({"type": "U", "original_order_ref": refs[2], "new_order_ref": refs[2], "price": 9800, "shares": 40})
    for k in range(3, 8):                                # a chain, each U into the same bucket
        msgs.append({"type": "U", "original_order_ref": refs[k - 2 if k == 3 else k - 1], "new_order_ref": refs[k],
                     "price": 10090 - k, "shares": k})
    msgs.append(add(refs[1], 1, "S", 10080, 9))          # replaced away in the chain: new, best ask
    msgs.append({"type": "E", "order_ref": refs[7], "executed_shares": 3, "match_number": 1})
    msgs.append(add(refs[8], 1, "S", 10200, 8))          # bucket full: refs[0, 2, 7, 1]... then the stash
    msgs.append({"type": "U", "original_order_ref": refs[2], "new_order_ref": refs[9], "price": 9700, "shares": 9})
    msgs.append({"type": "D", "order_ref": refs[0]})
    msgs.append({"type": "U", "original_order_ref": refs[9], "new_order_ref": refs[10], "price": 9600, "shares": 1})
    msgs.append(add(refs[2], 1, "B", 10060, 2))
    msgs.append({"type": "D", "order_ref": refs[7]})
    msgs.append(add(refs[9], 1, "B", 10070, 4))
    tb, rows, n, stale = await run_stream(dut, msgs)
    assert not stale, stale
    assert n == len(rows) >= 8
    assert tb.stat.get(0, 0) == 0 and tb.stat.get(3, 0) == 0, tb.stat   # no dup-add, no unknown reference


@cocotb.test()
async def test_lost_ref_replace_chain(dut):
    """The same through a replace: U of a lost order creates, in the model, a
    new live reference on the lost order's locate; a later add of that new
    reference elsewhere is a duplicate (ignored) -- and so is a U whose new
    reference is a lost one."""
    refs = same_bucket_refs(ROOM + 1)
    msgs = [add(r, 3, "S", 30000 + 100 * i, 100) for i, r in enumerate(refs)]
    msgs.append({"type": "D", "order_ref": refs[0]})
    msgs.append({"type": "U", "original_order_ref": refs[-1], "new_order_ref": 777, "price": 29000, "shares": 5})
    msgs.append(add(8, 4, "B", 15000, 10))
    msgs.append(add(777, 4, "B", 16000, 99))          # live in the model on locate 3: ignored
    msgs.append(add(9, 4, "B", 14000, 10))
    msgs.append({"type": "U", "original_order_ref": 9, "new_order_ref": refs[-1], "price": 17000, "shares": 3})
    msgs.append(add(10, 4, "B", 13000, 10))
    tb, rows, n, stale = await run_stream(dut, msgs)
    assert 3 in stale


@cocotb.test()
async def test_locate_values_beyond_n_symbols(dut):
    """Locates are mapped to book slots on their first add: any locate value
    (5528, 11112, 65535: real NASDAQ locates) is booked exactly, as long as
    no more than N_SYMBOLS distinct locates are in use."""
    locs = [5528, 11112, 65535, 3, 64, 8]
    msgs = []
    for i, loc in enumerate(locs):
        msgs += [add(10 * i + 1, loc, "B", 10000 + i, 100), add(10 * i + 2, loc, "S", 10100 + i, 50),
                 add(10 * i + 3, loc, "B", 10001 + i, 7)]
    msgs += [{"type": "E", "order_ref": 12, "executed_shares": 50, "match_number": 1, "printable": "Y"},
             {"type": "U", "original_order_ref": 23, "new_order_ref": 99, "price": 9000, "shares": 3},
             {"type": "X", "order_ref": 31, "cancelled_shares": 40}, {"type": "D", "order_ref": 43}]
    tb, rows, n, stale = await run_stream(dut, msgs)
    assert not stale and n == len(rows) > 20
    assert {r[1] for r in tb.recs} == set(locs)


@cocotb.test()
async def test_slots_exhausted(dut):
    """More distinct locates than N_SYMBOLS: the locates without a slot get
    STALE records (every update, counted), their orders stay known (a
    duplicate add of one of them on a booked locate is ignored, as by the
    model), and the booked locates stay exact."""
    n_sym = PARAMS["N_SYMBOLS"]
    msgs = [add(100 + i, 1000 + i, "B", 5000 + i, 10) for i in range(n_sym + 3)]
    msgs += [add(1, 1000, "S", 6000, 10),
             add(100 + n_sym + 1, 1000, "S", 5900, 10),          # duplicate of an order of a slotless locate
             {"type": "E", "order_ref": 100 + n_sym, "executed_shares": 4, "match_number": 2, "printable": "Y"},
             {"type": "U", "original_order_ref": 100 + n_sym + 2, "new_order_ref": 7, "price": 5100, "shares": 3},
             {"type": "D", "order_ref": 7},
             add(2, 1001, "S", 6100, 12)]
    tb, rows, n, stale = await run_stream(dut, msgs)
    assert set(stale) == {1000 + i for i in range(n_sym, n_sym + 3)}, stale
    slotless = [r for r in tb.recs if r[1] >= 1000 + n_sym]
    assert all(r[6] and r[2:6] == (0, 0, 0, 0) for r in slotless)
    assert len(slotless) == 3 + 3 and tb.stat.get(6) == 6, (slotless, tb.stat)


@cocotb.test()
async def test_slots_recycled(dut):
    """A slot is freed when both sides of its locate's book are empty: many
    more locates than N_SYMBOLS over time, at most N_SYMBOLS with live orders
    at once, all exact (no STALE); a locate that comes back starts from an
    empty book; N_SYMBOLS - 2 locates stay active throughout."""
    n_sym = PARAMS["N_SYMBOLS"]
    msgs, ref = [], 1
    for k in range(n_sym - 2):                       # long-lived books
        msgs.append(add(ref, 500 + k, "B", 7000 + k, 10)); ref += 1
    for rnd_ in range(3):
        for j in range(3 * n_sym):
            loc = 3000 + j % (2 * n_sym)              # comes back in the next round
            b, a = ref, ref + 1
            ref += 2
            msgs += [add(b, loc, "B", 9000 + j, 5 + rnd_), add(a, loc, "S", 9100 + j, 6),
                     {"type": "E", "order_ref": b, "executed_shares": 5 + rnd_, "match_number": ref,
                      "printable": "Y"}]
            if j % 3 == 0:
                msgs.append({"type": "U", "original_order_ref": a, "new_order_ref": ref, "price": 9200, "shares": 2})
                a = ref
                ref += 1
            msgs.append({"type": "D", "order_ref": a})
    msgs.append(add(ref, 500, "S", 7100, 3))
    tb, rows, n, stale = await run_stream(dut, msgs)
    assert not stale and n == len(rows) > 300, (stale, n, len(rows))


@cocotb.test()
async def test_slotless_locate_stays_stale(dut):
    """A locate refused a slot keeps its orders in the table without a book:
    when a slot frees up later, that locate must not get it (its book would
    miss the older orders): its records stay STALE; other new locates do get
    the freed slot.  A reset starts afresh (it may be booked again)."""
    n_sym = PARAMS["N_SYMBOLS"]
    msgs = [add(10 + i, 600 + i, "B", 5000 + i, 10) for i in range(n_sym)]
    msgs += [add(99, 700, "S", 6000, 10),                  # no slot: STALE
             {"type": "D", "order_ref": 10},                  # locate 600's book empties: slot freed
             add(98, 700, "S", 6100, 20),                     # must stay STALE (order 99 is not in a book)
             add(97, 701, "B", 4000, 5),                      # a new locate takes the freed slot: exact
             {"type": "X", "order_ref": 98, "cancelled_shares": 1}]
    tb, rows, n, stale = await run_stream(dut, msgs)
    assert list(stale) == [700], stale
    assert [r for r in tb.recs if r[1] == 701] == [(n_sym + 4, 701, 4000, 5, 0, 0, 0)], tb.recs[-3:]
    assert all(r[6] for r in tb.recs if r[1] == 700)
    msgs = [add(1, 700, "S", 6000, 10), add(2, 700, "S", 5900, 1)]   # after a reset: booked again
    tb, rows, n, stale = await run_stream(dut, msgs, tb)
    assert not stale and n == len(rows) == 2


@cocotb.test()
async def test_locate_not_booked_then_duplicate(dut):
    """An order on a locate without a book slot is still live in the model
    (and in the card's order table); the same reference added on a booked
    locate is a duplicate."""
    n_sym = PARAMS["N_SYMBOLS"]
    msgs = [add(200 + i, 300 + i, "B", 10000, 100) for i in range(n_sym - 1)]
    msgs += [add(42, 900, "B", 10000, 100), add(1, 300, "S", 20000, 10), add(42, 300, "S", 19000, 5),
             add(2, 300, "S", 21000, 7)]
    await run_stream(dut, msgs)


@cocotb.test()
async def test_stash(dut):
    """A bucket's WAYS orders plus STASH_ENTRIES more of the same bucket: all
    booked exactly (no STALE); executions, replaces and deletes of the stashed
    ones; the stash frees up and takes new orders; one more than the room
    overflows (STALE)."""
    refs = same_bucket_refs(ROOM + 3)
    msgs = [add(r, 2, "B" if i % 2 else "S", 10000 + 100 * (i % 2) + i, 10 + i) for i, r in enumerate(refs[:ROOM])]
    last = refs[ROOM - 1]
    msgs += [{"type": "E", "order_ref": last, "executed_shares": 3, "match_number": 1, "printable": "Y"},
             {"type": "X", "order_ref": refs[ROOM - 2], "cancelled_shares": 1},
             {"type": "U", "original_order_ref": last, "new_order_ref": refs[ROOM], "price": 10150, "shares": 9},
             {"type": "D", "order_ref": refs[ROOM - 2]},
             add(refs[ROOM + 1], 2, "S", 10040, 4),      # the stash has room again
             {"type": "E", "order_ref": refs[ROOM + 1], "executed_shares": 4, "match_number": 2, "printable": "Y"}]
    tb, rows, n, stale = await run_stream(dut, msgs)
    assert not stale and n == len(rows), stale
    assert tb.stat.get(13, 0) >= PARAMS["STASH_ENTRIES"] + 2, tb.stat
    msgs = [add(r, 3, "B", 10000 + i, 10) for i, r in enumerate(refs[:ROOM + 1])]
    tb, rows, n, stale = await run_stream(dut, msgs, tb)
    assert list(stale) == [3] and tb.stat.get(5) == 1, (stale, tb.stat)


def random_stream(seed, n, locates, unbooked, ref_pool, max_live):
    """Deep books (prices over a band of many ticks), executions to zero,
    partial cancels, replaces (chains), deletes, unknown references,
    duplicate adds of live references on other locates, reference 0,
    colliding references, locates beyond the booked ones."""
    rnd = random.Random(seed)
    live = {}          # ref -> (locate, side, price, shares): the generator's own view (model rules)
    msgs = []
    coll = same_bucket_refs(6, start=50000)
    fresh = [1]

    def pick_ref():
        k = rnd.random()
        if k < 0.80:                      # NASDAQ: mostly new, increasing
            fresh[0] += 1
            return fresh[0]
        if k < 0.88 and live:             # duplicate of a live order (maybe a lost one)
            return rnd.choice(list(live))
        if k < 0.97:                      # reuse of a dead reference, specials
            return rnd.choice(ref_pool)
        return rnd.choice(coll)           # one table bucket: overflows
    for _ in range(n):
        k = rnd.random()
        if live and (k < 0.5 or len(live) >= max_live):
            ref = rnd.choice(list(live))
            loc, side, px, sh = live[ref]
            j = rnd.random()
            if j < 0.25:
                m = {"type": "D", "order_ref": ref}
                del live[ref]
            elif j < 0.5:
                q = sh if rnd.random() < 0.5 else rnd.randint(1, sh + 3)
                t = rnd.choice("EC")
                m = {"type": t, "order_ref": ref, "executed_shares": q, "match_number": rnd.randrange(1 << 40),
                     "printable": "Y", "execution_price": px}
                if q >= sh:
                    del live[ref]
                else:
                    live[ref] = (loc, side, px, sh - q)
            elif j < 0.7:
                q = rnd.randint(1, sh)
                m = {"type": "X", "order_ref": ref, "cancelled_shares": q}
                if q >= sh:
                    del live[ref]
                else:
                    live[ref] = (loc, side, px, sh - q)
            else:
                new = pick_ref()
                npx = max(1, px + 100 * rnd.randint(-40, 40))
                nsh = rnd.randint(1, 900)
                m = {"type": "U", "original_order_ref": ref, "new_order_ref": new, "price": npx, "shares": nsh}
                del live[ref]
                if new not in live:
                    live[new] = (loc, side, npx, nsh)
        else:
            if rnd.random() < 0.03:
                m = {"type": rnd.choice("DX"), "order_ref": rnd.choice(ref_pool), "cancelled_shares": 1}
                if m["order_ref"] in live:
                    del live[m["order_ref"]]
                    m = {"type": "D", "order_ref": m["order_ref"]}
            else:
                ref = pick_ref()
                loc = rnd.choice(locates) if rnd.random() < 0.98 else rnd.choice(unbooked)
                side = rnd.choice("BS")
                base = 1_000_000 if side == "S" else 990_000
                px = base + 100 * rnd.randint(-20, 20) if rnd.random() < 0.9 else base + 100 * rnd.randint(-2000, 2000)
                sh = rnd.randint(1, 900)
                m = add(ref, loc, side, px, sh)
                if ref not in live:
                    live[ref] = (loc, side, px, sh)
        msgs.append(m)
    return msgs


@cocotb.test()
async def test_deep_book_level_cache(dut):
    """The level cache of one locate with many levels (BOOK_LEVELS 4): evictions
    to the outside aggregate, adds at and beyond the floor, replaces moving
    orders across the floor both ways, executions to zero at the floor and of
    the best level, the cache draining (STALE) and recovering, a u32 aggregate
    (saturated and flagged).  Each record not flagged STALE is the model's."""
    msgs, ref = [], 1
    live = {}
    rnd = random.Random(44)
    for side in "BS":
        for k in range(10):                              # 10 levels, 2 orders each
            for _ in range(2):
                px = 10000 - 10 * k if side == "B" else 10100 + 10 * k
                sh = rnd.randint(1, 50)
                msgs.append(add(ref, 4, side, px, sh))
                live[ref] = (side, px, sh)
                ref += 1
    for step in range(400):
        r = rnd.choice(sorted(live))
        side, px, sh = live[r]
        k = rnd.random()
        if k < 0.3:                                      # execution, often to zero
            q = sh if rnd.random() < 0.6 else rnd.randint(1, sh)
            msgs.append({"type": "E", "order_ref": r, "executed_shares": q, "match_number": step, "printable": "Y"})
            if q == sh:
                del live[r]
            else:
                live[r] = (side, px, sh - q)
        elif k < 0.5:                                    # replace across the floor, either way
            npx = px + rnd.choice([-1, 1]) * 10 * rnd.randint(0, 12)
            msgs.append({"type": "U", "original_order_ref": r, "new_order_ref": ref, "price": npx, "shares": sh})
            del live[r]
            live[ref] = (side, npx, sh)
            ref += 1
        elif k < 0.65:
            msgs.append({"type": "D", "order_ref": r})
            del live[r]
        else:
            best = [v[1] for v in live.values() if v[0] == side]
            px = (max(best) if side == "B" else min(best)) if best and rnd.random() < 0.3 else \
                (10000 - 10 * rnd.randint(-3, 14) if side == "B" else 10100 + 10 * rnd.randint(-3, 14))
            sh = rnd.randint(1, 50)
            msgs.append(add(ref, 4, side, px, sh))
            live[ref] = (side, px, sh)
            ref += 1
        if not live:
            break
    # sweep the bids best first: the cache drains while outside orders remain
    # (STALE), then a new best bid makes the side exact again
    bids = sorted((v[1], r) for r, v in live.items() if v[0] == "B")[::-1]
    for px, r in bids[:len(bids) - 3]:
        msgs.append({"type": "E", "order_ref": r, "executed_shares": live[r][2], "match_number": 1, "printable": "Y"})
        del live[r]
    msgs.append(add(ref, 4, "B", 10090, 11))
    ref += 1
    msgs += [add(ref, 5, "B", 5000, 3_000_000_000), add(ref + 1, 5, "B", 5000, 3_000_000_000),
             {"type": "X", "order_ref": ref, "cancelled_shares": 3_000_000_000}]
    tb = Bench(dut)
    await tb.start()
    for i, m in enumerate(msgs, 1):
        await tb.send(i, m)
    await tb.drain()
    checked = compare_state(tb.recs, msgs)
    sat = [r for r in tb.recs if r[1] == 5]
    assert sat[1][6] and sat[1][3] == 0xFFFFFFFF and not sat[2][6] and sat[2][3] == 3_000_000_000, sat
    n_stale = sum(1 for r in tb.recs if r[6])
    dut._log.info("deep book: %d records, %d checked against the model, %d STALE", len(tb.recs), checked, n_stale)
    l4 = [r for r in tb.recs if r[1] == 4]
    assert any(r[6] for r in l4) and not l4[-1][6], l4[-5:]
    assert checked > len(tb.recs) // 2


@cocotb.test()
async def test_random_bounds(dut):
    """Seeded random streams with every bound of the engine hit often: each
    top-of-book record not flagged STALE equals the model's row."""
    total = comp = 0
    tb = Bench(dut)
    await tb.start()
    for seed in range(1, 7):
        pool = list(range(0, 30)) + [1 << 16, 2 << 16, 1 << 20, (1 << 32) | 5, 1 << 63]
        msgs = random_stream(seed, 700, list(range(6)), [PARAMS["N_SYMBOLS"] + 1, 1000, 11112, 65535], pool,
                             max_live=40)
        tb, rows, n, stale = await run_stream(dut, msgs, tb)
        compare_state(tb.recs, msgs)
        total += len(rows)
        comp += n
        dut._log.info("seed %d: %d model rows, %d compared, %d locates STALE %s", seed, len(rows), n, len(stale), sorted(stale.items()))
    assert comp > total // 4, "too few rows compared (%d of %d): the test would prove little" % (comp, total)


def test_nt_book_engine():
    import ntrun
    ntrun.HDL = os.environ.get("NT_HDL_DIR", ntrun.HDL)     # e.g. an older hdl/ to show a test failing there
    ntrun.run("nt_book_engine", "test_nt_book_engine", os.path.dirname(os.path.abspath(__file__)),
              params=PARAMS)
