package io.nanotick.controller;

/** Order sides as OUCH bytes. */
public final class Side
{
    public static final byte BUY = 'B';
    public static final byte SELL = 'S';

    private Side()
    {
    }

    /** +1 for a buy, -1 for a sell (short sells 'T'/'E' count as sells). */
    public static int sign(final byte side)
    {
        return side == BUY ? 1 : -1;
    }

    public static byte opposite(final byte side)
    {
        return side == BUY ? SELL : BUY;
    }
}
