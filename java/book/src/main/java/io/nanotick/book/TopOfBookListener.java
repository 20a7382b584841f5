package io.nanotick.book;

/** Receives one top-of-book change (a row of the canonical CSV). */
@FunctionalInterface
public interface TopOfBookListener
{
    int FLAG_STALE = 0x0001; // ring.h NT_FLAG_STALE
    int FLAG_GAP = 0x0002;   // ring.h NT_FLAG_GAP
    int FLAG_BID_CHANGED = 0x0004;
    int FLAG_ASK_CHANGED = 0x0008;

    /**
     * @param msgOrdinal 1-based ordinal of the ITCH message after sequencing
     * @param msgType    ITCH type that caused it
     * @param flags      FLAG_* (GAP, BID_CHANGED, ASK_CHANGED; STALE is the ring's business)
     * @param timestamp  ITCH timestamp (ns since midnight)
     * @param moldSeq    MoldUDP64 sequence number (BinaryFILE: the ordinal)
     */
    void onTopOfBook(long msgOrdinal, byte msgType, int flags, int locate,
                     long bidPx, long bidQty, long askPx, long askQty, long timestamp, long moldSeq);
}
