"""cocotb bench of nt_card_core in cut-through mode (CSR CTRL bit 5).

The same streams as test_nt_card_core (store and forward), with the line
FIFOs releasing a frame's message beats as they arrive.  Every record is
compared with the reference model (sim/model), whose semantics are those of
whole frames.  Cut-through differs from them in one documented case only: a
frame whose MAC error (tuser on its last beat) or truncation shows after
some of its messages were released ("late bad frame").  The card then emits
a feed event NT_EVT 10 (expected = first MoldUDP64 sequence number released
from the frame, received = first one not released), sets the sticky GAP flag
on every later record, and continues sequencing from `received` (the other
line's copy or a gap supplies the rest).  The explicit expectation for that
case: the model runs on the same frames where each late bad frame is
replaced by a good frame carrying exactly the messages the card released
(read from the event), and every model record after the event gets GAP.
"""

import os
import random
import tempfile

import cocotb

import cardbench as cb
import test_nt_card_core as base

CTRL_CUT_THROUGH = 1 << 5
EVT_LATE_BAD = 10


def _mold_offsets(d):
    """(UDP dst port, offset of the MoldUDP64 header) of an Ethernet/VLAN/IPv4/UDP frame."""
    off = 12
    while int.from_bytes(d[off:off + 2], "big") in (0x8100, 0x88A8):
        off += 4
    ip = off + 2
    ihl = (d[ip] & 15) * 4
    udp = ip + ihl
    return int.from_bytes(d[udp + 2:udp + 4], "big"), udp + 8


def released_frame(f, received):
    """A good frame carrying the blocks of frame f with sequence < received."""
    d = f.data
    port, mold = _mold_offsets(d)
    session = d[mold:mold + 10]
    seq = int.from_bytes(d[mold + 10:mold + 18], "big")
    off = mold + 20
    msgs = []
    for _ in range(received - seq):
        n = int.from_bytes(d[off:off + 2], "big")
        msgs.append(d[off + 2:off + 2 + n])
        assert off + 2 + n <= len(d), "released block past the captured bytes"
        off += 2 + n
    return cb.m_pcap.build_frame(cb.m_mold.build_packet(session, seq, msgs), dst_port=port)


def model_run(path):
    """cardbench.model_run, plus the MoldUDP64 sequence number of every message ordinal."""
    tobs, trades, ord_seq = [], [], {}
    e = cb.m_engine.Engine(tobs.append, trades.append, line_b_port=cb.LINE_B_PORT)
    feed = e.feed_message

    def feed_message(raw, mold_seq=0, line=0):
        ord_seq[e.ordinal + 1] = mold_seq
        feed(raw, mold_seq, line)
    e.feed_message = feed_message
    e.run(path)
    return e, tobs, trades, ord_seq


def lines_carrying(path):
    """{(line, sequence number)} of the messages of every good frame."""
    out = set()
    for fr in cb.m_pcap.read_pcap(path):
        try:
            r = cb.m_pcap.parse_frame(fr.data, fr.orig_len, {}, None)
            if r is None:
                continue
            pkt = cb.m_mold.parse_packet(r[0])
        except Exception:
            continue
        line = 1 if r[1] == cb.LINE_B_PORT else 0
        if 0 < pkt.count < 0xFFFF:
            for i in range(pkt.count):
                out.add((line, pkt.seq + i))
    return out


def latency_split(frames, recs, ring):
    """base.latencies, split: messages whose last byte is in their frame's
    last beat (they wait for the frame's verdict) and the others."""
    by_start = {(f.start, f.line): f for f in frames}
    first = dict(ring.rec_first)
    last_beat, inner = [], []
    for idx, r in recs:
        if r["kind"] != "tob" or idx not in first:
            continue
        f = by_start.get((r["ingress"], 1 if r["flags"] & cb.NT_FLAG_LINE_B else 0))
        if f is None:
            continue
        pr = cb.m_pcap.parse_frame(f.data, len(f.data), {}, None)
        if pr is None:
            continue
        payload = pr[0]
        mstart = f.data.find(payload)
        pkt = cb.m_mold.parse_packet(payload)
        off = 20
        for i in range(pkt.count):
            off += 2 + int.from_bytes(payload[off:off + 2], "big")
            if pkt.seq + i == r["mold_seq"]:
                k = (mstart + off - 1) // 8
                lat = first[idx] - (f.start + k)
                (last_beat if k == f.beats - 1 else inner).append(lat)
                break
    return last_beat, inner


def dist(v):
    if not v:
        return {}
    v = sorted(v)
    return dict(n=len(v), min=v[0], median=v[len(v) // 2], p90=v[(len(v) * 9) // 10], max=v[-1],
                le12=round(sum(1 for x in v if x <= 12) / len(v), 3))


async def run_ct(dut, path, name, tmp, log2cap=16, check_counters=True):
    card = base.Card(dut, log2cap)
    await card.start(ctrl_extra=CTRL_CUT_THROUGH)
    frames = cb.load_frames(path)
    t_start = int(dut.cycle.value)
    drv = await card.feed(frames)
    cycles = int(dut.cycle.value) - t_start
    recs = card.records()
    assert drv.tready_low == 0
    assert not card.ring.order_errors, card.ring.order_errors[:5]
    assert card.ring.prod_index == len(card.ring.rec_first)
    hdl = [r for _, r in recs]

    # the explicit expectation for late bad frames
    late = [r for r in hdl if r["kind"] == "event" and r["event"] == EVT_LATE_BAD]
    by_start = {(f.start, f.line): f for f in frames}
    replace = {}
    for r in late:
        f = by_start[(r["ingress"], r["line"])]
        assert r["count"] == r["received"] - r["expected"] > 0
        replace[f.index] = released_frame(f, r["received"])
    exp_path = path
    if replace:
        exp_path = os.path.join(tmp, name + "-expect.pcap")
        w = cb.m_pcap.PcapWriter(exp_path)
        for i, fr in enumerate(cb.m_pcap.read_pcap(path)):
            if i in replace:
                w.write(replace[i], 1000 * i, len(replace[i]))
            else:
                w.write(fr.data, 1000 * i, fr.orig_len)
        w.close()
    e, tobs, trades, ord_seq = model_run(exp_path)
    if late:
        first = min(r["ordinal"] for r in late)
        for m in tobs:
            if m.msg_ordinal > first:
                m.flags |= cb.NT_FLAG_GAP
        for m in trades:
            if m.msg_ordinal > first:
                m.flags |= cb.NT_FLAG_GAP

    # first copy wins, decided from the MoldUDP64 header: when the copies of a
    # packet on A and B overlap in time, the card's first header may be the
    # other line than the model's first frame end.  Such a message's LINE_B
    # flag may differ, provided that line did carry that sequence number.
    carried = lines_carrying(exp_path)
    hdl_line = {}
    for r in hdl:
        if r["kind"] in ("tob", "trade"):
            hdl_line[r["ordinal"]] = r["flags"] & cb.NT_FLAG_LINE_B
    line_choice = 0
    for m in list(tobs) + list(trades):
        hl = hdl_line.get(m.msg_ordinal)
        if hl is None or hl == (m.flags & cb.NT_FLAG_LINE_B):
            continue
        assert (1 if hl else 0, ord_seq[m.msg_ordinal]) in carried, \
            "msg %d: HDL line %d never carried sequence %d" % (m.msg_ordinal, 1 if hl else 0,
                                                               ord_seq[m.msg_ordinal])
        m.flags = (m.flags & ~cb.NT_FLAG_LINE_B) | hl
        line_choice += 1

    errors, stats = cb.compare(hdl, tobs, trades, dut._log)
    stats["line_choice"] = line_choice
    cnt = await card.counters()
    late_cnt = await card.counter_idx(76)
    mc = e.counters()
    lm, le = base.latencies(frames, recs, card.ring)
    l_last, l_inner = latency_split(frames, recs, card.ring)
    stats.update(mode="cut_through", frames=len(frames), messages=mc["messages"], cycles=cycles,
                 beats=sum(f.beats for f in frames), lat_msg=base.summary(lm),
                 lat_msg_dist=dist(lm), lat_in_frame=dist(l_inner), lat_in_last_beat=dist(l_last),
                 lat_eof=base.summary(le), late_bad=late_cnt, late_bad_events=len(late),
                 ring_dropped=cnt["ring_dropped"],
                 fifo_overflow=cnt["fifo_overflow_a"] + cnt["fifo_overflow_b"])
    dut._log.info("%s: %s", name, stats)
    dut._log.info("counters: %s", {k: v for k, v in cnt.items() if v})
    base.report(name, **stats)
    assert not errors, "%d differences (first: %s)" % (len(errors), errors[0])
    assert cnt["messages"] == mc["messages"]
    assert cnt["ring_dropped"] == 0
    assert cnt["fifo_overflow_a"] == 0 and cnt["fifo_overflow_b"] == 0
    assert late_cnt >= len(late)
    if check_counters:
        assert cnt["frames_a"] + cnt["frames_b"] == len(frames)
        assert cnt["gaps"] == mc["mold.gaps"]
        assert cnt["duplicates"] == mc["mold.duplicates"]
        assert cnt["unknown_ref"] == mc["book.unknown_ref"]
        assert cnt["dup_add"] == mc["book.dup_add"]
        assert cnt["clamp"] == mc["book.clamp"]
        assert cnt["trade_records"] == len(trades)
    kinds = {1: "gap", 5: "end_of_session", 7: "session"}
    hev = [(kinds.get(r["event"]), r["expected"], r["received"]) for r in hdl
           if r["kind"] == "event" and r["event"] in kinds]
    mev = [(ev.kind, ev.expected if ev.kind != "session" else 0, ev.received)
           for ev in e.sequencer.events]
    assert hev == mev, "events: hdl %s model %s" % (hev[:5], mev[:5])
    card.frames = frames
    return card, recs, stats, cnt, late, mc


@cocotb.test()
async def test_ct_stream(dut):
    """Seeded random stream on line A (VLAN 141), cut-through: every record
    equals the model's; no late bad frame (all frames good)."""
    with tempfile.TemporaryDirectory() as tmp:
        p = base.gen_pcap(tmp, "s.pcap", seed=int(os.environ.get("NT_SEED", "7")),
                          messages=int(os.environ.get("NT_MESSAGES", "1200")), vlan=141)
        card, recs, stats, cnt, late, mc = await run_ct(dut, p, "ct_stream", tmp)
        assert not late and stats["late_bad"] == 0


@cocotb.test()
async def test_ct_ab_loss(dut):
    """A/B with 20% loss on each line and packets lost on both, cut-through:
    first copy wins (decided from the MoldUDP64 header), gap events."""
    with tempfile.TemporaryDirectory() as tmp:
        p = base.gen_pcap(tmp, "ab.pcap", seed=11, messages=1200, ab=True, loss_a=0.2,
                          loss_b=0.2, drop_packets=(5, 17, 40))
        card, recs, stats, cnt, late, mc = await run_ct(dut, p, "ct_ab_loss", tmp)
        assert cnt["gaps"] >= 3 and cnt["duplicates"] > 0 and cnt["accepted_b"] > 0


@cocotb.test()
async def test_ct_hostile(dut):
    """The hostile A/B stream in cut-through: truncated captures (MAC error
    on the last beat) whose earlier messages were released are late bad
    frames (explicit expectation above); every other frame as the model."""
    with tempfile.TemporaryDirectory() as tmp:
        p = base.gen_pcap(tmp, "h.pcap", seed=5, messages=3000, ab=True, loss_a=0.1, hostile=True)
        card, recs, stats, cnt, late, mc = await run_ct(dut, p, "ct_hostile", tmp,
                                                        check_counters=False)
        # every frame counted once; a late bad frame is counted by its cause
        # (MAC error / truncation) in the card, accepted in the expectation
        causes = (1, 2, 3, 4, 5, 6, 7, 8, 10, 11)
        dropped = 0
        for c in causes:
            dropped += (await card.counter_idx(c)) + (await card.counter_idx(16 + c))
        accepted = cnt["accepted_a"] + cnt["accepted_b"]
        assert accepted + dropped == len(card.frames)
        model_dropped = sum(v for k, v in mc.items() if k.startswith("frame.")
                            and k not in ("frame.accepted",)) + mc.get("decode.bad_mold_header", 0)
        dut._log.info("hostile ct: accepted %d dropped %d late %d (events %d); model %s",
                      accepted, dropped, stats["late_bad"], len(late),
                      {k: v for k, v in mc.items() if k.startswith("frame.")})
        assert cnt["dup_add"] == mc["book.dup_add"] and cnt["unknown_ref"] == mc["book.unknown_ref"]


def mutate_pcap(src, dst, every_err=7, every_cut=11, line_a_only=True):
    """Copy of src where some line-A frames fail at their end: every
    every_err-th with intact bytes and a MAC error (captured length <
    wire length: cardbench feeds that as tuser on the last beat), every
    every_cut-th cut to 60% of its bytes (truncated)."""
    w = cb.m_pcap.PcapWriter(dst)
    k = 0
    n_err = n_cut = 0
    for i, fr in enumerate(cb.m_pcap.read_pcap(src)):
        d = fr.data
        r = None
        try:
            r = cb.m_pcap.parse_frame(d, fr.orig_len, {}, None)
        except Exception:
            pass
        if r is not None and (r[1] != cb.LINE_B_PORT or not line_a_only) and len(d) > 120:
            k += 1
            if k % every_err == 0:
                w.write(d, 1000 * i, len(d) + 4)
                n_err += 1
                continue
            if k % every_cut == 0:
                w.write(d[:max(90, len(d) * 6 // 10)], 1000 * i, len(d))
                n_cut += 1
                continue
        w.write(d, 1000 * i, fr.orig_len)
    w.close()
    return n_err, n_cut


@cocotb.test()
async def test_ct_late_bad(dut):
    """Late bad frames: line-A frames with a MAC error on their last beat
    (bytes intact) or truncated, whose first messages the card released
    before the verdict.  Line B carries copies with 30% loss: where B has the
    packet it supplies the rest (overlap), where it does not a gap follows.
    Explicit expectation (module docstring) for every late bad frame."""
    with tempfile.TemporaryDirectory() as tmp:
        p0 = base.gen_pcap(tmp, "lb0.pcap", seed=31, messages=1500, ab=True, loss_a=0.0,
                           loss_b=0.3, per_packet=12)
        p = os.path.join(tmp, "lb.pcap")
        n_err, n_cut = mutate_pcap(p0, p)
        card, recs, stats, cnt, late, mc = await run_ct(dut, p, "ct_late_bad", tmp,
                                                        check_counters=False)
        dut._log.info("late bad: %d MAC-error and %d truncated frames on A; %d aborted, %d with "
                      "messages released", n_err, n_cut, stats["late_bad"], len(late))
        assert n_err > 0 and n_cut > 0
        assert len(late) > 0 and stats["late_bad"] >= len(late)
        assert cnt["mac_error_a"] + cnt["bad_ip_length_a"] == n_err + n_cut
        # every late bad event released at least one message, and GAP is set from then on
        first = min(r["ordinal"] for _, r in recs if r["kind"] == "event" and r["event"] == EVT_LATE_BAD)
        after = [r for _, r in recs if r["kind"] == "tob" and r["ordinal"] > first]
        assert after and all(r["flags"] & cb.NT_FLAG_GAP for r in after)


@cocotb.test()
async def test_ct_back_to_back(dut):
    """Throughput in cut-through: 64-message frames (half D, half A) back to
    back on line A, tvalid high every cycle; no loss, every record as the model."""
    import struct
    from nanotick_model import itch
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "b2b.pcap")
        w = cb.m_pcap.PcapWriter(path)
        seq, ref, live = 1, 1000, []
        rnd = random.Random(3)
        for _ in range(int(os.environ.get("NT_B2B_PACKETS", "16"))):
            msgs = []
            for _ in range(64):
                if live and (rnd.random() < 0.5 or len(live) > 200):
                    r = live.pop(rnd.randrange(len(live)))
                    msgs.append(struct.pack(">cHHHIQ", b"D", 1, 0, 0, seq, r))
                else:
                    msgs.append(itch.encode("A", locate=1 + rnd.randrange(3), timestamp=seq,
                                            order_ref=ref, side=rnd.choice("BS"), shares=100,
                                            stock=b"TEST    ", price=1000000 + 100 * rnd.randrange(40)))
                    live.append(ref)
                    ref += 1
            w.write(cb.m_pcap.build_frame(cb.m_mold.build_packet(b"B2B", seq, msgs)))
            seq += len(msgs)
        w.close()
        card, recs, stats, cnt, late, mc = await run_ct(dut, path, "ct_back_to_back", tmp)
        frames = card.frames
        assert sum(f.beats for f in frames) == frames[-1].start + frames[-1].beats - frames[0].start


@cocotb.test()
async def test_ct_real_captures(dut):
    """All real captures of ../shared/data as one stream (the same
    preparation as test_nt_card_core.test_real_captures), cut-through."""
    d = os.path.join(base.SHARED, "nasdaq-itch50-pcaps")
    if not os.path.isdir(d):
        dut._log.warning("no %s: skipped", d)
        return
    paths = sorted(os.path.join(r, fn) for r, _, fs in os.walk(d) for fn in fs if fn.endswith(".pcap"))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "all.pcap")
        w = cb.m_pcap.PcapWriter(out)
        nfr = 0
        for i, p in enumerate(paths):
            for fr in cb.m_pcap.read_pcap(p):
                data = bytearray(fr.data)
                if ".20230822" in p:
                    base.fix_ip_checksum(data)
                r = cb.m_pcap.parse_frame(bytes(data), fr.orig_len, {}, None)
                if r is not None and len(r[0]) >= 20:
                    k = bytes(data).find(r[0])
                    data[k:k + 10] = (b"V%09d" % nfr) if ".20230822" in p else (b"REAL%06d" % i)
                w.write(bytes(data), 1000 * nfr, fr.orig_len)
                nfr += 1
        w.close()
        card, recs, stats, cnt, late, mc = await run_ct(dut, out, "ct_real_captures", tmp,
                                                        check_counters=False)
        assert stats["tob"] > 0 and stats["trades"] > 0


# ---------------------------------------------------------------- runner

def _run(name, params, testcase):
    from cocotb_tools.runner import get_runner
    import xml.etree.ElementTree as ET
    build = os.path.join(os.environ.get("NT_BUILD", os.path.join(cb.ROOT, "build")), "hdl-sim",
                         "nt_card_core_ct_" + name)
    r = get_runner("icarus")
    r.build(sources=base.SOURCES, hdl_toplevel="nt_card_core", parameters=params, build_dir=build,
            always=True, timescale=("1ns", "1ps"))
    xml = os.path.join(build, "results-%s.xml" % "-".join(testcase))
    r.test(hdl_toplevel="nt_card_core", test_module="test_cut_through", testcase=testcase,
           build_dir=build, test_dir=os.path.dirname(os.path.abspath(__file__)),
           extra_env={"PYTHONPATH": os.path.dirname(os.path.abspath(__file__))}, results_xml=xml)
    tree = ET.parse(xml)
    cases = list(tree.iter("testcase"))
    fails = [tc.get("name") for tc in cases if tc.find("failure") is not None
             or tc.find("error") is not None]
    assert cases and not fails, "failed: %s" % fails


def test_card_ct_stream():
    _run("small", base.PARAMS_SMALL, ["test_ct_stream"])


def test_card_ct_ab_loss():
    _run("small", base.PARAMS_SMALL, ["test_ct_ab_loss"])


def test_card_ct_late_bad():
    _run("small", base.PARAMS_SMALL, ["test_ct_late_bad"])


def test_card_ct_back_to_back():
    _run("small", base.PARAMS_SMALL, ["test_ct_back_to_back"])


def test_card_ct_real_captures():
    _run("wide", base.PARAMS_WIDE, ["test_ct_real_captures"])


def test_card_ct_hostile():
    _run("small", base.PARAMS_SMALL, ["test_ct_hostile"])
