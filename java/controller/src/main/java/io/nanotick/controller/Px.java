package io.nanotick.controller;

/** Fixed-point helpers: prices are ITCH/OUCH integer prices with 4 implied decimals. */
public final class Px
{
    public static final long SCALE = 10_000L;

    private Px()
    {
    }

    public static double toDouble(final long px)
    {
        return px / (double)SCALE;
    }

    public static long fromDouble(final double px)
    {
        return Math.round(px * SCALE);
    }

    /** "123.4500" without allocation-heavy formatting on hot paths (console use only). */
    public static String format(final long px)
    {
        final long abs = Math.abs(px);
        final long frac = abs % SCALE;
        final String f = Long.toString(frac);
        return (px < 0 ? "-" : "") + (abs / SCALE) + "." + "0000".substring(f.length()) + f;
    }

    /** Largest multiple of tick that is &lt;= px. */
    public static long floorToTick(final long px, final long tick)
    {
        return Math.floorDiv(px, tick) * tick;
    }

    /** Smallest multiple of tick that is &gt;= px. */
    public static long ceilToTick(final long px, final long tick)
    {
        return -Math.floorDiv(-px, tick) * tick;
    }
}
