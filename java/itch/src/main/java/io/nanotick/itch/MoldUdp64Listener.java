package io.nanotick.itch;

import org.agrona.DirectBuffer;

/**
 * Receives what {@link MoldUdp64Sequencer} delivers, in order.  The buffer is
 * only valid during the call.
 */
public interface MoldUdp64Listener
{
    /** One message, in sequence; {@code length} may be 0 (an empty block). */
    void onMessage(DirectBuffer buffer, int offset, int length, long sequenceNumber);

    /** Messages {@code expected .. received - 1} were never seen. */
    default void onGap(final long expected, final long received)
    {
    }

    /** A packet of a session not seen before (sequencing restarts). */
    default void onSession(final DirectBuffer buffer, final int sessionOffset, final long sequenceNumber)
    {
    }

    default void onEndOfSession(final long sequenceNumber)
    {
    }
}
