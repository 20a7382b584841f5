package io.nanotick.itch;

import java.lang.foreign.MemorySegment;

/**
 * Receives in-order ITCH messages as a position in a {@link MemorySegment}
 * (no buffer wrapper in between).  {@link FeedReplay} hands a BinaryFILE's
 * messages to a listener that implements this as well as {@link MoldUdp64Listener}
 * straight from the mapped file.  The segment is only valid during the call.
 */
@FunctionalInterface
public interface SegmentMessageListener
{
    /** One message of {@code length} bytes at {@code offset} in {@code segment}. */
    void onMessage(MemorySegment segment, long offset, int length, long sequenceNumber);

}
