package io.nanotick.exchange;

/** Orders that are not ours: driven by the loop's clock. */
interface BackgroundFlow {
    /** Does whatever is due by {@code nowNs}; returns the nanoTime of the next thing due. */
    long onTimer(long nowNs);
}
