package io.nanotick.controller.risk;

import java.util.List;

/**
 * Pre-trade limits. Money is in dollars in config/console and kept internally in price units
 * times shares (1e-4 $). Quantities are shares. 0 disables a limit where noted.
 * Changed only on the hot thread (config at start, console commands through the queue).
 */
public final class RiskLimits
{
    public static final List<String> NAMES = List.of(
        "maxOrderQty", "maxOrderNotional", "maxPosition", "maxGross", "collarBps", "maxOrdersPerWindow",
        "throttleWindowMs", "maxOpenOrders", "maxLoss", "maxDrawdown", "targetProfit", "maxDataAgeMs",
        "dupWindowMs", "selfTrade");

    public long maxOrderQty = 10_000;
    /** price units * shares */
    public long maxOrderNotional = 1_000_000L * 10_000;
    public long maxPosition = 10_000;
    public long maxGross = 100_000;
    public long collarBps = 500;
    public int maxOrdersPerWindow = 100;
    public long throttleWindowNs = 1_000_000_000L;
    public int maxOpenOrders = 256;
    /** price units * shares, positive; 0 = off */
    public long maxLoss = 10_000L * 10_000;
    public long maxDrawdown = 10_000L * 10_000;
    public long targetProfit;
    /** 0 = no age check */
    public long maxDataAgeNs = 5_000_000_000L;
    public long dupWindowNs = 100_000_000L;
    public boolean selfTradePrevention = true;

    public static final int MAX_RATE = 65_536;

    /** Parses and applies; returns null or "key 'k' value 'v': why". Nothing changes on error. */
    public String set(final String key, final String value)
    {
        final double v;
        try
        {
            v = Double.parseDouble(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            return "key '" + key + "' value '" + value + "': not a number";
        }
        if (!(v >= 0) || Double.isInfinite(v))
        {
            return "key '" + key + "' value '" + value + "': must be a finite number >= 0";
        }
        final long l = (long)v;
        switch (key)
        {
            case "maxOrderQty": maxOrderQty = l; return null;
            case "maxOrderNotional": maxOrderNotional = Math.round(v * 10_000); return null;
            case "maxPosition": maxPosition = l; return null;
            case "maxGross": maxGross = l; return null;
            case "collarBps": collarBps = l; return null;
            case "maxOrdersPerWindow":
                if (l < 1 || l > MAX_RATE)
                {
                    return "key '" + key + "' value '" + value + "': must be 1.." + MAX_RATE;
                }
                maxOrdersPerWindow = (int)l;
                return null;
            case "throttleWindowMs": throttleWindowNs = Math.round(v * 1e6); return null;
            case "maxOpenOrders": maxOpenOrders = (int)Math.min(l, Integer.MAX_VALUE); return null;
            case "maxLoss": maxLoss = Math.round(v * 10_000); return null;
            case "maxDrawdown": maxDrawdown = Math.round(v * 10_000); return null;
            case "targetProfit": targetProfit = Math.round(v * 10_000); return null;
            case "maxDataAgeMs": maxDataAgeNs = Math.round(v * 1e6); return null;
            case "dupWindowMs": dupWindowNs = Math.round(v * 1e6); return null;
            case "selfTrade":
                if (l > 1)
                {
                    return "key '" + key + "' value '" + value + "': must be 0 or 1";
                }
                selfTradePrevention = l == 1;
                return null;
            default:
                return "key '" + key + "' value '" + value + "': unknown risk limit (have: " + String.join(", ", NAMES) + ")";
        }
    }

    public String get(final String key)
    {
        switch (key)
        {
            case "maxOrderQty": return Long.toString(maxOrderQty);
            case "maxOrderNotional": return money(maxOrderNotional);
            case "maxPosition": return Long.toString(maxPosition);
            case "maxGross": return Long.toString(maxGross);
            case "collarBps": return Long.toString(collarBps);
            case "maxOrdersPerWindow": return Integer.toString(maxOrdersPerWindow);
            case "throttleWindowMs": return Double.toString(throttleWindowNs / 1e6);
            case "maxOpenOrders": return Integer.toString(maxOpenOrders);
            case "maxLoss": return money(maxLoss);
            case "maxDrawdown": return money(maxDrawdown);
            case "targetProfit": return money(targetProfit);
            case "maxDataAgeMs": return Double.toString(maxDataAgeNs / 1e6);
            case "dupWindowMs": return Double.toString(dupWindowNs / 1e6);
            case "selfTrade": return selfTradePrevention ? "1" : "0";
            default: return null;
        }
    }

    static String money(final long units)
    {
        return io.nanotick.controller.Px.format(units);
    }
}
