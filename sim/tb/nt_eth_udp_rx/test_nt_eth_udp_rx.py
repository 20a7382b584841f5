"""nt_eth_udp_rx: frame checks and payload extraction against the reference
model's parse_frame (sim/model/nanotick_model/pcap.py), frame by frame.

Frames: good ones with 0, 1 or 2 VLAN tags, IPv4 options, Ethernet padding,
payload lengths from 20 to 1400 bytes (every byte alignment); bad IPv4
checksum, IPv4 header/total/UDP lengths past the frame or inconsistent,
fragments, TCP, ARP, runts, MAC errors (tuser), port and group filters;
random garbage.  Frames are driven back to back, tvalid high on every beat.
For each frame: the end code equals the model's verdict, and for accepted
frames the MoldUDP64 header fields and the message-block bytes written into
the FIFO equal the model's UDP payload.

Cut-through outputs, per frame: m_hdr (early verdict) comes iff the frame's
headers pass and a beat follows the MoldUDP64 header; its fields are the
frame's; a frame with m_hdr then ends with m_close (ok iff its final code is
0) and m_end_opened; an early-verdict frame can only fail at its end by a
MAC error or truncation; the beats marked safe are a prefix of the message
bytes and hold no byte of the frame's last beat."""
import os
import random
import struct

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, ReadOnly, RisingEdge

from nanotick_model import pcap

CODE = {"short_ethernet": 2, "bad_ip_header": 3, "bad_ip_length": 4, "bad_ip_checksum": 5,
        "ip_fragment": 6, "bad_udp_length": 7, "not_ipv4": 10, "not_udp": 11,
        "port_filtered": 12}


def expected(frame, err, port):
    if err:
        return 1, None
    drops = {}
    r = pcap.parse_frame(frame, len(frame), drops, port)
    if r is None:
        return CODE[list(drops)[0]], None
    if len(r[0]) < 20:
        return 8, None
    return 0, r[0]


def make_frames(rnd):
    out = []
    for i in range(220):
        n = rnd.choice([0, 1, 2, 5, 19, 20, 21, 27, 64, 100, 333, 1379])
        payload = bytes(rnd.randrange(256) for _ in range(20 + n))
        vlan = rnd.choice([None, None, 141, [141, 7]])
        opts = rnd.choice([b"", b"", b"\x01\x01\x01\x00", b"\x07" * 8])
        kind = rnd.random()
        kw = dict(vlan=vlan, ip_options=opts)
        if kind < 0.06:
            kw["bad_checksum"] = True
        f = bytearray(pcap.build_frame(payload, **kw)) if not isinstance(vlan, list) else None
        if f is None:
            f = bytearray(pcap.build_frame(payload, vlan=vlan[1], ip_options=opts))
            f[12:12] = struct.pack("!HH", 0x88A8, vlan[0])
        err = 0
        k2 = rnd.random()
        if k2 < 0.05:
            f = f[:rnd.randrange(1, len(f))]            # truncated
        elif k2 < 0.08:
            err = 1                                      # MAC error
        elif k2 < 0.10:
            f = bytearray(rnd.randrange(256) for _ in range(rnd.randrange(1, 90)))  # garbage
        elif k2 < 0.12:
            f += bytes(rnd.randrange(1, 30))             # padding after the IP datagram
        out.append((bytes(f), err))
    out += header_edge_frames(rnd)
    return out


def ipv4_checksum(h):
    s = sum(struct.unpack("!%dH" % (len(h) // 2), h))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def header_edge_frames(rnd):
    """IPv4 datagrams whose header ends in the frame's last beat or the one
    before (total length = header, or header + 1..7 bytes: no room for UDP),
    with 0, 1 or 2 tags and 0..10 option words, good and bad header checksums,
    UDP and other protocols: the checksum verdict must count the last beat."""
    out = []
    for i in range(48):
        tags = [b"", b"\x81\x00\x00\x8d", b"\x88\xa8\x00\x8d\x81\x00\x00\x07"][i % 3]
        ihl = 5 + rnd.randrange(11)
        extra = rnd.choice([0, 0, 1, 3, 7])
        total = 4 * ihl + extra
        h = bytearray(struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, 1, 0, 64,
                                  rnd.choice([17, 17, 6]), 0, bytes([10, 0, 0, 1]), bytes([233, 54, 12, 111])))
        h += bytes(rnd.randrange(256) for _ in range(4 * ihl - 20))
        ck = ipv4_checksum(bytes(h))
        if i % 4 == 1:
            ck ^= 1 << rnd.randrange(16)
        h[10:12] = struct.pack("!H", ck)
        f = b"\x01\x00\x5e\x36\x0c\x6f" + b"\x02\x00\x00\x00\x00\x01" + tags + b"\x08\x00" + bytes(h)
        f += bytes(rnd.randrange(256) for _ in range(extra))
        out.append((f, 0))
    return out


@cocotb.test()
async def test_frames(dut):
    rnd = random.Random(41)
    cocotb.start_soon(Clock(dut.clk, 4, unit="ns").start())
    dut.s_axis_tvalid.value = 0
    dut.cfg_port.value = 26477
    dut.cfg_port_en.value = 0
    dut.cfg_group.value = 0
    dut.cfg_group_en.value = 0
    dut.cycle.value = 0
    dut.rst.value = 1
    await ClockCycles(dut.clk, 3)
    dut.rst.value = 0
    frames = make_frames(rnd)
    ends = []
    writes = []
    safe = []
    ct = dict(hdr=None, close=None)

    async def mon():
        while True:
            await RisingEdge(dut.clk)
            await ReadOnly()
            if int(dut.m_wr_valid.value):
                writes.append(int(dut.m_wr_data.value).to_bytes(8, "little"))
                if int(dut.m_wr_safe.value):
                    safe.append(len(writes))
            if int(dut.m_hdr.value):
                assert ct["hdr"] is None, "two m_hdr in a frame"
                ct["hdr"] = (int(dut.m_end_len.value), int(dut.m_end_session.value).to_bytes(10, "little"),
                             int(dut.m_end_seq.value), int(dut.m_end_count.value))
            if int(dut.m_close.value):
                assert ct["close"] is None, "two m_close in a frame"
                ct["close"] = int(dut.m_close_ok.value)
            if int(dut.m_end.value):
                ends.append((int(dut.m_end_code.value), int(dut.m_end_len.value),
                             int(dut.m_end_session.value).to_bytes(10, "little"),
                             int(dut.m_end_seq.value), int(dut.m_end_count.value), list(writes),
                             ct["hdr"], ct["close"], int(dut.m_end_opened.value), list(safe)))
                writes.clear()
                safe.clear()
                ct["hdr"] = ct["close"] = None
    cocotb.start_soon(mon())
    # half of the frames with the port filter on
    for idx, (f, err) in enumerate(frames):
        if idx == len(frames) // 2:
            await FallingEdge(dut.clk)
            dut.s_axis_tvalid.value = 0
            dut.cfg_port_en.value = 1
        nb = (len(f) + 7) // 8
        for k in range(nb):
            await FallingEdge(dut.clk)
            chunk = f[8 * k:8 * k + 8]
            dut.s_axis_tdata.value = int.from_bytes(chunk.ljust(8, b"\0"), "little")
            dut.s_axis_tkeep.value = (1 << len(chunk)) - 1
            dut.s_axis_tvalid.value = 1
            dut.s_axis_tlast.value = 1 if k == nb - 1 else 0
            dut.s_axis_tuser.value = err if k == nb - 1 else 0
            assert int(dut.s_axis_tready.value) == 1
    await FallingEdge(dut.clk)
    dut.s_axis_tvalid.value = 0
    await ClockCycles(dut.clk, 10)
    if len(ends) != len(frames):
        for idx, ((f, err), got) in enumerate(zip(frames, ends)):
            port = 26477 if idx >= len(frames) // 2 else None
            dut._log.error("%d len %d err %d code %d model %d", idx, len(f), err, got[0],
                           expected(f, err, port)[0])
    assert len(ends) == len(frames)
    accepted = 0
    for idx, ((f, err), got) in enumerate(zip(frames, ends)):
        port = 26477 if idx >= len(frames) // 2 else None
        code, payload = expected(f, err, port)
        assert got[0] == code, "frame %d: code %d, model %d (%s)" % (idx, got[0], code, f.hex())
        if code == 0:
            accepted += 1
            sess, seq, cnt = struct.unpack(">10sQH", payload[:20])
            assert got[1:5] == (len(payload) - 20, sess, seq, cnt), "frame %d: header" % idx
            body = b"".join(got[5])[:len(payload) - 20]
            assert body == payload[20:], "frame %d: payload differs" % idx
    # cut-through outputs
    early = 0
    for idx, ((f, err), got) in enumerate(zip(frames, ends)):
        port = 26477 if idx >= len(frames) // 2 else None
        code = got[0]
        hdr, close, opened, safe_idx = got[6], got[7], got[8], got[9]
        # the same frame without MAC error and with all its bytes: its header verdict
        full_code, payload = expected(f, 0, port)
        nb = (len(f) + 7) // 8
        if payload is not None:
            mstart = f.find(payload) + 20
            hdr_beat = (mstart - 1) // 8 + 1
            if nb - 1 > hdr_beat:
                assert hdr is not None, "frame %d: no early verdict" % idx
        if hdr is None:
            assert close is None and opened == 0, "frame %d: close without m_hdr" % idx
            continue
        early += 1
        assert code in (0, 1, 4), "frame %d: early verdict ok, final code %d" % (idx, code)
        assert close == (1 if code == 0 else 0) and opened == 1, "frame %d: close %s" % (idx, close)
        if code == 0:
            assert hdr == got[1:5], "frame %d: early header fields" % idx
        # safe beats: a prefix of the written beats, none holding bytes of the last input beat
        assert safe_idx == list(range(1, len(safe_idx) + 1)), "frame %d: safe beats not a prefix" % idx
        if safe_idx:
            # output beat k holds frame bytes [mstart + 8k, +8): all before the last beat
            off = 12
            while int.from_bytes(f[off:off + 2], "big") in (0x8100, 0x88A8):
                off += 4
            mstart = off + 2 + (f[off + 2] & 15) * 4 + 8 + 20
            last_byte = mstart + 8 * len(safe_idx) - 1
            assert last_byte < 8 * (nb - 1), "frame %d: a safe beat holds bytes of the last beat" % idx
    dut._log.info("%d frames, %d accepted, %d with an early verdict", len(frames), accepted, early)
    assert accepted > 50 and early > 50


def test_nt_eth_udp_rx():
    import ntrun
    ntrun.run("nt_eth_udp_rx", "test_nt_eth_udp_rx", os.path.dirname(os.path.abspath(__file__)))
