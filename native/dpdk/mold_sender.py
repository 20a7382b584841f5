#!/usr/bin/env python3
"""Send the MoldUDP64 packets of a pcap as real UDP multicast.

    mold_sender.py --pcap F.pcap --src 10.77.0.2 [--group 233.54.12.111] [--port 26477]
                   [--burst 16 --gap-us 500]

Every UDP payload of the capture (Ethernet [+802.1Q] / IPv4 / UDP) is sent,
in order, with a UDP socket whose multicast interface is the one holding
--src, so the kernel builds the Ethernet/IPv4/UDP headers (used by the
af_packet test on a veth pair in a network namespace).  Paced: --burst
datagrams, then a --gap-us pause, so an af_packet ring is never overrun.
"""

import argparse
import socket
import struct
import sys
import time


def payloads(path):
    with open(path, "rb") as f:
        d = f.read()
    magic = struct.unpack("<I", d[:4])[0]
    e = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    off = 24
    while off + 16 <= len(d):
        _, _, incl, _ = struct.unpack(e + "IIII", d[off:off + 16])
        off += 16
        fr = d[off:off + incl]
        off += incl
        o = 12
        et = struct.unpack("!H", fr[o:o + 2])[0]
        while et in (0x8100, 0x88A8):
            o += 4
            et = struct.unpack("!H", fr[o:o + 2])[0]
        o += 2
        if et != 0x0800 or fr[o + 9] != 17:
            continue
        ihl = (fr[o] & 15) * 4
        u = o + ihl
        ulen = struct.unpack("!H", fr[u + 4:u + 6])[0]
        yield fr[u + 8:u + ulen]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pcap", required=True)
    ap.add_argument("--src", required=True, help="local IPv4 address of the sending interface")
    ap.add_argument("--group", default="233.54.12.111")
    ap.add_argument("--port", type=int, default=26477)
    ap.add_argument("--burst", type=int, default=16)
    ap.add_argument("--gap-us", type=int, default=500)
    a = ap.parse_args()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(a.src))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    s.bind((a.src, 0))
    n = 0
    for p in payloads(a.pcap):
        s.sendto(p, (a.group, a.port))
        n += 1
        if n % a.burst == 0:
            time.sleep(a.gap_us / 1e6)
    print("mold_sender: %d datagrams sent to %s:%d" % (n, a.group, a.port), file=sys.stderr)


if __name__ == "__main__":
    main()
