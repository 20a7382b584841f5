package io.nanotick.itch;

import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Walks the records of a classic pcap file held in native memory (e.g. a
 * {@link MappedFile}); each frame is handed over as a {@link UnsafeBuffer}
 * window, no copy, no allocation per frame.  A record whose header or data
 * runs past the end of the file is counted in {@link #truncatedRecords()}
 * and ends the walk.  Only link type 1 (Ethernet) is accepted.
 */
public final class PcapReader
{
    /** Receives one frame; the buffer is only valid during the call. */
    @FunctionalInterface
    public interface FrameHandler
    {
        void onFrame(UnsafeBuffer buffer, int offset, int length, int wireLength, long timestampNanos);
    }

    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer header = new UnsafeBuffer(0, 0);
    private long frames;
    private long truncatedRecords;
    private int linkType = -1;

    /**
     * Reads every record of {@code file} (a native segment).
     *
     * @throws IllegalArgumentException if the file is not a classic pcap.
     */
    public void read(final MemorySegment file, final FrameHandler handler)
    {
        final long size = file.byteSize();
        if (size < Pcap.FILE_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("not a pcap file: " + size + " bytes");
        }
        header.wrap(file.address(), Pcap.FILE_HEADER_LENGTH);
        final int magic = header.getInt(0, ByteOrder.LITTLE_ENDIAN);
        final ValueLayout.OfInt order;
        final boolean nanos;
        if (magic == Pcap.MAGIC_MICROS || magic == Pcap.MAGIC_NANOS)
        {
            order = INT_LE;
            nanos = magic == Pcap.MAGIC_NANOS;
        }
        else if (magic == Integer.reverseBytes(Pcap.MAGIC_MICROS) || magic == Integer.reverseBytes(Pcap.MAGIC_NANOS))
        {
            order = INT_BE;
            nanos = magic == Integer.reverseBytes(Pcap.MAGIC_NANOS);
        }
        else
        {
            throw new IllegalArgumentException(String.format("not a classic pcap file (magic 0x%08x; pcapng is not supported)", magic));
        }
        linkType = header.getInt(20, order == INT_LE ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN) & 0x0FFF_FFFF;
        if (linkType != Pcap.LINKTYPE_ETHERNET)
        {
            throw new IllegalArgumentException("pcap link type " + linkType + ": only Ethernet (1) is supported");
        }
        final long base = file.address();
        final ByteOrder bo = order == INT_LE ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        // the loop reads through Agrona buffers (Unsafe), not MemorySegment accessors: no allocation
        // even before the JIT has compiled this method's normal entry
        long at = Pcap.FILE_HEADER_LENGTH;
        while (at < size)
        {
            if (at + Pcap.RECORD_HEADER_LENGTH > size)
            {
                truncatedRecords++;
                return;
            }
            header.wrap(base + at, Pcap.RECORD_HEADER_LENGTH);
            final long sec = header.getInt(0, bo) & 0xFFFF_FFFFL;
            final long frac = header.getInt(4, bo) & 0xFFFF_FFFFL;
            final long incl = header.getInt(8, bo) & 0xFFFF_FFFFL;
            final long orig = header.getInt(12, bo) & 0xFFFF_FFFFL;
            at += Pcap.RECORD_HEADER_LENGTH;
            if (at + incl > size || incl > Integer.MAX_VALUE)
            {
                truncatedRecords++;
                return;
            }
            frames++;
            frame.wrap(base + at, (int)incl);
            handler.onFrame(frame, 0, (int)incl, (int)Math.min(orig, Integer.MAX_VALUE), sec * 1_000_000_000L + (nanos ? frac : frac * 1000));
            at += incl;
        }
    }

    /** Link type from the file header (1 = Ethernet), -1 before {@link #read}. */
    public int linkType()
    {
        return linkType;
    }

    public long frames()
    {
        return frames;
    }

    public long truncatedRecords()
    {
        return truncatedRecords;
    }
}
