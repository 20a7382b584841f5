"""nt_rx_fifo: the line frame FIFO against its contract (header of
hdl/nt_rx_fifo.v), with the write side driven the way nt_eth_udp_rx drives
it (a beat every cycle for the whole frame, the verdict after the frame)
and a reader that stalls at random.

Store and forward: a frame becomes visible only when it ends with code 0
and fitted (then its descriptor and exactly its beats come out, in order);
any other code, or an overflow, rolls it back (an overflow is counted).

Cut-through: a frame announced by s_hdr is visible at once (m_desc_open);
m_rd_avail must never show a beat that was not written, nor a beat that
was not released (s_wr_safe) before the verdict; the frame is closed by
s_close: good (the rest of its beats), or bad (m_desc_bad: the reader has
seen a prefix of it and discards it).  Frames without s_hdr still go the
store-and-forward way.

Expectation: a Python model of the frames sent; every frame the reader
gets is checked beat by beat, frames come in order, each good frame of
code 0 is either delivered or counted as an overflow, and the commit and
overflow pulses add up.
"""
import os
import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, ReadOnly

ADDR_WIDTH = 6
DESC_ADDR_WIDTH = 3


def beat(fid, k):
    return (fid << 32) | (k << 8) | 0x5A


class Frame:
    def __init__(self, fid, n, code, ct, ok, flush):
        self.fid, self.n, self.code, self.ct, self.ok, self.flush = fid, n, code, ct, ok, flush


async def setup(dut, ct):
    cocotb.start_soon(Clock(dut.clk, 4, unit="ns").start())
    for s in ("s_wr_valid", "s_wr_safe", "s_hdr", "s_close", "s_close_ok", "s_end", "s_end_opened",
              "s_end_code", "s_end_len", "s_end_session", "s_end_seq", "s_end_count", "s_end_stamp",
              "s_wr_data", "m_rd_pop", "m_rd_done", "cycle"):
        getattr(dut, s).value = 0
    dut.cfg_cut_through.value = 1 if ct else 0
    dut.rst.value = 1
    await ClockCycles(dut.clk, 3)
    dut.rst.value = 0
    await ClockCycles(dut.clk, 2)


def set_desc(dut, f):
    dut.s_end_len.value = 8 * f.n
    dut.s_end_seq.value = f.fid
    dut.s_end_session.value = 0x1234 + f.fid
    dut.s_end_count.value = f.n
    dut.s_end_stamp.value = 1000 + f.fid


async def writer(dut, frames, rnd, st):
    """One beat per cycle per frame; SAF: s_end two cycles after the last
    beat; CT: s_hdr with the first beat, the last beat unsafe, s_close with
    the last beat (a flush) or one cycle after it, s_end one cycle later."""
    for f in frames:
        for _ in range(rnd.choice([3, 4, 6, 9, 20]) if rnd.random() < 0.8 else 60):
            await FallingEdge(dut.clk)
        for k in range(f.n):
            await FallingEdge(dut.clk)
            dut.s_hdr.value = 1 if (f.ct and k == 0) else 0
            if f.ct and k == 0:
                set_desc(dut, f)
            dut.s_wr_valid.value = 1
            dut.s_wr_data.value = beat(f.fid, k)
            dut.s_wr_safe.value = 1 if k < f.n - 1 else 0
            closing = f.ct and k == f.n - 1 and f.flush
            dut.s_close.value = 1 if closing else 0
            dut.s_close_ok.value = 1 if f.ok else 0
        await FallingEdge(dut.clk)
        dut.s_wr_valid.value = 0
        dut.s_wr_safe.value = 0
        dut.s_hdr.value = 0
        dut.s_close.value = 0
        if f.ct and not f.flush:
            dut.s_close.value = 1
            dut.s_close_ok.value = 1 if f.ok else 0
            await FallingEdge(dut.clk)
            dut.s_close.value = 0
        elif not f.ct:
            await FallingEdge(dut.clk)
        # s_end (SAF: two cycles after the last beat; CT: one after s_close)
        set_desc(dut, f)
        dut.s_end.value = 1
        dut.s_end_opened.value = 1 if f.ct else 0
        dut.s_end_code.value = f.code
        await FallingEdge(dut.clk)
        dut.s_end.value = 0
        dut.s_end_opened.value = 0
    st["writer_done"] = True


async def reader(dut, rnd, st, out, stall):
    """Reads head frames; decisions at the falling edge from the outputs
    that the last rising edge set (they depend on registers only)."""
    cur = None           # [fid, beats read]
    while True:
        await FallingEdge(dut.clk)
        valid = int(dut.m_desc_valid.value)
        pop = done = 0
        if valid and rnd.random() >= stall:
            fid = int(dut.m_desc_seq.value)
            n = int(dut.m_desc_count.value)
            is_open = int(dut.m_desc_open.value)
            bad = int(dut.m_desc_bad.value)
            assert int(dut.m_desc_len.value) == 8 * n and int(dut.m_desc_stamp.value) == 1000 + fid
            if cur is None or cur[0] != fid:
                cur = [fid, []]
            if bad:
                done = 1
                out.append((fid, cur[1], "bad"))
                cur = None
            elif len(cur[1]) < n:
                if int(dut.m_rd_avail.value):
                    d = int(dut.m_rd_data.value)
                    if d != beat(fid, len(cur[1])):
                        for nm in ("wr_ptr", "commit_ptr", "rel_ptr", "rd_ptr", "dwr_ptr", "drd_ptr", "open_reg", "ovf_reg"):
                            dut._log.error("%s = %s", nm, getattr(dut, nm).value)
                        dut._log.error("hist %s", st.get("hist", [])[-12:])
                    assert d == beat(fid, len(cur[1])), \
                        "frame %d beat %d: %#x (open %d)" % (fid, len(cur[1]), d, is_open)
                    cur[1].append(d)
                    pop = 1
            elif not is_open:
                done = 1
                out.append((fid, cur[1], "good"))
                cur = None
        dut.m_rd_pop.value = pop
        st.setdefault("hist", []).append((valid and int(dut.m_desc_seq.value), pop, done,
                                          int(dut.m_rd_avail.value), int(dut.rd_ptr.value),
                                          int(dut.wr_ptr.value), int(dut.rel_ptr.value)))
        dut.m_rd_done.value = done
        if st.get("writer_done") and not valid:
            st["idle"] = st.get("idle", 0) + 1
        else:
            st["idle"] = 0


async def count_pulses(dut, st):
    st["commit"] = st["overflow"] = 0
    while True:
        await FallingEdge(dut.clk)
        await ReadOnly()
        st["commit"] += int(dut.stat_commit.value)
        st["overflow"] += int(dut.stat_overflow.value)


async def run(dut, ct, n_frames, stall, seed):
    await setup(dut, ct)
    rnd = random.Random(seed)
    frames = []
    for fid in range(1, n_frames + 1):
        n = rnd.choice([1, 2, 3, 5, 8, 12, 20, 40])
        code = 0 if rnd.random() < 0.8 else rnd.choice([1, 4, 5, 12])
        # (nt_eth_udp_rx: s_hdr comes with a beat that is not the frame's last,
        # so a cut-through frame has two beats or more and s_close follows s_hdr)
        fct = ct and code == 0 and n >= 2 and rnd.random() < 0.85
        ok = rnd.random() < 0.8
        frames.append(Frame(fid, n, code if not fct else (0 if ok else rnd.choice([1, 4])), fct, ok,
                            rnd.random() < 0.5))
    st = {}
    out = []
    cocotb.start_soon(count_pulses(dut, st))
    cocotb.start_soon(reader(dut, random.Random(seed + 1), st, out, stall))
    await writer(dut, frames, rnd, st)
    while st.get("idle", 0) < 50:
        await ClockCycles(dut.clk, 10)
    byid = {f.fid: f for f in frames}
    got = [fid for fid, _, _ in out]
    assert got == sorted(got), "frames out of order"
    delivered_good = 0
    for fid, beats, kind in out:
        f = byid[fid]
        if kind == "good":
            assert (f.ct and f.ok) or (not f.ct and f.code == 0), "frame %d delivered good" % fid
            assert beats == [beat(fid, k) for k in range(f.n)]
            delivered_good += 1
        else:
            # a bad frame: opened (cut-through), then closed bad (or overflowed)
            assert f.ct, "frame %d: bad descriptor of a store-and-forward frame" % fid
            assert len(beats) < f.n or not f.ok
    code0 = [f for f in frames if f.code == 0 and (not f.ct or f.ok)]
    # every good frame: delivered good, or overflowed (counted)
    assert delivered_good + st["overflow"] == len(code0), (delivered_good, st["overflow"], len(code0))
    assert st["commit"] == delivered_good
    # a frame that never showed up must be an overflow or a bad one
    dut._log.info("%s: %d frames, %d delivered good, %d bad descriptors, %d overflows",
                  "cut-through" if ct else "store and forward", len(frames), delivered_good,
                  sum(1 for o in out if o[2] == "bad"), st["overflow"])
    return frames, out, st


@cocotb.test()
async def test_store_and_forward(dut):
    frames, out, st = await run(dut, False, 300, 0.2, 1)
    assert not any(o[2] == "bad" for o in out)


@cocotb.test()
async def test_store_and_forward_overflow(dut):
    """A slow reader: the 64-beat FIFO / 8 descriptors overflow, counted."""
    frames, out, st = await run(dut, False, 200, 0.85, 2)
    assert st["overflow"] > 0


@cocotb.test()
async def test_cut_through(dut):
    frames, out, st = await run(dut, True, 300, 0.1, 3)
    assert any(o[2] == "bad" for o in out)


@cocotb.test()
async def test_cut_through_overflow(dut):
    frames, out, st = await run(dut, True, 200, 0.85, 4)
    assert st["overflow"] > 0


def test_nt_rx_fifo():
    import ntrun
    ntrun.run("nt_rx_fifo", "test_nt_rx_fifo", os.path.dirname(os.path.abspath(__file__)),
              params={"ADDR_WIDTH": ADDR_WIDTH, "DESC_ADDR_WIDTH": DESC_ADDR_WIDTH})
