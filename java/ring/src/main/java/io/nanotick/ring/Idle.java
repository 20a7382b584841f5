package io.nanotick.ring;

import java.util.concurrent.locks.LockSupport;

/** What a waiting producer or consumer does between attempts (Agrona's IdleStrategy, reduced). */
@FunctionalInterface
public interface Idle
{
    /** Called with the number of attempts so far that found nothing to do (0 after progress). */
    void idle(int attempts);

    /** Spin on the CPU (lowest latency; needs a dedicated core). */
    Idle BUSY_SPIN = attempts -> Thread.onSpinWait();

    /** Spin, then yield, then park for up to 50 us. */
    Idle BACKOFF = attempts ->
    {
        if (attempts < 100)
        {
            Thread.onSpinWait();
        }
        else if (attempts < 200)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(Math.min(50_000L, 1_000L << Math.min(6, (attempts - 200) / 16)));
        }
    };
}
