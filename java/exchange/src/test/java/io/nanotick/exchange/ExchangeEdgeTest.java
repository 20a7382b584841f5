package io.nanotick.exchange;

import static io.nanotick.exchange.TestSupport.config;
import static io.nanotick.exchange.TestSupport.login;
import static io.nanotick.exchange.TestSupport.nextNonHeartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.itch.MoldUdp64Packet;
import io.nanotick.itch.MoldUdp64Request;
import io.nanotick.ouch.SoupBinTcp;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Feed heartbeats, evicted retransmission requests, other sessions' requests, End of Session on OUCH. */
class ExchangeEdgeTest {
    @Test
    void feedHeartbeatsAndEndOfSessionOnOuch() throws Exception {
        ExchangeConfig cfg = config("md.heartbeatMs=20");
        try (FeedReceiver feed = new FeedReceiver(cfg)) {
            ExchangeSimulator sim = ExchangeSimulator.start(cfg);
            try (OuchClient c = login(sim, "nt", "secret", 1)) {
                feed.until(() -> feed.heartbeats >= 3, "MoldUDP64 heartbeats on a quiet feed");
                sim.close();
                assertEquals(SoupBinTcp.END_OF_SESSION, nextNonHeartbeat(c));
                assertEquals(-1, nextNonHeartbeat(c));
            }
            feed.until(() -> feed.endOfSession, "MoldUDP64 end of session");
        }
    }

    @Test
    void haltRejectsOrdersAndShowsOnTheFeed() throws Exception {
        ExchangeConfig cfg = config();
        try (FeedReceiver feed = new FeedReceiver(cfg); ExchangeSimulator sim = ExchangeSimulator.start(cfg);
             OuchClient c = login(sim, "nt", "secret", 1)) {
            c.enter(1, io.nanotick.ouch.Ouch.SIDE_BUY, 100, "AAPL", 990_000, io.nanotick.ouch.Ouch.TIF_DAY, "H1");
            TestSupport.expect(c, 'A');
            sim.execute(s -> s.halt("AAPL", true));
            c.enter(2, io.nanotick.ouch.Ouch.SIDE_BUY, 100, "AAPL", 990_000, io.nanotick.ouch.Ouch.TIF_DAY, "H2");
            ExchangeSessionTest.assertReject(c, 2, io.nanotick.ouch.Ouch.REJECT_HALTED);
            c.replace(1, 3, 50, 990_000, io.nanotick.ouch.Ouch.TIF_DAY, "H3");
            ExchangeSessionTest.assertReject(c, 3, io.nanotick.ouch.Ouch.REJECT_HALTED);
            c.enter(4, io.nanotick.ouch.Ouch.SIDE_BUY, 100, "MSFT", 990_000, io.nanotick.ouch.Ouch.TIF_DAY, "H4");
            TestSupport.expect(c, 'A'); // other symbols trade on
            c.cancel(1, 0);
            TestSupport.expect(c, 'C'); // cancels work while halted
            sim.execute(s -> s.halt("AAPL", false));
            c.enter(5, io.nanotick.ouch.Ouch.SIDE_BUY, 100, "AAPL", 990_000, io.nanotick.ouch.Ouch.TIF_DAY, "H5");
            TestSupport.expect(c, 'A');
            feed.until(() -> feed.ofType('H').size() == 4, "trading actions T T H T");
            StringBuilder states = new StringBuilder();
            for (byte[] m : feed.ofType('H')) {
                states.append((char) m[19]); // Trading State, offset 19 in the ITCH 5.0 layout
            }
            assertEquals("TTHT", states.toString());
        }
    }

    @Test
    void requestsForEvictedMessagesAndOtherSessions() throws Exception {
        ExchangeConfig cfg = config("background=synthetic", "background.rate=5000", "md.storeMessages=1024");
        try (FeedReceiver feed = new FeedReceiver(cfg); ExchangeSimulator sim = ExchangeSimulator.start(cfg);
             DatagramChannel req = DatagramChannel.open()) {
            feed.until(() -> feed.expected > 3000, "3000 messages");
            req.connect(new InetSocketAddress("127.0.0.1", sim.retransmitPort()));
            ByteBuffer b = ByteBuffer.allocateDirect(2048);
            UnsafeBuffer ub = new UnsafeBuffer(b);
            MoldUdp64Request r = new MoldUdp64Request();
            MoldUdp64Packet p = new MoldUdp64Packet();
            // another session's request: no answer; then ours for message 1, long gone: count 0, oldest held
            r.wrap(ub, 0);
            r.session("SOMEOTHER").sequenceNumber(1).requestedMessageCount(1);
            b.clear().limit(MoldUdp64Request.LENGTH);
            req.write(b);
            r.session(cfg.mdSession).sequenceNumber(1).requestedMessageCount(10);
            b.clear().limit(MoldUdp64Request.LENGTH);
            req.write(b);
            b.clear();
            req.read(b);
            p.wrap(ub, 0, b.position());
            assertEquals(0, p.messageCount());
            long oldest = p.sequenceNumber();
            assertTrue(oldest > 1, "oldest held " + oldest);
            // a message well inside the held window is served (the flow keeps evicting meanwhile: if this
            // thread was descheduled long enough for it to go too, the answer names the new oldest; retry)
            for (int attempt = 0; ; attempt++) {
                long inside = oldest + 1000; // held until ~1000 more messages (~200 ms at this rate)
                r.wrap(ub, 0);
                r.session(cfg.mdSession).sequenceNumber(inside).requestedMessageCount(1);
                b.clear().limit(MoldUdp64Request.LENGTH);
                req.write(b);
                b.clear();
                req.read(b);
                p.wrap(ub, 0, b.position());
                if (p.messageCount() == 0 && attempt < 5) {
                    assertTrue(p.sequenceNumber() > inside, "evicted answer names a newer oldest");
                    oldest = p.sequenceNumber();
                    continue;
                }
                assertEquals(inside, p.sequenceNumber());
                assertEquals(1, p.messageCount());
                break;
            }
            String[] stats = new String[1];
            sim.execute(s -> stats[0] = s.stats());
            assertTrue(!stats[0].contains("rtxEvicted=0") && stats[0].contains("rtxRequests="), stats[0]);
        }
    }
}
