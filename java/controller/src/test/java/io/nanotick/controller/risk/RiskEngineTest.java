package io.nanotick.controller.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.controller.Controller;
import io.nanotick.controller.OrderIntent;
import io.nanotick.controller.Tif;
import io.nanotick.controller.md.MarketState;
import io.nanotick.controller.oms.OrderManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One hand-built case per limit: the intent, the book, and the expected reason. */
class RiskEngineTest
{
    private static final long MS = 1_000_000L;
    private static final byte B = 'B';
    private static final byte S = 'S';

    private Controller c;
    private final List<String> rejected = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();
    private long t = 1_000 * MS;

    @BeforeEach
    void setUp()
    {
        c = new Controller(1024);
        c.oms().gateway(new io.nanotick.controller.oms.OrderGateway()
        {
            @Override
            public void enter(final long userRef, final int locate, final byte side, final long quantity, final long price,
                final byte tif, final int strategyId, final long nowNs)
            {
                sent.add("O#" + userRef);
            }

            @Override
            public void replace(final long origUserRef, final long newUserRef, final long quantity, final long price, final long nowNs)
            {
                sent.add("U#" + origUserRef + "->#" + newUserRef);
            }

            @Override
            public void cancel(final long userRef, final long quantity, final long nowNs)
            {
                sent.add("X#" + userRef);
            }
        });
        final RiskLimits l = c.limits();
        set(l, "maxOrderQty", "1000");
        set(l, "maxOrderNotional", "50000");
        set(l, "maxPosition", "1500");
        set(l, "maxGross", "2500");
        set(l, "collarBps", "100");
        set(l, "maxOrdersPerWindow", "3");
        set(l, "throttleWindowMs", "1000");
        set(l, "maxOpenOrders", "5");
        set(l, "maxDataAgeMs", "1000");
        set(l, "dupWindowMs", "100");
        set(l, "maxLoss", "1000");
        set(l, "maxDrawdown", "500");
        set(l, "selfTrade", "1");
        c.risk().listener(new RiskEngine.Listener()
        {
            @Override
            public void onReject(final int reason, final OrderIntent intent)
            {
                rejected.add(RiskReason.name(reason));
                c.onReject(reason, intent);
            }

            @Override
            public void onKill(final int reason, final boolean killed)
            {
                rejected.add("kill:" + killed + ":" + RiskReason.name(reason));
                c.onKill(reason, killed);
            }
        });
        book(1, "100.00", "100.02");
        book(2, "50.00", "50.02");
    }

    private static void set(final RiskLimits l, final String k, final String v)
    {
        assertEquals(null, l.set(k, v));
    }

    private void book(final int locate, final String bid, final String ask)
    {
        c.onTopOfBook(locate, px(bid), 1000, px(ask), 1000, 0, t);
    }

    private static long px(final String p)
    {
        return Math.round(Double.parseDouble(p) * 10_000);
    }

    /** Sends an enter at time t; returns the reason name ("ok" if sent). */
    private String enter(final int locate, final byte side, final String price, final long qty)
    {
        final long r = c.enter(1, locate, side, px(price), qty, Tif.DAY, t);
        return r > 0 ? "ok" : RiskReason.name((int)-r);
    }

    private void advance(final long ms)
    {
        t += ms * MS;
        book(1, "100.00", "100.02");
        book(2, "50.00", "50.02");
    }

    @Test
    void orderSizeAndNotional()
    {
        assertEquals("max_qty", enter(1, B, "100.00", 1001));
        assertEquals("max_notional", enter(1, B, "100.00", 501));     // $50,100
        assertEquals("ok", enter(1, B, "100.00", 500));               // $50,000 exactly
        assertEquals("bad_order", enter(1, B, "100.00", 0));
        assertEquals("bad_order", enter(1, B, "0", 10));
        assertEquals(List.of("max_qty", "max_notional", "bad_order", "bad_order"), rejected);
        assertEquals(4, c.risk().logged());
        assertTrue(c.risk().logLine(0).startsWith("bad_order        O s1   L1     B       0.0000 x 10"), c.risk().logLine(0));
        assertTrue(c.risk().logLine(3).startsWith("max_qty          O s1   L1     B     100.0000 x 1001"), c.risk().logLine(3));
        assertEquals(null, c.risk().logLine(4));
        assertEquals(1, c.risk().rejects(RiskReason.MAX_QTY));
        assertEquals(2, c.risk().rejects(RiskReason.BAD_ORDER));
    }

    @Test
    void priceCollarAgainstMid()
    {
        // mid 100.01, 100 bps = 1.0001
        assertEquals("price_collar", enter(1, B, "101.02", 10));
        assertEquals("ok", enter(1, B, "101.01", 10));
        advance(2000);
        assertEquals("price_collar", enter(1, S, "99.00", 10));
        assertEquals("no_reference", enter(3, B, "10.00", 10));
    }

    @Test
    void positionPerSymbolAndGrossCountWorkingOrders()
    {
        set(c.limits(), "maxOpenOrders", "10");
        assertEquals("ok", enter(1, B, "100.00", 400));
        assertEquals("ok", enter(1, B, "99.99", 400));
        assertEquals("ok", enter(1, B, "99.98", 400));
        advance(1000);
        assertEquals("max_position", enter(1, B, "99.97", 400));    // 1600 > 1500
        assertEquals("ok", enter(1, B, "99.97", 300));               // 1500
        c.onOrderEvent(OrderManager.EV_ACCEPTED, 1, 0, 400, px("100.00"), (byte)0, 11, 0, t);
        c.onOrderEvent(OrderManager.EV_EXECUTED, 1, 0, 400, px("100.00"), (byte)'R', 1001, 0, t);
        assertEquals(400, c.positions().position(1));
        assertEquals("max_position", enter(1, B, "99.97", 1));       // filled + working still 1500
        // a sell adds to the short-side worst case only: 400 - 490 = -90
        assertEquals("ok", enter(1, S, "100.05", 490));
        advance(1000);
        // gross: locate 1 worst case 1500; locate 2 may add 1000 only
        assertEquals("ok", enter(2, B, "50.00", 1000));              // gross 1500 + 1000 = 2500
        assertEquals("max_gross", enter(2, B, "49.99", 1));
        assertEquals("ok", enter(2, S, "50.02", 1), "a sell does not raise locate 2's worst case");
    }

    @Test
    void openOrdersThrottleDuplicatesAndSelfTrade()
    {
        assertEquals("ok", enter(1, B, "99.90", 10));
        assertEquals("duplicate", enter(1, B, "99.90", 10));
        assertEquals("ok", enter(1, B, "99.91", 10));
        assertEquals("self_trade", enter(1, S, "99.91", 10));       // would hit our own bid
        assertEquals("ok", enter(1, S, "100.10", 10));
        assertEquals("throttle", enter(1, S, "100.11", 10));        // 4th in one second
        advance(1000);
        assertEquals("self_trade", enter(1, B, "100.10", 10));
        assertEquals("ok", enter(1, B, "99.90", 10));               // duplicate window has passed
        assertEquals("ok", enter(1, B, "99.80", 10));
        advance(1000);
        assertEquals("max_open_orders", enter(1, B, "99.70", 10));  // 5 working
        assertTrue(c.oms().cancel(1, t));
        assertEquals("max_open_orders", enter(1, B, "99.70", 10), "a pending cancel still counts");
        c.onOrderEvent(OrderManager.EV_CANCELED, 1, 0, 10, 0, (byte)0, 0, 0, t);
        assertEquals("ok", enter(1, B, "99.70", 10));
    }

    @Test
    void staleGappedAndOldDataBlockNewOrders()
    {
        c.onTopOfBook(1, px("100.00"), 10, px("100.02"), 10, MarketState.FLAG_STALE, t);
        assertEquals("stale_book", enter(1, B, "100.00", 10));
        c.onTopOfBook(1, px("100.00"), 10, px("100.02"), 10, MarketState.FLAG_GAP, t);
        assertEquals("gap", enter(1, B, "100.00", 10));
        c.onTopOfBook(1, px("100.00"), 10, px("100.02"), 10, 0, t);
        c.onFeedEvent(MarketState.EVT_GAP, 0, 100, 105, 5, t);
        assertEquals("gap", enter(1, B, "100.00", 10));
        c.onFeedEvent(MarketState.EVT_GAP_RECOVERED, 0, 100, 105, 5, t);
        assertEquals("ok", enter(1, B, "100.00", 10));
        t += 1001 * MS;
        assertEquals("data_too_old", enter(1, B, "99.99", 10));
        book(1, "100.00", "100.02");
        assertEquals("ok", enter(1, B, "99.99", 10));
    }

    @Test
    void lossLimitTripsKillSwitchCancelsAllAndBlocks()
    {
        assertEquals("ok", enter(1, B, "100.00", 100));
        assertEquals("ok", enter(2, S, "50.02", 100));
        c.onOrderEvent(OrderManager.EV_ACCEPTED, 1, 0, 100, px("100.00"), (byte)0, 11, 0, t);
        c.onOrderEvent(OrderManager.EV_EXECUTED, 1, 0, 100, px("100.00"), (byte)'A', 7, 0, t);
        sent.clear();
        // mark falls 10.00: unrealized -1000 $ = maxLoss
        c.onTopOfBook(1, px("89.99"), 10, px("90.01"), 10, 0, t);
        assertTrue(c.risk().killed());
        assertEquals(List.of("X#2"), sent, "every working order canceled");
        assertEquals("killed", enter(1, B, "90.00", 10));
        // flatten is reduce-only and still allowed; a reduce-only that would flip is not
        assertEquals(1, c.flatten(t));
        assertEquals("X#2", sent.get(0));
        assertEquals("O#3", sent.get(1));
        final OrderIntent flip = new OrderIntent().enter(0, 1, S, px("89.99"), 1, Tif.IOC, t);
        flip.flags = OrderIntent.REDUCE_ONLY;
        assertEquals(-RiskReason.NOT_REDUCING, c.submit(flip));
        c.risk().resume();
        assertTrue(c.risk().killed(), "still beyond the loss limit: trips again");
        set(c.limits(), "maxLoss", "2000");
        c.risk().resume();
        assertFalse(c.risk().killed());
    }

    @Test
    void drawdownAndProfitTarget()
    {
        set(c.limits(), "targetProfit", "300");
        c.risk().onPnl(200 * 10_000L);
        c.risk().onPnl(-299 * 10_000L);     // 499 below the peak
        assertFalse(c.risk().killed());
        c.risk().onPnl(-300 * 10_000L);     // 500 = maxDrawdown
        assertTrue(c.risk().killed());
        c.risk().resume();
        c.risk().onPnl(300 * 10_000L);
        assertTrue(c.risk().stopped());
        assertFalse(c.risk().killed());
        assertEquals("stopped", enter(1, B, "100.00", 10));
    }

    @Test
    void replaceIsCheckedOnItsIncrement()
    {
        assertEquals("ok", enter(1, B, "100.00", 500));
        c.onOrderEvent(OrderManager.EV_ACCEPTED, 1, 0, 500, px("100.00"), (byte)0, 11, 0, t);
        assertEquals("ok", enter(1, B, "99.10", 500));
        assertTrue(c.replace(1, 1, px("99.99"), 400, t) > 0);
        assertEquals(-RiskReason.UNKNOWN_ORDER, c.replace(1, 999, px("99.99"), 400, t));
        advance(1000);
        assertEquals(0, c.replace(1, 2, px("99.50"), 400, t), "not accepted yet: not now (no rejection)");
        c.onOrderEvent(OrderManager.EV_ACCEPTED, 2, 0, 500, px("99.10"), (byte)0, 12, 0, t);
        assertEquals(-RiskReason.PRICE_COLLAR, c.replace(1, 2, px("80.00"), 400, t));
        set(c.limits(), "maxOrderNotional", "1000000");
        // until the venue confirms, a replace counts old and new in full: working buys 500 + 400 + 500
        assertTrue(c.replace(1, 2, px("99.50"), 100, t) > 0, "+100: 1500");
        c.onOrderEvent(OrderManager.EV_REPLACED, 4, 2, 100, px("99.50"), (byte)0, 13, 0, t);
        assertEquals(1000, c.oms().openBuyQty(1));
        assertEquals(-RiskReason.MAX_POSITION, c.replace(1, 4, px("99.40"), 600, t), "1000 + 600 > 1500");
    }
}
