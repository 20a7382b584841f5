package io.nanotick.itch;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Frame rules on hand-edited copies of a real frame (the first frame of
 * Nasdaq.Equities.TotalView.Itch.v5.0/OrderReplaceMessage.pcap: 802.1Q VLAN 141,
 * IPv4 header checksum 0x6605, UDP 49653 -> 26477, 65-byte MoldUDP64 payload).
 * Checksums of the edited headers were computed by hand (RFC 1071) and are
 * written out as literals.
 */
class UdpFrameDecoderTest
{
    private static final String ETH = "01005e360c6f d4aff7cb20d5";
    private static final String VLAN = "8100 008d";
    private static final String IP = "4500 0055 bb9a 4000 1511 6605 cec87f8a e9360c6f";
    private static final String UDP = "c1f5 676d 0041 d48a";
    private static final String PAYLOAD = "30303030313030353942 0000000000e12f45 0001 0023"
        + "551db300001f1aced771e90000000000e6897f000000000145f2c700000064001036c8";

    private final UdpFrameDecoder d = new UdpFrameDecoder();

    private int decode(final String hex)
    {
        final UnsafeBuffer b = Hex.buffer(hex);
        return d.decode(b, 0, b.capacity());
    }

    @Test
    void realFrame()
    {
        final UnsafeBuffer b = Hex.buffer(ETH + VLAN + "0800" + IP + UDP + PAYLOAD);
        assertEquals(UdpFrameDecoder.UDP, d.decode(b, 0, b.capacity()));
        assertEquals(57, d.payloadLength(), "UDP length 0x41 = 65, minus the 8-byte header");
        assertEquals(18 + 20 + 8, d.payloadOffset());
        assertEquals(49653, d.srcPort());
        assertEquals(26477, d.dstPort());
        assertEquals(0xe9360c6f, d.dstIp());
        assertEquals("000010059B", MoldUdp64.session(b, d.payloadOffset()));
    }

    @Test
    void tagsAndPadding()
    {
        assertEquals(UdpFrameDecoder.UDP, decode(ETH + "0800" + IP + UDP + PAYLOAD), "untagged");
        assertEquals(UdpFrameDecoder.UDP, decode(ETH + "88a8 0064" + VLAN + "0800" + IP + UDP + PAYLOAD), "QinQ");
        assertEquals(UdpFrameDecoder.UDP, decode(ETH + VLAN + "0800" + IP + UDP + PAYLOAD + "00000000000000000000"), "padding");
        assertEquals(57, d.payloadLength(), "padding after the IPv4 total length is not payload");
    }

    @Test
    void skippedNotDropped()
    {
        assertEquals(UdpFrameDecoder.NOT_UDP, decode(ETH + VLAN + "86dd" + IP + UDP + PAYLOAD));
        assertEquals(UdpFrameDecoder.CAUSE_NOT_IPV4, d.cause());
        // protocol 6 (TCP), checksum recomputed: 0x6610
        assertEquals(UdpFrameDecoder.NOT_UDP, decode(ETH + VLAN + "0800" + "4500 0055 bb9a 4000 1506 6610 cec87f8a e9360c6f" + UDP + PAYLOAD));
        assertEquals(UdpFrameDecoder.CAUSE_NOT_UDP, d.cause());
    }

    @Test
    void dropped()
    {
        final UnsafeBuffer b = Hex.buffer(ETH + VLAN + "0800" + IP + UDP + PAYLOAD);
        assertEquals(UdpFrameDecoder.MALFORMED, d.decode(b, 0, b.capacity(), b.capacity() + 1), "captured < wire length");
        assertEquals(UdpFrameDecoder.CAUSE_TRUNCATED_FRAME, d.cause());
        assertEquals(UdpFrameDecoder.MALFORMED, decode("01005e360c6fd4aff7cb20d581"));
        assertEquals(UdpFrameDecoder.CAUSE_SHORT_ETHERNET, d.cause());
        assertEquals(UdpFrameDecoder.MALFORMED, decode(ETH + "8100"));
        assertEquals(UdpFrameDecoder.CAUSE_SHORT_ETHERNET, d.cause(), "VLAN tag cut short");
        assertEquals(UdpFrameDecoder.MALFORMED, decode(ETH + VLAN + "0800" + IP.replace("6605", "6606") + UDP + PAYLOAD));
        assertEquals(UdpFrameDecoder.CAUSE_BAD_IP_CHECKSUM, d.cause());
        assertEquals(UdpFrameDecoder.MALFORMED, decode(ETH + VLAN + "0800" + IP.replace("4500", "4400") + UDP + PAYLOAD));
        assertEquals(UdpFrameDecoder.CAUSE_BAD_IP_HEADER, d.cause(), "IHL 4");
        assertEquals(UdpFrameDecoder.MALFORMED, decode(ETH + VLAN + "0800" + IP + UDP + PAYLOAD.substring(0, 20)));
        assertEquals(UdpFrameDecoder.CAUSE_BAD_IP_LENGTH, d.cause(), "total length past the frame");
        // MF flag set, checksum recomputed: 0x4605
        assertEquals(UdpFrameDecoder.MALFORMED, decode(ETH + VLAN + "0800" + "4500 0055 bb9a 6000 1511 4605 cec87f8a e9360c6f" + UDP + PAYLOAD));
        assertEquals(UdpFrameDecoder.CAUSE_IP_FRAGMENT, d.cause());
        // UDP length 0x0042: one byte past the IPv4 payload (the UDP length is not in the IPv4 checksum)
        assertEquals(UdpFrameDecoder.MALFORMED, decode(ETH + VLAN + "0800" + IP + "c1f5 676d 0042 d48a" + PAYLOAD));
        assertEquals(UdpFrameDecoder.CAUSE_BAD_UDP_LENGTH, d.cause());
        assertEquals(UdpFrameDecoder.MALFORMED, decode(ETH + VLAN + "0800" + IP + "c1f5 676d 0007 d48a" + PAYLOAD));
        assertEquals(UdpFrameDecoder.CAUSE_BAD_UDP_LENGTH, d.cause(), "UDP length < 8");
    }
}
