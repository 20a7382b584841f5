"""Seeded ITCH 5.0 stream generator (BinaryFILE or pcap of MoldUDP64).

    python -m nanotick_model gen --seed S --messages N --locates L --out F.itch|F.pcap
        [--per-packet K] [--ab --loss-a P --loss-b P] [--drop-packets I,J,...]
        [--hostile] [--vlan ID] [--session NAME] [--nanos] [--no-heartbeats]
        [--max-live N] [--session-change-at I,J,...]

The same seed and options always give the same bytes.

Stream (N ITCH messages in all): S 'O' (start of messages), one R (stock
directory) and one H (trading) per locate, S 'Q' (market hours), then the
order flow: ~45% adds (A, some F), ~22% deletes, ~10% cancels (partial and
full), ~9% executions (E, C; about half to zero), ~8% replaces (with
chains), some P/Q trades and other types (B, I, L, N, Y, ...).  Books are deep
(hundreds of price levels per side), locates skewed (low locates are hot),
order refs unique and mostly increasing with ref 0 and colliding refs
(multiples of 2^16, 2^20, and refs sharing the low 32 bits of live refs)
mixed in; one locate trades near the maximum price 199,999.9900.

pcap: Ethernet [802.1Q] / IPv4 / UDP / MoldUDP64, up to K messages per
packet (and at most ~1400 payload bytes), a heartbeat every 64 packets and
End of Session at the end.  Line A: 233.54.12.111:26477, line B (--ab):
233.54.12.112:26478; the two copies of a packet are adjacent, B first
about 30% of the time.
--loss-a/--loss-b: per-packet loss probability of each line; --drop-packets:
0-based data-packet indices lost on both lines (sequence gaps);
--session-change-at: before these data packets, End of Session and a new
session (last two characters of the name counting up) from sequence 1.

--hostile mixes in, besides the normal flow: valid but unusual frames
(IPv4 options, QinQ double VLAN tags, Ethernet padding), unknown message types, known
types with a wrong length, E/C/X/D/U on unknown refs, duplicate adds,
over-executions (clamp), zero-share adds; in pcaps also MoldUDP64 packets
with zero-length blocks and blocks longer than the packet, short MoldUDP64
payloads, and frames that must be dropped before MoldUDP64 (bad IPv4
checksum, truncated capture, garbage, ARP, IPv4 fragment, TCP, bad UDP and
IPv4 lengths).  Those dropped frames carry a MoldUDP64 packet with the NEXT
sequence numbers and bogus adds, so an engine that wrongly accepts one
produces visibly different output.  In BinaryFILE: zero-length blocks and a
final block longer than what remains.

API: generate(seed, messages, locates, hostile=False) -> iterator of bytes
     write_itch(path, ...), write_pcap(path, ...), main(argv)
"""

import argparse
import random
import struct

from . import itch, mold, pcap

__all__ = ["generate", "write_itch", "write_pcap", "main", "MAX_PRICE"]

MAX_PRICE = 1999999900  # 199,999.9900
TICK = 100

_A = struct.Struct(">cHHHIQcI8sI")
_F = struct.Struct(">cHHHIQcI8sI4s")
_E = struct.Struct(">cHHHIQIQ")
_C = struct.Struct(">cHHHIQIQcI")
_X = struct.Struct(">cHHHIQI")
_D = struct.Struct(">cHHHIQ")
_U = struct.Struct(">cHHHIQQII")
_P = struct.Struct(">cHHHIQcI8sIQ")
_Q = struct.Struct(">cHHHIQ8sIQc")
assert _A.size == 36 and _F.size == 40 and _E.size == 31 and _C.size == 36
assert _X.size == 23 and _D.size == 19 and _U.size == 35 and _P.size == 44 and _Q.size == 40


def _symbol(loc):
    s = ""
    n = loc
    while True:
        s = chr(ord("A") + n % 26) + s
        n //= 26
        if n == 0:
            break
    return ("N" + s)[:8].encode().ljust(8, b" ")


def generate(seed, messages, locates, hostile=False, max_live=0):
    """Yield `messages` raw ITCH messages (no framing).  max_live > 0 caps
    the live orders (an add is replaced by a delete when the cap is hit);
    without it live orders grow to about 16% of the messages."""
    rnd = random.Random(seed)
    r = rnd.random
    ri = rnd.randrange
    L = max(1, min(locates, 65535))
    ts = 3 * 3600 * 10**9
    made = 0

    def tsn():
        nonlocal ts
        ts += 1 + ri(20000)
        return ts >> 32, ts & 0xFFFFFFFF

    # prelude: S, R*L, H*L, S
    pre = [("S", {"event_code": "O"}, 0)]
    for loc in range(1, L + 1):
        pre.append(("R", {"stock": _symbol(loc), "market_category": "Q", "financial_status": "N",
                          "round_lot_size": 100, "round_lots_only": "N",
                          "issue_classification": "C", "issue_subtype": "Z ", "authenticity": "P",
                          "short_sale_threshold": "N", "ipo_flag": " ", "luld_ref_price_tier": "1",
                          "etp_flag": "N", "etp_leverage_factor": 0, "inverse_indicator": "N"}, loc))
    for loc in range(1, L + 1):
        pre.append(("H", {"stock": _symbol(loc), "trading_state": "T", "reserved": " ",
                          "reason": b"    "}, loc))
    pre.append(("S", {"event_code": "Q"}, 0))
    for t, f, loc in pre:
        if made >= messages:
            return
        ts += 1000
        yield itch.encode(t, locate=loc, tracking=0, timestamp=ts, **f)
        made += 1
    ts = 34200 * 10**9

    syms = [b""] + [_symbol(loc) for loc in range(1, L + 1)]
    # mid prices: mostly $5..$500, locate 1 near the maximum price
    mids = [0] * (L + 1)
    for loc in range(1, L + 1):
        mids[loc] = (500 + ri(50000)) * TICK
    mids[1] = MAX_PRICE - 250 * TICK
    if L >= 2:
        mids[2] = 300 * TICK  # $3.00: bids run into the floor

    refs = []            # live refs
    pos = {}             # ref -> index in refs
    info = {}            # ref -> [locate, side, price, shares]
    used = set()
    recent = []          # recently added refs (short-lived orders)
    chain = [None]       # the last replaced-into ref
    next_ref = [1]
    match = [1000]
    first_add = [True]

    def new_ref():
        if first_add[0]:
            first_add[0] = False
            used.add(0)
            return 0
        x = r()
        if x < 0.04:
            k = r()
            if k < 0.35:
                cand = (1 + ri(1 << 20)) << 16
            elif k < 0.7:
                cand = (1 + ri(1 << 16)) << 20
            elif refs:
                cand = ((1 + ri(1 << 16)) << 32) | (refs[ri(len(refs))] & 0xFFFFFFFF)
            else:
                cand = (1 + ri(1 << 24)) << 32
            if cand not in used:
                used.add(cand)
                return cand
        while True:
            next_ref[0] += 1 + ri(3)
            if next_ref[0] not in used:
                used.add(next_ref[0])
                return next_ref[0]

    def pick_locate():
        x = r()
        return 1 + int(L * x * x * x)

    def shares_():
        x = r()
        if x < 0.7:
            return 100 * (1 + ri(10))
        if x < 0.9:
            return 1 + ri(99)
        if x < 0.98:
            return 100 * (10 + ri(91))
        return 1000 + ri(1000000)

    def price_(loc, side):
        x = r()
        off = 1 + int(450 * x * x * x * x)
        if side == "B":
            p = mids[loc] - off * TICK
        else:
            p = mids[loc] + off * TICK
        if p < TICK:
            p = TICK * (1 + ri(3))
        if p > MAX_PRICE:
            p = MAX_PRICE - TICK * ri(3)
        return p

    def live_add(ref, loc, side, px, sh):
        pos[ref] = len(refs)
        refs.append(ref)
        info[ref] = [loc, side, px, sh]
        recent.append(ref)
        if len(recent) > 64:
            del recent[0]

    def live_del(ref):
        i = pos.pop(ref)
        last = refs.pop()
        if last != ref:
            refs[i] = last
            pos[last] = i
        del info[ref]

    def pick_order():
        if recent and r() < 0.3:
            ref = recent[ri(len(recent))]
            if ref in info:
                return ref
        return refs[ri(len(refs))]

    def bogus_ref():
        while True:
            c = (1 << 63) | ri(1 << 62)
            if c not in used and c not in info:
                return c

    while made < messages:
        hi, lo = tsn()
        made += 1
        if hostile and r() < 0.03:
            k = ri(10)
            loc = pick_locate()
            if k == 0:  # unknown type
                t = rnd.choice(b"ZzGTabM\x00\xff")
                yield bytes([t]) + bytes(ri(256) for _ in range(ri(60)))
            elif k == 1:  # known type, wrong length
                m = _A.pack(b"A", loc, 0, hi, lo, bogus_ref(), b"B", 100, syms[loc], mids[loc])
                yield m[:-1 - ri(10)] if r() < 0.5 else m + b"\0" * (1 + ri(4))
            elif k == 2:
                yield _E.pack(b"E", loc, 0, hi, lo, bogus_ref(), 100, match[0])
                match[0] += 1
            elif k == 3:
                yield _X.pack(b"X", loc, 0, hi, lo, bogus_ref(), 100)
            elif k == 4:
                yield _D.pack(b"D", loc, 0, hi, lo, bogus_ref())
            elif k == 5:
                yield _U.pack(b"U", loc, 0, hi, lo, bogus_ref(), new_ref(), 100, mids[loc])
            elif k == 6 and refs:  # duplicate add of a live ref
                ref = refs[ri(len(refs))]
                yield _A.pack(b"A", loc, 0, hi, lo, ref, b"S", 100, syms[loc], mids[loc] + TICK)
            elif k == 7 and refs:  # over-execution: clamp, order removed
                ref = refs[ri(len(refs))]
                o = info[ref]
                yield _E.pack(b"E", o[0], 0, hi, lo, ref, o[3] + 1 + ri(1000), match[0])
                match[0] += 1
                live_del(ref)
            elif k == 8:  # zero-share add
                yield _A.pack(b"A", loc, 0, hi, lo, new_ref(), b"B", 0, syms[loc], mids[loc] - TICK)
            else:
                yield _C.pack(b"C", loc, 0, hi, lo, bogus_ref(), 100, match[0], b"Y", mids[loc])
                match[0] += 1
            continue
        x = r()
        if max_live and len(refs) >= max_live and x < 0.45:
            x = 0.45 + 0.22 * r()   # a delete instead of an add
        if not refs or x < 0.45:
            loc = pick_locate()
            side = "B" if r() < 0.5 else "S"
            px = price_(loc, side)
            sh = shares_()
            ref = new_ref()
            live_add(ref, loc, side, px, sh)
            if r() < 0.1:
                yield _F.pack(b"F", loc, ri(4), hi, lo, ref, side.encode(), sh, syms[loc], px,
                              rnd.choice((b"NITE", b"GSCO", b"MSCO", b"VIRT")))
            else:
                yield _A.pack(b"A", loc, ri(4), hi, lo, ref, side.encode(), sh, syms[loc], px)
            if r() < 0.002:  # mids drift
                mids[loc] = min(max(mids[loc] + (ri(21) - 10) * TICK, 20 * TICK),
                                MAX_PRICE - 20 * TICK)
        elif x < 0.67:
            ref = pick_order()
            o = info[ref]
            live_del(ref)
            yield _D.pack(b"D", o[0], 0, hi, lo, ref)
        elif x < 0.77:
            ref = pick_order()
            o = info[ref]
            if o[3] > 1 and r() < 0.8:
                n = 1 + ri(o[3] - 1)
                o[3] -= n
            else:
                n = o[3]
                live_del(ref)
            yield _X.pack(b"X", o[0], 0, hi, lo, ref, n)
        elif x < 0.86:
            ref = pick_order()
            o = info[ref]
            if o[3] > 1 and r() < 0.5:
                n = 1 + ri(o[3] - 1)
                o[3] -= n
            else:
                n = o[3]
                live_del(ref)
            if r() < 0.7:
                yield _E.pack(b"E", o[0], 0, hi, lo, ref, n, match[0])
            else:
                epx = max(TICK, min(MAX_PRICE, o[2] + (ri(5) - 2) * TICK))
                yield _C.pack(b"C", o[0], 0, hi, lo, ref, n, match[0],
                              b"Y" if r() < 0.8 else b"N", epx)
            match[0] += 1
        elif x < 0.94:
            ref = chain[0] if (chain[0] in info and r() < 0.5) else pick_order()
            o = info[ref]
            live_del(ref)
            nref = new_ref()
            px = price_(o[0], o[1]) if r() < 0.5 else o[2]
            sh = shares_()
            live_add(nref, o[0], o[1], px, sh)
            chain[0] = nref
            yield _U.pack(b"U", o[0], 0, hi, lo, ref, nref, sh, px)
        elif x < 0.97:
            loc = pick_locate()
            yield _P.pack(b"P", loc, 0, hi, lo, 0, b"B" if r() < 0.5 else b"S", shares_(),
                          syms[loc], mids[loc], match[0])
            match[0] += 1
        elif x < 0.975:
            loc = pick_locate()
            sh = (1 << 32) + ri(1000) if r() < 0.2 else shares_()
            yield _Q.pack(b"Q", loc, 0, hi, lo, sh, syms[loc], mids[loc], match[0],
                          rnd.choice((b"O", b"C", b"H", b"I")))
            match[0] += 1
        else:
            loc = pick_locate()
            k = ri(6)
            t = hi << 32 | lo
            if k == 0:
                yield itch.encode("B", locate=loc, timestamp=t, match_number=1 + ri(match[0]))
            elif k == 1:
                yield itch.encode("I", locate=loc, timestamp=t, paired_shares=ri(10**6),
                                  imbalance_shares=ri(10**5), imbalance_direction="B",
                                  stock=syms[loc], far_price=mids[loc], near_price=mids[loc],
                                  current_ref_price=mids[loc], cross_type="O",
                                  price_variation_indicator="L")
            elif k == 2:
                yield itch.encode("L", locate=loc, timestamp=t, mpid=b"NITE", stock=syms[loc],
                                  primary_market_maker="N", market_maker_mode="N",
                                  market_participant_state="A")
            elif k == 3:
                yield itch.encode("N", locate=loc, timestamp=t, stock=syms[loc],
                                  interest_flag="B")
            elif k == 4:
                yield itch.encode("Y", locate=loc, timestamp=t, stock=syms[loc],
                                  reg_sho_action="0")
            else:
                yield itch.encode("h", locate=loc, timestamp=t, stock=syms[loc],
                                  market_code="Q", operational_halt_action="T")


def write_itch(path, seed, messages, locates, hostile=False, max_live=0):
    rnd = random.Random(seed ^ 0x5EED)
    with open(path, "wb") as f:
        out = []
        for m in generate(seed, messages, locates, hostile, max_live):
            if hostile and rnd.random() < 0.005:
                out.append(b"\0\0")  # zero-length block
            out.append(struct.pack(">H", len(m)))
            out.append(m)
            if len(out) > 4096:
                f.write(b"".join(out))
                out.clear()
        if hostile:
            out.append(b"\x01\x00A\x00\x01")  # length 256, 3 bytes remain
        f.write(b"".join(out))


LINE_A = ("233.54.12.111", 26477)
LINE_B = ("233.54.12.112", 26478)


def _bogus_payload(session, seq, rnd):
    """A MoldUDP64 packet with the next sequence numbers and adds no real
    stream has (ref 2^63+..., price 1): visible if an engine accepts it."""
    msgs = [_A.pack(b"A", 1 + rnd.randrange(3), 0, 0, 1, (1 << 63) | rnd.randrange(1 << 40),
                    b"B", 7, b"BOGUS   ", MAX_PRICE)]
    return mold.build_packet(session, seq, msgs)


def _hostile_frames(session, seq, rnd, vlan, ts):
    """Frames every engine must drop or skip before MoldUDP64."""
    payload = _bogus_payload(session, seq, rnd)
    ip, port = LINE_A
    good = pcap.build_frame(payload, dst_port=port, dst_ip=ip, vlan=vlan)
    k = rnd.randrange(9)
    if k == 0:
        return [(pcap.build_frame(payload, dst_port=port, dst_ip=ip, vlan=vlan, bad_checksum=True), None)]
    if k == 1:  # capture cut short: caplen < orig_len
        return [(good[:len(good) - 1 - rnd.randrange(20)], len(good))]
    if k == 2:  # garbage
        return [(bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 80))), None)]
    if k == 3:  # ARP
        return [(b"\xff" * 6 + b"\x02\0\0\0\0\x01" + b"\x08\x06" + bytes(28), None)]
    eth = 18 if vlan is not None else 14
    b = bytearray(good)
    if k == 4:  # IPv4 fragment (MF), checksum fixed
        b[eth + 6] = 0x20
    elif k == 5:  # TCP
        b[eth + 9] = 6
    elif k == 6:  # UDP length past the IPv4 payload
        struct.pack_into("!H", b, eth + 20 + 4, len(payload) + 8 + 10)
    elif k == 7:  # IPv4 total length past the frame
        struct.pack_into("!H", b, eth + 2, len(b) - eth + 30)
    else:  # IHL < 5
        b[eth] = 0x44
    if k in (4, 5, 7, 8):
        struct.pack_into("!H", b, eth + 10, 0)
        struct.pack_into("!H", b, eth + 10, pcap.ipv4_checksum(bytes(b[eth:eth + 20])))
    return [(bytes(b), None)]


def write_pcap(path, seed, messages, locates, per_packet=8, ab=False, loss_a=0.0, loss_b=0.0,
               drop_packets=(), hostile=False, vlan=None, session=b"NANOTICK01", nanos=False,
               heartbeat_every=64, end_of_session=True, max_live=0, session_change_at=()):
    rnd = random.Random(seed ^ 0xFACE)
    drop = set(drop_packets)
    changes = set(session_change_at)
    K = max(1, min(per_packet, 0xFFFE))
    if isinstance(session, str):
        session = session.encode()
    session = session.ljust(10, b" ")[:10]
    w = pcap.PcapWriter(path, nanos=nanos)
    ts = [1_700_000_000 * 10**9]
    def emit(frame, orig=None):
        ts[0] += 1000 + rnd.randrange(5000)
        w.write(frame, ts[0], orig)

    def variety():
        """hostile: valid but unusual frames (IPv4 options, a second VLAN tag)"""
        if not hostile:
            return {"vlan": vlan}
        kw = {"vlan": vlan}
        if rnd.random() < 0.1:
            kw["ip_options"] = b"\x01\x01\x01\x00"   # NOP NOP NOP EOL
        if rnd.random() < 0.05:
            kw["vlan"] = (100, 141 if vlan is None else vlan)
        return kw

    def send(payload, data_index=None):
        lost_both = data_index is not None and data_index in drop
        frames = []
        if not lost_both and not (loss_a and rnd.random() < loss_a):
            frames.append(pcap.build_frame(payload, dst_port=LINE_A[1], dst_ip=LINE_A[0],
                                           **variety()))
        if ab and not lost_both and not (loss_b and rnd.random() < loss_b):
            fb = pcap.build_frame(payload, dst_port=LINE_B[1], dst_ip=LINE_B[0],
                                  src_ip="10.0.0.2", **variety())
            if rnd.random() < 0.3:
                frames.insert(0, fb)
            else:
                frames.append(fb)
        for fr in frames:
            emit(fr)

    seq = 1
    batch = []
    size = 0
    data_index = 0

    def packet_out():
        nonlocal seq, batch, size, data_index, session
        if data_index in changes:   # End of Session, then a new session from sequence 1
            send(mold.build_packet(session, seq, [], count=mold.END_OF_SESSION))
            session = session[:8] + b"%02d" % ((int(session[8:]) + 1) % 100
                                               if session[8:].isdigit() else 2)
            seq = 1
        if hostile and rnd.random() < 0.05:
            for fr, orig in _hostile_frames(session, seq, rnd, vlan, ts):
                emit(fr, orig)
        send(mold.build_packet(session, seq, batch), data_index)
        data_index += 1
        seq += len(batch)
        batch = []
        size = 0
        if heartbeat_every and data_index % heartbeat_every == 0:
            send(mold.build_packet(session, seq, [], count=mold.HEARTBEAT))
        if hostile and rnd.random() < 0.03:
            k = rnd.randrange(3)
            if k == 0:  # zero-length block then a good unknown-type message: 2 seqs
                p = mold.build_packet(session, seq, [b"", b"Zjunk"])
                send(p)
                seq += 2
            elif k == 1:  # second block runs past the packet: 2 seqs, 1 lost
                p = mold.build_packet(session, seq, [b"Zok"]) + b"\x01\x00A\x00"
                p = p[:18] + struct.pack(">H", 2) + p[20:]
                send(p)
                seq += 2
            else:  # MoldUDP64 payload shorter than its header
                send(session + b"\0\0\0")

    for m in generate(seed, messages, locates, hostile, max_live):
        if batch and (len(batch) >= K or size + 2 + len(m) > 1400):
            packet_out()
        batch.append(m)
        size += 2 + len(m)
    if batch:
        packet_out()
    if end_of_session:
        send(mold.build_packet(session, seq, [], count=mold.END_OF_SESSION))
    w.close()
    return data_index


def _ints(s):
    return [int(x) for x in s.split(",") if x.strip()] if s else []


def main(argv=None):
    ap = argparse.ArgumentParser(prog="nanotick_model gen", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--messages", type=int, default=10000)
    ap.add_argument("--locates", type=int, default=16)
    ap.add_argument("--out", required=True, help="F.itch (BinaryFILE) or F.pcap")
    ap.add_argument("--per-packet", type=int, default=8)
    ap.add_argument("--ab", action="store_true", help="write lines A and B")
    ap.add_argument("--loss-a", type=float, default=0.0)
    ap.add_argument("--loss-b", type=float, default=0.0)
    ap.add_argument("--drop-packets", default="", help="0-based data packet indices lost on both lines")
    ap.add_argument("--hostile", action="store_true")
    ap.add_argument("--vlan", type=int, default=None)
    ap.add_argument("--session", default="NANOTICK01")
    ap.add_argument("--nanos", action="store_true", help="nanosecond pcap")
    ap.add_argument("--no-heartbeats", action="store_true")
    ap.add_argument("--session-change-at", default="",
                    help="0-based data packet indices before which End of Session is sent "
                         "and a new session starts at sequence 1")
    ap.add_argument("--max-live", type=int, default=0,
                    help="cap on live orders (0: none; they grow to ~16%% of the messages)")
    a = ap.parse_args(argv)
    if a.out.endswith(".pcap"):
        n = write_pcap(a.out, a.seed, a.messages, a.locates, a.per_packet, a.ab, a.loss_a,
                       a.loss_b, _ints(a.drop_packets), a.hostile, a.vlan, a.session, a.nanos,
                       0 if a.no_heartbeats else 64, max_live=a.max_live,
                       session_change_at=_ints(a.session_change_at))
        print("gen: %s: %d messages in %d MoldUDP64 data packets" % (a.out, a.messages, n))
    else:
        if a.ab or a.loss_a or a.loss_b or a.drop_packets or a.session_change_at:
            ap.error("--ab/--loss-*/--drop-packets/--session-change-at need a .pcap output")
        write_itch(a.out, a.seed, a.messages, a.locates, a.hostile, a.max_live)
        print("gen: %s: %d messages (BinaryFILE)" % (a.out, a.messages))
    return 0
