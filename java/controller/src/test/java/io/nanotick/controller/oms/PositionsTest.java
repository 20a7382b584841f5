package io.nanotick.controller.oms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nanotick.controller.SessionStats;
import org.junit.jupiter.api.Test;

class PositionsTest
{
    private static long usd(final double d)
    {
        return Math.round(d * 10_000);
    }

    /*
     * taker 30 (= $0.0030/share), maker -20 (rebate)
     * buy 100 @ 10.00 T, buy 100 @ 10.10 T: long 200, avg 10.05, fees 0.60
     * sell 150 @ 10.20 M: realized 150 * 0.15 = 22.50, fees 0.60 - 0.30 = 0.30; long 50 @ 10.05
     * mark 10.00: unrealized 50 * -0.05 = -2.50; total 22.50 - 2.50 - 0.30 = 19.70
     * sell 100 @ 10.00 T: closes 50 (realized -2.50 -> 20.00), opens short 50 @ 10.00; fees 0.60
     * mark 9.90: unrealized +5.00; total 20.00 + 5.00 - 0.60 = 24.40; 2 closes, 1 winner
     */
    @Test
    void averageCostPnlWithMakerTakerFees()
    {
        final Positions p = new Positions();
        p.fees(-20, 30);
        p.onFill(7, (byte)'B', usd(10.00), 100, (byte)'R');
        p.onFill(7, (byte)'B', usd(10.10), 100, (byte)'R');
        assertEquals(200, p.position(7));
        assertEquals(usd(0.60), p.totalFees());
        p.onFill(7, (byte)'S', usd(10.20), 150, (byte)'A');
        assertEquals(usd(22.50), p.totalRealized());
        assertEquals(usd(0.30), p.totalFees());
        p.onMark(7, usd(10.00));
        assertEquals(usd(-2.50), p.totalUnrealized());
        assertEquals(usd(19.70), p.totalPnl());
        p.onFill(7, (byte)'S', usd(10.00), 100, (byte)'R');
        assertEquals(-50, p.position(7));
        assertEquals(usd(20.00), p.totalRealized());
        p.onMark(7, usd(9.90));
        assertEquals(usd(5.00), p.unrealized(7));
        assertEquals(usd(24.40), p.totalPnl());
        assertEquals(2, p.closes());
        assertEquals(1, p.wins());
        assertEquals(450, p.filledQty());
    }

    @Test
    void sessionStatsSharpeAndDrawdown()
    {
        final SessionStats s = new SessionStats(1);
        s.onTimer(0, 0);
        s.onTimer(1, 10);
        s.onTimer(2, 5);
        s.onTimer(3, 20);
        // returns 10, -5, 15: mean 6.667, sample std 10.408
        assertEquals(3, s.samples());
        assertEquals(0.64051, s.sharpe(), 1e-5);
        assertEquals(5, s.maxDrawdown());
    }
}
