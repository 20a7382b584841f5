package io.nanotick.ring;

/**
 * The test pattern of native/tools/ring_pattern.h, written again from its description: record index i
 * carries a top-of-book record whose every field is a function of i, so a reader can check each record
 * against its own sequence word (a torn read, a stale slot or a wrong index fails).
 */
final class RingPattern
{
    private RingPattern()
    {
    }

    static void fill(final TobRecord r, final long i, final long ingressTs)
    {
        r.reset()
            .msgType('A')
            .flags(0)
            .locate((int)(i & 0xFFFF))
            .bidPx(i & 0xFFFF_FFFFL)
            .bidQty(((i >>> 32) ^ 0x5A5A5A5AL) & 0xFFFF_FFFFL)
            .askPx((i * 7 + 3) & 0xFFFF_FFFFL)
            .askQty(((i * 13) ^ 0xA5A5A5A5L) & 0xFFFF_FFFFL)
            .itchTs(i * 1000003L)
            .moldSeq(i + 17)
            .msgOrdinal(i + 1)
            .ingressTs(ingressTs);
    }

    /** True if r is exactly the pattern record of its own sequence word (ingress_ts not checked). */
    static boolean check(final TobRecord r)
    {
        final long seq = r.seq();
        if (seq == 0)
        {
            return false;
        }
        final long i = seq - 1;
        return r.type() == RingAbi.REC_TOB &&
            r.msgType() == 'A' &&
            r.flags() == 0 &&
            r.locate() == (int)(i & 0xFFFF) &&
            r.segment().get(RingAbi.U16, r.offset() + 14) == 0 &&
            r.bidPx() == (i & 0xFFFF_FFFFL) &&
            r.bidQty() == (((i >>> 32) ^ 0x5A5A5A5AL) & 0xFFFF_FFFFL) &&
            r.askPx() == ((i * 7 + 3) & 0xFFFF_FFFFL) &&
            r.askQty() == (((i * 13) ^ 0xA5A5A5A5L) & 0xFFFF_FFFFL) &&
            r.itchTs() == i * 1000003L &&
            r.moldSeq() == i + 17 &&
            r.msgOrdinal() == i + 1;
    }
}
