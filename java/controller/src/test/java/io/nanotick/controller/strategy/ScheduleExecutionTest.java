package io.nanotick.controller.strategy;

import static io.nanotick.controller.strategy.StrategyTestSupport.MS;
import static io.nanotick.controller.strategy.StrategyTestSupport.bind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleExecutionTest
{
    @Test
    void twapSlicesEvenlyAndRollsUnfilledShares()
    {
        final RecordingSink sink = new RecordingSink();
        final ScheduleExecution s = bind(new ScheduleExecution("twap", "twap", 7), sink,
            "locate", "1", "side", "1", "quantity", "1000", "durationMs", "4000", "slices", "4", "limitTicks", "1");
        sink.tob(s, 1, "10.00", 500, "10.01", 500, 0);
        s.start(0);
        assertEquals(List.of("ENTER #1 B 1 10.0200x250 IOC"), sink.drain());
        sink.fill(s, 1, "10.01", 250, 1);
        s.onTimer(500 * MS);
        assertEquals(List.of(), sink.drain(), "bucket 0 target reached");
        s.onTimer(1000 * MS);
        assertEquals(List.of("ENTER #2 B 1 10.0200x250 IOC"), sink.drain());
        sink.fill(s, 2, "10.01", 100, 1001 * MS);
        sink.close(s, 2, 1001 * MS);
        s.onTimer(1500 * MS);
        assertEquals(List.of("ENTER #3 B 1 10.0200x150 IOC"), sink.drain());
        sink.fill(s, 3, "10.02", 150, 1501 * MS);
        s.onTimer(2000 * MS);
        assertEquals(List.of("ENTER #4 B 1 10.0200x250 IOC"), sink.drain());
        sink.close(s, 4, 2001 * MS);
        s.onTimer(3000 * MS);
        assertEquals(List.of("ENTER #5 B 1 10.0200x500 IOC"), sink.drain());
        sink.fill(s, 5, "10.01", 500, 3001 * MS);
        s.onTimer(3500 * MS);
        s.onTimer(5000 * MS);
        assertEquals(List.of(), sink.drain());
        assertEquals(1000, s.filled());
        assertFalse(s.running());
    }

    @Test
    void vwapFollowsTheProfile()
    {
        final RecordingSink sink = new RecordingSink();
        final ScheduleExecution s = bind(new ScheduleExecution("vwap", "vwap", 8), sink,
            "locate", "1", "side", "-1", "quantity", "1000", "durationMs", "4000", "profile", "1,3,4,2");
        sink.tob(s, 1, "10.00", 500, "10.01", 500, 0);
        s.start(0);
        assertEquals(List.of("ENTER #1 S 1 10.0000x100 IOC"), sink.drain());
        sink.fill(s, 1, "10.00", 100, 1);
        s.onTimer(1000 * MS);
        assertEquals(List.of("ENTER #2 S 1 10.0000x300 IOC"), sink.drain());
        sink.fill(s, 2, "10.00", 300, 1001 * MS);
        s.onTimer(2000 * MS);
        assertEquals(List.of("ENTER #3 S 1 10.0000x400 IOC"), sink.drain());
        sink.fill(s, 3, "10.00", 400, 2001 * MS);
        s.onTimer(3999 * MS);
        assertEquals(List.of("ENTER #4 S 1 10.0000x200 IOC"), sink.drain());
        sink.fill(s, 4, "10.00", 200, 3999 * MS);
        assertFalse(s.running());
    }

    @Test
    void badProfileIsRefusedWithReason()
    {
        final ScheduleExecution s = new ScheduleExecution("vwap", "vwap", 8);
        final String err = s.params().set("profile", "1,x");
        assertNotNull(err);
        assertEquals("parameter 'profile' value '1,x': weight 'x' is not a number", err);
        assertEquals("1", s.params().text(s.params().indexOf("profile")));
    }
}
