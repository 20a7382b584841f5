package io.nanotick.itch;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Finds the UDP payload in an Ethernet II frame: optional 802.1Q / 802.1ad
 * tags, IPv4 (version 4, header checksum verified, options allowed, not a
 * fragment), UDP (length checked against the IPv4 total length).  The
 * Ethernet FCS is not expected (pcap frames normally lack it; trailing
 * padding beyond the IPv4 total length is ignored).  No allocation.
 */
public final class UdpFrameDecoder
{
    /** The frame carries a UDP datagram: see {@link #payloadOffset()} and {@link #payloadLength()}. */
    public static final int UDP = 0;
    /** Not IPv4/UDP (ARP, IPv6, TCP ...): skip, not an error. */
    public static final int NOT_UDP = 1;
    /** IPv4/UDP that is broken (short, bad checksum, bad lengths, fragment): a counted drop. */
    public static final int MALFORMED = 2;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;
    public static final int ETHERTYPE_QINQ_OLD = 0x9100;
    public static final int IP_PROTO_UDP = 17;

    private int payloadOffset;
    private int payloadLength;
    private int srcIp;
    private int dstIp;
    private int srcPort;
    private int dstPort;

    public int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int at = offset + 12;
        if (at + 2 > end)
        {
            return MALFORMED;
        }
        int etherType = buffer.getShort(at, BIG_ENDIAN) & 0xFFFF;
        at += 2;
        while (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ || etherType == ETHERTYPE_QINQ_OLD)
        {
            if (at + 4 > end)
            {
                return MALFORMED;
            }
            etherType = buffer.getShort(at + 2, BIG_ENDIAN) & 0xFFFF;
            at += 4;
        }
        if (etherType != ETHERTYPE_IPV4)
        {
            return NOT_UDP;
        }
        final int ip = at;
        if (ip + 20 > end)
        {
            return MALFORMED;
        }
        final int verIhl = buffer.getByte(ip) & 0xFF;
        final int ihl = (verIhl & 0x0F) * 4;
        if ((verIhl >>> 4) != 4 || ihl < 20 || ip + ihl > end)
        {
            return MALFORMED;
        }
        final int totalLength = buffer.getShort(ip + 2, BIG_ENDIAN) & 0xFFFF;
        if (totalLength < ihl || ip + totalLength > end)
        {
            return MALFORMED;
        }
        if (ipv4Checksum(buffer, ip, ihl) != 0)
        {
            return MALFORMED;
        }
        final int protocol = buffer.getByte(ip + 9) & 0xFF;
        if (protocol != IP_PROTO_UDP)
        {
            return NOT_UDP;
        }
        final int fragment = buffer.getShort(ip + 6, BIG_ENDIAN) & 0x3FFF; // MF flag + fragment offset
        if (fragment != 0)
        {
            return MALFORMED;
        }
        final int udp = ip + ihl;
        final int ipPayload = totalLength - ihl;
        if (ipPayload < 8)
        {
            return MALFORMED;
        }
        final int udpLength = buffer.getShort(udp + 4, BIG_ENDIAN) & 0xFFFF;
        if (udpLength < 8 || udpLength > ipPayload)
        {
            return MALFORMED;
        }
        srcIp = buffer.getInt(ip + 12, BIG_ENDIAN);
        dstIp = buffer.getInt(ip + 16, BIG_ENDIAN);
        srcPort = buffer.getShort(udp, BIG_ENDIAN) & 0xFFFF;
        dstPort = buffer.getShort(udp + 2, BIG_ENDIAN) & 0xFFFF;
        payloadOffset = udp + 8;
        payloadLength = udpLength - 8;
        return UDP;
    }

    /** Ones' complement sum of the header, folded and inverted: 0 when the stored checksum is right. */
    public static int ipv4Checksum(final DirectBuffer buffer, final int ip, final int ihl)
    {
        int sum = 0;
        for (int i = 0; i < ihl; i += 2)
        {
            sum += buffer.getShort(ip + i, BIG_ENDIAN) & 0xFFFF;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    public int payloadOffset()
    {
        return payloadOffset;
    }

    public int payloadLength()
    {
        return payloadLength;
    }

    public int srcIp()
    {
        return srcIp;
    }

    public int dstIp()
    {
        return dstIp;
    }

    public int srcPort()
    {
        return srcPort;
    }

    public int dstPort()
    {
        return dstPort;
    }
}
