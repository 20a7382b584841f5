"""Generated pcaps (A/B, VLAN, hostile) checked frame by frame against tshark:
tshark must agree with every frame decision of pcap.parse_frame (accept, or
the drop cause) and, for accepted frames, with the MoldUDP64 decode."""

import subprocess

import pytest

from conftest import need_tshark
from nanotick_model import gen, mold, pcap

FIELDS = ("frame.cap_len", "frame.len", "ip.proto", "ip.flags.mf", "ip.checksum.status",
          "_ws.expert.message", "moldudp64.session", "moldudp64.sequence", "moldudp64.count",
          "moldudp64.msgdata")


def tshark_rows(path):
    cmd = [need_tshark(), "-r", str(path), "-o", "ip.check_checksum:TRUE",
           "-d", "udp.port==26477,moldudp64", "-d", "udp.port==26478,moldudp64",
           "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return [dict(zip(FIELDS, line.split("\t"))) for line in out.splitlines()]


# drop cause -> what tshark must show for that frame
EXPECT = {
    "truncated_frame": lambda t: int(t["frame.cap_len"]) < int(t["frame.len"]),
    "short_ethernet": lambda t: t["ip.proto"] == "",
    "not_ipv4": lambda t: t["ip.proto"] == "",
    "bad_ip_header": lambda t: "Bogus IP header length" in t["_ws.expert.message"],
    "bad_ip_length": lambda t: "total length exceeds packet length" in t["_ws.expert.message"],
    "bad_ip_checksum": lambda t: t["ip.checksum.status"] == "0",
    "ip_fragment": lambda t: t["ip.flags.mf"] == "1",
    "not_udp": lambda t: t["ip.proto"] != "17",
    "bad_udp_length": lambda t: "Bad length value" in t["_ws.expert.message"],
}


@pytest.mark.parametrize("seed,hostile", [(31, True), (32, False)])
def test_frame_decisions_agree_with_tshark(tmp, seed, hostile):
    p = tmp / "g.pcap"
    gen.write_pcap(str(p), seed, 6000, 5, per_packet=4, ab=True, loss_a=0.05, loss_b=0.05,
                   hostile=hostile, vlan=141)
    frames = list(pcap.read_pcap(str(p)))
    rows = tshark_rows(p)
    assert len(rows) == len(frames)
    seen = set()
    accepted = 0
    for fr, t in zip(frames, rows):
        drops = {}
        r = pcap.parse_frame(fr.data, fr.orig_len, drops)
        if r is None:
            (cause,) = drops
            seen.add(cause)
            assert EXPECT[cause](t), (cause, t)
            continue
        accepted += 1
        assert t["ip.checksum.status"] == "1"
        try:
            mp = mold.parse_packet(r[0])
        except mold.MoldError:
            seen.add("bad_mold_header")
            continue
        assert int(t["moldudp64.sequence"]) == mp.seq and int(t["moldudp64.count"]) == mp.count
        assert t["moldudp64.session"] == mp.session.decode()
        if mp.empty_blocks == 0 and mp.lost_blocks == 0 and mp.count not in (0, 0xFFFF):
            assert t["moldudp64.msgdata"].split("|") == [m.hex() for _, m in mp.blocks]
    assert accepted > 1000
    if hostile:
        assert seen >= (set(EXPECT) - {"short_ethernet"}) | {"bad_mold_header"}
    else:
        assert not seen
