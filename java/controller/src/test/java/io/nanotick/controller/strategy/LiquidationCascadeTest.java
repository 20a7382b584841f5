package io.nanotick.controller.strategy;

import static io.nanotick.controller.strategy.StrategyTestSupport.MS;
import static io.nanotick.controller.strategy.StrategyTestSupport.bind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LiquidationCascadeTest
{
    /*
     * window 1 s, baseline EWMA alpha 0.5, >= 2 closed buckets, volume > 2 x baseline, |velocity| >= 25 bps/s.
     * Buckets start at the first print (0.5 s): [0.5,1.5) 100, [1.5,2.5) 100 -> baseline 100.
     * 3.1 s: window (2.1,3.1] = 100@100.00 + 200@99.90: volume 300 > 200 but velocity -10 bps/s: no.
     * 3.2 s: + 200@99.70: volume 500, velocity -30 bps/s: cascade down.
     * 3.3 s: cooldown (1 s). 4.3 s: bucket [2.5,3.5) = 700 -> baseline 400; window holds 300: no.
     */
    private static List<String> run(final String mode)
    {
        final RecordingSink sink = new RecordingSink();
        final LiquidationCascade s = bind(new LiquidationCascade("lc", 3), sink,
            "locate", "1", "windowMs", "1000", "velocityBps", "25", "volumeMultiple", "2", "alpha", "0.5",
            "minBuckets", "2", "qty", "100", "cooldownMs", "1000", "mode", mode);
        s.start(0);
        final List<String> out = new java.util.ArrayList<>();
        s.onTrade(1, (byte)'B', RecordingSink.px("100.00"), 100, 500 * MS);
        s.onTrade(1, (byte)'B', RecordingSink.px("100.00"), 100, 1500 * MS);
        s.onTrade(1, (byte)'B', RecordingSink.px("100.00"), 100, 2500 * MS);
        s.onTrade(1, (byte)'B', RecordingSink.px("99.90"), 200, 3100 * MS);
        out.add("3.1:" + sink.drain());
        sink.tob(s, 1, "99.60", 300, "99.70", 100, 3150 * MS);
        s.onTrade(1, (byte)'B', RecordingSink.px("99.70"), 200, 3200 * MS);
        out.add("3.2:" + sink.drain());
        s.onTrade(1, (byte)'B', RecordingSink.px("99.50"), 200, 3300 * MS);
        out.add("3.3:" + sink.drain());
        s.onTrade(1, (byte)'B', RecordingSink.px("99.00"), 300, 4300 * MS);
        out.add("4.3:" + sink.drain());
        assertEquals(400.0, s.baseline(), 1e-9);
        assertEquals(1, s.detections());
        return out;
    }

    @Test
    void followsADownCascade()
    {
        assertEquals(List.of("3.1:[]", "3.2:[ENTER #1 S 1 99.6000x100 IOC]", "3.3:[]", "4.3:[]"), run("1"));
    }

    @Test
    void fadesItInFadeMode()
    {
        assertEquals(List.of("3.1:[]", "3.2:[ENTER #1 B 1 99.7000x100 IOC]", "3.3:[]", "4.3:[]"), run("-1"));
    }
}
