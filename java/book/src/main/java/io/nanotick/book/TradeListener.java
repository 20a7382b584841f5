package io.nanotick.book;

/**
 * Receives trade prints: E (price = the resting order's price, side = its side),
 * C (execution price, printable), P (side from the message), Q (side 0, 64-bit shares).
 * E/C of an unknown ref print nothing; shares are the message's (not clamped).
 */
@FunctionalInterface
public interface TradeListener
{
    void onTrade(long msgOrdinal, byte msgType, int flags, int locate, byte side, long price, long shares,
                 long matchNumber, byte printable);
}
