package io.nanotick.exchange;

import static io.nanotick.exchange.ExchangeSessionTest.types;
import static io.nanotick.exchange.TestSupport.config;
import static io.nanotick.exchange.TestSupport.expect;
import static io.nanotick.exchange.TestSupport.login;
import static io.nanotick.exchange.TestSupport.seg;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nanotick.itch.AddOrderMessage;
import io.nanotick.itch.OrderCancelMessage;
import io.nanotick.itch.OrderExecutedMessage;
import io.nanotick.ouch.Ouch;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * OUCH 5.0 Modify Order and Account Query on real loopback sockets: a sell order
 * switches to sell short and shrinks (Order Modified on OUCH, Order Cancel of the
 * difference on ITCH), keeps its time priority, and the modifies the specification
 * does not allow are ignored.
 */
class ExchangeModifyTest {
    @Test
    void modifyReducesAndChangesSideKeepingPriority() throws Exception {
        ExchangeConfig cfg = config();
        try (FeedReceiver feed = new FeedReceiver(cfg); ExchangeSimulator sim = ExchangeSimulator.start(cfg);
             OuchClient nt = login(sim, "nt", "secret", 1); OuchClient bob = login(sim, "bob", "pw", 1)) {
            feed.until(() -> feed.bySeq.size() >= 7, "start of day");
            // nt: sell 500 AAPL @ 100.00, then bob: sell 100 @ 100.00 behind it
            nt.enter(1, Ouch.SIDE_SELL, 500, "AAPL", 1_000_000, Ouch.TIF_DAY, "N1");
            long ntRef = new Ouch.OrderAccepted().wrap(seg(expect(nt, 'A')), 0).orderReferenceNumber();
            bob.enter(1, Ouch.SIDE_SELL, 100, "AAPL", 1_000_000, Ouch.TIF_DAY, "B1");
            expect(bob, 'A');

            // Modify: sell -> sell short, 500 -> 300
            nt.modify(1, Ouch.SIDE_SELL_SHORT, 300);
            Ouch.OrderModified m = new Ouch.OrderModified().wrap(seg(expect(nt, 'M')), 0);
            assertEquals(1, m.userRefNum());
            assertEquals(Ouch.SIDE_SELL_SHORT, m.side());
            assertEquals(300, m.quantity());

            // not allowed, so ignored: sell -> buy, a larger quantity, quantity 0, an unknown order
            nt.modify(1, Ouch.SIDE_BUY, 300);
            nt.modify(1, Ouch.SIDE_SELL_SHORT, 301);
            nt.modify(1, Ouch.SIDE_SELL, 0);
            nt.modify(77, Ouch.SIDE_SELL, 10);
            // ... so the next message is the Account Query Response: next UserRefNum = 2
            nt.accountQuery();
            Ouch.AccountQueryResponse q = new Ouch.AccountQueryResponse().wrap(seg(expect(nt, 'Q')), 0);
            assertEquals(2, q.nextUserRefNum());

            // side only (short -> short exempt), same quantity: Order Modified, nothing on ITCH
            nt.modify(1, Ouch.SIDE_SELL_SHORT_EXEMPT, 300);
            m.wrap(seg(expect(nt, 'M')), 0);
            assertEquals(Ouch.SIDE_SELL_SHORT_EXEMPT, m.side());
            assertEquals(300, m.quantity());

            // bob buys 250 @ 100.00: nt's order is still first in time, so it trades (not bob's own sell)
            bob.enter(2, Ouch.SIDE_BUY, 250, "AAPL", 1_000_000, Ouch.TIF_DAY, "B2");
            expect(bob, 'A');
            Ouch.OrderExecuted e = new Ouch.OrderExecuted().wrap(seg(expect(nt, 'E')), 0);
            assertEquals(1, e.userRefNum());
            assertEquals(250, e.quantity());
            assertEquals(Ouch.LIQUIDITY_ADDED, e.liquidityFlag());
            assertEquals(250, new Ouch.OrderExecuted().wrap(seg(expect(bob, 'E')), 0).quantity());

            // what is left of nt's order: 50; one more reduction to 20 is reported as 20
            nt.modify(1, Ouch.SIDE_SELL, 20);
            m.wrap(seg(expect(nt, 'M')), 0);
            assertEquals(20, m.quantity());
            assertEquals(Ouch.SIDE_SELL, m.side());

            // ITCH: A(nt 500) A(bob 100) X(nt 200) E(nt 250) X(nt 30)
            feed.until(() -> feed.bySeq.size() >= 12, "order messages");
            assertEquals("AAXEX", types(feed, 8, 12));
            AddOrderMessage a = new AddOrderMessage();
            a.wrap(new UnsafeBuffer(feed.bySeq.get(8L)), 0);
            assertEquals(ntRef, a.orderReferenceNumber());
            assertEquals('S', a.buySellIndicator());
            OrderCancelMessage x = new OrderCancelMessage();
            x.wrap(new UnsafeBuffer(feed.bySeq.get(10L)), 0);
            assertEquals(ntRef, x.orderReferenceNumber());
            assertEquals(200, x.cancelledShares());
            OrderExecutedMessage ex = new OrderExecutedMessage();
            ex.wrap(new UnsafeBuffer(feed.bySeq.get(11L)), 0);
            assertEquals(ntRef, ex.orderReferenceNumber());
            assertEquals(250, ex.executedShares());
            x.wrap(new UnsafeBuffer(feed.bySeq.get(12L)), 0);
            assertEquals(30, x.cancelledShares());
            assertEquals(4, sim.modifiesIgnored());
        }
    }
}
