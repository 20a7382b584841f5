package io.nanotick.itch;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;

/**
 * Writes a classic little-endian, nanosecond pcap (link type Ethernet) of
 * UDP/IPv4 datagrams, optionally 802.1Q tagged, with a correct IPv4 header
 * checksum and a zero (unused) UDP checksum.  Addresses and ports are set once;
 * {@link #writeUdp} appends one frame.  Reuses one frame buffer (not thread-safe).
 */
public final class PcapWriter implements AutoCloseable
{
    private final OutputStream out;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[Pcap.RECORD_HEADER_LENGTH + 65536 + 64]);
    private long srcMac = 0x02_00_00_00_00_01L;
    private long dstMac = 0x01_00_5E_36_0C_6FL;
    private int vlan = -1;
    private int srcIp = 0x0A_00_00_01;
    private int dstIp = 0xE9_36_0C_6F; // 233.54.12.111
    private int srcPort = 26477;
    private int dstPort = 26477;
    private int ipId;

    public PcapWriter(final OutputStream out) throws IOException
    {
        this.out = out;
        final UnsafeBuffer h = new UnsafeBuffer(new byte[Pcap.FILE_HEADER_LENGTH]);
        h.putInt(0, Pcap.MAGIC_NANOS, ByteOrder.LITTLE_ENDIAN);
        h.putShort(4, (short)2, ByteOrder.LITTLE_ENDIAN);
        h.putShort(6, (short)4, ByteOrder.LITTLE_ENDIAN);
        h.putInt(16, 65535, ByteOrder.LITTLE_ENDIAN);
        h.putInt(20, Pcap.LINKTYPE_ETHERNET, ByteOrder.LITTLE_ENDIAN);
        out.write(h.byteArray());
    }

    public PcapWriter macs(final long src, final long dst)
    {
        srcMac = src;
        dstMac = dst;
        return this;
    }

    /** 802.1Q VLAN id to tag frames with, or -1 for untagged. */
    public PcapWriter vlan(final int id)
    {
        vlan = id;
        return this;
    }

    public PcapWriter ips(final int src, final int dst)
    {
        srcIp = src;
        dstIp = dst;
        return this;
    }

    public PcapWriter ports(final int src, final int dst)
    {
        srcPort = src;
        dstPort = dst;
        return this;
    }

    /** Appends one Ethernet/[802.1Q]/IPv4/UDP frame carrying {@code payload[offset, offset + length)}. */
    public void writeUdp(final long timestampNanos, final DirectBuffer payload, final int offset, final int length) throws IOException
    {
        if (length > 65535 - 28)
        {
            throw new IllegalArgumentException("UDP payload too large: " + length);
        }
        final ByteOrder be = ByteOrder.BIG_ENDIAN;
        final int f = Pcap.RECORD_HEADER_LENGTH;
        int at = f;
        putMac(at, dstMac);
        putMac(at + 6, srcMac);
        at += 12;
        if (vlan >= 0)
        {
            frame.putShort(at, (short)UdpFrameDecoder.ETHERTYPE_VLAN, be);
            frame.putShort(at + 2, (short)(vlan & 0x0FFF), be);
            at += 4;
        }
        frame.putShort(at, (short)UdpFrameDecoder.ETHERTYPE_IPV4, be);
        at += 2;
        final int ip = at;
        frame.putByte(ip, (byte)0x45);
        frame.putByte(ip + 1, (byte)0);
        frame.putShort(ip + 2, (short)(20 + 8 + length), be);
        frame.putShort(ip + 4, (short)ipId++, be);
        frame.putShort(ip + 6, (short)0x4000, be); // don't fragment
        frame.putByte(ip + 8, (byte)64);
        frame.putByte(ip + 9, (byte)UdpFrameDecoder.IP_PROTO_UDP);
        frame.putShort(ip + 10, (short)0, be);
        frame.putInt(ip + 12, srcIp, be);
        frame.putInt(ip + 16, dstIp, be);
        frame.putShort(ip + 10, (short)UdpFrameDecoder.ipv4Checksum(frame, ip, 20), be);
        final int udp = ip + 20;
        frame.putShort(udp, (short)srcPort, be);
        frame.putShort(udp + 2, (short)dstPort, be);
        frame.putShort(udp + 4, (short)(8 + length), be);
        frame.putShort(udp + 6, (short)0, be);
        frame.putBytes(udp + 8, payload, offset, length);
        final int frameLength = udp + 8 + length - f;
        final ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        frame.putInt(0, (int)(timestampNanos / 1_000_000_000L), le);
        frame.putInt(4, (int)(timestampNanos % 1_000_000_000L), le);
        frame.putInt(8, frameLength, le);
        frame.putInt(12, frameLength, le);
        out.write(frame.byteArray(), 0, f + frameLength);
    }

    private void putMac(final int at, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            frame.putByte(at + i, (byte)(mac >>> (8 * (5 - i))));
        }
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
