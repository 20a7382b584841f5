"""nt_csr: the AXI-Lite register block against its register map (the table
in docs/hdl.md / the header of hdl/nt_csr.v), driven by cocotbext-axi's
AXI-Lite master:
  * reset values of every configuration register and of the cfg_* outputs;
  * writes read back, and reach the cfg_* outputs (bit by bit for CTRL);
  * the subscription register is write-only: one sub_wr_en pulse per write
    with the locate and the subscribed bit, reads 0;
  * prod_index reads its input (both halves);
  * counters: random stat_inc pulses on every bit, every cycle, for a few
    thousand cycles (the pulses counted in Python), then every counter's
    64-bit value read as two words; counters past N_CNT and unmapped
    addresses read 0; rst clears the counters.
"""
import os
import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, ReadOnly, RisingEdge

from cocotbext.axi import AxiLiteBus, AxiLiteMaster

N_CNT = 24

RESET = {0x000: 0x4E544B31, 0x004: 0, 0x008: (26478 << 16) | 26477, 0x00C: 0xE9360C6F,
         0x010: 0xE9360C70, 0x014: 0, 0x018: 0, 0x01C: 10, 0x020: 0, 0x024: 0, 0x028: 0,
         0x030: 0, 0x034: 0, 0x038: 10, 0x03C: 0, 0x040: 0}


async def setup(dut):
    cocotb.start_soon(Clock(dut.clk, 4, unit="ns").start())
    dut.stat_inc.value = 0
    dut.prod_index.value = 0
    dut.init_done.value = 0
    dut.refill_busy.value = 0
    dut.evt_prod_index.value = 0
    dut.rst.value = 1
    await ClockCycles(dut.clk, 4)
    dut.rst.value = 0
    await ClockCycles(dut.clk, 2)
    m = AxiLiteMaster(AxiLiteBus.from_prefix(dut, "s_axil"), dut.clk, dut.rst)
    m.write_if.log.setLevel("WARNING")
    m.read_if.log.setLevel("WARNING")
    return m


def cfg(dut):
    return dict(ring_en=int(dut.cfg_ring_en.value), cut_through=int(dut.cfg_cut_through.value),
                evt_en=int(dut.cfg_evt_en.value), one_write=int(dut.cfg_one_write.value),
                port_en_a=int(dut.cfg_port_en_a.value), group_en_a=int(dut.cfg_group_en_a.value),
                port_en_b=int(dut.cfg_port_en_b.value), group_en_b=int(dut.cfg_group_en_b.value),
                port_a=int(dut.cfg_port_a.value), port_b=int(dut.cfg_port_b.value),
                group_a=int(dut.cfg_group_a.value), group_b=int(dut.cfg_group_b.value),
                base=int(dut.cfg_ring_base.value), log2cap=int(dut.cfg_ring_log2cap.value))


@cocotb.test()
async def test_registers(dut):
    m = await setup(dut)
    for a, v in RESET.items():
        got = await m.read_dword(a)
        assert got == v, "reset value of 0x%03x: %#x, want %#x" % (a, got, v)
    c = cfg(dut)
    assert c == dict(ring_en=0, cut_through=0, evt_en=0, one_write=0, port_en_a=0, group_en_a=0, port_en_b=0,
                     group_en_b=0, port_a=26477, port_b=26478, group_a=0xE9360C6F,
                     group_b=0xE9360C70, base=0, log2cap=10), c

    # CTRL: each bit to its output
    names = ["ring_en", "port_en_a", "group_en_a", "port_en_b", "group_en_b", "cut_through", "evt_en", "one_write"]
    for bit, name in enumerate(names):
        await m.write_dword(0x004, 1 << bit)
        assert await m.read_dword(0x004) == 1 << bit
        c = cfg(dut)
        for n2 in names:
            assert c[n2] == (1 if n2 == name else 0), (name, c)
    await m.write_dword(0x004, 0xFFFFFFFF)
    assert await m.read_dword(0x004) == 0xFF
    await m.write_dword(0x004, 0)

    rnd = random.Random(1)
    for _ in range(20):
        pa, pb = rnd.randrange(1 << 16), rnd.randrange(1 << 16)
        ga, gb = rnd.randrange(1 << 32), rnd.randrange(1 << 32)
        base = rnd.randrange(1 << 52) << 12
        l2 = rnd.randrange(64)
        await m.write_dword(0x008, pb << 16 | pa)
        await m.write_dword(0x00C, ga)
        await m.write_dword(0x010, gb)
        await m.write_dword(0x014, base & 0xFFFFFFFF)
        await m.write_dword(0x018, base >> 32)
        await m.write_dword(0x01C, l2)
        assert await m.read_dword(0x008) == pb << 16 | pa
        assert await m.read_dword(0x00C) == ga
        assert await m.read_dword(0x010) == gb
        assert await m.read_dword(0x014) == base & 0xFFFFFFFF
        assert await m.read_dword(0x018) == base >> 32
        assert await m.read_dword(0x01C) == l2
        c = cfg(dut)
        assert (c["port_a"], c["port_b"], c["group_a"], c["group_b"], c["base"], c["log2cap"]) == \
            (pa, pb, ga, gb, base, l2)

    # prod_index is an input
    for v in (0, 1, 0x123456789ABCDEF0, (1 << 64) - 1):
        dut.prod_index.value = v
        assert await m.read_dword(0x024) == v & 0xFFFFFFFF
        assert await m.read_dword(0x028) == v >> 32

    # the event ring: base, capacity, enable (CTRL bit 6), its prod_index (an input)
    await m.write_dword(0x030, 0x89ABC000)
    await m.write_dword(0x034, 0x3)
    await m.write_dword(0x038, 7)
    assert int(dut.cfg_evt_base.value) == 0x3_89ABC000 and int(dut.cfg_evt_log2cap.value) == 7
    assert [await m.read_dword(a) for a in (0x030, 0x034, 0x038)] == [0x89ABC000, 3, 7]
    ctrl = await m.read_dword(0x004)
    await m.write_dword(0x004, ctrl | 1 << 6)
    assert int(dut.cfg_evt_en.value) == 1 and await m.read_dword(0x004) == ctrl | 1 << 6
    await m.write_dword(0x004, ctrl)
    assert int(dut.cfg_evt_en.value) == 0
    dut.evt_prod_index.value = 0x0102030405060708
    assert [await m.read_dword(a) for a in (0x03C, 0x040)] == [0x05060708, 0x01020304]

    # init_done (the engine's reset sweep is over) and refill busy are inputs, read at 0x02C bits 0, 1
    for v in (0, 1, 2, 3, 0):
        dut.init_done.value = v & 1
        dut.refill_busy.value = v >> 1
        assert await m.read_dword(0x02C) == v

    # writes to read-only / unmapped addresses change nothing
    await m.write_dword(0x000, 0)
    await m.write_dword(0x024, 5)
    await m.write_dword(0x0F0, 7)
    assert await m.read_dword(0x000) == 0x4E544B31
    assert await m.read_dword(0x0F0) == 0


@cocotb.test()
async def test_subscription(dut):
    m = await setup(dut)
    seen = []

    async def watch():
        while True:
            await RisingEdge(dut.clk)
            await ReadOnly()
            if dut.sub_wr_en.value == 1:
                seen.append((int(dut.sub_wr_locate.value), int(dut.sub_wr_subscribed.value)))
    cocotb.start_soon(watch())
    want = []
    rnd = random.Random(2)
    for _ in range(30):
        loc, sub = rnd.randrange(1 << 16), rnd.randrange(2)
        await m.write_dword(0x020, sub << 31 | loc)
        want.append((loc, sub))
    await ClockCycles(dut.clk, 4)
    assert seen == want, (seen[:5], want[:5])
    assert await m.read_dword(0x020) == 0


@cocotb.test()
async def test_counters(dut):
    m = await setup(dut)
    rnd = random.Random(3)
    counts = [0] * N_CNT
    # a few counters pulse every cycle, the others at random
    dense = {0, 5, N_CNT - 1}
    for _ in range(3000):
        await FallingEdge(dut.clk)
        v = 0
        for i in range(N_CNT):
            if i in dense or rnd.random() < 0.3:
                v |= 1 << i
                counts[i] += 1
        dut.stat_inc.value = v
    await FallingEdge(dut.clk)
    dut.stat_inc.value = 0
    for i in range(N_CNT):
        lo = await m.read_dword(0x100 + 8 * i)
        hi = await m.read_dword(0x104 + 8 * i)
        assert lo | hi << 32 == counts[i], "counter %d: %d, want %d" % (i, lo | hi << 32, counts[i])
    # past the last counter: 0
    for a in (0x100 + 8 * N_CNT, 0x104 + 8 * N_CNT, 0x3FC):
        assert await m.read_dword(a) == 0
    # rst clears them
    dut.rst.value = 1
    await ClockCycles(dut.clk, 2)
    dut.rst.value = 0
    await ClockCycles(dut.clk, 2)
    for i in range(N_CNT):
        assert await m.read_dword(0x100 + 8 * i) == 0


@cocotb.test()
async def test_counter_carry(dut):
    """The 32-bit halves of a counter: the low half wraps, the high half follows
    a cycle later; read high, low, high (the host's way) it is never torn.  The
    low halves are preset near the wrap through the simulator (2^32 pulses would
    take too long), then pulsed every cycle across the wrap."""
    m = await setup(dut)
    for i in (0, 7):
        dut.counter[i].lo.value = 0xFFFFFFFF - 5
    await ClockCycles(dut.clk, 1)
    seen = []
    for k in range(30):
        await FallingEdge(dut.clk)
        dut.stat_inc.value = (1 << 0) | (1 << 7) if k < 12 else 0      # one cycle each
        await FallingEdge(dut.clk)
        dut.stat_inc.value = 0
        if k % 3 == 0:
            # the host's read, overlapping the pulses: high, low, high; a torn pair is retried
            hi1 = await m.read_dword(0x104)
            lo = await m.read_dword(0x100)
            hi2 = await m.read_dword(0x104)
            if hi1 == hi2:
                seen.append(hi1 << 32 | lo)
    dut.stat_inc.value = 0
    await ClockCycles(dut.clk, 3)
    want = 0xFFFFFFFF - 5 + 12      # 12 pulses from 2^32 - 6: 2^32 + 6
    for i in (0, 7):
        lo = await m.read_dword(0x100 + 8 * i)
        hi = await m.read_dword(0x104 + 8 * i)
        assert hi << 32 | lo == want, "counter %d: %#x, want %#x" % (i, hi << 32 | lo, want)
    assert seen == sorted(seen) and all(0xFFFFFFFF - 5 <= v <= want for v in seen), [hex(v) for v in seen]
    assert any(v > 0xFFFFFFFF for v in seen), "no consistent read after the wrap"


def test_nt_csr():
    import ntrun
    ntrun.run("nt_csr", "test_nt_csr", os.path.dirname(os.path.abspath(__file__)),
              params={"N_CNT": N_CNT})
