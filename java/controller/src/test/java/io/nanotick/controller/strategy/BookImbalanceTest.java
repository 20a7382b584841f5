package io.nanotick.controller.strategy;

import static io.nanotick.controller.strategy.StrategyTestSupport.MS;
import static io.nanotick.controller.strategy.StrategyTestSupport.bind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BookImbalanceTest
{
    @Test
    void takesTheSideTheImbalancePointsTo()
    {
        final RecordingSink sink = new RecordingSink();
        final BookImbalance s = bind(new BookImbalance("obi", 6), sink,
            "locate", "1", "threshold", "0.6", "qty", "100", "maxPosition", "100", "minDepth", "1000", "cooldownMs", "1000");
        s.start(0);
        sink.tob(s, 1, "10.00", 800, "10.01", 200, 0);            // (800-200)/1000 = 0.6
        assertEquals(List.of("ENTER #1 B 1 10.0100x100 IOC"), sink.drain());
        sink.tob(s, 1, "10.00", 900, "10.01", 100, 500 * MS);     // 0.8 but cooling down
        assertEquals(List.of(), sink.drain());
        sink.fill(s, 1, "10.01", 100, 600 * MS);
        sink.tob(s, 1, "10.00", 900, "10.01", 100, 1500 * MS);    // 0.8 but long 100 = cap
        assertEquals(List.of(), sink.drain());
        sink.tob(s, 1, "10.00", 100, "10.01", 900, 2000 * MS);    // -0.8
        assertEquals(List.of("ENTER #2 S 1 10.0000x100 IOC"), sink.drain());
        sink.tob(s, 1, "10.00", 10, "10.01", 290, 4000 * MS);     // depth 300 < 1000
        sink.tob(s, 1, "10.00", 590, "10.01", 410, 5000 * MS);    // 0.18: below threshold
        assertEquals(List.of(), sink.drain());
    }
}
