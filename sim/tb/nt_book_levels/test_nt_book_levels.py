"""nt_book_levels: the sorted top-K level cache of one book side, against an
independent expectation (a plain dict price -> aggregate of every live
order).  Random adds/subtracts of orders on a wide price range for bids and
asks, K small so that evictions and the outside aggregate are exercised:
whenever the module does not flag best_stale, its best level must be the
exact best level of the dict; it may flag stale only when the cache is empty
and orders remain."""
import os
import random

import cocotb
from cocotb.triggers import Timer

K = 4


def unpack(word):
    px = [(word >> (32 * i)) & 0xFFFFFFFF for i in range(K)]
    return px


@cocotb.test()
async def test_random_side(dut):
    for is_bid in (1, 0):
        rnd = random.Random(17 + is_bid)
        word = 0
        orders = {}   # id -> (px, qty)
        nid = 0
        stale_seen = 0
        for step in range(3000):
            if orders and (rnd.random() < 0.45 or len(orders) > 40):
                oid = rnd.choice(list(orders))
                px, q = orders[oid]
                d = q if rnd.random() < 0.6 else rnd.randint(1, q)
                add, qty = 0, d
                if d == q:
                    del orders[oid]
                else:
                    orders[oid] = (px, q - d)
            else:
                # prices clustered with a drifting centre, some far away, some at the max
                centre = 1_000_000 + 100 * (step // 50)
                if rnd.random() < 0.05:
                    px = rnd.choice([100, 1_999_999_900])
                else:
                    px = centre + 100 * rnd.randint(-12, 12)
                qty = rnd.randint(1, 5000)
                add = 1
                orders[nid] = (px, qty)
                nid += 1
            dut.word_in.value = word
            dut.is_bid.value = is_bid
            dut.op_en.value = 1
            dut.op_add.value = add
            dut.px.value = px
            dut.qty.value = qty
            await Timer(1, unit="ns")
            assert int(dut.err.value) == 0, "step %d: err" % step
            word = int(dut.word_out.value)
            levels = {}
            for p, q in orders.values():
                levels[p] = levels.get(p, 0) + q
            if levels:
                best = max(levels) if is_bid else min(levels)
                want = (best, levels[best])
            else:
                want = (0, 0)
            if int(dut.best_stale.value):
                stale_seen += 1
                assert levels, "stale on an empty side"
                assert int(dut.best_px.value) == 0
            else:
                got = (int(dut.best_px.value), int(dut.best_qty.value))
                assert got == want, "step %d bid=%d: got %s want %s" % (step, is_bid, got, want)
        dut._log.info("side bid=%d: %d steps, %d stale (K=%d)", is_bid, 3000, stale_seen, K)


def test_nt_book_levels():
    import ntrun
    ntrun.run("nt_book_levels", "test_nt_book_levels", os.path.dirname(os.path.abspath(__file__)),
              params={"K": K})
