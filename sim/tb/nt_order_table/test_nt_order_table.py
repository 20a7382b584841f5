"""nt_order_table: inserts, lookups and deletes against a Python dict, with
the reference patterns the generator and NASDAQ produce and the hostile
ones: reference 0, increasing references, multiples of 2^16 and 2^20,
references sharing the low 32 bits, references differing only in bit 63.
Insert = lookup, then write the first free way of the bucket (as the
engine does); a full bucket is an overflow, which must only happen when the
bucket really holds WAYS live orders."""
import os
import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, ReadOnly

DEPTH = 256
WAYS = 4
XW = 1
EW = 146 + XW     # extra bits (the engine's book slot) above the valid bit


async def lookup(dut, ref):
    await FallingEdge(dut.clk)
    dut.rd_en.value = 1
    dut.rd_ref.value = ref
    dut.wr_en.value = 0
    await FallingEdge(dut.clk)
    dut.rd_en.value = 0
    await ReadOnly()
    return dict(hit=int(dut.rd_hit.value), way=int(dut.rd_hit_way.value),
                free=int(dut.rd_free.value), fway=int(dut.rd_free_way.value),
                bucket=int(dut.rd_bucket.value), word=int(dut.rd_word.value),
                locate=int(dut.rd_locate.value), price=int(dut.rd_price.value),
                shares=int(dut.rd_shares.value), buy=int(dut.rd_buy.value), extra=int(dut.rd_extra.value))


async def write(dut, bucket, word):
    await FallingEdge(dut.clk)
    dut.wr_en.value = 1
    dut.wr_bucket.value = bucket
    dut.wr_word.value = word
    await FallingEdge(dut.clk)
    dut.wr_en.value = 0


def set_way(word, way, e):
    mask = ((1 << EW) - 1) << (way * EW)
    return (word & ~mask) | (e << (way * EW))


@cocotb.test()
async def test_table(dut):
    rnd = random.Random(5)
    cocotb.start_soon(Clock(dut.clk, 4, unit="ns").start())
    dut.rd_en.value = 0
    dut.wr_en.value = 0
    await ClockCycles(dut.clk, 2)
    for b in range(DEPTH // WAYS):          # the engine's clear sweep after reset
        await write(dut, b, 0)
    live = {}
    per_bucket = {}
    overflow = 0
    nref = 1
    refs = [0]
    for step in range(1500):
        op = rnd.random()
        if live and op < 0.4:
            ref = rnd.choice(list(live))
            r = await lookup(dut, ref)
            assert r["hit"], "live ref %x not found" % ref
            loc, buy, px, sh, ex = live[ref]
            assert (r["locate"], r["buy"], r["price"], r["shares"], r["extra"]) == (loc, buy, px, sh, ex)
            await write(dut, r["bucket"], set_way(r["word"], r["way"], 0))
            del live[ref]
            per_bucket[r["bucket"]] -= 1
        else:
            k = rnd.random()
            if k < 0.3:
                ref = nref; nref += 1
            elif k < 0.45:
                ref = rnd.randrange(1, 64) << rnd.choice([16, 20])
            elif k < 0.6 and live:
                ref = (rnd.randrange(1, 1 << 32) << 32) | (rnd.choice(list(live)) & 0xFFFFFFFF)
            elif k < 0.7:
                ref = rnd.choice([0, 1 << 63, (1 << 63) | 1, (1 << 64) - 1])
            else:
                ref = rnd.randrange(1 << 64)
            r = await lookup(dut, ref)
            assert bool(r["hit"]) == (ref in live), "ref %x: hit %d" % (ref, r["hit"])
            if ref in live:
                continue
            n = per_bucket.get(r["bucket"], 0)
            if not r["free"]:
                assert n == WAYS, "bucket %d full with %d live" % (r["bucket"], n)
                overflow += 1
                continue
            e = (1 << 145) | (ref << 81) | (rnd.randrange(1 << 16) << 65) | (rnd.randrange(2) << 64) \
                | (rnd.randrange(1 << 32) << 32) | rnd.randrange(1, 1 << 32) | (rnd.randrange(1 << XW) << 146)
            loc, buy, px, sh = (e >> 65) & 0xFFFF, (e >> 64) & 1, (e >> 32) & 0xFFFFFFFF, e & 0xFFFFFFFF
            ex = e >> 146
            await write(dut, r["bucket"], set_way(r["word"], r["fway"], e))
            live[ref] = (loc, buy, px, sh, ex)
            per_bucket[r["bucket"]] = n + 1
    dut._log.info("%d live at the end, %d overflows (table %d x %d ways)", len(live), overflow,
                  DEPTH // WAYS, WAYS)


def test_nt_order_table():
    import ntrun
    ntrun.run("nt_order_table", "test_nt_order_table", os.path.dirname(os.path.abspath(__file__)),
              params={"DEPTH": DEPTH, "WAYS": WAYS})
