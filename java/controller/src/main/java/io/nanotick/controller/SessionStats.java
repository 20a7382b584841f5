package io.nanotick.controller;

/**
 * Session statistics over the equity curve (total P&amp;L in price units * shares):
 * Sharpe ratio of per-interval P&amp;L changes (mean / standard deviation, per interval, not
 * annualised), maximum drawdown (largest fall from a running peak), plus the trade ratios the
 * OMS and positions provide. Sampled by the controller's timer; no allocation.
 */
public final class SessionStats
{
    private final long intervalNs;
    private long nextSampleNs = Long.MIN_VALUE;
    private long lastEquity;
    private long samples;
    private double sum;
    private double sumSq;
    private long peak;
    private long maxDrawdown;

    public SessionStats(final long intervalNs)
    {
        this.intervalNs = intervalNs;
    }

    /** Every equity change (drawdown is tracked on each one). */
    public void onEquity(final long equity)
    {
        if (equity > peak)
        {
            peak = equity;
        }
        if (peak - equity > maxDrawdown)
        {
            maxDrawdown = peak - equity;
        }
    }

    /** Timer: one return sample per interval. */
    public void onTimer(final long nowNs, final long equity)
    {
        onEquity(equity);
        if (nextSampleNs == Long.MIN_VALUE)
        {
            nextSampleNs = nowNs + intervalNs;
            lastEquity = equity;
            return;
        }
        if (nowNs >= nextSampleNs)
        {
            sample(equity);
            nextSampleNs = nowNs + intervalNs;
        }
    }

    /** Adds one interval return (exposed for tests). */
    public void sample(final long equity)
    {
        final double r = equity - lastEquity;
        lastEquity = equity;
        samples++;
        sum += r;
        sumSq += r * r;
    }

    public long samples()
    {
        return samples;
    }

    /** mean / sample std of interval returns; NaN with fewer than 2 samples or zero variance. */
    public double sharpe()
    {
        if (samples < 2)
        {
            return Double.NaN;
        }
        final double mean = sum / samples;
        final double var = (sumSq - samples * mean * mean) / (samples - 1);
        return var > 0 ? mean / Math.sqrt(var) : Double.NaN;
    }

    public long maxDrawdown()
    {
        return maxDrawdown;
    }

    public long peak()
    {
        return peak;
    }

    public static double ratio(final long a, final long b)
    {
        return b == 0 ? Double.NaN : a / (double)b;
    }
}
