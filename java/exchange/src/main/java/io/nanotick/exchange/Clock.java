package io.nanotick.exchange;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** Nanoseconds since midnight UTC (ITCH and OUCH timestamps), from a monotonic clock. */
final class Clock {
    private final long baseNanoTime = System.nanoTime();
    private final long baseSinceMidnight;

    Clock() {
        long epochNs = System.currentTimeMillis() * 1_000_000L;
        long midnightNs = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
        baseSinceMidnight = epochNs - midnightNs;
    }

    long sinceMidnight(long nanoTime) {
        return (baseSinceMidnight + (nanoTime - baseNanoTime)) % 86_400_000_000_000L;
    }
}
