"""nt_mold_arb: MoldUDP64 sequencing and A/B arbitration against the
reference model's Sequencer (sim/model/nanotick_model/mold.py), with both
line FIFOs (nt_rx_fifo's read side) and the splitter's abort answer
emulated in Python, cycle by cycle, and a consumer that stalls at random.

Scenario: one session, then a second; line B carries the packets of line A
(with loss on either line, different packet boundaries: overlaps, and
delays either way), heartbeats, gaps (packets lost on both lines), an end
of session, packets after it, and late packets of the old session.

Store and forward: frames become visible whole, in commit order; the
model is fed the packets in that order and the arbiter's output (frames
with first_idx = the messages it delivers, GAP / SESSION / END_OF_SESSION
events with expected and received) must equal the model's delivered
sequence numbers and events, and every delivered frame's bytes its
packet's.

Cut-through: frames are visible from their header on ("open"), their beats
readable one per cycle, and closed at their end, some bad: the arbiter
must never pop a beat that is not readable nor end an open frame, and a bad
frame it is streaming ends with an abort item; the emulated splitter
answers the number of whole blocks it got, and the model is then fed that
frame as a packet of that many messages (the late-bad-frame rule of
docs/hdl.md).  Frames are fed to the model in the order the arbiter ended
them (rd_done).
"""
import os
import random
import sys

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "model"))
from nanotick_model import mold  # noqa: E402

BLOCK = 16      # every message block: 2-byte length 14 + 14 bytes


def payload_of(seq, count):
    out = b""
    for i in range(count):
        out += b"\x00\x0e" + (seq + i).to_bytes(8, "big") + b"MSG!XY"
    return out


class Pkt:
    def __init__(self, line, session, seq, count, t):
        self.line, self.session, self.seq, self.count, self.t = line, session, seq, count, t
        n = count if 0 < count < 0xFFFF else 0
        self.data = payload_of(seq, n)
        self.beats = [int.from_bytes(self.data[8 * k:8 * k + 8].ljust(8, b"\0"), "little")
                      for k in range((len(self.data) + 7) // 8)]
        self.bad = False
        self.push = t            # visible from (CT: its header)
        self.close = t           # closed at
        self.fid = None


def scenario(rnd, ct):
    """Packets on both lines with their end times."""
    pk = []
    t = 10
    seq = 1
    s1, s2 = b"SESSION001", b"SESSION002"
    old = []
    for sess in (s1, s2):
        seq = 1 if sess == s1 else 1000
        for i in range(70):
            t += rnd.randrange(4, 30)
            r = rnd.random()
            if r < 0.06:
                pk.append(Pkt(rnd.randrange(2), sess, seq, 0, t))          # heartbeat
                continue
            if r < 0.10:
                seq += rnd.randrange(1, 4)                                  # lost on both: gap
            count = rnd.randrange(1, 6)
            a_ok = rnd.random() > 0.15
            b_ok = rnd.random() > 0.15
            if a_ok:
                pk.append(Pkt(0, sess, seq, count, t))
            if b_ok:
                d = rnd.randrange(-6, 12)
                if rnd.random() < 0.3 and count > 1:
                    # B re-packetized: starts one message later (overlap) and carries one more
                    pk.append(Pkt(1, sess, seq + 1, count, t + d))
                else:
                    pk.append(Pkt(1, sess, seq, count, t + d))
            if sess == s1 and rnd.random() < 0.2:
                old.append((seq, count))
            seq += count
        if sess == s1:
            t += 20
            pk.append(Pkt(0, sess, seq, 0xFFFF, t))                          # end of session
            t += 15
            pk.append(Pkt(1, sess, seq, 2, t))                               # after the end
    # late packets of the old session on line B, after the new session began
    t0 = max(p.t for p in pk if p.session == s2 and p.seq == 1000) if any(
        p.session == s2 for p in pk) else t
    for k, (sq, c) in enumerate(old[:5]):
        pk.append(Pkt(1, s1, sq, c, t0 + 40 + 17 * k))
    if ct:
        for p in pk:
            n = max(1, len(p.beats))
            p.push = p.t - n - 2         # header seen before the frame's beats
            p.close = p.t
            p.bad = 0 < p.count < 0xFFFF and rnd.random() < 0.08
    # per line: frames in time order, one at a time (a line carries one frame at a time)
    lines = [sorted([p for p in pk if p.line == ln], key=lambda p: p.t) for ln in (0, 1)]
    for ln in lines:
        prev = -100
        for p in ln:
            n = max(1, len(p.beats))
            shift = max(0, prev + 3 - (p.push if ct else p.t - n))
            p.t += shift
            p.push += shift
            p.close += shift
            if not ct:
                p.push = p.close = p.t
            prev = p.t
    fid = 0
    for p in sorted(pk, key=lambda p: (p.push, p.line)):
        p.fid = fid
        fid += 1
    return lines


class LineFifo:
    """The read side of nt_rx_fifo for one line."""

    def __init__(self, frames, ct):
        self.frames = frames
        self.ct = ct
        self.h = 0
        self.r = 0
        self.now = 0
        self.done_order = []

    def head(self):
        if self.h < len(self.frames) and self.frames[self.h].push <= self.now:
            return self.frames[self.h]
        return None

    def released(self, f):
        if self.now >= f.close:
            return len(f.beats)
        # one beat per cycle from the header on, the last one only at the close
        return min(len(f.beats) - 1, max(0, self.now - f.push))

    def step(self, pop, done, errors, line):
        f = self.head()
        if done:
            if f is None or self.now < f.close:
                errors.append("line %d: rd_done without a closed head" % line)
            else:
                f.done_cycle = self.now
                self.done_order.append(f)
                self.h += 1
                self.r = 0
        elif pop:
            if f is None or self.r >= self.released(f):
                errors.append("line %d: pop of a beat that is not readable" % line)
            self.r += 1
        self.now += 1

    def drive(self, dut, p):
        f = self.head()
        g = lambda n: getattr(dut, "%s_%s" % (p, n))
        g("desc_valid").value = 1 if f else 0
        if f:
            g("desc_open").value = 1 if self.now < f.close else 0
            g("desc_bad").value = 1 if (f.bad and self.now >= f.close) else 0
            g("desc_len").value = len(f.data)
            g("desc_session").value = int.from_bytes(f.session, "big")
            g("desc_seq").value = f.seq
            g("desc_count").value = f.count
            g("desc_end").value = f.seq + f.count
            g("desc_stamp").value = f.fid
            g("desc_commit").value = f.push
            g("rd_data").value = f.beats[self.r] if self.r < len(f.beats) else 0
            g("rd_avail").value = 1 if self.r < self.released(f) else 0
        else:
            g("desc_open").value = 0
            g("desc_bad").value = 0
            g("rd_avail").value = 0


async def run(dut, ct, seed):
    cocotb.start_soon(Clock(dut.clk, 4, unit="ns").start())
    rnd = random.Random(seed)
    lines = scenario(rnd, ct)
    fifos = [LineFifo(lines[0], ct), LineFifo(lines[1], ct)]
    dut.m_ready.value = 0
    dut.s_abort_done.value = 0
    dut.s_abort_idx.value = 0
    for f, p in zip(fifos, ("a", "b")):
        f.drive(dut, p)
    dut.rst.value = 1
    await ClockCycles(dut.clk, 3)
    dut.rst.value = 0
    errors = []
    items = []          # ("evt", code, exp, rcv) | ("frame", fid, seq, count, first_idx, bytes, aborted)
    cur = None
    abort_at = None
    end = max([p.close for ln in lines for p in ln] + [0]) + 400
    for cyc in range(end):
        await RisingEdge(dut.clk)
        # pre-edge values: what the arbiter and the FIFOs acted on
        pops = [int(dut.a_rd_pop.value), int(dut.b_rd_pop.value)]
        dones = [int(dut.a_rd_done.value), int(dut.b_rd_done.value)]
        if int(dut.m_valid.value) and int(dut.m_ready.value):
            if int(dut.m_evt.value):
                items.append(("evt", int(dut.m_evt_code.value), int(dut.m_evt_expected.value),
                              int(dut.m_evt_received.value)))
            else:
                if int(dut.m_first.value):
                    cur = dict(line=int(dut.m_line.value), seq=int(dut.m_seq.value),
                               count=int(dut.m_count.value), first=int(dut.m_first_idx.value),
                               fid=int(dut.m_stamp.value), data=b"", aborted=False)
                if int(dut.m_abort.value):
                    cur["aborted"] = True
                    abort_at = (cyc + 2, len(cur["data"]) // BLOCK)
                else:
                    nb = int(dut.m_nbytes.value)
                    cur["data"] += int(dut.m_data.value).to_bytes(8, "little")[:nb]
                if int(dut.m_last.value):
                    items.append(("frame", cur))
                    cur = None
        dut.s_abort_done.value = 0
        if abort_at and abort_at[0] == cyc:
            dut.s_abort_done.value = 1
            dut.s_abort_idx.value = abort_at[1]
            abort_at = None
        for i, f in enumerate(fifos):
            f.step(pops[i], dones[i], errors, i)
            f.drive(dut, ("a", "b")[i])
        dut.m_ready.value = 1 if rnd.random() < 0.7 else 0
        if len(errors) > 5:
            break
    assert not errors, errors[:5]
    assert all(f.h == len(f.frames) for f in fifos), "frames left in the FIFOs"
    return lines, fifos, items


def expectation(order, aborted_idx):
    seqr = mold.Sequencer()
    delivered = []
    for f in order:
        count = f.count
        if f.fid in aborted_idx:
            count = aborted_idx[f.fid]
            if count == 0:
                continue
        elif f.bad:
            continue        # discarded before it was taken: the model's whole-frame drop
        pkt = mold.parse_packet(f.session + f.seq.to_bytes(8, "big") + count.to_bytes(2, "big")
                                + payload_of(f.seq, count if 0 < count < 0xFFFF else 0))
        for s, _ in seqr.feed(pkt, f.line):
            delivered.append(s)
    codes = {"gap": 1, "end_of_session": 5, "session": 7}
    evs = [(codes[e.kind], e.expected if e.kind != "session" else 0, e.received) for e in seqr.events]
    return delivered, evs, seqr


def hdl_view(items):
    delivered, evs, aborted = [], [], {}
    for it in items:
        if it[0] == "evt":
            evs.append(it[1:])
            continue
        c = it[1]
        if c["aborted"]:
            n = len(c["data"]) // BLOCK
            aborted[c["fid"]] = n
            delivered += [c["seq"] + i for i in range(c["first"], n)]
        else:
            assert c["data"] == payload_of(c["seq"], c["count"]), "frame %d bytes" % c["fid"]
            delivered += [c["seq"] + i for i in range(c["first"], c["count"])]
    return delivered, evs, aborted


@cocotb.test()
async def test_store_and_forward(dut):
    lines, fifos, items = await run(dut, False, 1)
    # the FIFOs were ended in commit order (the earlier commit first, A on a tie)
    order = sorted([p for ln in lines for p in ln], key=lambda p: (p.push, p.line))
    got = sorted(fifos[0].done_order + fifos[1].done_order, key=lambda p: p.fid)
    assert len(got) == len(order)
    d_hdl, e_hdl, aborted = hdl_view(items)
    d_mod, e_mod, seqr = expectation(order, {})
    assert not aborted
    assert e_hdl == e_mod, "events: hdl %s model %s" % (e_hdl[:6], e_mod[:6])
    assert d_hdl == d_mod, "delivered: hdl %s model %s" % (d_hdl[:20], d_mod[:20])
    c = seqr.counters
    dut._log.info("SAF: %d frames, %d messages delivered, model counters %s", len(order), len(d_mod),
                  {k: v for k, v in c.items() if v})
    assert c["gaps"] > 0 and c["overlaps"] > 0 and c["duplicates"] > 0 and c["old_session"] > 0
    assert c["heartbeats"] > 0 and c["after_end"] > 0 and c["end_of_session"] == 1


@cocotb.test()
async def test_cut_through(dut):
    lines, fifos, items = await run(dut, True, 2)
    d_hdl, e_hdl, aborted = hdl_view(items)
    # the model is fed the frames in the order the arbiter ended them (rd_done)
    order = merged_order(fifos)
    d_mod, e_mod, seqr = expectation(order, aborted)
    assert e_hdl == e_mod, "events: hdl %s model %s" % (e_hdl[:6], e_mod[:6])
    assert d_hdl == d_mod, "delivered: hdl %s model %s" % (d_hdl[:20], d_mod[:20])
    n_bad = sum(1 for ln in lines for p in ln if p.bad)
    dut._log.info("CT: %d frames, %d bad (%d aborted while streamed), %d messages delivered, %s",
                  sum(len(ln) for ln in lines), n_bad, len(aborted), len(d_mod),
                  {k: v for k, v in seqr.counters.items() if v})
    assert n_bad > 0 and len(aborted) > 0


def merged_order(fifos):
    return sorted(fifos[0].done_order + fifos[1].done_order, key=lambda p: p.done_cycle)


def test_nt_mold_arb():
    import ntrun
    ntrun.run("nt_mold_arb", "test_nt_mold_arb", os.path.dirname(os.path.abspath(__file__)))
