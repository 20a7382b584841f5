package io.nanotick.controller.md;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nanotick.controller.Controller;
import io.nanotick.exchange.ExchangeConfig;
import io.nanotick.exchange.ExchangeSimulator;
import io.nanotick.exchange.OuchClient;
import io.nanotick.ouch.Ouch;
import io.nanotick.ouch.SoupBinTcp;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The controller's ITCH/MoldUDP64 feed on the exchange simulator's multicast: another participant
 * enters and cancels orders over OUCH; the controller's top of book must show exactly them.
 */
class ItchFeedTest
{
    private static long px(final String p)
    {
        return Math.round(Double.parseDouble(p) * 10_000);
    }

    private static void await(final Controller c, final ItchFeed f, final BooleanSupplier done)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean())
        {
            f.poll(c, System.nanoTime(), 64);
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out: " + f.describe() + " bid " + c.market().bidPx(1) + "x" + c.market().bidQty(1) +
                    " ask " + c.market().askPx(1) + "x" + c.market().askQty(1));
            }
            Thread.onSpinWait();
        }
    }

    private static void expectAccepted(final OuchClient c) throws Exception
    {
        byte t;
        while ((t = c.next(5_000)) == SoupBinTcp.SERVER_HEARTBEAT)
        {
            // skip
        }
        assertEquals(SoupBinTcp.SEQUENCED_DATA, t);
    }

    @Test
    void topOfBookFollowsTheSimulatorsFeed() throws Exception
    {
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        final String group = "239.255." + r.nextInt(1, 255) + "." + r.nextInt(1, 255);
        final int port = r.nextInt(20000, 60000);
        final ExchangeConfig cfg = ExchangeConfig.defaults();
        cfg.set("md.group", group);
        cfg.set("md.port", Integer.toString(port));
        cfg.set("background", "none");
        cfg.set("symbols", "AAPL,MSFT");
        cfg.set("user.bob", "pw");
        final Controller c = new Controller(64);
        try (ItchFeed feed = new ItchFeed(group, port, "lo"); ExchangeSimulator sim = ExchangeSimulator.start(cfg);
             OuchClient bob = new OuchClient("127.0.0.1", sim.ouchPort(), false))
        {
            assertEquals(SoupBinTcp.LOGIN_ACCEPTED, bob.login("bob", "pw", "", 1, 5_000));
            bob.enter(1, Ouch.SIDE_BUY, 100, "AAPL", px("99.00"), Ouch.TIF_DAY, "B1");
            expectAccepted(bob);
            bob.enter(2, Ouch.SIDE_SELL, 200, "AAPL", px("101.00"), Ouch.TIF_DAY, "B2");
            expectAccepted(bob);
            bob.enter(3, Ouch.SIDE_BUY, 50, "AAPL", px("99.00"), Ouch.TIF_DAY, "B3");
            expectAccepted(bob);
            await(c, feed, () -> c.market().bidQty(1) == 150 && c.market().askQty(1) == 200);
            assertEquals(px("99.00"), c.market().bidPx(1));
            assertEquals(px("101.00"), c.market().askPx(1));

            bob.cancel(1, 0);
            expectAccepted(bob);
            await(c, feed, () -> c.market().bidQty(1) == 50);
            bob.cancel(3, 0);
            expectAccepted(bob);
            await(c, feed, () -> c.market().bidQty(1) == 0);
            assertEquals(0, c.market().bidPx(1), "an empty side is 0,0");
            assertEquals(px("101.00"), c.market().askPx(1));
            assertEquals(false, c.market().feedGap());
        }
    }
}
