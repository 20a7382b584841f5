"""nt_order_table: inserts, lookups and deletes against a Python dict, with
the reference patterns the generator and NASDAQ produce and the hostile
ones: reference 0, increasing references, multiples of 2^16 and 2^20,
references sharing the low 32 bits, references differing only in bit 63.
Insert = lookup, then write the first free way of the bucket (as the
engine does); a full bucket is an overflow, which must only happen when the
bucket really holds WAYS live orders.  A full bucket sends the insert to the
stash (STASH entries, fully associative); an overflow must only happen when
the bucket holds WAYS live orders AND the stash holds STASH.  Lookups find
orders in either place."""
import os
import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, ReadOnly

DEPTH = 256
WAYS = 4
XW = 1
STASH = 4
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
                shares=int(dut.rd_shares.value), buy=int(dut.rd_buy.value), extra=int(dut.rd_extra.value),
                in_stash=int(dut.rd_hit_stash.value), sidx=int(dut.rd_stash_idx.value),
                sfree=int(dut.rd_stash_free.value), sfidx=int(dut.rd_stash_free_idx.value))


async def write(dut, bucket, word):
    await FallingEdge(dut.clk)
    dut.wr_en.value = 1
    dut.wr_bucket.value = bucket
    dut.wr_word.value = word
    await FallingEdge(dut.clk)
    dut.wr_en.value = 0


async def stash_write(dut, idx, e):
    await FallingEdge(dut.clk)
    dut.st_wr_en.value = 1
    dut.st_wr_idx.value = idx
    dut.st_wr_entry.value = e
    await FallingEdge(dut.clk)
    dut.st_wr_en.value = 0


def set_way(word, way, e):
    mask = ((1 << EW) - 1) << (way * EW)
    return (word & ~mask) | (e << (way * EW))


@cocotb.test()
async def test_table(dut):
    rnd = random.Random(5)
    cocotb.start_soon(Clock(dut.clk, 4, unit="ns").start())
    dut.rd_en.value = 0
    dut.wr_en.value = 0
    dut.st_wr_en.value = 0
    dut.clr.value = 1
    await ClockCycles(dut.clk, 2)
    dut.clr.value = 0
    for b in range(DEPTH // WAYS):          # the engine's clear sweep after reset
        await write(dut, b, 0)
    live = {}
    per_bucket = {}
    stashed = {}       # ref -> stash index
    overflow = stash_ins = 0
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
            assert r["in_stash"] == (ref in stashed), "ref %x: in stash %d" % (ref, r["in_stash"])
            del live[ref]
            if ref in stashed:
                assert r["sidx"] == stashed.pop(ref)
                await stash_write(dut, r["sidx"], 0)
            else:
                await write(dut, r["bucket"], set_way(r["word"], r["way"], 0))
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
            assert r["sfree"] == (len(stashed) < STASH)
            if not r["free"] and not r["sfree"]:
                overflow += 1
                continue
            e = (1 << 145) | (ref << 81) | (rnd.randrange(1 << 16) << 65) | (rnd.randrange(2) << 64) \
                | (rnd.randrange(1 << 32) << 32) | rnd.randrange(1, 1 << 32) | (rnd.randrange(1 << XW) << 146)
            loc, buy, px, sh = (e >> 65) & 0xFFFF, (e >> 64) & 1, (e >> 32) & 0xFFFFFFFF, e & 0xFFFFFFFF
            ex = e >> 146
            live[ref] = (loc, buy, px, sh, ex)
            if r["free"]:
                await write(dut, r["bucket"], set_way(r["word"], r["fway"], e))
                per_bucket[r["bucket"]] = n + 1
            else:
                assert r["sfidx"] not in stashed.values()
                await stash_write(dut, r["sfidx"], e)
                stashed[ref] = r["sfidx"]
                stash_ins += 1
    dut._log.info("%d live at the end, %d in the stash, %d stash inserts, %d overflows (table %d x %d ways, "
                  "stash %d)", len(live), len(stashed), stash_ins, overflow, DEPTH // WAYS, WAYS, STASH)
    assert stash_ins > 0 and overflow > 0


def test_nt_order_table():
    import ntrun
    ntrun.run("nt_order_table", "test_nt_order_table", os.path.dirname(os.path.abspath(__file__)),
              params={"DEPTH": DEPTH, "WAYS": WAYS, "STASH": STASH})
