package io.nanotick.itch;

/**
 * Classic libpcap file format constants (not pcapng).
 *
 * <pre>
 * file header (24): magic(4) versionMajor(2) versionMinor(2) thiszone(4) sigfigs(4) snaplen(4) linktype(4)
 * record header (16): tsSec(4) tsFraction(4) inclLen(4) origLen(4), then inclLen bytes
 * </pre>
 * The magic's byte order gives the file's byte order; 0xA1B2C3D4 means
 * microsecond fractions, 0xA1B23C4D nanoseconds.
 */
public final class Pcap
{
    public static final int MAGIC_MICROS = 0xA1B2C3D4;
    public static final int MAGIC_NANOS = 0xA1B23C4D;
    public static final int FILE_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;
    public static final int LINKTYPE_ETHERNET = 1;

    private Pcap()
    {
    }

    /** True if the first 4 bytes (read little-endian) are a classic pcap magic of either byte order. */
    public static boolean isPcapMagic(final int magicLittleEndian)
    {
        return magicLittleEndian == MAGIC_MICROS || magicLittleEndian == MAGIC_NANOS
            || magicLittleEndian == Integer.reverseBytes(MAGIC_MICROS) || magicLittleEndian == Integer.reverseBytes(MAGIC_NANOS);
    }
}
