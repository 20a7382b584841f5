"""nt_mold_split: message blocks at every byte offset across 64-bit beats,
against the reference model's MoldUDP64 parser (mold.parse_packet).

160 packets of random blocks: real ITCH sizes (19 .. 50 bytes), minimum-size D
messages back to back, zero-length blocks, tiny blocks (several ends in one
beat), blocks longer than the packet, fewer blocks than the count, trailing
bytes, first_idx > 0 (blocks already delivered by the other line).  Beats
are offered every cycle; the splitter may hold a beat (s_ready low) only
where a second block ends in the same beat."""
import os
import random
import struct

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, ReadOnly, RisingEdge

from nanotick_model import mold

MSG_BYTES = 48


def make_packets(rnd):
    pkts = []
    for i in range(160):
        kind = rnd.random()
        blocks = []
        if kind < 0.5:
            for _ in range(rnd.randint(1, 20)):
                n = rnd.choice([19, 19, 23, 31, 35, 36, 40, 44, 50, 12, 25, 39])
                blocks.append(bytes([rnd.choice(b"ADEXUFCPQ")]) + bytes(rnd.randrange(256) for _ in range(n - 1)))
        elif kind < 0.7:
            blocks = [b"D" + bytes(18) for _ in range(rnd.randint(1, 60))]
        else:
            for _ in range(rnd.randint(1, 25)):
                n = rnd.choice([0, 1, 2, 3, 5, 7, 60, 70])
                blocks.append(bytes(rnd.randrange(256) for _ in range(n)))
        body = b"".join(struct.pack(">H", len(b)) + b for b in blocks)
        count = len(blocks)
        k = rnd.random()
        if k < 0.1:
            body = body[:rnd.randrange(0, len(body) + 1)]           # cut short
        elif k < 0.2:
            count = max(1, count - rnd.randint(1, 3))               # trailing blocks
        elif k < 0.25:
            count = count + rnd.randint(1, 3)                       # missing blocks
        first_idx = rnd.randrange(count) if rnd.random() < 0.15 else 0
        seq = rnd.randrange(1, 1 << 40)
        pkts.append((seq, count, first_idx, body))
    return pkts


@cocotb.test()
async def test_packets(dut):
    await run_packets(dut, backpressure=False)


@cocotb.test()
async def test_packets_with_output_backpressure(dut):
    """The same packets with m_ready low 40% of the cycles (the decoder and
    the engine stall the splitter: a U takes 3 cycles): a beat held for its
    second pass must wait with its state, and nothing is lost or repeated."""
    await run_packets(dut, backpressure=True)


async def run_packets(dut, backpressure):
    rnd = random.Random(99)
    cocotb.start_soon(Clock(dut.clk, 4, unit="ns").start())
    dut.s_valid.value = 0
    dut.s_abort.value = 0
    dut.m_ready.value = 1
    dut.rst.value = 1
    await ClockCycles(dut.clk, 3)
    dut.rst.value = 0
    pkts = make_packets(rnd)
    got = []
    lost = [0]
    empty = [0]

    async def mon():
        # m_ready is driven after each rising edge; the handshake of the next
        # edge is read once both are settled, before that edge
        brnd = random.Random(7)
        while True:
            await FallingEdge(dut.clk)
            if backpressure:
                dut.m_ready.value = 1 if brnd.random() >= 0.4 else 0
            await ReadOnly()
            if int(dut.m_valid.value) and int(dut.m_ready.value):
                n = int(dut.m_len.value)
                msg = int(dut.m_msg.value).to_bytes(MSG_BYTES, "little")
                got.append((int(dut.m_mold_seq.value), n, msg[:min(n, MSG_BYTES)]))
            lost[0] += int(dut.stat_lost.value)
            empty[0] += int(dut.stat_empty.value)
    cocotb.start_soon(mon())

    held = 0
    beats = 0
    for seq, count, first_idx, body in pkts:
        nb = max(1, (len(body) + 7) // 8)
        for k in range(nb):
            chunk = body[8 * k:8 * k + 8]
            await FallingEdge(dut.clk)
            dut.s_valid.value = 1
            dut.s_evt.value = 0
            dut.s_data.value = int.from_bytes(chunk.ljust(8, b"\0"), "little")
            dut.s_nbytes.value = len(chunk)
            dut.s_first.value = 1 if k == 0 else 0
            dut.s_last.value = 1 if k == nb - 1 else 0
            dut.s_seq.value = seq
            dut.s_count.value = count
            dut.s_first_idx.value = first_idx
            dut.s_line.value = 0
            dut.s_stamp.value = 0
            beats += 1
            while True:
                await ReadOnly()
                if int(dut.s_ready.value):
                    break
                held += 1
                await FallingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.s_valid.value = 0
    await ClockCycles(dut.clk, 5)

    want = []
    want_lost = want_empty = 0
    for seq, count, first_idx, body in pkts:
        hdr = struct.pack(">10sQH", b"S" * 10, seq, count)
        p = mold.parse_packet(hdr + body)
        want_lost += p.lost_blocks
        want_empty += p.empty_blocks
        for i, m in p.blocks:
            if i >= first_idx:
                want.append((seq + i, len(m), m[:MSG_BYTES]))
    assert len(got) == len(want), "%d messages, model %d" % (len(got), len(want))
    for g, w in zip(got, want):
        assert g == w, "got %s want %s" % (g, w)
    assert lost[0] == want_lost
    dut._log.info("%d packets, %d beats, %d messages, %d held cycles, %d lost, %d empty (model %d)",
                  len(pkts), beats, len(got), held, lost[0], empty[0], want_empty)


def test_nt_mold_split():
    import ntrun
    ntrun.run("nt_mold_split", "test_nt_mold_split", os.path.dirname(os.path.abspath(__file__)),
              params={"MSG_BYTES": MSG_BYTES})
