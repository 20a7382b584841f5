package io.nanotick.exchange;

import static io.nanotick.exchange.TestSupport.config;
import static io.nanotick.exchange.TestSupport.connect;
import static io.nanotick.exchange.TestSupport.copy;
import static io.nanotick.exchange.TestSupport.expect;
import static io.nanotick.exchange.TestSupport.login;
import static io.nanotick.exchange.TestSupport.nextNonHeartbeat;
import static io.nanotick.exchange.TestSupport.seg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.itch.MoldUdp64Packet;
import io.nanotick.itch.MoldUdp64Request;
import io.nanotick.itch.OrderDeleteMessage;
import io.nanotick.ouch.Ouch;
import io.nanotick.ouch.SoupBinTcp;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Rejoin with replay, cancel-on-disconnect, bad credentials, heartbeats, timeouts, MoldUDP64 gap recovery. */
class ExchangeRecoveryTest {
    @Test
    void reconnectReplaysFromTheRequestedSequenceNumber() throws Exception {
        ExchangeConfig cfg = config();
        try (ExchangeSimulator sim = ExchangeSimulator.start(cfg)) {
            List<byte[]> first = new ArrayList<>();
            try (OuchClient c = login(sim, "nt", "secret", 1)) {
                for (int i = 1; i <= 3; i++) {
                    c.enter(i, Ouch.SIDE_BUY, 100, "AAPL", 990_000 - i * 100, Ouch.TIF_DAY, "R" + i);
                    first.add(expect(c, 'A'));
                }
                assertEquals(4, c.sequence());
            } // dropped without logout
            try (OuchClient c = connect(sim)) {
                // the old connection may not be gone yet on the server: retry while "session not available"
                byte t;
                OuchClient cc = c;
                while ((t = cc.login("nt", "secret", "", 2, 10_000)) == SoupBinTcp.LOGIN_REJECTED) {
                    assertEquals(SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE, cc.packet().rejectReason());
                    cc.close();
                    Thread.sleep(10);
                    cc = connect(sim);
                }
                assertEquals(SoupBinTcp.LOGIN_ACCEPTED, t);
                assertEquals(2, cc.sequence(), "Login Accepted carries the requested sequence number");
                assertArrayEquals(first.get(1), expect(cc, 'A'));
                assertArrayEquals(first.get(2), expect(cc, 'A'));
                cc.enter(4, Ouch.SIDE_BUY, 100, "AAPL", 980_000, Ouch.TIF_DAY, "R4");
                expect(cc, 'A');
                assertEquals(5, cc.sequence());
                cc.logout();
                assertEquals(-1, nextNonHeartbeat(cc));
                cc.close();
            }
            // sequence 0: nothing replayed, Login Accepted says 5
            try (OuchClient c = login(sim, "nt", "secret", 0)) {
                assertEquals(5, c.sequence());
                c.enter(5, Ouch.SIDE_BUY, 100, "MSFT", 980_000, Ouch.TIF_DAY, "R5");
                Ouch.OrderAccepted a = new Ouch.OrderAccepted().wrap(seg(expect(c, 'A')), 0);
                assertEquals(5, a.userRefNum());
            }
        }
    }

    @Test
    void cancelOnDisconnectAndLoginRejects() throws Exception {
        ExchangeConfig cfg = config();
        try (FeedReceiver feed = new FeedReceiver(cfg); ExchangeSimulator sim = ExchangeSimulator.start(cfg)) {
            long ref;
            try (OuchClient bob = login(sim, "bob", "pw", 1)) {
                bob.enter(1, Ouch.SIDE_SELL, 200, "MSFT", 1_010_000, Ouch.TIF_DAY, "C1");
                ref = new Ouch.OrderAccepted().wrap(seg(expect(bob, 'A')), 0).orderReferenceNumber();
                // a second login of the same user is refused while this one is up
                try (OuchClient again = connect(sim)) {
                    assertEquals(SoupBinTcp.LOGIN_REJECTED, again.login("bob", "pw", "", 1, 10_000));
                    assertEquals(SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE, again.packet().rejectReason());
                }
            } // disconnect: bob has cancel-on-disconnect
            feed.until(() -> !feed.ofType('D').isEmpty(), "Order Delete after disconnect");
            OrderDeleteMessage d = new OrderDeleteMessage();
            d.wrap(new UnsafeBuffer(feed.ofType('D').get(0)), 0);
            assertEquals(ref, d.orderReferenceNumber());
            // on rejoin from 1 bob sees Accepted then Canceled
            OuchClient bob = null;
            while (bob == null) {
                OuchClient c = connect(sim);
                if (c.login("bob", "pw", "", 1, 10_000) == SoupBinTcp.LOGIN_ACCEPTED) {
                    bob = c;
                } else {
                    c.close();
                    Thread.sleep(10);
                }
            }
            expect(bob, 'A');
            Ouch.OrderCanceled x = new Ouch.OrderCanceled().wrap(seg(expect(bob, 'C')), 0);
            assertEquals(200, x.quantity());
            bob.close();

            try (OuchClient c = connect(sim)) {
                assertEquals(SoupBinTcp.LOGIN_REJECTED, c.login("nt", "wrong", "", 1, 10_000));
                assertEquals(SoupBinTcp.REJECT_NOT_AUTHORIZED, c.packet().rejectReason());
                assertEquals(-1, c.next(10_000), "closed after Login Rejected");
            }
            try (OuchClient c = connect(sim)) {
                assertEquals(SoupBinTcp.LOGIN_REJECTED, c.login("nobody", "x", "", 1, 10_000));
                assertEquals(SoupBinTcp.REJECT_NOT_AUTHORIZED, c.packet().rejectReason());
            }
            try (OuchClient c = connect(sim)) {
                assertEquals(SoupBinTcp.LOGIN_REJECTED, c.login("nt", "secret", "OTHERSESS", 1, 10_000));
                assertEquals(SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE, c.packet().rejectReason());
            }
        }
    }

    @Test
    void badInputLogsOutOnlyThatSession() throws Exception {
        ExchangeConfig cfg = config();
        try (ExchangeSimulator sim = ExchangeSimulator.start(cfg);
             OuchClient good = login(sim, "bob", "pw", 1);
             OuchClient bad = login(sim, "nt", "secret", 1)) {
            // unknown OUCH message type 'Z' inside Unsequenced Data
            bad.sendRaw(new byte[] {0, 3, 'U', 'Z', 0});
            assertEquals(SoupBinTcp.DEBUG, nextNonHeartbeat(bad));
            String reason = new String(copy(bad), java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(reason.contains("unknown or malformed OUCH"), reason);
            assertEquals(-1, nextNonHeartbeat(bad));
            // the other session carries on
            good.enter(1, Ouch.SIDE_BUY, 100, "AAPL", 990_000, Ouch.TIF_DAY, "G1");
            expect(good, 'A');

            // malformed SoupBinTCP: packet length 0
            try (OuchClient c = login(sim, "nt", "secret", 0)) {
                c.sendRaw(new byte[] {0, 0});
                assertEquals(SoupBinTcp.DEBUG, nextNonHeartbeat(c));
                assertTrue(new String(copy(c), java.nio.charset.StandardCharsets.US_ASCII).contains("length 0"));
                assertEquals(-1, nextNonHeartbeat(c));
            }
            // unknown SoupBinTCP packet type
            try (OuchClient c = login(sim, "nt", "secret", 0)) {
                c.sendRaw(new byte[] {0, 1, 'q'});
                assertEquals(SoupBinTcp.DEBUG, nextNonHeartbeat(c));
                assertEquals(-1, nextNonHeartbeat(c));
            }
            // an Enter Order one byte short
            try (OuchClient c = login(sim, "nt", "secret", 0)) {
                byte[] p = new byte[3 + 46];
                p[1] = 47;
                p[2] = 'U';
                p[3] = 'O';
                c.sendRaw(p);
                assertEquals(SoupBinTcp.DEBUG, nextNonHeartbeat(c));
                assertEquals(-1, nextNonHeartbeat(c));
            }
            // data before login
            try (OuchClient c = connect(sim)) {
                c.sendRaw(new byte[] {0, 1, 'R'});
                assertEquals(SoupBinTcp.DEBUG, c.next(10_000));
                assertEquals(-1, c.next(10_000));
            }
            good.enter(2, Ouch.SIDE_BUY, 100, "AAPL", 990_000, Ouch.TIF_DAY, "G2");
            expect(good, 'A');
        }
    }

    @Test
    void heartbeatsBothWaysAndTimeoutOnSilence() throws Exception {
        ExchangeConfig cfg = config("ouch.heartbeatMs=150", "ouch.timeoutMs=2000");
        try (ExchangeSimulator sim = ExchangeSimulator.start(cfg);
             OuchClient silent = login(sim, "nt", "secret", 1)) {
            // the silent client gets server heartbeats, then is logged out for silence
            int heartbeats = 0;
            byte t;
            while ((t = silent.next(10_000)) == SoupBinTcp.SERVER_HEARTBEAT) {
                heartbeats++;
            }
            assertTrue(heartbeats > 0, "server heartbeats before the timeout");
            assertEquals(SoupBinTcp.DEBUG, t);
            assertTrue(new String(copy(silent), java.nio.charset.StandardCharsets.US_ASCII).startsWith("timeout"));
            assertEquals(-1, silent.next(10_000));
            // a client that heartbeats stays logged in for longer than the timeout
            OuchClient alive = login(sim, "bob", "pw", 1);
            int seen = 0;
            while (seen < 16) { // 16 x 150 ms > the 2 s timeout
                alive.heartbeatIfIdle(20);
                byte x = alive.next(30);
                assertFalse(x == -1 || x == SoupBinTcp.DEBUG, "heartbeating client must not be logged out");
                if (x == SoupBinTcp.SERVER_HEARTBEAT) {
                    seen++;
                }
            }
            alive.enter(1, Ouch.SIDE_BUY, 100, "AAPL", 990_000, Ouch.TIF_DAY, "H1");
            expect(alive, 'A');
            alive.close();
        }
    }

    @Test
    void gapRecoveryThroughTheRetransmissionServer() throws Exception {
        ExchangeConfig cfg = config("background=synthetic", "background.rate=20000", "background.seed=7");
        try (FeedReceiver feed = new FeedReceiver(cfg); ExchangeSimulator sim = ExchangeSimulator.start(cfg);
             DatagramChannel req = DatagramChannel.open()) {
            // lose every packet whose first sequence number is in [100, 300)
            feed.drop = s -> s >= 100 && s < 300;
            feed.until(() -> feed.expected > 600, "600 messages");
            assertFalse(feed.gaps.isEmpty(), "the dropped packets show as a gap");
            assertTrue(feed.gaps.get(0)[0] >= 100 && feed.gaps.get(0)[1] > feed.gaps.get(0)[0]);
            req.connect(new InetSocketAddress("127.0.0.1", sim.retransmitPort()));
            ByteBuffer b = ByteBuffer.allocateDirect(2048);
            UnsafeBuffer ub = new UnsafeBuffer(b);
            MoldUdp64Request r = new MoldUdp64Request();
            MoldUdp64Packet p = new MoldUdp64Packet();
            int rounds = 0;
            for (long[] gap : feed.gaps) { // ours, and any real loss on a busy machine
                long s = gap[0];
                long to = gap[1];
                while (s < to) {
                    b.clear();
                    r.wrap(ub, 0);
                    r.session(cfg.mdSession).sequenceNumber(s).requestedMessageCount((int) Math.min(to - s, 0xFFFE));
                    b.limit(MoldUdp64Request.LENGTH);
                    req.write(b);
                    b.clear();
                    req.read(b); // blocking: the server always answers a request of its session
                    p.wrap(ub, 0, b.position());
                    assertEquals(s, p.sequenceNumber());
                    assertTrue(p.messageCount() > 0);
                    int blk = p.firstBlock();
                    for (int i = 0; i < p.messageCount(); i++) {
                        int len = ub.getShort(blk, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
                        byte[] m = new byte[len];
                        ub.getBytes(blk + 2, m);
                        feed.bySeq.put(s + i, m);
                        blk += 2 + len;
                    }
                    s += p.messageCount();
                    rounds++;
                }
            }
            assertTrue(rounds > 0);
            for (long q = 1; q < feed.expected; q++) {
                assertTrue(feed.bySeq.containsKey(q), "message " + q + " recovered");
            }
            // the recovered stream is a consistent ITCH book: every E/X/D/U names a live order
            BookCheck.check(feed.bySeq);

            // beyond what it holds: a heartbeat-form answer carrying the next sequence number
            long[] next = new long[1];
            sim.execute(x -> next[0] = x.nextFeedSequence());
            b.clear();
            r.wrap(ub, 0);
            r.session(cfg.mdSession).sequenceNumber(next[0] + 1_000_000).requestedMessageCount(5);
            b.limit(MoldUdp64Request.LENGTH);
            req.write(b);
            b.clear();
            req.read(b);
            p.wrap(ub, 0, b.position());
            assertEquals(0, p.messageCount());
            assertTrue(p.sequenceNumber() >= next[0]);
        }
    }
}
