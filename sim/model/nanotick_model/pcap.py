"""Classic pcap files and Ethernet / 802.1Q / IPv4 / UDP frames.

pcap: the 24-byte global header's magic tells the byte order and the time
unit: a1b2c3d4 (microseconds) or a1b23c4d (nanoseconds), written in either
byte order.  Only link type 1 (Ethernet) is accepted.

API
    is_pcap(first4bytes) -> bool
    read_pcap(path) -> iterator of Frame(ts_ns, data, orig_len)
    PcapWriter(path, nanos=False, big_endian=False).write(data, ts_ns=0[, orig_len]) / .close()
    write_pcap(path, frames, nanos=False, big_endian=False)   frames: bytes or (ts_ns, bytes)
    ipv4_checksum(header_bytes) -> int
    build_frame(payload, dst_port=26477, src_port=..., dst_ip=..., src_ip=..., vlan=None|id|[ids],
                ip_options=b'', bad_checksum=False, pad=True)
    parse_frame(data, orig_len, drops, port=None, check_ip_checksum=True)
        -> (udp_payload, dst_port) or None

parse_frame rules (shared by every engine; drop causes in parentheses are
the keys counted in the `drops` dict):
    caplen < orig_len                         drop (truncated_frame)
    shorter than 14 bytes                     drop (short_ethernet)
    EtherType 0x8100 / 0x88A8: skip the 4-byte tag, repeat
    EtherType not 0x0800                      skipped (not_ipv4), not a drop
    IPv4: version != 4 or IHL < 5 or header past the frame   drop (bad_ip_header)
          total length < IHL*4 or past the frame             drop (bad_ip_length)
          header checksum wrong                               drop (bad_ip_checksum)
          MF set or fragment offset != 0                      drop (ip_fragment)
          protocol != 17                      skipped (not_udp), not a drop
    UDP:  fewer than 8 bytes, or length < 8 or past the IPv4 payload
                                              drop (bad_udp_length)
          a port filter is set and dst port differs: skipped (port_filtered)
    Ethernet padding after the IPv4 total length is ignored; the UDP
    checksum is not checked.
"""

import struct
from collections import namedtuple

__all__ = ["Frame", "is_pcap", "read_pcap", "PcapWriter", "write_pcap", "ipv4_checksum",
           "build_frame", "parse_frame", "DROP_CAUSES", "SKIP_CAUSES", "PcapError"]

MAGIC_US = 0xA1B2C3D4
MAGIC_NS = 0xA1B23C4D
LINKTYPE_ETHERNET = 1
PCAPNG_MAGIC = b"\x0a\x0d\x0d\x0a"

DROP_CAUSES = ("truncated_frame", "short_ethernet", "bad_ip_header", "bad_ip_length",
               "bad_ip_checksum", "ip_fragment", "bad_udp_length")
SKIP_CAUSES = ("not_ipv4", "not_udp", "port_filtered")

Frame = namedtuple("Frame", "ts_ns data orig_len")


class PcapError(ValueError):
    pass


def _magic(b4):
    if len(b4) < 4:
        return None
    for endian in ("<", ">"):
        m = struct.unpack(endian + "I", b4[:4])[0]
        if m == MAGIC_US:
            return endian, False
        if m == MAGIC_NS:
            return endian, True
    return None


def is_pcapng(b4):
    return bytes(b4[:4]) == PCAPNG_MAGIC


def is_pcap(b4):
    """True if these first bytes are a classic pcap magic (any order, us or ns)."""
    return _magic(b4) is not None


def read_pcap(path):
    """Yield Frame(ts_ns, data, orig_len) for every record of a classic pcap.
    A record cut short by the end of the file ends the iteration."""
    with open(path, "rb") as f:
        data = f.read()
    m = _magic(data[:4])
    if m is None and data[:4] == PCAPNG_MAGIC:
        raise PcapError("%s: pcapng is not supported; convert it: editcap -F pcap IN OUT" % path)
    if m is None:
        raise PcapError("%s: not a classic pcap file (magic %s)" % (path, data[:4].hex()))
    endian, nanos = m
    if len(data) < 24:
        raise PcapError("%s: pcap global header truncated" % path)
    _, vmaj, vmin, _, _, snaplen, linktype = struct.unpack(endian + "IHHiIII", data[:24])
    if (linktype & 0x0FFFFFFF) != LINKTYPE_ETHERNET:
        raise PcapError("%s: link type %d, only Ethernet (1) is supported" % (path, linktype))
    rec = struct.Struct(endian + "IIII")
    off = 24
    n = len(data)
    while off + 16 <= n:
        sec, frac, caplen, origlen = rec.unpack_from(data, off)
        off += 16
        if off + caplen > n:
            break  # record cut by the end of the file
        ts = sec * 1_000_000_000 + (frac if nanos else frac * 1000)
        yield Frame(ts, data[off:off + caplen], origlen)
        off += caplen


class PcapWriter:
    """Writes a classic pcap (Ethernet), microsecond or nanosecond, either byte order."""

    def __init__(self, path, nanos=False, big_endian=False, snaplen=65535):
        self.f = open(path, "wb")
        self.e = ">" if big_endian else "<"
        self.nanos = nanos
        self.rec = struct.Struct(self.e + "IIII")
        self.f.write(struct.pack(self.e + "IHHiIII", MAGIC_NS if nanos else MAGIC_US,
                                 2, 4, 0, 0, snaplen, LINKTYPE_ETHERNET))

    def write(self, data, ts_ns=0, orig_len=None):
        sec, rem = divmod(ts_ns, 1_000_000_000)
        frac = rem if self.nanos else rem // 1000
        self.f.write(self.rec.pack(sec, frac, len(data), len(data) if orig_len is None else orig_len))
        self.f.write(data)

    def close(self):
        self.f.close()

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()


def write_pcap(path, frames, nanos=False, big_endian=False):
    with PcapWriter(path, nanos, big_endian) as w:
        for i, fr in enumerate(frames):
            if isinstance(fr, (bytes, bytearray)):
                w.write(fr, i * 1000)
            else:
                w.write(fr[1], fr[0])


def ipv4_checksum(hdr):
    """RFC 791 header checksum over hdr (with its checksum field as given)."""
    if len(hdr) % 2:
        hdr = bytes(hdr) + b"\0"
    s = sum(struct.unpack("!%dH" % (len(hdr) // 2), hdr))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def _ip(a):
    return bytes(int(x) for x in a.split("."))


def build_frame(payload, dst_port=26477, src_port=18000, dst_ip="233.54.12.111",
                src_ip="10.0.0.1", vlan=None, dst_mac=None, src_mac=b"\x02\x00\x00\x00\x00\x01",
                ttl=32, ident=0, bad_checksum=False, ip_options=b"", pad=True):
    """Ethernet II [+ 802.1Q tags] / IPv4 / UDP around payload.  dst_mac
    defaults to the IPv4 multicast MAC of dst_ip.  vlan: None, a VLAN id, or
    a sequence of ids, outermost first (outer tags 0x88A8, the inner one
    0x8100).  pad: pad the frame to the 60-byte Ethernet minimum."""
    dip = _ip(dst_ip)
    if dst_mac is None:
        dst_mac = bytes([0x01, 0x00, 0x5E, dip[1] & 0x7F, dip[2], dip[3]])
    eth = dst_mac + src_mac
    if vlan is not None:
        tags = [vlan] if isinstance(vlan, int) else list(vlan)
        for i, v in enumerate(tags):
            tpid = 0x8100 if i == len(tags) - 1 else 0x88A8
            eth += struct.pack("!HH", tpid, v & 0x0FFF)
    eth += b"\x08\x00"
    if len(ip_options) % 4:
        raise ValueError("IPv4 options must be a multiple of 4 bytes")
    ihl = 5 + len(ip_options) // 4
    udp_len = 8 + len(payload)
    total = ihl * 4 + udp_len
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, ident & 0xFFFF, 0x4000, ttl, 17, 0,
                      _ip(src_ip), dip) + ip_options
    ck = ipv4_checksum(hdr)
    if bad_checksum:
        ck ^= 0x5A5A
    hdr = hdr[:10] + struct.pack("!H", ck) + hdr[12:]
    udp = struct.pack("!HHHH", src_port, dst_port, udp_len, 0)
    frame = eth + hdr + udp + payload
    if pad and len(frame) < 60:
        frame += bytes(60 - len(frame))
    return frame


def _drop(drops, cause):
    drops[cause] = drops.get(cause, 0) + 1
    return None


def parse_frame(data, orig_len, drops, port=None, check_ip_checksum=True):
    """Return (udp_payload, dst_port) or None (skipped or dropped; the cause
    is counted in drops, see the module docstring).  check_ip_checksum=False
    is for tests and tools only (the synthetic *.20230822 captures carry an
    IPv4 checksum of 0); engines always check it."""
    n = len(data)
    if n < orig_len:
        return _drop(drops, "truncated_frame")
    if n < 14:
        return _drop(drops, "short_ethernet")
    off = 12
    etype = (data[off] << 8) | data[off + 1]
    while etype in (0x8100, 0x88A8):
        off += 4
        if off + 2 > n:
            return _drop(drops, "short_ethernet")
        etype = (data[off] << 8) | data[off + 1]
    off += 2
    if etype != 0x0800:
        return _drop(drops, "not_ipv4")
    if off + 20 > n:
        return _drop(drops, "bad_ip_header")
    vihl = data[off]
    ihl = (vihl & 0x0F) * 4
    if (vihl >> 4) != 4 or ihl < 20 or off + ihl > n:
        return _drop(drops, "bad_ip_header")
    total = (data[off + 2] << 8) | data[off + 3]
    if total < ihl or off + total > n:
        return _drop(drops, "bad_ip_length")
    if check_ip_checksum and ipv4_checksum(data[off:off + ihl]) != 0:
        return _drop(drops, "bad_ip_checksum")
    frag = (data[off + 6] << 8) | data[off + 7]
    if frag & 0x3FFF:  # MF or offset
        return _drop(drops, "ip_fragment")
    if data[off + 9] != 17:
        return _drop(drops, "not_udp")
    u = off + ihl
    ip_end = off + total
    if u + 8 > ip_end:
        return _drop(drops, "bad_udp_length")
    dport = (data[u + 2] << 8) | data[u + 3]
    ulen = (data[u + 4] << 8) | data[u + 5]
    if ulen < 8 or u + ulen > ip_end:
        return _drop(drops, "bad_udp_length")
    if port is not None and dport != port:
        return _drop(drops, "port_filtered")
    return bytes(data[u + 8:u + ulen]), dport
