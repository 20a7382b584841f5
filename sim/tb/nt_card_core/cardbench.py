"""Test bench helpers for nt_card_core: line drivers, DMA ring memory, record
decoding and the comparison against the reference model (sim/model).

The MAC side is driven the way a MAC drives it: every beat of a frame in
consecutive cycles (tvalid high for the whole frame, tready is never looked
at because the core ties it to 1), frames of a line back to back when the
schedule says so.  Lines A and B run concurrently.
"""

import os
import struct
import sys

import cocotb
from cocotb.triggers import FallingEdge, ReadOnly, RisingEdge

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "sim", "model"))

from nanotick_model import engine as m_engine  # noqa: E402
from nanotick_model import mold as m_mold  # noqa: E402
from nanotick_model import pcap as m_pcap  # noqa: E402

LINE_B_PORT = 26478
RING_BASE = 0x1_0000_0000
NT_FLAG_STALE = 0x0001
NT_FLAG_GAP = 0x0002
NT_FLAG_BID_CHANGED = 0x0004
NT_FLAG_ASK_CHANGED = 0x0008
NT_FLAG_LINE_B = 0x0010

_TOB = struct.Struct("<QBBHHHIIIIQQQQ")
_TRADE = struct.Struct("<QBBHHBBIIQQQQQ")
_EVT = struct.Struct("<QBBHHBBQQQQQQ")

# CSR counter indices (hdl/nt_card_core.v)
CNT = {
    "accepted_a": 0, "mac_error_a": 1, "short_ethernet_a": 2, "bad_ip_header_a": 3,
    "bad_ip_length_a": 4, "bad_ip_checksum_a": 5, "ip_fragment_a": 6, "bad_udp_length_a": 7,
    "bad_mold_header_a": 8, "fifo_overflow_a": 9, "not_ipv4_a": 10, "not_udp_a": 11,
    "port_filtered_a": 12, "group_filtered_a": 13, "too_many_tags_a": 14,
    "accepted_b": 16, "mac_error_b": 17, "bad_ip_checksum_b": 21, "fifo_overflow_b": 25,
    "frames_a": 32, "frames_b": 33,
    "packets": 34, "heartbeats": 35, "duplicates": 36, "overlaps": 37, "gaps": 38,
    "sessions": 39, "old_session": 40, "end_of_session": 41, "after_end": 42,
    "empty_block_cycles": 43, "lost_block_packets": 44, "trailing_packets": 45, "delivered": 46,
    "type_A": 47, "type_F": 48, "type_E": 49, "type_C": 50, "type_X": 51, "type_D": 52,
    "type_U": 53, "type_P": 54, "type_Q": 55, "type_S": 56, "type_R": 57, "type_H": 58,
    "type_other": 59, "bad_length": 60,
    "dup_add": 61, "zero_shares": 62, "bad_side": 63, "unknown_ref": 64, "clamp": 65,
    "table_overflow": 66, "locate_range": 67, "book_err": 68, "tob_records": 69,
    "trade_records": 70, "event_records": 71, "stale_records": 72,
    "ring_written": 73, "ring_dropped": 74, "messages": 75,
}


class Frame:
    __slots__ = ("data", "err", "line", "start", "beats", "index")

    def __init__(self, data, err, line, index):
        self.data = data
        self.err = err
        self.line = line
        self.index = index
        self.start = None
        self.beats = max(1, (len(data) + 7) // 8)


def load_frames(path):
    """pcap -> [Frame] in file order; line B = UDP dst port 26478 (as the
    model's line_b_port); a capture shorter than the wire frame is a MAC error."""
    out = []
    for i, fr in enumerate(m_pcap.read_pcap(path)):
        line = 0
        d = fr.data
        try:
            r = m_pcap.parse_frame(d, len(d), {}, None)
            if r is not None and r[1] == LINE_B_PORT:
                line = 1
        except Exception:
            pass
        data = d if len(d) > 0 else b"\0"
        out.append(Frame(data, len(d) < fr.orig_len, line, i))
    return out


def schedule(frames, gap=0, overlap=True):
    """Start cycles (relative) such that frames END in file order (the core
    takes whole frames in commit order), a line carries one frame at a time,
    and lines A and B overlap in time where possible."""
    free = [0, 0]
    prev_end = -1
    for f in frames:
        s = free[f.line]
        if overlap:
            s = max(s, prev_end - f.beats + 2)
        else:
            s = max(s, prev_end + 1)
        f.start = s
        end = s + f.beats - 1
        prev_end = end
        free[f.line] = end + 1 + gap
    return max([f.start + f.beats for f in frames] + [0])


class LineDriver:
    """Per-cycle beats for both lines, precomputed from the schedule."""

    def __init__(self, dut, frames, t0):
        self.dut = dut
        self.beats = [dict(), dict()]
        for f in frames:
            d = f.data
            n = f.beats
            for k in range(n):
                chunk = d[8 * k:8 * k + 8]
                keep = (1 << len(chunk)) - 1
                word = int.from_bytes(chunk.ljust(8, b"\0"), "little")
                self.beats[f.line][t0 + f.start + k] = (word, keep, k == n - 1,
                                                         1 if (f.err and k == n - 1) else 0)
        self.last = max([max(b) for b in self.beats if b] + [t0])
        self.busy_cycles = [len(self.beats[0]), len(self.beats[1])]

    async def run(self, clk):
        """Drives the beat of core cycle c while the core's `cycle` register
        reads c (set up after the falling edge, sampled at the next rising
        edge: the ingress stamp of a first beat is that c)."""
        dut = self.dut
        sig = [(dut.s_axis_a_tdata, dut.s_axis_a_tkeep, dut.s_axis_a_tvalid, dut.s_axis_a_tlast,
                dut.s_axis_a_tuser, dut.s_axis_a_tready),
               (dut.s_axis_b_tdata, dut.s_axis_b_tkeep, dut.s_axis_b_tvalid, dut.s_axis_b_tlast,
                dut.s_axis_b_tuser, dut.s_axis_b_tready)]
        self.tready_low = 0
        while True:
            await FallingEdge(clk)
            c = int(dut.cycle.value)
            if c > self.last + 1:
                break
            for ln in (0, 1):
                b = self.beats[ln].get(c)
                td, tk, tv, tl, tu, _ = sig[ln]
                if b is None:
                    tv.value = 0
                    tl.value = 0
                    tu.value = 0
                else:
                    td.value = b[0]
                    tk.value = b[1]
                    tv.value = 1
                    tl.value = 1 if b[2] else 0
                    tu.value = b[3]
                    if sig[ln][5].value != 1:
                        self.tready_low += 1
        for ln in (0, 1):
            sig[ln][2].value = 0


class DmaRing:
    """Host memory behind m_dma_*: applies 64-byte line writes in order and
    notes the cycle of each record's first write and of its seq write."""

    def __init__(self, dut, base, log2cap):
        self.dut = dut
        self.base = base
        self.cap = 1 << log2cap
        self.mem = {}                   # line address -> bytearray(64)
        self.writes = []                # (cycle, addr, strb)
        self.first_write = {}           # slot -> cycle of the first write since its last seq
        self.rec_first = []             # (record index, first-write cycle)
        self.prod_index = 0
        self.order_errors = []

    def line(self, addr):
        b = self.mem.get(addr)
        if b is None:
            b = self.mem[addr] = bytearray(64)
        return b

    def apply(self, c, addr, data, strb):
        self.writes.append((c, addr, strb))
        ln = self.line(addr)
        for i in range(64):
            if strb >> i & 1:
                ln[i] = data[i]
        off = addr - self.base
        if off == 128 and strb == 0xFF:
            self.prod_index = int.from_bytes(data[:8], "little")
            return
        slot = (off - 4096) // 64
        if slot not in self.first_write:
            self.first_write[slot] = c
        if strb == 0xFF or strb == (1 << 64) - 1:     # (all ones: one-write mode, CTRL bit 7)
            seq = int.from_bytes(data[:8], "little")
            if seq != 0:
                self.rec_first.append((seq - 1, self.first_write.pop(slot)))
                # the payload must have been written before the seq word
        elif strb == 0xFFFFFFFFFFFFFF00:
            pass
        else:
            self.order_errors.append((c, addr, strb))

    def records(self):
        """[(index, 64 bytes)] of the valid records now in the ring, oldest first."""
        out = []
        lo = max(0, self.prod_index - self.cap)
        for i in range(lo, self.prod_index):
            slot = i & (self.cap - 1)
            b = bytes(self.line(self.base + 4096 + 64 * slot))
            seq = int.from_bytes(b[:8], "little")
            if seq == i + 1:
                out.append((i, b))
        return out


def decode_record(b):
    t = b[8]
    if t == 1:
        (seq, _, mt, fl, loc, _, bp, bq, ap, aq, ts, mseq, ordn, ing) = _TOB.unpack(b)
        return dict(kind="tob", seq=seq, msg_type=chr(mt), flags=fl, locate=loc, bid_px=bp,
                    bid_qty=bq, ask_px=ap, ask_qty=aq, itch_ts=ts, mold_seq=mseq,
                    ordinal=ordn, ingress=ing)
    if t == 2:
        (seq, _, mt, fl, loc, side, prn, px, _, sh, ts, match, ordn, ing) = _TRADE.unpack(b)
        return dict(kind="trade", seq=seq, msg_type=chr(mt), flags=fl, locate=loc, side=side,
                    printable=prn, price=px, shares=sh, itch_ts=ts, match=match, ordinal=ordn,
                    ingress=ing)
    if t == 3:
        (seq, _, ev, fl, loc, line, _, ex, rc, cnt, aux, ordn, ing) = _EVT.unpack(b)
        return dict(kind="event", seq=seq, event=ev, flags=fl, locate=loc, line=line,
                    expected=ex, received=rc, count=cnt, aux=aux, ordinal=ordn, ingress=ing)
    return dict(kind="unknown", type=t)


def model_run(path, port=None):
    tobs, trades = [], []
    e = m_engine.Engine(tobs.append, trades.append, port=port, line_b_port=LINE_B_PORT)
    e.run(path)
    return e, tobs, trades


def compare(hdl_recs, tobs, trades, log):
    """Every HDL record against the model.  Returns (errors, stats).

    Top of book: a record not flagged STALE must equal the model's top of
    book of that locate after that message (values, type, timestamps,
    sequence number, flags); every model row must have its HDL record,
    unless the HDL had the locate flagged STALE at that point.  Trades: same
    list, in the same order, field by field."""
    errors = []
    hdl_tob = [r for r in hdl_recs if r["kind"] == "tob"]
    hdl_trade = [r for r in hdl_recs if r["kind"] == "trade"]
    stale = sum(1 for r in hdl_tob if r["flags"] & NT_FLAG_STALE)

    model_rows = {}
    for m in tobs:
        model_rows[(m.msg_ordinal, m.locate)] = m
    # model top of book per locate as of each ordinal
    events = []
    for m in tobs:
        events.append((m.msg_ordinal, 0, m))
    for r in hdl_tob:
        events.append((r["ordinal"], 1, r))
    events.sort(key=lambda e: (e[0], e[1]))
    cur = {}
    hdl_stale = {}
    matched = set()
    U32 = 0xFFFFFFFF
    for ordn, kind, x in events:
        if kind == 0:
            cur[x.locate] = x
            continue
        r = x
        loc = r["locate"]
        was_stale = hdl_stale.get(loc, False)
        hdl_stale[loc] = bool(r["flags"] & NT_FLAG_STALE)
        if r["flags"] & NT_FLAG_STALE:
            if (ordn, loc) in model_rows:
                matched.add((ordn, loc))
            continue
        m = cur.get(loc)
        want = (m.bid_px, min(m.bid_qty, U32), m.ask_px, min(m.ask_qty, U32)) if m else (0, 0, 0, 0)
        got = (r["bid_px"], r["bid_qty"], r["ask_px"], r["ask_qty"])
        if want != got:
            errors.append("msg %d locate %d: hdl %s model %s" % (ordn, loc, got, want))
            continue
        mr = model_rows.get((ordn, loc))
        if mr is None:
            if not was_stale:
                errors.append("msg %d locate %d: hdl record %s without a model row" % (ordn, loc, got))
            continue
        matched.add((ordn, loc))
        # after a STALE record (a level-cache refill record carries the fields of the
        # last message applied), BID/ASK_CHANGED are relative to the STALE values
        cmask = NT_FLAG_GAP | NT_FLAG_LINE_B | (0 if was_stale else NT_FLAG_BID_CHANGED | NT_FLAG_ASK_CHANGED)
        mflags = mr.flags & cmask
        hflags = r["flags"] & cmask
        if (r["msg_type"], r["itch_ts"], r["mold_seq"], hflags) != (mr.msg_type, mr.itch_ts,
                                                                   mr.mold_seq, mflags):
            errors.append("msg %d locate %d: hdl (%s,%d,%d,%#x) model (%s,%d,%d,%#x)" % (
                ordn, loc, r["msg_type"], r["itch_ts"], r["mold_seq"], hflags,
                mr.msg_type, mr.itch_ts, mr.mold_seq, mflags))
    # model rows the HDL did not produce
    hdl_stale = {}
    last_hdl = {}
    hdl_by_ord = {}
    for r in hdl_tob:
        hdl_by_ord.setdefault(r["locate"], []).append(r)
    for (ordn, loc), m in sorted(model_rows.items()):
        if (ordn, loc) in matched:
            continue
        prev = [r for r in hdl_by_ord.get(loc, []) if r["ordinal"] < ordn]
        if prev and prev[-1]["flags"] & NT_FLAG_STALE:
            continue
        errors.append("msg %d locate %d: model row %s missing from the HDL" % (ordn, loc, m.csv()))

    # trades: the same prints in the same order; an E/C print may be missing
    # only for a locate the HDL had flagged STALE before (its order could not
    # be stored: table overflow)
    first_stale = {}
    for r in hdl_tob:
        if r["flags"] & NT_FLAG_STALE and r["locate"] not in first_stale:
            first_stale[r["locate"]] = r["ordinal"]
    hi = 0
    missing_ok = 0
    for m in trades:
        side = ord(m.side) if m.side else 0
        mflags = m.flags & (NT_FLAG_GAP | NT_FLAG_LINE_B)
        want = (m.msg_ordinal, m.msg_type, m.locate, side, m.printable, m.price, m.shares,
                m.itch_ts, m.match_number, mflags)
        r = hdl_trade[hi] if hi < len(hdl_trade) else None
        if r is not None and r["ordinal"] == m.msg_ordinal:
            got = (r["ordinal"], r["msg_type"], r["locate"], r["side"], chr(r["printable"]),
                   r["price"], r["shares"], r["itch_ts"], r["match"],
                   r["flags"] & (NT_FLAG_GAP | NT_FLAG_LINE_B))
            if got != want:
                errors.append("trade: hdl %s model %s" % (got, want))
            hi += 1
        elif m.msg_type in "EC" and first_stale.get(m.locate, 1 << 62) <= m.msg_ordinal:
            missing_ok += 1
        else:
            errors.append("trade missing from the HDL: model %s" % (want,))
        if len(errors) > 50:
            break
    if hi != len(hdl_trade) and len(errors) <= 50:
        errors.append("trades: %d HDL prints without a model print" % (len(hdl_trade) - hi))
    stats = dict(tob=len(hdl_tob), model_tob=len(tobs), stale=stale, trades=len(hdl_trade),
                 trades_missing_stale=missing_ok)
    for e in errors[:20]:
        log.error(e)
    return errors, stats
