package io.nanotick.controller.strategy;

import static io.nanotick.controller.strategy.StrategyTestSupport.SEC;
import static io.nanotick.controller.strategy.StrategyTestSupport.bind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarketMakerTest
{
    /*
     * gamma 0.1, k 10, sigma 0.5 $/sqrt(s), tau 1 s:
     *   gamma*sigma^2*tau = 0.1*0.25*1 = 0.025
     *   (2/gamma) ln(1 + gamma/k) = 20 * ln(1.01) = 0.1990066
     *   delta = 0.2240066, delta/2 = 0.1120033
     * mid 100.00, q = 0: bid 99.8879967 -> 99.88, ask 100.1120033 -> 100.12
     * q = 1 (100 shares): r = 100 - 1*0.025 = 99.975: bid 99.8629967 -> 99.86, ask 100.0870033 -> 100.09
     * q = 2: r = 99.95: ask 100.0620033 -> 100.07; no bid at maxInventory 200
     */
    @Test
    void quotesAroundReservationPriceAndSkewsWithInventory()
    {
        final RecordingSink sink = new RecordingSink();
        final MarketMaker s = bind(new MarketMaker("mm", 1), sink,
            "locate", "1", "gamma", "0.1", "k", "10", "sigma", "0.5", "tau", "1",
            "qty", "100", "tick", "100", "requoteTicks", "1", "maxInventory", "200");
        s.start(0);
        sink.tob(s, 1, "99.99", 500, "100.01", 500, SEC);
        assertEquals(List.of("ENTER #1 B 1 99.8800x100 DAY", "ENTER #2 S 1 100.1200x100 DAY"), sink.drain());
        sink.tob(s, 1, "99.99", 400, "100.01", 600, SEC + 1);
        assertEquals(List.of(), sink.drain(), "same target: no requote");

        sink.fill(s, 1, "99.88", 100, 2 * SEC);
        assertEquals(List.of(), sink.drain());
        sink.tob(s, 1, "99.99", 500, "100.01", 500, 3 * SEC);
        assertEquals(List.of("ENTER #3 B 1 99.8600x100 DAY", "REPLACE #2->#4 100.0900x100"), sink.drain());

        sink.fill(s, 3, "99.86", 100, 4 * SEC);
        sink.tob(s, 1, "99.99", 500, "100.01", 500, 5 * SEC);
        assertEquals(List.of("REPLACE #4->#5 100.0700x100"), sink.drain(), "long 200 = maxInventory: ask only");
    }

    @Test
    void neverCrossesTheBook()
    {
        final RecordingSink sink = new RecordingSink();
        final MarketMaker s = bind(new MarketMaker("mm", 1), sink,
            "locate", "1", "gamma", "0.1", "k", "10", "sigma", "0.5", "tau", "1", "qty", "100", "maxInventory", "100000");
        sink.positions.put(1, -5000L); // q = -50: r = 100 + 1.25, far above the ask
        s.start(0);
        sink.tob(s, 1, "99.99", 500, "100.01", 500, SEC);
        // bid = min(101.1379967 -> 101.13, ask - tick) = 100.00; ask = 101.3620033 -> 101.37
        assertEquals(List.of("ENTER #1 B 1 100.0000x100 DAY", "ENTER #2 S 1 101.3700x100 DAY"), sink.drain());
    }

    @Test
    void estimatesSigmaFromMidChanges()
    {
        final RecordingSink sink = new RecordingSink();
        final MarketMaker s = bind(new MarketMaker("mm", 1), sink, "sigma", "0", "alpha", "1", "minSamples", "2");
        sink.tob(s, 1, "99.99", 1, "100.01", 1, 0);
        sink.tob(s, 1, "100.00", 1, "100.02", 1, SEC);       // mid +0.01 in 1 s: var 1e-4
        assertEquals(Double.NaN, s.sigma());
        sink.tob(s, 1, "99.98", 1, "100.00", 1, 5 * SEC);     // mid -0.02 in 4 s: var 4e-4/4 = 1e-4
        assertEquals(0.01, s.sigma(), 1e-9);
        s.start(5 * SEC);
        sink.tob(s, 1, "99.98", 1, "100.00", 1, 6 * SEC);
        // sigma 0.01: gamma*var*tau = 1e-5; delta/2 = (1e-5 + 0.1990066)/2 = 0.0995083; mid 99.99
        assertEquals(List.of("ENTER #1 B 1 99.8900x100 DAY", "ENTER #2 S 1 100.0900x100 DAY"), sink.drain());
    }
}
