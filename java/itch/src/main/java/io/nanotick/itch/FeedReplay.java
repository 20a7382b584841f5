package io.nanotick.itch;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Replays a capture file as the in-order ITCH message stream every engine
 * shares: a pcap (Ethernet [+802.1Q] / IPv4 / UDP / MoldUDP64, sequenced by
 * {@link MoldUdp64Sequencer}) or an ITCH BinaryFILE (every message, in file
 * order), told apart by the pcap magic.  For BinaryFILE input the
 * {@code sequenceNumber} handed to the listener is the 1-based message ordinal.
 */
public final class FeedReplay implements PcapReader.FrameHandler, BinaryFileReader.MessageHandler
{
    /** Forwards BinaryFILE messages, as segment positions, to a {@link SegmentMessageListener}. */
    private final class SegmentForwarder implements BinaryFileReader.SegmentHandler
    {
        private SegmentMessageListener target;

        @Override
        public void onMessage(final MemorySegment file, final long offset, final int length)
        {
            target.onMessage(file, offset, length, ++binaryFileOrdinal);
        }
    }

    private final SegmentForwarder segmentForwarder = new SegmentForwarder();
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final PcapReader pcapReader = new PcapReader();
    private final BinaryFileReader binaryFileReader = new BinaryFileReader();
    private final UdpFrameDecoder udp = new UdpFrameDecoder();
    private final MoldUdp64Sequencer sequencer = new MoldUdp64Sequencer();
    private final int udpPortFilter;
    private MoldUdp64Listener listener;

    private final long[] frameCauses = new long[UdpFrameDecoder.CAUSE_NAMES.length];
    private long udpFrames;
    private long notUdpFrames;
    private long malformedFrames;
    private long filteredFrames;
    private long binaryFileOrdinal;

    /** @param udpPortFilter destination UDP port to accept, or 0 for any. */
    public FeedReplay(final int udpPortFilter)
    {
        this.udpPortFilter = udpPortFilter;
    }

    public FeedReplay()
    {
        this(0);
    }

    /** True if the segment starts with a classic pcap magic. */
    public static boolean isPcap(final MemorySegment file)
    {
        return file.byteSize() >= 4 && Pcap.isPcapMagic(file.get(INT_LE, 0));
    }

    private final UnsafeBuffer magic = new UnsafeBuffer(0, 0);

    private boolean isPcapNoAlloc(final MemorySegment file)
    {
        if (file.byteSize() < 4)
        {
            return false;
        }
        magic.wrap(file.address(), 4);
        return Pcap.isPcapMagic(magic.getInt(0, ByteOrder.LITTLE_ENDIAN));
    }

    /** Maps {@code path} and replays it into {@code listener}. */
    public void replay(final Path path, final MoldUdp64Listener listener) throws IOException
    {
        try (MappedFile file = MappedFile.map(path))
        {
            replay(file.segment(), listener);
        }
    }

    /**
     * Replays a capture held in native memory.  A BinaryFILE goes to a listener that is
     * also a {@link SegmentMessageListener} straight from the segment (no buffer wrapper).
     */
    public void replay(final MemorySegment file, final MoldUdp64Listener listener)
    {
        this.listener = listener;
        if (isPcapNoAlloc(file))
        {
            pcapReader.read(file, this);
        }
        else if (listener instanceof SegmentMessageListener direct)
        {
            segmentForwarder.target = direct;
            binaryFileReader.readSegments(file, segmentForwarder);
        }
        else
        {
            binaryFileReader.read(file, this);
        }
    }

    @Override
    public void onFrame(final UnsafeBuffer buffer, final int offset, final int length, final int wireLength, final long timestampNanos)
    {
        onEthernetFrame(buffer, offset, length, wireLength);
    }

    /** Feeds one Ethernet frame (for callers that capture frames themselves). */
    public void onEthernetFrame(final DirectBuffer buffer, final int offset, final int length, final int wireLength)
    {
        final int rc = udp.decode(buffer, offset, length, wireLength);
        if (rc == UdpFrameDecoder.NOT_UDP)
        {
            notUdpFrames++;
            frameCauses[udp.cause()]++;
            return;
        }
        if (rc != UdpFrameDecoder.UDP)
        {
            malformedFrames++;
            frameCauses[udp.cause()]++;
            return;
        }
        if (udpPortFilter != 0 && udp.dstPort() != udpPortFilter)
        {
            filteredFrames++;
            return;
        }
        udpFrames++;
        sequencer.onPacket(buffer, udp.payloadOffset(), udp.payloadLength(), listener);
    }

    @Override
    public void onMessage(final UnsafeBuffer buffer, final int offset, final int length)
    {
        listener.onMessage(buffer, offset, length, ++binaryFileOrdinal);
    }

    public MoldUdp64Sequencer sequencer()
    {
        return sequencer;
    }

    public PcapReader pcapReader()
    {
        return pcapReader;
    }

    public BinaryFileReader binaryFileReader()
    {
        return binaryFileReader;
    }

    /** Frames skipped or dropped for {@code cause} (a {@code UdpFrameDecoder.CAUSE_*}). */
    public long frames(final int cause)
    {
        return frameCauses[cause];
    }

    public long udpFrames()
    {
        return udpFrames;
    }

    public long notUdpFrames()
    {
        return notUdpFrames;
    }

    public long malformedFrames()
    {
        return malformedFrames;
    }

    public long filteredFrames()
    {
        return filteredFrames;
    }
}
