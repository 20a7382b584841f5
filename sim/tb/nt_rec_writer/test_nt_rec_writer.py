"""nt_rec_writer: the DMA record writer against the market-data ring
contract of native/include/nanotick/ring.h as docs/hdl.md states it:
record i goes to base + 4096 + 64 * (i mod 2^L) as [seq = 0 (bytes 0..7,
only when the slot was used before)], the payload (bytes 8..63), then
seq = i + 1 (bytes 0..7, last); after the last record of a burst
prod_index = i + 1 at base + 128.  With cfg_one_write (CSR CTRL bit 7)
a record is one whole-line write (seq = i + 1 with the payload, strobe all
ones), whether the slot was used before or not.  The DMA port may stall the writer
(random m_dma_ready), never the input: records that do not fit the FIFO,
or arrive while the ring is disabled, are dropped and counted.

The bench keeps its own model of host memory, applies the DMA writes in
order and checks every write's address, strobe and order per slot, that
the records in the ring are exactly the accepted ones (a subsequence of
the input, in order, each with its own payload), that stat_written and
stat_dropped pulses add up to the input, and prod_index.
"""
import os
import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, ReadOnly

FIFO_ADDR_WIDTH = 3
BASE = 0x7_0000_0000
PAYLOAD = 0xFFFFFFFFFFFFFF00
SEQ = 0xFF
LINE = (1 << 64) - 1


class Host:
    def __init__(self, base, log2cap):
        self.base = base
        self.cap = 1 << log2cap
        self.mem = {}
        self.slot_state = {}       # slot -> 'idle' | 'busy' | 'payload'
        self.prod = []             # prod_index values written
        self.done = []             # (index, payload bytes 8..63)
        self.errors = []
        self.lines = 0             # whole-line (one-write mode) records

    def write(self, addr, data, strb):
        off = addr - self.base
        if off == 128:
            if strb != SEQ:
                self.errors.append("prod_index strobe %#x" % strb)
            self.prod.append(int.from_bytes(data[:8], "little"))
            return
        if off < 4096 or (off - 4096) % 64 or off - 4096 >= 64 * self.cap:
            self.errors.append("write outside the ring: %#x" % addr)
            return
        slot = (off - 4096) // 64
        line = self.mem.setdefault(slot, bytearray(64))
        for i in range(64):
            if strb >> i & 1:
                line[i] = data[i]
        st = self.slot_state.get(slot, "idle")
        i = len(self.done)                  # the record being written
        used = i >= self.cap
        if strb == SEQ:
            seq = int.from_bytes(data[:8], "little")
            if seq == 0:
                if st != "idle" or not used:
                    self.errors.append("busy write to slot %d in state %s (record %d)" % (slot, st, i))
                self.slot_state[slot] = "busy"
            else:
                if st != "payload" or seq != i + 1 or slot != i % self.cap:
                    self.errors.append("seq %d to slot %d in state %s (record %d)" % (seq, slot, st, i))
                self.done.append((i, bytes(line[8:])))
                self.slot_state[slot] = "idle"
        elif strb == LINE:
            seq = int.from_bytes(data[:8], "little")
            if st != "idle" or seq != i + 1 or slot != i % self.cap:
                self.errors.append("line write seq %d to slot %d in state %s (record %d)" % (seq, slot, st, i))
            self.done.append((i, bytes(line[8:])))
            self.lines += 1
        elif strb == PAYLOAD:
            want = "busy" if used else "idle"
            if st != want or slot != i % self.cap:
                self.errors.append("payload to slot %d in state %s (record %d)" % (slot, st, i))
            self.slot_state[slot] = "payload"
        else:
            self.errors.append("strobe %#x" % strb)


async def setup(dut, log2cap):
    cocotb.start_soon(Clock(dut.clk, 4, unit="ns").start())
    dut.s_rec_valid.value = 0
    dut.s_rec_data.value = 0
    dut.cfg_ring_en.value = 0
    dut.cfg_ring_base.value = BASE
    dut.cfg_ring_log2cap.value = log2cap
    dut.cfg_one_write.value = 0
    dut.m_dma_ready.value = 1
    dut.rst.value = 1
    await ClockCycles(dut.clk, 3)
    dut.rst.value = 0
    await ClockCycles(dut.clk, 2)


class Monitor:
    def __init__(self, dut, host):
        self.dut = dut
        self.host = host
        self.written = 0
        self.dropped = 0
        self.ready_p = 1.0
        self.rnd = random.Random(5)
        cocotb.start_soon(self.run())

    async def run(self):
        dut = self.dut
        while True:
            # ready for the next rising edge; valid/ready as that edge samples them
            await FallingEdge(dut.clk)
            dut.m_dma_ready.value = 1 if self.rnd.random() < self.ready_p else 0
            await ReadOnly()
            if dut.m_dma_valid.value == 1 and dut.m_dma_ready.value == 1:
                self.host.write(int(dut.m_dma_addr.value),
                                int(dut.m_dma_data.value).to_bytes(64, "little"),
                                int(dut.m_dma_strb.value))
            self.written += int(dut.stat_written.value)
            self.dropped += int(dut.stat_dropped.value)


def record(k):
    """Record k: bytes 0..7 garbage (ignored), 8..63 unique."""
    body = bytes((k * 7 + j) & 0xFF for j in range(48)) + k.to_bytes(8, "little")
    return int.from_bytes(b"\xAA" * 8 + body, "little"), body


async def feed(dut, ids, gap_of):
    for k in ids:
        await FallingEdge(dut.clk)
        v, _ = record(k)
        dut.s_rec_valid.value = 1
        dut.s_rec_data.value = v
        await FallingEdge(dut.clk)
        dut.s_rec_valid.value = 0
        for _ in range(gap_of(k)):
            await FallingEdge(dut.clk)


async def drain(dut, mon, host):
    n = -1
    while n != len(host.done) + len(host.prod):
        n = len(host.done) + len(host.prod)
        await ClockCycles(dut.clk, 100)


def check(host, mon, sent, log):
    assert not host.errors, host.errors[:5]
    bodies = {record(k)[1]: k for k in sent}
    got = [bodies.get(b) for _, b in host.done]
    assert None not in got, "a record with a payload that was never sent"
    assert got == sorted(got) and len(set(got)) == len(got), "records out of order or repeated"
    assert mon.written == len(host.done)
    assert mon.written + mon.dropped == len(sent), (mon.written, mon.dropped, len(sent))
    assert host.prod and host.prod[-1] == len(host.done)
    assert host.prod == sorted(host.prod)
    log.info("%d sent, %d written, %d dropped, %d prod_index writes", len(sent), mon.written,
             mon.dropped, len(host.prod))
    return got


@cocotb.test()
async def test_no_backpressure(dut):
    """Ready always: a record every 3 cycles is never dropped; the ring laps
    (capacity 8) and every lapped slot is set busy first."""
    await setup(dut, 3)
    host = Host(BASE, 3)
    mon = Monitor(dut, host)
    dut.cfg_ring_en.value = 1
    sent = list(range(100))
    rnd = random.Random(1)
    await feed(dut, sent, lambda k: 1 + rnd.randrange(3))
    await drain(dut, mon, host)
    got = check(host, mon, sent, dut._log)
    assert got == sent and mon.dropped == 0


@cocotb.test()
async def test_backpressure_drops(dut):
    """DMA ready 30% of the cycles, records back to back in bursts: the FIFO
    fills, records are dropped and counted, never written half, never
    stalling the input."""
    host, mon = await _under_backpressure(dut, 6, 0.3, 0, 2, 0.8, 40)
    assert mon.dropped > 0


async def _under_backpressure(dut, log2cap, ready_p, one_write, seed, p_back_to_back, max_gap):
    """300 records in bursts while the DMA port is ready ready_p of the cycles; checked."""
    await setup(dut, log2cap)
    host = Host(BASE, log2cap)
    mon = Monitor(dut, host)
    mon.ready_p = ready_p
    dut.cfg_one_write.value = one_write
    dut.cfg_ring_en.value = 1
    sent = list(range(300))
    rnd = random.Random(seed)
    await feed(dut, sent, lambda k: 0 if rnd.random() < p_back_to_back else rnd.randrange(max_gap))
    mon.ready_p = 1.0
    await drain(dut, mon, host)
    check(host, mon, sent, dut._log)
    return host, mon


@cocotb.test()
async def test_disabled_and_reenabled(dut):
    """Ring disabled: every record dropped, no DMA write.  Enabling restarts
    the producer index at 0."""
    await setup(dut, 4)
    host = Host(BASE, 4)
    mon = Monitor(dut, host)
    await feed(dut, range(10), lambda k: 2)
    await ClockCycles(dut.clk, 20)
    assert mon.dropped == 10 and not host.done and not host.prod
    dut.cfg_ring_en.value = 1
    await feed(dut, range(10, 30), lambda k: 3)
    await drain(dut, mon, host)
    assert len(host.done) == 20 and host.prod[-1] == 20
    assert int(dut.prod_index.value) == 20
    # disable and enable again: a new ring from index 0
    dut.cfg_ring_en.value = 0
    await ClockCycles(dut.clk, 3)
    assert int(dut.prod_index.value) == 0
    host2 = Host(BASE, 4)
    mon.host = host2
    dut.cfg_ring_en.value = 1
    await feed(dut, range(30, 35), lambda k: 3)
    await drain(dut, mon, host2)
    assert not host2.errors and [i for i, _ in host2.done] == list(range(5))
    assert host2.prod[-1] == 5


async def _every_other_cycle(dut, one_write):
    await setup(dut, 3)
    host = Host(BASE, 3)
    mon = Monitor(dut, host)
    dut.cfg_one_write.value = one_write
    dut.cfg_ring_en.value = 1
    sent = list(range(200))
    await feed(dut, sent, lambda k: 0)      # a record every 2 cycles, the ring (8) lapped 25 times
    await drain(dut, mon, host)
    got = check(host, mon, sent, dut._log)
    return host, mon, got, sent


@cocotb.test()
async def test_one_write_keeps_up(dut):
    """One-write mode (CTRL bit 7): a record every 2 cycles into a lapped ring
    is written whole, one DMA write each, none dropped."""
    host, mon, got, sent = await _every_other_cycle(dut, 1)
    assert got == sent and mon.dropped == 0
    assert host.lines == len(sent)


@cocotb.test()
async def test_three_writes_fall_behind_counted(dut):
    """The same input in the three-write mode (BUSY, payload, seq: three cycles
    per record once the ring laps): the FIFO fills and the excess is dropped
    and counted, never written half."""
    host, mon, got, sent = await _every_other_cycle(dut, 0)
    assert mon.dropped > 0 and host.lines == 0


@cocotb.test()
async def test_one_write_backpressure(dut):
    """One-write mode with the DMA port ready 40% of the cycles: records wait
    or are dropped and counted; every written one is whole and in order."""
    host, mon = await _under_backpressure(dut, 5, 0.4, 1, 7, 0.7, 30)
    assert host.lines == len(host.done) > 0


def test_nt_rec_writer():
    import ntrun
    ntrun.run("nt_rec_writer", "test_nt_rec_writer", os.path.dirname(os.path.abspath(__file__)),
              params={"FIFO_ADDR_WIDTH": FIFO_ADDR_WIDTH})
