package io.nanotick.itch;

import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Walks an ITCH BinaryFILE held in native memory: each message is preceded by
 * its 2-byte big-endian length.  A length that runs past the end of the file
 * is counted in {@link #truncated()} and ends the walk.  A zero length is
 * skipped and counted in {@link #empty()} (it is not a message).
 */
public final class BinaryFileReader
{
    /** Receives one message; the buffer is only valid during the call. */
    @FunctionalInterface
    public interface MessageHandler
    {
        void onMessage(UnsafeBuffer buffer, int offset, int length);
    }

    /** Receives one message as a position in the file's segment. */
    @FunctionalInterface
    public interface SegmentHandler
    {
        void onMessage(MemorySegment file, long offset, int length);
    }

    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final UnsafeBuffer message = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer length = new UnsafeBuffer(0, 0);
    private long messages;
    private long truncated;
    private long empty;

    public void read(final MemorySegment file, final MessageHandler handler)
    {
        final long size = file.byteSize();
        final long base = file.address();
        long at = 0;
        while (at < size)
        {
            if (at + 2 > size)
            {
                truncated++;
                return;
            }
            length.wrap(base + at, 2); // Unsafe reads: no allocation even when interpreted
            final int len = length.getShort(0, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
            at += 2;
            if (len == 0)
            {
                empty++;
                continue;
            }
            if (at + len > size)
            {
                truncated++;
                return;
            }
            messages++;
            message.wrap(base + at, len);
            handler.onMessage(message, 0, len);
            at += len;
        }
    }

    /** As {@link #read(MemorySegment, MessageHandler)}, reading the segment directly (any segment, heap or native). */
    public void readSegments(final MemorySegment file, final SegmentHandler handler)
    {
        final long size = file.byteSize();
        long at = 0;
        while (at < size)
        {
            if (at + 2 > size)
            {
                truncated++;
                return;
            }
            final int len = file.get(SHORT_BE, at) & 0xFFFF;
            at += 2;
            if (len == 0)
            {
                empty++;
                continue;
            }
            if (at + len > size)
            {
                truncated++;
                return;
            }
            messages++;
            handler.onMessage(file, at, len);
            at += len;
        }
    }

    public long messages()
    {
        return messages;
    }

    public long empty()
    {
        return empty;
    }

    public long truncated()
    {
        return truncated;
    }
}
