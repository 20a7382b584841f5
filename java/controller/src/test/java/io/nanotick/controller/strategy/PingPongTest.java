package io.nanotick.controller.strategy;

import static io.nanotick.controller.strategy.StrategyTestSupport.bind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PingPongTest
{
    @Test
    void alternatesBuyAndSellAroundFills()
    {
        final RecordingSink sink = new RecordingSink();
        final PingPong s = bind(new PingPong("pp", 4), sink, "locate", "1", "qty", "100", "spreadTicks", "2", "tick", "100");
        sink.tob(s, 1, "10.00", 500, "10.02", 300, 0);
        assertEquals(List.of(), sink.drain(), "not started");
        s.start(0);
        sink.tob(s, 1, "10.00", 500, "10.02", 300, 1);
        assertEquals(List.of("ENTER #1 B 1 10.0000x100 DAY"), sink.drain());
        sink.tob(s, 1, "10.00", 400, "10.02", 300, 2);
        assertEquals(List.of(), sink.drain(), "one working order at a time");
        sink.fill(s, 1, "10.00", 40, 3);
        assertEquals(List.of(), sink.drain(), "partial fill: keep working");
        sink.fill(s, 1, "10.00", 60, 4);
        assertEquals(List.of("ENTER #2 S 1 10.0200x100 DAY"), sink.drain());
        sink.fill(s, 2, "10.02", 100, 5);
        assertEquals(List.of("ENTER #3 B 1 10.0000x100 DAY"), sink.drain());
        sink.close(s, 3, 6); // canceled by the venue
        sink.tob(s, 2, "20.00", 100, "20.01", 100, 7);
        assertEquals(List.of(), sink.drain(), "other locate ignored");
        sink.tob(s, 1, "10.01", 100, "10.02", 100, 8);
        assertEquals(List.of("ENTER #4 B 1 10.0000x100 DAY"), sink.drain(), "re-enters at the same price");
        s.stop(9);
        assertEquals(List.of("CANCEL ALL"), sink.drain());
        sink.tob(s, 1, "10.01", 100, "10.02", 100, 10);
        assertEquals(List.of(), sink.drain());
    }
}
