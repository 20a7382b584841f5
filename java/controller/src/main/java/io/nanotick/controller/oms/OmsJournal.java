package io.nanotick.controller.oms;

/** The OMS writes every request and venue event here before acting on it. */
public interface OmsJournal
{
    void orderRequest(byte action, long userRef, long origUserRef, int locate, byte side, long quantity, long price,
        byte tif, int strategyId, long nowNs);

    void orderEvent(byte event, long userRef, long origUserRef, int locate, byte side, long quantity, long price,
        byte liquidity, long venueRef, int reason, long nowNs);

    OmsJournal NONE = new OmsJournal()
    {
        @Override
        public void orderRequest(final byte action, final long userRef, final long origUserRef, final int locate, final byte side,
            final long quantity, final long price, final byte tif, final int strategyId, final long nowNs)
        {
        }

        @Override
        public void orderEvent(final byte event, final long userRef, final long origUserRef, final int locate, final byte side,
            final long quantity, final long price, final byte liquidity, final long venueRef, final int reason, final long nowNs)
        {
        }
    };
}
