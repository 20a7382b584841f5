package io.nanotick.itch;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * Finds the UDP payload in an Ethernet II frame, with the checks (and their
 * order) every Nanotick engine shares (docs/reference-model.md, "Frames"):
 * any number of 802.1Q (0x8100) / 802.1ad (0x88A8) tags, IPv4 (version 4,
 * IHL &gt;= 5, total length within the frame, header checksum verified, options
 * allowed, not a fragment), UDP (length checked against the IPv4 total
 * length; checksum not checked).  Ethernet padding beyond the IPv4 total
 * length is ignored.  {@link #cause()} tells why a frame was skipped or
 * dropped.  No allocation.
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

    /** Causes, for counters ({@link #cause()}); names as in the reference model. */
    public static final int CAUSE_NONE = 0;
    public static final int CAUSE_TRUNCATED_FRAME = 1;
    public static final int CAUSE_SHORT_ETHERNET = 2;
    public static final int CAUSE_BAD_IP_HEADER = 3;
    public static final int CAUSE_BAD_IP_LENGTH = 4;
    public static final int CAUSE_BAD_IP_CHECKSUM = 5;
    public static final int CAUSE_IP_FRAGMENT = 6;
    public static final int CAUSE_BAD_UDP_LENGTH = 7;
    public static final int CAUSE_NOT_IPV4 = 8;
    public static final int CAUSE_NOT_UDP = 9;
    public static final String[] CAUSE_NAMES = {
        "none", "truncated_frame", "short_ethernet", "bad_ip_header", "bad_ip_length", "bad_ip_checksum",
        "ip_fragment", "bad_udp_length", "not_ipv4", "not_udp"};

    private boolean checkIpChecksum = true;
    private int cause;
    public static final int IP_PROTO_UDP = 17;

    private int payloadOffset;
    private int payloadLength;
    private int srcIp;
    private int dstIp;
    private int srcPort;
    private int dstPort;

    /** Engines always check; false only for tools reading the synthetic *.20230822 captures (checksum 0). */
    public UdpFrameDecoder checkIpChecksum(final boolean check)
    {
        checkIpChecksum = check;
        return this;
    }

    /** Decodes a frame whose captured length equals its wire length. */
    public int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return decode(buffer, offset, length, length);
    }

    /**
     * @param length     captured bytes
     * @param wireLength original length on the wire (pcap orig_len): a frame cut by the snap length is dropped
     * @return {@link #UDP}, {@link #NOT_UDP} or {@link #MALFORMED} (see {@link #cause()})
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length, final int wireLength)
    {
        if (length < wireLength)
        {
            return drop(CAUSE_TRUNCATED_FRAME);
        }
        if (length < 14)
        {
            return drop(CAUSE_SHORT_ETHERNET);
        }
        final int end = offset + length;
        int at = offset + 12;
        int etherType = buffer.getShort(at, BIG_ENDIAN) & 0xFFFF;
        while (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ)
        {
            at += 4;
            if (at + 2 > end)
            {
                return drop(CAUSE_SHORT_ETHERNET);
            }
            etherType = buffer.getShort(at, BIG_ENDIAN) & 0xFFFF;
        }
        at += 2;
        if (etherType != ETHERTYPE_IPV4)
        {
            cause = CAUSE_NOT_IPV4;
            return NOT_UDP;
        }
        final int ip = at;
        if (ip + 20 > end)
        {
            return drop(CAUSE_BAD_IP_HEADER);
        }
        final int verIhl = buffer.getByte(ip) & 0xFF;
        final int ihl = (verIhl & 0x0F) * 4;
        if ((verIhl >>> 4) != 4 || ihl < 20 || ip + ihl > end)
        {
            return drop(CAUSE_BAD_IP_HEADER);
        }
        final int totalLength = buffer.getShort(ip + 2, BIG_ENDIAN) & 0xFFFF;
        if (totalLength < ihl || ip + totalLength > end)
        {
            return drop(CAUSE_BAD_IP_LENGTH);
        }
        if (checkIpChecksum && ipv4Checksum(buffer, ip, ihl) != 0)
        {
            return drop(CAUSE_BAD_IP_CHECKSUM);
        }
        if ((buffer.getShort(ip + 6, BIG_ENDIAN) & 0x3FFF) != 0) // MF flag or fragment offset
        {
            return drop(CAUSE_IP_FRAGMENT);
        }
        if ((buffer.getByte(ip + 9) & 0xFF) != IP_PROTO_UDP)
        {
            cause = CAUSE_NOT_UDP;
            return NOT_UDP;
        }
        final int udp = ip + ihl;
        final int ipEnd = ip + totalLength;
        if (udp + 8 > ipEnd)
        {
            return drop(CAUSE_BAD_UDP_LENGTH);
        }
        final int udpLength = buffer.getShort(udp + 4, BIG_ENDIAN) & 0xFFFF;
        if (udpLength < 8 || udp + udpLength > ipEnd)
        {
            return drop(CAUSE_BAD_UDP_LENGTH);
        }
        cause = CAUSE_NONE;
        srcIp = buffer.getInt(ip + 12, BIG_ENDIAN);
        dstIp = buffer.getInt(ip + 16, BIG_ENDIAN);
        srcPort = buffer.getShort(udp, BIG_ENDIAN) & 0xFFFF;
        dstPort = buffer.getShort(udp + 2, BIG_ENDIAN) & 0xFFFF;
        payloadOffset = udp + 8;
        payloadLength = udpLength - 8;
        return UDP;
    }

    private int drop(final int why)
    {
        cause = why;
        return MALFORMED;
    }

    /** Why the last frame was not {@link #UDP}: one of the CAUSE_* constants. */
    public int cause()
    {
        return cause;
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
