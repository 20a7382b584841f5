package io.nanotick.controller.strategy;

import static io.nanotick.controller.strategy.StrategyTestSupport.bind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MomentumTest
{
    // takerFee 30 + 30 round trip + minEdge 40 = 100 price units = $0.01: the move must exceed one cent
    @Test
    void tradesOnlyMovesBeyondRoundTripFeesAndWithinPositionCap()
    {
        final RecordingSink sink = new RecordingSink();
        final Momentum s = bind(new Momentum("mo", 2), sink,
            "locate", "1", "lookback", "3", "qty", "100", "maxPosition", "100", "takerFee", "30", "minEdge", "40");
        assertEquals(100, s.threshold());
        s.start(0);
        long t = 1;
        sink.tob(s, 1, "10.00", 100, "10.02", 100, t++); // mid 10.01
        sink.tob(s, 1, "10.00", 100, "10.02", 100, t++); // 10.01
        sink.tob(s, 1, "10.00", 100, "10.02", 100, t++); // 10.01
        sink.tob(s, 1, "10.01", 100, "10.03", 100, t++); // 10.02: +0.01 over 3 updates = fees+edge, not more
        assertEquals(List.of(), sink.drain());
        sink.tob(s, 1, "10.02", 100, "10.04", 100, t++); // 10.03: +0.02
        assertEquals(List.of("ENTER #1 B 1 10.0400x100 IOC"), sink.drain());
        sink.fill(s, 1, "10.04", 100, t++);

        sink.tob(s, 1, "10.02", 100, "10.04", 100, t++); // window restarted: 10.03
        sink.tob(s, 1, "10.01", 100, "10.03", 100, t++); // 10.02
        sink.tob(s, 1, "10.00", 100, "10.02", 100, t++); // 10.01
        assertEquals(List.of(), sink.drain(), "window not full yet");
        sink.tob(s, 1, "9.99", 100, "10.01", 100, t++);  // 10.00: -0.03
        assertEquals(List.of("ENTER #2 S 1 9.9900x100 IOC"), sink.drain());
        sink.fill(s, 2, "9.99", 100, t++);

        for (int i = 0; i < 4; i++)
        {
            final String bid = String.format("%.2f", 9.98 - 0.01 * i);
            final String ask = String.format("%.2f", 10.00 - 0.01 * i);
            sink.tob(s, 1, bid, 100, ask, 100, t++);
        }
        assertEquals(List.of("ENTER #3 S 1 9.9500x100 IOC"), sink.drain());
        sink.fill(s, 3, "9.95", 100, t++);
        for (int i = 0; i < 4; i++)
        {
            final String bid = String.format("%.2f", 9.94 - 0.01 * i);
            final String ask = String.format("%.2f", 9.96 - 0.01 * i);
            sink.tob(s, 1, bid, 100, ask, 100, t++);
        }
        assertEquals(List.of(), sink.drain(), "short 100 = maxPosition: no further sell");
    }
}
