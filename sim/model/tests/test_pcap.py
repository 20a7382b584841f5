"""pcap files and Ethernet/802.1Q/IPv4/UDP frames: hand-built bytes, scapy
as an independent builder/parser, and every drop cause."""

import struct

import pytest

from nanotick_model import pcap

PAYLOAD = b"hello mold payload"


def test_ipv4_checksum_known_vector():
    # the classic example header (192.168.0.1 -> 192.168.0.199), checksum b861
    hdr = bytes.fromhex("450000730000400040110000c0a80001c0a800c7")
    assert pcap.ipv4_checksum(hdr) == 0xB861
    good = hdr[:10] + bytes.fromhex("b861") + hdr[12:]
    assert pcap.ipv4_checksum(good) == 0


def hand_frame(vlan=True, payload=PAYLOAD):
    udp_len = 8 + len(payload)
    total = 20 + udp_len
    ip = bytearray.fromhex("4500" + "%04x" % total + "0000" "4000" "2011" "0000"
                           "0a000001" "e9360c6f")
    ck = pcap.ipv4_checksum(bytes(ip))
    ip[10:12] = struct.pack("!H", ck)
    eth = bytes.fromhex("01005e360c6f" "020000000001")
    if vlan:
        eth += bytes.fromhex("8100" "008d")
    eth += bytes.fromhex("0800")
    udp = bytes.fromhex("4650" "676d" + "%04x" % udp_len + "0000")
    return eth + bytes(ip) + udp + payload


def test_parse_hand_built_frame_with_vlan():
    drops = {}
    f = hand_frame()
    assert pcap.parse_frame(f, len(f), drops) == (PAYLOAD, 26477)
    assert drops == {}


def test_build_frame_matches_hand_built():
    assert pcap.build_frame(PAYLOAD, dst_port=26477, src_port=18000, dst_ip="233.54.12.111",
                            src_ip="10.0.0.1", vlan=141, ttl=32) == hand_frame()


def test_scapy_parses_our_frames():
    scapy = pytest.importorskip("scapy.all")
    f = pcap.build_frame(PAYLOAD, dst_port=26478, dst_ip="233.54.12.112", vlan=7,
                         ip_options=b"\x01\x01\x01\x00")
    p = scapy.Ether(f)
    assert p[scapy.Dot1Q].vlan == 7
    ip = p[scapy.IP]
    assert ip.ihl == 6 and ip.dst == "233.54.12.112"
    chk = ip.chksum
    del ip.chksum
    assert scapy.IP(bytes(ip)).chksum == chk     # scapy recomputes the same checksum
    assert p[scapy.UDP].dport == 26478 and bytes(p[scapy.UDP].payload) == PAYLOAD


def test_we_parse_scapy_frames():
    scapy = pytest.importorskip("scapy.all")
    pk = (scapy.Ether(dst="01:00:5e:00:00:01") / scapy.Dot1Q(vlan=10) / scapy.Dot1Q(vlan=20)
          / scapy.IP(dst="239.1.1.1", options=[scapy.IPOption(b"\x94\x04\x00\x00")])
          / scapy.UDP(sport=1, dport=30000) / scapy.Raw(PAYLOAD))
    b = bytes(pk)
    drops = {}
    assert pcap.parse_frame(b, len(b), drops) == (PAYLOAD, 30000)
    # short payload: Ethernet pads to 60 bytes, the padding is ignored
    pk = scapy.Ether() / scapy.IP(dst="1.2.3.4") / scapy.UDP(dport=5) / scapy.Raw(b"x")
    b = bytes(pk) + bytes(60 - len(bytes(pk)))
    assert pcap.parse_frame(b, len(b), drops) == (b"x", 5)
    assert drops == {}


def _mut(f, off, val):
    b = bytearray(f)
    b[off] = val
    return bytes(b)


def _fix_ck(b, eth=18):
    b = bytearray(b)
    b[eth + 10:eth + 12] = b"\0\0"
    b[eth + 10:eth + 12] = struct.pack("!H", pcap.ipv4_checksum(bytes(b[eth:eth + 20])))
    return bytes(b)


DROP_CASES = [
    ("truncated", hand_frame()[:-3], len(hand_frame()), "truncated_frame"),
    ("short", b"\x01\x02\x03", 3, "short_ethernet"),
    ("vlan cut", hand_frame()[:14], 14, "short_ethernet"),
    ("arp", b"\xff" * 6 + b"\x02" * 6 + b"\x08\x06" + bytes(28), None, "not_ipv4"),
    ("ipv6", b"\xff" * 12 + b"\x86\xdd" + bytes(60), 74, "not_ipv4"),
    ("version", _fix_ck(_mut(hand_frame(), 18, 0x65)), None, "bad_ip_header"),
    ("ihl", _fix_ck(_mut(hand_frame(), 18, 0x44)), None, "bad_ip_header"),
    ("cut ip", hand_frame()[:30], 30, "bad_ip_header"),
    ("total len", _fix_ck(_mut(hand_frame(), 21, 0xFF)), None, "bad_ip_length"),
    ("total small", _fix_ck(_mut(hand_frame(), 21, 10)), None, "bad_ip_length"),
    ("checksum", _mut(hand_frame(), 28, 0x00), None, "bad_ip_checksum"),
    ("fragment MF", _fix_ck(_mut(hand_frame(), 24, 0x20)), None, "ip_fragment"),
    ("fragment off", _fix_ck(_mut(hand_frame(), 25, 0x01)), None, "ip_fragment"),
    ("tcp", _fix_ck(_mut(hand_frame(), 27, 6)), None, "not_udp"),
    ("udp len big", _mut(hand_frame(), 43, 0xFF), None, "bad_udp_length"),
    ("udp len small", _mut(hand_frame(), 43, 4), None, "bad_udp_length"),
    ("double vlan cut", hand_frame()[:12] + bytes.fromhex("810000018100"), None, "short_ethernet"),
]


@pytest.mark.parametrize("name,frame,orig,cause", DROP_CASES, ids=[c[0] for c in DROP_CASES])
def test_drop_causes(name, frame, orig, cause):
    drops = {}
    assert pcap.parse_frame(frame, len(frame) if orig is None else orig, drops) is None
    assert drops == {cause: 1}


def test_port_filter():
    drops = {}
    f = hand_frame()
    assert pcap.parse_frame(f, len(f), drops, port=26478) is None
    assert drops == {"port_filtered": 1}
    assert pcap.parse_frame(f, len(f), drops, port=26477) == (PAYLOAD, 26477)


@pytest.mark.parametrize("nanos", [False, True])
@pytest.mark.parametrize("big", [False, True])
def test_pcap_roundtrip_all_magics(tmp, nanos, big):
    path = tmp / "x.pcap"
    frames = [hand_frame(), hand_frame(payload=b"second")]
    with pcap.PcapWriter(str(path), nanos=nanos, big_endian=big) as w:
        w.write(frames[0], 1_700_000_000_123_456_789)
        w.write(frames[1], 1_700_000_001_000_001_000, orig_len=999)
    raw = path.read_bytes()
    magic = {(False, False): "d4c3b2a1", (False, True): "a1b2c3d4",
             (True, False): "4d3cb2a1", (True, True): "a1b23c4d"}[(nanos, big)]
    assert raw[:4].hex() == magic
    assert pcap.is_pcap(raw[:4])
    got = list(pcap.read_pcap(str(path)))
    assert [g.data for g in got] == frames
    assert got[0].ts_ns == (1_700_000_000_123_456_789 if nanos else 1_700_000_000_123_456_000)
    assert got[1].orig_len == 999


def test_read_hand_built_big_endian_ns_pcap(tmp):
    f = hand_frame()
    raw = (bytes.fromhex("a1b23c4d" "0002" "0004" "00000000" "00000000" "0000ffff" "00000001")
           + struct.pack(">IIII", 5, 7, len(f), len(f)) + f
           + struct.pack(">IIII", 6, 0, 10, 100) + b"0123")   # record cut by end of file
    p = tmp / "be.pcap"
    p.write_bytes(raw)
    got = list(pcap.read_pcap(str(p)))
    assert got == [pcap.Frame(5_000_000_007, f, len(f))]


def test_not_a_pcap_and_wrong_linktype(tmp):
    p = tmp / "n.pcap"
    p.write_bytes(b"\x00\x10hello")
    with pytest.raises(pcap.PcapError):
        list(pcap.read_pcap(str(p)))
    p.write_bytes(bytes.fromhex("d4c3b2a1020004000000000000000000ffff000071000000"))
    with pytest.raises(pcap.PcapError):
        list(pcap.read_pcap(str(p)))
