package io.nanotick.controller.strategy;

import static io.nanotick.controller.strategy.StrategyTestSupport.bind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairsArbitrageTest
{
    /*
     * spread = midA - 0.5 * midB, B fixed at 200.00 (mid), window 4.
     * samples 0, +0.02, -0.02, 0 -> mean 0, std sqrt(0.0002) = 0.01414
     * A mid 100.05: z = 0.05 / 0.01414 = 3.54 >= 2: sell A 100 at its bid, buy B 50 at its ask.
     * window then {0.02,-0.02,0,0.05}: mean 0.0125, std 0.02586; A mid 100.00: z = -0.48: unwind.
     */
    @Test
    void entersOnZScoreAndUnwindsWhatFilled()
    {
        final RecordingSink sink = new RecordingSink();
        final PairsArbitrage s = bind(new PairsArbitrage("pairs", 5), sink,
            "locateA", "1", "locateB", "2", "beta", "0.5", "window", "4", "entryZ", "2", "exitZ", "0.5", "qtyA", "100");
        s.start(0);
        long t = 1;
        sink.tob(s, 2, "199.99", 100, "200.01", 100, t++);
        sink.tob(s, 1, "99.99", 100, "100.01", 100, t++);
        sink.tob(s, 1, "100.01", 100, "100.03", 100, t++);
        sink.tob(s, 1, "99.97", 100, "99.99", 100, t++);
        sink.tob(s, 1, "99.99", 100, "100.01", 100, t++);
        assertEquals(List.of(), sink.drain());
        sink.tob(s, 1, "100.04", 100, "100.06", 100, t++);
        assertEquals(3.5355, s.lastZ(), 1e-3);
        assertEquals(List.of("ENTER #1 S 1 100.0400x100 IOC", "ENTER #2 B 2 200.0100x50 IOC"), sink.drain());
        sink.fill(s, 1, "100.04", 100, t++);
        sink.fill(s, 2, "200.01", 30, t++);
        sink.close(s, 2, t++);                                   // IOC remainder canceled
        assertEquals(-100, s.legA());
        assertEquals(30, s.legB());
        sink.tob(s, 1, "99.99", 100, "100.01", 100, t++);
        assertEquals(List.of("ENTER #3 B 1 100.0100x100 IOC", "ENTER #4 S 2 199.9900x30 IOC"), sink.drain());
    }
}
