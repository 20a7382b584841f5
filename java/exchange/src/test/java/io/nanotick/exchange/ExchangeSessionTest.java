package io.nanotick.exchange;

import static io.nanotick.exchange.TestSupport.config;
import static io.nanotick.exchange.TestSupport.expect;
import static io.nanotick.exchange.TestSupport.login;
import static io.nanotick.exchange.TestSupport.seg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.itch.AddOrderMessage;
import io.nanotick.itch.OrderCancelMessage;
import io.nanotick.itch.OrderDeleteMessage;
import io.nanotick.itch.OrderExecutedMessage;
import io.nanotick.itch.OrderReplaceMessage;
import io.nanotick.itch.StockDirectoryMessage;
import io.nanotick.itch.StockTradingActionMessage;
import io.nanotick.itch.SystemEventMessage;
import io.nanotick.ouch.Ouch;
import io.nanotick.ouch.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * A full OUCH session on real loopback sockets, checked on both OUCH and the
 * ITCH feed: login, enter, partial and full fills, replace (kept and lost
 * priority), cancel, rejects, logout.
 */
class ExchangeSessionTest {
    @Test
    void fullSession() throws Exception {
        ExchangeConfig cfg = config();
        try (FeedReceiver feed = new FeedReceiver(cfg); ExchangeSimulator sim = ExchangeSimulator.start(cfg)) {
            // start of day on the feed: System Events O S Q, then per symbol Stock Directory + Trading Action
            feed.until(() -> feed.bySeq.size() >= 7, "start of day");
            assertEquals("SSSRHRH", types(feed, 1, 7));
            SystemEventMessage se = new SystemEventMessage();
            se.wrap(new UnsafeBuffer(feed.bySeq.get(1L)), 0);
            assertEquals((byte) 'O', se.eventCode());
            StockDirectoryMessage r = new StockDirectoryMessage();
            r.wrap(new UnsafeBuffer(feed.bySeq.get(4L)), 0);
            assertEquals("AAPL", r.stock());
            assertEquals(1, r.stockLocate());
            StockTradingActionMessage h = new StockTradingActionMessage();
            h.wrap(new UnsafeBuffer(feed.bySeq.get(5L)), 0);
            assertEquals('T', h.tradingState());

            try (OuchClient bob = login(sim, "bob", "pw", 1); OuchClient nt = login(sim, "nt", "secret", 1)) {
                assertEquals(1, bob.sequence());
                // bob: sell 100 AAPL @ 100.00, rests
                bob.enter(1, Ouch.SIDE_SELL, 100, "AAPL", 1_000_000, Ouch.TIF_DAY, "B1");
                Ouch.OrderAccepted acc = new Ouch.OrderAccepted().wrap(seg(expect(bob, 'A')), 0);
                assertEquals(1, acc.userRefNum());
                assertEquals(100, acc.quantity());
                assertEquals(Wire.symbolKey("AAPL"), acc.symbolKey());
                assertEquals('L', acc.orderState());
                assertEquals("B1", Wire.alpha(acc.segment(), acc.clOrdIdOffset(), 14));
                long bobRef = acc.orderReferenceNumber();

                // nt: buy 30 @ 100.00 -> partial fill of bob
                nt.enter(1, Ouch.SIDE_BUY, 30, "AAPL", 1_000_000, Ouch.TIF_DAY, "N1");
                expect(nt, 'A');
                Ouch.OrderExecuted e1 = new Ouch.OrderExecuted().wrap(seg(expect(nt, 'E')), 0);
                assertEquals(30, e1.quantity());
                assertEquals(1_000_000, e1.price());
                assertEquals('R', e1.liquidityFlag());
                Ouch.OrderExecuted b1 = new Ouch.OrderExecuted().wrap(seg(expect(bob, 'E')), 0);
                assertEquals(30, b1.quantity());
                assertEquals('A', b1.liquidityFlag());
                assertEquals(1, b1.userRefNum());
                assertEquals(e1.matchNumber(), b1.matchNumber());

                // nt: buy 80 @ 100.01 -> fills bob's remaining 70 at 100.00, rests 10 @ 100.01
                nt.enter(2, Ouch.SIDE_BUY, 80, "AAPL", 1_000_100, Ouch.TIF_DAY, "N2");
                long nt2Ref = new Ouch.OrderAccepted().wrap(seg(expect(nt, 'A')), 0).orderReferenceNumber();
                Ouch.OrderExecuted e2 = new Ouch.OrderExecuted().wrap(seg(expect(nt, 'E')), 0);
                assertEquals(70, e2.quantity());
                assertEquals(1_000_000, e2.price());
                assertEquals(70, new Ouch.OrderExecuted().wrap(seg(expect(bob, 'E')), 0).quantity());

                // replace nt2 (10 @ 100.01) down to 6 at the same price: priority kept, same reference
                nt.replace(2, 3, 6, 1_000_100, Ouch.TIF_DAY, "N3");
                Ouch.OrderReplaced rp = new Ouch.OrderReplaced().wrap(seg(expect(nt, 'U')), 0);
                assertEquals(2, rp.origUserRefNum());
                assertEquals(3, rp.userRefNum());
                assertEquals(6, rp.quantity());
                assertEquals(nt2Ref, rp.orderReferenceNumber());
                // replace to 6 @ 99.50: loses priority, new reference
                nt.replace(3, 4, 6, 995_000, Ouch.TIF_DAY, "N4");
                Ouch.OrderReplaced rp2 = new Ouch.OrderReplaced().wrap(seg(expect(nt, 'U')), 0);
                long nt4Ref = rp2.orderReferenceNumber();
                assertTrue(nt4Ref != nt2Ref);
                assertEquals(995_000, rp2.price());
                // cancel it
                nt.cancel(4, 0);
                Ouch.OrderCanceled cx = new Ouch.OrderCanceled().wrap(seg(expect(nt, 'C')), 0);
                assertEquals(4, cx.userRefNum());
                assertEquals(6, cx.quantity());
                assertEquals('U', cx.reason());
                // canceling again is ignored (not live); the next message is the reject below
                nt.cancel(4, 0);

                // rejects: unknown symbol, quantity 0, price off the tick, UserRefNum not increasing
                nt.enter(10, Ouch.SIDE_BUY, 100, "ZZZZ", 1_000_000, Ouch.TIF_DAY, "R1");
                assertReject(nt, 10, Ouch.REJECT_INVALID_SYMBOL);
                nt.enter(11, Ouch.SIDE_BUY, 0, "AAPL", 1_000_000, Ouch.TIF_DAY, "R2");
                assertReject(nt, 11, Ouch.REJECT_INVALID_QUANTITY);
                nt.enter(12, Ouch.SIDE_BUY, 100, "AAPL", 1_000_001, Ouch.TIF_DAY, "R3");
                assertReject(nt, 12, Ouch.REJECT_INVALID_PRICE);
                nt.enter(13, Ouch.SIDE_BUY, 1_000_000, "AAPL", 1_000_000, Ouch.TIF_DAY, "R4");
                assertReject(nt, 13, Ouch.REJECT_SHARES_EXCEED_THRESHOLD);
                nt.enter(13, Ouch.SIDE_BUY, 100, "AAPL", 1_000_000, Ouch.TIF_DAY, "R5");
                assertReject(nt, 13, Ouch.REJECT_OTHER); // UserRefNum not increasing
                nt.enter(14, (byte) 'Q', 100, "AAPL", 1_000_000, Ouch.TIF_DAY, "R6");
                assertReject(nt, 14, Ouch.REJECT_INVALID_SIDE);

                // IOC that does not trade: accepted then canceled 'I', nothing on the feed
                nt.enter(15, Ouch.SIDE_BUY, 100, "MSFT", 1_000_000, Ouch.TIF_IOC, "I1");
                expect(nt, 'A');
                Ouch.OrderCanceled ic = new Ouch.OrderCanceled().wrap(seg(expect(nt, 'C')), 0);
                assertEquals('I', ic.reason());
                assertEquals(100, ic.quantity());

                // logout: the server closes the connection
                nt.logout();
                assertEquals(-1, TestSupport.nextNonHeartbeat(nt));

                // feed: A(bob) E(30) E(70) A(nt2 rest 10) X(4) U(nt2->nt4) D(nt4)
                feed.until(() -> feed.bySeq.size() >= 14, "order messages");
                assertEquals("AEEAXUD", types(feed, 8, 14));
                AddOrderMessage a = new AddOrderMessage();
                a.wrap(new UnsafeBuffer(feed.bySeq.get(8L)), 0);
                assertEquals(bobRef, a.orderReferenceNumber());
                assertEquals('S', a.buySellIndicator());
                assertEquals(100, a.shares());
                assertEquals(1_000_000, a.price());
                assertEquals("AAPL", a.stock());
                OrderExecutedMessage x = new OrderExecutedMessage();
                x.wrap(new UnsafeBuffer(feed.bySeq.get(9L)), 0);
                assertEquals(bobRef, x.orderReferenceNumber());
                assertEquals(30, x.executedShares());
                assertEquals(e1.matchNumber(), x.matchNumber());
                x.wrap(new UnsafeBuffer(feed.bySeq.get(10L)), 0);
                assertEquals(70, x.executedShares());
                a.wrap(new UnsafeBuffer(feed.bySeq.get(11L)), 0);
                assertEquals(nt2Ref, a.orderReferenceNumber());
                assertEquals(10, a.shares());
                assertEquals(1_000_100, a.price());
                OrderCancelMessage oc = new OrderCancelMessage();
                oc.wrap(new UnsafeBuffer(feed.bySeq.get(12L)), 0);
                assertEquals(nt2Ref, oc.orderReferenceNumber());
                assertEquals(4, oc.cancelledShares());
                OrderReplaceMessage u = new OrderReplaceMessage();
                u.wrap(new UnsafeBuffer(feed.bySeq.get(13L)), 0);
                assertEquals(nt2Ref, u.originalOrderReferenceNumber());
                assertEquals(nt4Ref, u.newOrderReferenceNumber());
                assertEquals(6, u.shares());
                assertEquals(995_000, u.price());
                OrderDeleteMessage d = new OrderDeleteMessage();
                d.wrap(new UnsafeBuffer(feed.bySeq.get(14L)), 0);
                assertEquals(nt4Ref, d.orderReferenceNumber());
            }
            sim.close();
            feed.until(() -> feed.endOfSession, "MoldUDP64 end of session");
            assertEquals("SSS", types(feed, 15, 17)); // M E C
            assertTrue(feed.gaps.isEmpty(), "no gaps on loopback");
        }
    }

    static void assertReject(OuchClient c, int userRef, int reason) throws Exception {
        Ouch.OrderRejected j = new Ouch.OrderRejected().wrap(seg(expect(c, 'J')), 0);
        assertEquals(userRef, j.userRefNum());
        assertEquals(reason, j.reason());
    }

    static String types(FeedReceiver f, long from, long to) {
        StringBuilder sb = new StringBuilder();
        for (long s = from; s <= to; s++) {
            byte[] m = f.bySeq.get(s);
            sb.append(m == null ? '?' : (char) m[0]);
        }
        return sb.toString();
    }
}
