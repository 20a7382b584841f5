"""nt_book_engine level-cache refill: a side drained below its cached levels
while orders remain outside the cache is rebuilt from the order table by a
background scan, so STALE is transient.

Same tiny engine as test_nt_book_engine (128-entry 4-way table = 32 buckets,
a 2-entry stash, 4 cached levels, 8 book slots).  Expectations are
independent of the engine: a Python dict of live orders (hand-built drain),
the reference model's Book (sim/model) for the random streams, and for the
scan's accumulator the model's full depth of the scanned side at that
moment (the accumulator must hold exactly the best levels it caches, every
other live share in out_qty, and a floor separating the two)."""
import os
import random
import sys

import cocotb
from cocotb.triggers import ClockCycles, FallingEdge, ReadOnly, RisingEdge

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_nt_book_engine import PARAMS as PARAMS_ENGINE, Bench, add, compare_state, table_bucket  # noqa: E402
from nanotick_model.book import Book  # noqa: E402

# the engine bench's tiny set with a 512-entry table (128 buckets) and an
# 8-entry stash, so that the random streams below never overflow the table
PARAMS = dict(PARAMS_ENGINE, ORDER_TABLE_DEPTH=512, STASH_ENTRIES=8)
K = PARAMS["BOOK_LEVELS"]
CW = K.bit_length()                      # $clog2(K + 1)
HB = (PARAMS["ORDER_TABLE_DEPTH"] // PARAMS["TABLE_WAYS"]).bit_length() - 1


def same_bucket_refs(n, start=1000):
    """n references hashing to one bucket of this bench's table."""
    b = table_bucket(start, HB)
    out, r = [], start
    while len(out) < n:
        if table_bucket(r, HB) == b:
            out.append(r)
        r += 1
    return out
ST_RF_START, ST_RF_DONE = 14, 15
S_IDLE, S_T1, S_U2 = 0, 1, 8   # nt_book_engine localparams


def decode_word(w):
    """nt_book_levels word -> (levels [(px, qty)] best first, out_qty, floor)."""
    n = (w >> (K * 96)) & ((1 << CW) - 1)
    lv = [((w >> (32 * i)) & 0xFFFFFFFF, (w >> (K * 32 + 64 * i)) & ((1 << 64) - 1)) for i in range(n)]
    out = (w >> (K * 96 + CW)) & ((1 << 64) - 1)
    floor = (w >> (K * 96 + CW + 64)) & 0xFFFFFFFF
    return lv, out, floor


def check_word(w, depth, bid):
    """The accumulator represents exactly the side `depth` (model, best first)."""
    lv, out, floor = decode_word(w)
    n = len(lv)
    assert lv == depth[:n], "cached levels %s, model %s" % (lv, depth[:n + 2])
    assert out == sum(q for _, q in depth[n:]), "out_qty %d, model outside %s" % (out, depth[n:])
    if out:
        worse_eq = (lambda p: p <= floor) if bid else (lambda p: p >= floor)
        assert all(worse_eq(p) for p, _ in depth[n:]) and not any(worse_eq(p) for p, _ in lv), (lv, floor, depth)


class RefillBench(Bench):
    """Bench + a cycle monitor of the scanner: table writes during bucket scans
    classified against the scan position, and the accumulator checked against
    the model whenever a scan has collected everything while the engine is
    idle (so every message taken has been applied)."""

    def __init__(self, dut):
        super().__init__(dut)
        self.cls = {"before": 0, "held": 0, "held_fwd": 0, "after": 0, "stash_phase": 0, "install_phase": 0}
        self.acc_checks = []      # (ordinal, slot, side, acc word)
        self.rec_cycle = []       # (cycle, record)
        self.cycle = 0
        self.bad = 0              # cycles with the accumulator's inconsistency flag set (never)

    async def start(self):
        await super().start()
        cocotb.start_soon(self.scan_monitor())

    async def scan_monitor(self):
        dut = self.dut
        was_act, scans, done = 0, 0, -1
        while True:
            await RisingEdge(dut.clk)
            await ReadOnly()
            self.cycle += 1
            act = int(dut.sc_act.value)
            scans += act and not was_act
            was_act = act
            if not int(dut.init_done.value) or not act:
                continue
            self.bad += int(dut.sc_bad.value)
            ph = int(dut.sc_ph.value)
            st = int(dut.state.value)
            if ph == 0 and int(dut.tbl_wr_en.value) and st in (S_T1, S_U2):
                b, sb, hv = int(dut.tbl_bucket.value), int(dut.sc_b.value), int(dut.sc_hv.value)
                if b < sb:
                    self.cls["before"] += 1
                elif b == sb and hv:
                    self.cls["held"] += 1
                    self.cls["held_fwd"] += int(dut.passed_tbl.value)
                else:
                    self.cls["after"] += 1
            if (int(dut.tbl_wr_en.value) or int(dut.st_wr_en.value)) and st in (S_T1, S_U2) and ph:
                self.cls["stash_phase" if ph == 1 else "install_phase"] += 1
            if ph == 2 and st == S_IDLE and done != scans:
                done = scans
                self.acc_checks.append((int(dut.o_ordinal.value), int(dut.in_rev.value) & 0xFFFF,
                                        int(dut.sc_side.value), int(dut.acc.value)))


def model_depths(msgs, locate):
    """(ordinal) -> (bid depth, ask depth) of one locate after each message."""
    book = Book()
    out = {0: ([], [])}
    for i, m in enumerate(msgs, 1):
        book.apply(dict(m, timestamp=0))
        out[i] = (book.depth(locate, "B"), book.depth(locate, "S"))
    return out


async def send_all(tb, msgs, gaps=None, rnd=None):
    for i, m in enumerate(msgs, 1):
        await tb.send(i, m)
        g = gaps(rnd) if gaps else 0
        if g:
            await ClockCycles(tb.dut.clk, g)


def final_not_stale(tb, locs):
    last = {}
    for r in tb.recs:
        last[r[1]] = r
    for loc in locs:
        assert loc in last and not last[loc][6], "locate %d still STALE at the end: %s" % (loc, last.get(loc))
    return last


@cocotb.test()
async def test_drain_level_by_level(dut):
    """Hand-built: one bid side of 12 levels (2 orders each, one of them in
    a crowded bucket / the stash) and 3 ask levels; the bids are executed and
    deleted level by level, best first, with idle time after each level.
    After each level, the locate's last record must be the exact best bid
    and ask of a dict of the live orders, not STALE: every time the 4-level
    cache drains, a refill brings the next levels back."""
    tb = RefillBench(dut)
    await tb.start()
    loc = 7
    live = {}
    msgs = []
    crowd = same_bucket_refs(PARAMS["TABLE_WAYS"] + PARAMS["STASH_ENTRIES"], start=5000)
    ref = 100
    for i in range(12):
        px = 10000 - 10 * i
        for j in range(2):
            r = crowd[i] if (j == 0 and i < len(crowd)) else ref
            ref += 1
            sh = 10 * (i + 1) + j
            msgs.append(add(r, loc, "B", px, sh))
            live[r] = ("B", px, sh)
    for i in range(3):
        msgs.append(add(ref, loc, "S", 10100 + 10 * i, 7 + i))
        live[ref] = ("S", 10100 + 10 * i, 7 + i)
        ref += 1
    ordn = 0
    for m in msgs:
        ordn += 1
        await tb.send(ordn, m)
    await ClockCycles(dut.clk, 50)

    def best(side):
        ps = [v[1] for v in live.values() if v[0] == side]
        if not ps:
            return 0, 0
        p = max(ps) if side == "B" else min(ps)
        return p, sum(v[2] for v in live.values() if v[0] == side and v[1] == p)

    refills = 0
    for i in range(11):
        px = 10000 - 10 * i
        lvl = [r for r, v in live.items() if v[0] == "B" and v[1] == px]
        for n, r in enumerate(lvl):
            m = ({"type": "E", "order_ref": r, "executed_shares": live[r][2], "match_number": ordn, "printable": "Y"}
                 if n == 0 else {"type": "D", "order_ref": r})
            ordn += 1
            await tb.send(ordn, m)
            del live[r]
        await ClockCycles(dut.clk, 1200)     # a scan of 128 buckets + the stash, then the install
        last = [r for r in tb.recs if r[1] == loc][-1]
        want = best("B") + best("S")
        assert not last[6] and tuple(last[2:6]) == want, "after level %d: hdl %s, dict %s" % (i, last, want)
        refills = tb.stat.get(ST_RF_DONE, 0)
    assert refills >= 2, "the 4-level cache of 12 levels drained: at least two refills (%d)" % refills
    n_stale = sum(1 for r in tb.recs if r[6])
    dut._log.info("drain: %d records, %d STALE (each followed by its refill), refills started %d, completed %d",
                  len(tb.recs), n_stale, tb.stat.get(ST_RF_START, 0), refills)


@cocotb.test()
async def test_drain_back_to_back(dut):
    """The same kind of book drained with no idle time between messages (the
    engine never waits for a scan): records not flagged STALE equal the
    model's top of book; after the stream and some idle time, not STALE."""
    tb = RefillBench(dut)
    await tb.start()
    rnd = random.Random(5)
    msgs, live, ref = [], {}, 1
    for loc in (1, 2):
        for i in range(14):
            for j in range(3):
                side = "B" if (i + j) % 2 == 0 else "S"
                px = (20000 - 10 * i) if side == "B" else (20100 + 10 * i)
                sh = rnd.randint(1, 90)
                msgs.append(add(ref, loc, side, px, sh))
                live[ref] = (loc, side, px, sh)
                ref += 1
    for side in ("B", "S"):
        for loc in (1, 2):
            order = sorted((r for r, v in live.items() if v[0] == loc and v[1] == side),
                           key=lambda r: -live[r][2] if side == "B" else live[r][2])
            for r in order[:-4]:
                msgs.append({"type": "D", "order_ref": r} if r % 2 else
                            {"type": "X", "order_ref": r, "cancelled_shares": live[r][3]})
    await send_all(tb, msgs)
    await ClockCycles(dut.clk, 6000)
    checked = compare_state(tb.recs, msgs)
    final_not_stale(tb, (1, 2))
    dut._log.info("back to back: %d records, %d checked, %d STALE, refills started %d completed %d",
                  len(tb.recs), checked, sum(1 for r in tb.recs if r[6]), tb.stat.get(ST_RF_START, 0),
                  tb.stat.get(ST_RF_DONE, 0))
    assert tb.stat.get(ST_RF_DONE, 0) >= 2


def deep_stream(seed, n, locs, levels=20):
    """Deep books that drain and refill: adds over `levels` prices per side,
    executions of the best level, cancels, deletes, replaces (across the
    cache floor), orders crowded into one bucket (stash)."""
    rnd = random.Random(seed)
    live, msgs = {}, []
    crowd = same_bucket_refs(PARAMS["TABLE_WAYS"] + 1, start=900000 + 1000 * seed)
    refs = iter(list(range(10 + 100000 * seed, 10 + 100000 * seed + 10 * n)))
    for _ in range(n):
        k = rnd.random()
        if not live or (k < 0.42 and len(live) < 70):
            loc = rnd.choice(locs)
            side = rnd.choice("BS")
            px = (30000 - 10 * rnd.randint(0, levels)) if side == "B" else (30100 + 10 * rnd.randint(0, levels))
            r = rnd.choice(crowd) if rnd.random() < 0.1 else next(refs)
            if r in live:
                continue
            sh = rnd.randint(1, 100)
            msgs.append(add(r, loc, side, px, sh))
            live[r] = (loc, side, px, sh)
            continue
        r = rnd.choice(sorted(live))
        loc, side, px, sh = live[r]
        if k < 0.62:     # execute the best level's orders first
            same = [q for q, v in live.items() if v[0] == loc and v[1] == side]
            bpx = (max if side == "B" else min)(live[q][2] for q in same)
            r = rnd.choice([q for q in same if live[q][2] == bpx])
            loc, side, px, sh = live[r]
            q = sh if rnd.random() < 0.7 else rnd.randint(1, sh)
            msgs.append({"type": "E", "order_ref": r, "executed_shares": q, "match_number": 1, "printable": "Y"})
        elif k < 0.72:
            q = rnd.randint(1, sh)
            msgs.append({"type": "X", "order_ref": r, "cancelled_shares": q})
        elif k < 0.84:
            msgs.append({"type": "D", "order_ref": r})
            q = sh
        else:
            nr = next(refs)
            npx = px + rnd.choice([-1, 1]) * 10 * rnd.randint(0, 8)
            nsh = rnd.randint(1, 100)
            msgs.append({"type": "U", "original_order_ref": r, "new_order_ref": nr, "price": npx, "shares": nsh})
            del live[r]
            live[nr] = (loc, side, npx, nsh)
            continue
        if q >= sh:
            del live[r]
        else:
            live[r] = (loc, side, px, sh - q)
    return msgs


@cocotb.test()
async def test_concurrent_updates(dut):
    """Scans run while messages keep changing the table: writes into buckets
    the scan has passed, into the bucket it holds (collected ways and ways
    still to collect) and into buckets ahead of it, and into the stash during
    the stash phase.  Every accumulator seen complete (engine idle) must be
    the model's exact side; records not STALE equal the model; at the end no
    locate is STALE."""
    tb = RefillBench(dut)
    await tb.start()
    locs = (1, 2)
    total_checks = 0
    for seed in range(1, 5):
        await tb.reset()
        tb.acc_checks = []
        msgs = deep_stream(seed, 500, locs)
        rnd = random.Random(100 + seed)
        await send_all(tb, msgs, gaps=lambda r: r.choice([0, 0, 0, 1, 2, 3, 5, 9]), rnd=rnd)
        await ClockCycles(dut.clk, 3000)
        checked = compare_state(tb.recs, msgs)
        final_not_stale(tb, [loc for loc in locs if any(r[1] == loc for r in tb.recs)])
        depths = {loc: model_depths(msgs, loc) for loc in locs}
        for ordn, loc, side, w in tb.acc_checks:
            d = depths[loc][ordn]
            check_word(w, d[0] if side else d[1], bool(side))
        total_checks += len(tb.acc_checks)
        dut._log.info("seed %d: %d records, %d checked, %d STALE; scans %d, installs %d; accumulators checked %d; "
                      "table writes during scans %s", seed, len(tb.recs), checked,
                      sum(1 for r in tb.recs if r[6]), tb.stat.get(ST_RF_START, 0), tb.stat.get(ST_RF_DONE, 0),
                      len(tb.acc_checks), tb.cls)
    c = tb.cls
    assert tb.bad == 0, "the accumulator found an inconsistency"
    assert c["before"] and c["held_fwd"] and c["after"] and c["stash_phase"] and c["install_phase"], c
    assert total_checks >= 6, total_checks


@cocotb.test()
async def test_held_bucket_updates(dut):
    """Directed: an update of an order in the very bucket the scan holds
    (its ways collected one per cycle), at every offset around the moment the
    scan reaches it: before its read, in the read cycle, while its ways are
    collected (a collected way: forwarded; a way still to collect: the held
    copy is refreshed), after it.  Updates: partial execution, delete,
    replace, an add into the bucket's free way.  Each run: the accumulator
    (engine idle, scan complete) is the model's side, the final record is the
    model's top of book, not STALE."""
    tb = RefillBench(dut)
    await tb.start()
    loc = 9
    start = 4000
    while table_bucket(start, HB) < 20:
        start += 1
    crowd = same_bucket_refs(PARAMS["TABLE_WAYS"], start=start)     # 3 resting + 1 added later
    hb = table_bucket(crowd[0], HB)
    kinds = ["E", "D", "U", "A", "X"]
    runs = [(off, wi, kinds[(3 * off + wi + j) % len(kinds)]) for off in range(-2, 4) for wi in range(3)
            for j in (0, 2)]
    for trial, (off, wi, k) in enumerate(runs):
        await tb.reset()
        tb.acc_checks = []
        msgs = []

        async def snd(m):
            msgs.append(m)
            await tb.send(len(msgs), m)
        ref = 10
        for i in range(4):                       # the cached levels, drained below
            await snd(add(ref, loc, "B", 20000 - 10 * i, 5 + i)); ref += 1
        for i in range(3):                       # outside: crowd orders, one per level
            await snd(add(crowd[i], loc, "B", 19900 - 10 * i, 20 + i))
        for i in range(3):
            await snd(add(ref, loc, "B", 19800 - 10 * i, 30 + i)); ref += 1
        await snd(add(ref, loc, "S", 20500, 9)); ref += 1
        for r in range(10, 14):
            await snd({"type": "D", "order_ref": r})
        # the scan started after the last delete: wait until it is `off` cycles from bucket hb
        while True:
            await RisingEdge(dut.clk)
            await ReadOnly()
            if int(dut.sc_act.value) and int(dut.sc_b.value) >= hb + min(off, 0):
                break
        await ClockCycles(dut.clk, max(off, 0))
        r = crowd[wi]
        if k == "E":
            await snd({"type": "E", "order_ref": r, "executed_shares": 3, "match_number": 1, "printable": "Y"})
        elif k == "X":
            await snd({"type": "X", "order_ref": r, "cancelled_shares": 1})
        elif k == "D":
            await snd({"type": "D", "order_ref": r})
        elif k == "U":
            await snd({"type": "U", "original_order_ref": r, "new_order_ref": crowd[3], "price": 19950, "shares": 4})
        else:
            await snd(add(crowd[3], loc, "B", 19870, 11))
        await snd({"type": "X", "order_ref": crowd[(wi + 1) % 3], "cancelled_shares": 2})
        await ClockCycles(dut.clk, 500)
        compare_state(tb.recs, msgs)
        final_not_stale(tb, [loc])
        d = model_depths(msgs, loc)
        for ordn, l, side, w in tb.acc_checks:
            assert l == loc
            check_word(w, d[ordn][0] if side else d[ordn][1], bool(side))
        assert tb.acc_checks, "no complete accumulator seen"
    c = tb.cls
    assert tb.bad == 0, "the accumulator found an inconsistency"
    dut._log.info("held-bucket runs: table writes during scans %s", c)
    assert c["held"] > c["held_fwd"] > 0 and c["before"] and c["after"], c


@cocotb.test()
async def test_random_vs_model_stale_transient(dut):
    """Seeded random deep streams on 4 locates against the reference model:
    every record not flagged STALE is the model's top of book; a STALE
    record (no table overflow, no lost reference, every locate booked in
    these streams) is allowed only while a scan runs: a scan is running in
    the cycle after it, and a later record of that locate clears it."""
    tb = RefillBench(dut)
    await tb.start()
    locs = (3, 4, 5, 6)
    for seed in range(11, 14):
        await tb.reset()
        msgs = deep_stream(seed, 700, locs, levels=14)
        rnd = random.Random(seed)
        stale_seen = []     # per STALE record: a scan ran within 40 cycles after it

        async def watch():
            pend, cyc = [], 0
            while True:
                await RisingEdge(dut.clk)
                await ReadOnly()
                cyc += 1
                if int(dut.sc_act.value):
                    stale_seen.extend([1] * len(pend))
                    pend = []
                while pend and cyc > pend[0]:
                    stale_seen.append(0)
                    pend.pop(0)
                if int(dut.m_rec_valid.value):
                    d = int(dut.m_rec_data.value)
                    if (d >> 64) & 0xFF == 1 and (d >> 80) & 1:
                        pend.append(cyc + 40)
        w = cocotb.start_soon(watch())
        await send_all(tb, msgs, gaps=lambda r: r.choice([0, 0, 1, 4, 12]), rnd=rnd)
        await ClockCycles(dut.clk, 3000)
        w.cancel()
        assert not tb.stat.get(5) and not tb.stat.get(12) and not tb.stat.get(6), \
            "a bound other than the cache was hit: %s" % tb.stat
        checked = compare_state(tb.recs, msgs)
        last = final_not_stale(tb, [loc for loc in locs if any(r[1] == loc for r in tb.recs)])
        assert all(stale_seen), "a STALE record with no scan running after it"
        assert tb.bad == 0, "the accumulator found an inconsistency"
        # each STALE record is followed by a record of its locate that is not STALE
        pend = {}
        for r in tb.recs:
            if r[6]:
                pend[r[1]] = True
            else:
                pend.pop(r[1], None)
        assert not pend, pend
        dut._log.info("seed %d: %d records, %d checked vs the model, %d STALE (all transient), scans %d, installs %d, "
                      "locates %s", seed, len(tb.recs), checked, len(stale_seen), tb.stat.get(ST_RF_START, 0),
                      tb.stat.get(ST_RF_DONE, 0), sorted(last))


def test_refill():
    import ntrun
    ntrun.run("nt_book_engine", "test_refill", os.path.dirname(os.path.abspath(__file__)), params=PARAMS,
              name="nt_book_engine_refill")
