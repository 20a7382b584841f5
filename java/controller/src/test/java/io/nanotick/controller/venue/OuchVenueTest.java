package io.nanotick.controller.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.controller.Controller;
import io.nanotick.controller.Recovery;
import io.nanotick.controller.Tif;
import io.nanotick.controller.journal.Journal;
import io.nanotick.controller.oms.OrderManager;
import io.nanotick.exchange.ExchangeConfig;
import io.nanotick.exchange.ExchangeSimulator;
import io.nanotick.exchange.OuchClient;
import io.nanotick.ouch.Ouch;
import io.nanotick.ouch.SoupBinTcp;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller against the exchange simulator over real OUCH 5.0 / SoupBinTCP on loopback:
 * accept, replace, cancel, an execution against another participant, a venue reject, then a
 * controller restart from its journal with the session replayed from sequence 1 (everything the
 * venue already sent is recognised as a duplicate; nothing is applied twice).
 */
class OuchVenueTest
{
    @TempDir
    Path dir;

    private static long px(final String p)
    {
        return Math.round(Double.parseDouble(p) * 10_000);
    }

    private static ExchangeConfig exchange()
    {
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        final ExchangeConfig c = ExchangeConfig.defaults();
        c.set("md.group", "239.255." + r.nextInt(1, 255) + "." + r.nextInt(1, 255));
        c.set("md.port", Integer.toString(r.nextInt(20000, 60000)));
        c.set("background", "none");
        c.set("symbols", "AAPL,MSFT");
        c.set("user.nt", "secret");
        c.set("user.bob", "pw");
        return c;
    }

    private static Controller controller(final Path journal) throws Exception
    {
        final Controller c = new Controller(256);
        c.symbol(1, "AAPL");
        c.symbol(2, "MSFT");
        c.limits().set("maxDataAgeMs", "0");
        c.journal(Journal.open(journal.toFile()));
        return c;
    }

    private static void await(final Controller c, final OuchVenue v, final BooleanSupplier done)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean())
        {
            v.poll(c, 64);
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out; venue " + v.describe());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void ordersRoundTripThroughTheSimulatorAndSurviveARestart() throws Exception
    {
        final String[] symbols = new String[65_536];
        symbols[1] = "AAPL";
        symbols[2] = "MSFT";
        final Path journal = dir.resolve("ouch.ntj");
        try (ExchangeSimulator sim = ExchangeSimulator.start(exchange()))
        {
            // another participant rests an offer we will take
            try (OuchClient bob = new OuchClient("127.0.0.1", sim.ouchPort(), false))
            {
                assertEquals(SoupBinTcp.LOGIN_ACCEPTED, bob.login("bob", "pw", "", 1, 5_000));
                bob.enter(1, Ouch.SIDE_SELL, 300, "AAPL", px("100.00"), Ouch.TIF_DAY, "BOB1");
                byte t;
                while ((t = bob.next(5_000)) == SoupBinTcp.SERVER_HEARTBEAT)
                {
                    // wait for the Accepted
                }
                assertEquals(SoupBinTcp.SEQUENCED_DATA, t);
                assertEquals(Ouch.ORDER_ACCEPTED, bob.ouchType());

                final Controller c = controller(journal);
                final OuchVenue v = OuchVenue.connect("127.0.0.1", sim.ouchPort(), "nt", "secret", symbols);
                c.oms().gateway(v);
                c.onTopOfBook(1, px("99.99"), 100, px("100.00"), 300, 0, System.nanoTime());
                c.onTopOfBook(2, px("49.99"), 100, px("50.01"), 100, 0, System.nanoTime());

                final long rest = c.enter(1, 1, (byte)'B', px("99.50"), 50, Tif.DAY, System.nanoTime());
                await(c, v, () -> c.oms().state(c.oms().slotOf(rest)) == OrderManager.LIVE);
                final long rest2 = c.replace(1, rest, px("99.60"), 60, System.nanoTime());
                assertTrue(rest2 > 0);
                await(c, v, () -> c.oms().slotOf(rest) < 0 && c.oms().state(c.oms().slotOf(rest2)) == OrderManager.LIVE);
                assertEquals(60, c.oms().leaves(c.oms().slotOf(rest2)));
                assertEquals(px("99.60"), c.oms().price(c.oms().slotOf(rest2)));

                final long take = c.enter(1, 1, (byte)'B', px("100.00"), 100, Tif.IOC, System.nanoTime());
                await(c, v, () -> c.positions().position(1) == 100 && c.oms().slotOf(take) < 0);
                assertEquals(px("100.00") * 100, c.positions().costBasis(1));

                // a symbol the venue does not list: Rejected
                symbols[3] = "ZZZZ";
                c.symbol(3, "ZZZZ");
                c.onTopOfBook(3, px("9.99"), 100, px("10.01"), 100, 0, System.nanoTime());
                final long bad = c.enter(1, 3, (byte)'B', px("10.00"), 10, Tif.DAY, System.nanoTime());
                await(c, v, () -> c.oms().slotOf(bad) < 0);

                assertTrue(c.cancel(1, rest2, System.nanoTime()));
                await(c, v, () -> c.oms().openOrders() == 0);
                assertEquals(0, c.oms().duplicateEvents());

                // the connection drops; an execution happens meanwhile; the venue reconnects and replays it
                final long resting = c.enter(1, 1, (byte)'B', px("99.90"), 100, Tif.DAY, System.nanoTime());
                await(c, v, () -> c.oms().state(c.oms().slotOf(resting)) == OrderManager.LIVE);
                v.dropConnection();
                bob.enter(2, Ouch.SIDE_SELL, 100, "AAPL", px("99.90"), Ouch.TIF_IOC, "BOB2");
                while ((t = bob.next(5_000)) == SoupBinTcp.SERVER_HEARTBEAT || (t == SoupBinTcp.SEQUENCED_DATA && bob.ouchType() != Ouch.ORDER_EXECUTED))
                {
                    // until bob's execution
                }
                assertEquals(Ouch.ORDER_EXECUTED, bob.ouchType());
                assertEquals(100, c.positions().position(1), "we have not heard of it yet");
                v.poll(c, 64);   // reconnects from the next sequence number, replay starts
                assertEquals(1, v.reconnects());
                assertEquals(-io.nanotick.controller.risk.RiskReason.VENUE_DOWN,
                    c.enter(1, 1, (byte)'B', px("99.80"), 10, Tif.DAY, System.nanoTime()), "no new orders while reconciling");
                await(c, v, () -> !v.reconciling());
                assertEquals(200, c.positions().position(1), "the missed execution arrived with the replay");
                assertEquals(0, c.oms().openOrders());
                final long after = c.enter(1, 1, (byte)'B', px("99.80"), 10, Tif.DAY, System.nanoTime());
                assertTrue(after > 0);
                await(c, v, () -> c.oms().state(c.oms().slotOf(after)) == OrderManager.LIVE);
                assertTrue(c.cancel(1, after, System.nanoTime()));
                await(c, v, () -> c.oms().openOrders() == 0);
                final long messages = v.messages();
                assertTrue(messages >= 10, "A, U, A, E, J, C, A, E, A, C: " + messages);
                v.close();
                c.journal().close();

                // restart: journal first, then the whole session again from sequence 1
                final Controller d = controller(journal);
                Recovery.restore(d);
                assertEquals(200, d.positions().position(1));
                final OuchVenue w = OuchVenue.connect("127.0.0.1", sim.ouchPort(), "nt", "secret", symbols);
                d.oms().gateway(w);
                d.oms().beginReconcile();
                await(d, w, () -> w.messages() >= messages);
                assertEquals(0, d.oms().endReconcile(System.nanoTime()));
                assertEquals(200, d.positions().position(1), "the replayed executions are not applied twice");
                assertEquals(0, d.oms().openOrders());
                assertTrue(d.oms().unknownEvents() + d.oms().duplicateEvents() >= messages,
                    "every replayed message recognised: " + d.oms().unknownEvents() + " + " + d.oms().duplicateEvents());
                w.close();
                d.journal().close();
            }
        }
    }

    /**
     * UserRefNums stay increasing across a restart of the day with a NEW journal: the first
     * controller uses refs 1..4 (three enters, a replace); a second one, started with an empty
     * journal against the same OUCH session, learns them from the venue's replay after login and
     * continues at 5. The venue itself is the check: it rejects a ref not above the user's last
     * (Rejected 0x000F), so the new order must come back Accepted. A third start from the second
     * journal continues from there too; a fourth, with another new journal and no replay, learns the
     * next ref from an OUCH Account Query.
     */
    @Test
    void aFreshJournalContinuesTheVenuesUserRefNums() throws Exception
    {
        final String[] symbols = new String[65_536];
        symbols[1] = "AAPL";
        symbols[2] = "MSFT";
        try (ExchangeSimulator sim = ExchangeSimulator.start(exchange()))
        {
            final Controller a = controller(dir.resolve("day-a.ntj"));
            final OuchVenue va = OuchVenue.connect("127.0.0.1", sim.ouchPort(), "nt", "secret", symbols);
            a.oms().gateway(va);
            a.onTopOfBook(1, px("99.99"), 100, px("100.01"), 100, 0, System.nanoTime());
            final long r1 = a.enter(1, 1, (byte)'B', px("99.50"), 10, Tif.DAY, System.nanoTime());
            final long r2 = a.enter(1, 1, (byte)'B', px("99.40"), 20, Tif.DAY, System.nanoTime());
            final long r3 = a.enter(1, 1, (byte)'S', px("100.50"), 30, Tif.DAY, System.nanoTime());
            assertEquals(1, r1);
            assertEquals(3, r3);
            await(a, va, () -> a.oms().state(a.oms().slotOf(r3)) == OrderManager.LIVE && a.oms().state(a.oms().slotOf(r2)) == OrderManager.LIVE);
            final long r4 = a.replace(1, r3, px("100.60"), 30, System.nanoTime());
            assertEquals(4, r4);
            assertTrue(a.cancel(1, r1, System.nanoTime()));
            await(a, va, () -> a.oms().slotOf(r1) < 0 && a.oms().state(a.oms().slotOf(r4)) == OrderManager.LIVE);
            final long sent = va.messages();
            va.close();
            a.journal().close();

            // the same day, a new journal: nothing local says refs 1..4 were used
            final Path fresh = dir.resolve("day-b.ntj");
            final Controller b = controller(fresh);
            Recovery.restore(b);
            assertEquals(1, b.oms().nextUserRef(), "an empty journal knows no refs");
            final OuchVenue vb = OuchVenue.connect("127.0.0.1", sim.ouchPort(), "nt", "secret", symbols);
            b.oms().gateway(vb);
            b.oms().beginReconcile();
            await(b, vb, () -> vb.messages() >= sent);
            b.oms().endReconcile(System.nanoTime());
            assertEquals(5, b.oms().nextUserRef(), "continues after the highest ref in the venue's replay");
            b.onTopOfBook(1, px("99.99"), 100, px("100.01"), 100, 0, System.nanoTime());
            final long r5 = b.enter(1, 1, (byte)'B', px("99.30"), 10, Tif.DAY, System.nanoTime());
            assertEquals(5, r5);
            await(b, vb, () -> b.oms().slotOf(r5) < 0 || b.oms().state(b.oms().slotOf(r5)) == OrderManager.LIVE);
            assertTrue(b.oms().slotOf(r5) >= 0, "the venue accepted ref 5 (a reused ref would be Rejected)");
            assertEquals(OrderManager.LIVE, b.oms().state(b.oms().slotOf(r5)));
            vb.close();
            b.journal().close();

            // restart from that journal: the refs learned from the venue are in it
            final Controller d = controller(fresh);
            Recovery.restore(d);
            assertEquals(6, d.oms().nextUserRef());
            d.journal().close();

            // a third new journal, and a login without replay (sequence 0: new messages only): the
            // OUCH Account Query answers the venue's next UserRefNum (the simulator: its last + 1)
            final Controller e = controller(dir.resolve("day-c.ntj"));
            final OuchVenue ve = OuchVenue.connect("127.0.0.1", sim.ouchPort(), "nt", "secret", symbols, 0);
            e.oms().gateway(ve);
            ve.queryAccount();
            await(e, ve, () -> ve.accountResponses() == 1);
            assertEquals(0, e.oms().unknownEvents(), "no replay: only the answer arrived");
            assertEquals(6, e.oms().nextUserRef(), "the venue's next UserRefNum");
            e.onTopOfBook(1, px("99.99"), 100, px("100.01"), 100, 0, System.nanoTime());
            final long r6 = e.enter(1, 1, (byte)'B', px("99.20"), 10, Tif.DAY, System.nanoTime());
            assertEquals(6, r6);
            await(e, ve, () -> e.oms().slotOf(r6) < 0 || e.oms().state(e.oms().slotOf(r6)) == OrderManager.LIVE);
            assertEquals(OrderManager.LIVE, e.oms().state(e.oms().slotOf(r6)), "accepted");
            ve.close();
            e.journal().close();
        }
    }
}
