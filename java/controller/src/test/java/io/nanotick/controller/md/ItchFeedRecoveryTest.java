package io.nanotick.controller.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.controller.Controller;
import io.nanotick.exchange.ExchangeConfig;
import io.nanotick.exchange.ExchangeSimulator;
import io.nanotick.exchange.OuchClient;
import io.nanotick.ouch.Ouch;
import io.nanotick.ouch.SoupBinTcp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/**
 * MoldUDP64 gap recovery of the controller's ITCH feed, on real sockets against the real exchange
 * simulator: the simulator multicasts to group 1; a relay thread (this test's) forwards its
 * packets to group 2 and drops chosen data packets; the feed under test reads group 2 and asks the
 * simulator's retransmission server for what is missing. A second feed reads group 1 directly
 * (nothing lost): the reference. The request bytes are checked against the MoldUDP64 layout
 * (session 10 ASCII, sequence u64 big-endian, count u16 big-endian) by a silent fake server.
 */
class ItchFeedRecoveryTest
{
    private static final int LOCATES = 4;

    /** Forwards group 1 to group 2 on lo, dropping the data packets (count 1..0xFFFE) whose index matches. */
    static final class LossyRelay implements AutoCloseable
    {
        final DatagramChannel in;
        final DatagramChannel out;
        final InetSocketAddress to;
        final LongPredicate drop;
        final Thread thread;
        volatile long dataPackets;
        volatile long droppedPackets;
        volatile long droppedMessages;
        volatile long lastDroppedEnd;
        volatile long firstDroppedSeq = -1;
        volatile int firstDroppedCount;
        volatile Throwable failure;
        volatile long holdAfterDropNs;   // > 0: after a drop, hold what follows this long, then forward it all

        LossyRelay(final String fromGroup, final int fromPort, final String toGroup, final int toPort, final LongPredicate drop)
            throws IOException
        {
            final NetworkInterface lo = NetworkInterface.getByName("lo");
            in = DatagramChannel.open(StandardProtocolFamily.INET);
            in.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            in.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            in.bind(new InetSocketAddress(fromPort));
            in.join(InetAddress.getByName(fromGroup), lo);
            out = DatagramChannel.open(StandardProtocolFamily.INET);
            out.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
            out.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            to = new InetSocketAddress(toGroup, toPort);
            this.drop = drop;
            thread = new Thread(this::run, "lossy-relay");
            thread.setDaemon(true);
            thread.start();
        }

        private void run()
        {
            final ByteBuffer b = ByteBuffer.allocate(65_536).order(ByteOrder.BIG_ENDIAN);
            final List<ByteBuffer> held = new ArrayList<>();
            long holdUntil = 0;
            try
            {
                while (true)
                {
                    b.clear();
                    in.receive(b);
                    b.flip();
                    if (holdUntil != 0)
                    {
                        if (System.nanoTime() < holdUntil)
                        {
                            held.add(ByteBuffer.allocate(b.remaining()).put(b).flip());
                            continue;
                        }
                        holdUntil = 0;
                        for (final ByteBuffer h : held)
                        {
                            out.send(h, to);
                        }
                        held.clear();
                    }
                    if (b.remaining() >= 20)
                    {
                        final long seq = b.getLong(10);
                        final int count = b.getShort(18) & 0xFFFF;
                        if (count != 0 && count != 0xFFFF)
                        {
                            final long idx = dataPackets;
                            dataPackets = idx + 1;
                            if (drop.test(idx))
                            {
                                if (firstDroppedSeq < 0)
                                {
                                    firstDroppedSeq = seq;
                                    firstDroppedCount = count;
                                }
                                droppedPackets++;
                                droppedMessages += count;
                                lastDroppedEnd = seq + count;
                                if (holdAfterDropNs > 0)
                                {
                                    holdUntil = System.nanoTime() + holdAfterDropNs;
                                }
                                continue;
                            }
                        }
                    }
                    out.send(b, to);
                }
            }
            catch (final ClosedChannelException ex)
            {
                // closed by the test
            }
            catch (final Throwable t)
            {
                failure = t;
            }
        }

        @Override
        public void close() throws Exception
        {
            in.close();
            thread.join(5_000);
            out.close();
        }
    }

    private static String group()
    {
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        return "239.255." + r.nextInt(1, 255) + "." + r.nextInt(1, 255);
    }

    private static ExchangeConfig config(final String group, final int port)
    {
        final ExchangeConfig cfg = ExchangeConfig.defaults();
        cfg.set("md.group", group);
        cfg.set("md.port", Integer.toString(port));
        cfg.set("symbols", "AAPL,MSFT,NVDA,META");
        return cfg;
    }

    private static void pollUntil(final String what, final BooleanSupplier done, final Controller[] cs, final ItchFeed[] fs)
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean())
        {
            for (int i = 0; i < fs.length; i++)
            {
                fs[i].poll(cs[i], System.nanoTime(), 64);
            }
            if (System.nanoTime() > deadline)
            {
                final StringBuilder sb = new StringBuilder("timed out waiting for " + what + ":");
                for (final ItchFeed f : fs)
                {
                    sb.append("\n  ").append(f.describe()).append(" expected ").append(f.sequencer().expected());
                }
                throw new AssertionError(sb.toString());
            }
            Thread.onSpinWait();
        }
    }

    private static void assertSameBooks(final Controller ref, final Controller got)
    {
        for (int l = 1; l <= LOCATES; l++)
        {
            final int locate = l;
            final String at = "locate " + locate;
            assertEquals(ref.market().bidPx(locate), got.market().bidPx(locate), at);
            assertEquals(ref.market().bidQty(locate), got.market().bidQty(locate), at);
            assertEquals(ref.market().askPx(locate), got.market().askPx(locate), at);
            assertEquals(ref.market().askQty(locate), got.market().askQty(locate), at);
            assertEquals(0, got.market().flags(locate) & MarketState.FLAG_GAP, at + ": no GAP flag after recovery");
        }
    }

    /**
     * Synthetic flow (adds, executions, cancels, replaces on 4 symbols); the relay drops the first
     * two data packets (the feed joins at a sequence beyond 1: fromStart fetches 1..), a burst of
     * three, and single packets up to data packet 400. After recovery and end of day, the recovered
     * feed equals the reference: same messages, same top-of-book rows, trades, final books.
     */
    @Test
    void gapsAreFilledFromTheRetransmissionServer() throws Exception
    {
        final String g1 = group();
        final String g2 = group();
        final int p1 = ThreadLocalRandom.current().nextInt(20_000, 40_000);
        final int p2 = p1 + 1;
        final LongPredicate drop = i -> i == 0 || i == 1 || i == 7 || (i >= 20 && i <= 22) || i == 50 || (i >= 60 && i <= 400 && i % 31 == 0);
        final ExchangeConfig cfg = config(g1, p1);
        cfg.set("background.rate", "3000");
        cfg.set("background.seed", "7");
        final Controller ref = new Controller(64);
        final Controller got = new Controller(64);
        final ExchangeSimulator sim;
        try (ItchFeed refFeed = new ItchFeed(g1, p1, "lo");
             LossyRelay relay = new LossyRelay(g1, p1, g2, p2, drop))
        {
            sim = ExchangeSimulator.start(cfg);
            final ItchFeed.Recovery rec = new ItchFeed.Recovery(new InetSocketAddress("127.0.0.1", sim.retransmitPort()),
                50_000_000L, 10, true);
            try (ItchFeed feed = new ItchFeed(g2, p2, "lo", rec))
            {
                final Controller[] cs = {ref, got};
                final ItchFeed[] fs = {refFeed, feed};
                try
                {
                    pollUntil("500 data packets and every drop recovered", () -> relay.dataPackets > 500 && !feed.recovering() &&
                        feed.sequencer().expected() >= relay.lastDroppedEnd, cs, fs);
                }
                finally
                {
                    sim.close(); // end of day: the rest of the flow, then end of session
                }
                pollUntil("end of session on both feeds", () -> refFeed.sequencer().endOfSession() && feed.sequencer().endOfSession(),
                    cs, fs);
                assertEquals(null, relay.failure);
                System.out.println("recovery: relay dropped " + relay.droppedPackets + " packets / " + relay.droppedMessages +
                    " messages; " + feed.describe() + ", " + feed.recoveredMessages() + " messages recovered");

                assertEquals(0, refFeed.sequencer().gaps(), "the reference feed lost nothing");
                assertEquals(1, refFeed.sequencer().sessions());
                assertTrue(relay.droppedPackets >= 16, "drops injected: " + relay.droppedPackets);
                assertFalse(feed.gaveUp());
                assertEquals(0, feed.sequencer().gaps(), "the sequencer never saw a hole");
                assertEquals(relay.droppedMessages, feed.recoveredMessages(), "every dropped message came from the server");
                assertEquals(feed.gapEvents(), feed.recoveredGaps(), "every gap opened was closed");
                assertTrue(feed.recoveredGaps() >= 10, "gaps recovered: " + feed.recoveredGaps());
                assertFalse(got.market().feedGap(), "the feed-wide gap is closed");
                assertEquals(feed.gapEvents(), got.market().gapEvents());
                assertEquals(refFeed.engine().messages(), feed.engine().messages(), "same messages");
                assertEquals(refFeed.engine().rows(), feed.engine().rows(), "same top-of-book rows");
                assertEquals(refFeed.engine().trades(), feed.engine().trades(), "same trades");
                assertEquals(ref.market().tobRecords(), got.market().tobRecords());
                assertTrue(ref.market().tobRecords() > 500, "flow: " + ref.market().tobRecords());
                assertSameBooks(ref, got);
            }
        }
    }

    /**
     * A gap announced only by a heartbeat: the last data packet of a burst is dropped, the flow
     * stops, and the simulator's next MoldUDP64 heartbeat (sequence number beyond the expected one)
     * opens the gap; the server fills it.
     */
    @Test
    void aHeartbeatRevealsATailGap() throws Exception
    {
        final String g1 = group();
        final String g2 = group();
        final int p1 = ThreadLocalRandom.current().nextInt(40_000, 60_000);
        final int p2 = p1 + 1;
        final ExchangeConfig cfg = config(g1, p1);
        cfg.set("background", "none");
        cfg.set("md.heartbeatMs", "100");
        cfg.set("user.bob", "pw");
        final Controller ref = new Controller(64);
        final Controller got = new Controller(64);
        final AtomicLong dropAt = new AtomicLong(Long.MAX_VALUE);
        try (ItchFeed refFeed = new ItchFeed(g1, p1, "lo");
             LossyRelay relay = new LossyRelay(g1, p1, g2, p2, i -> i == dropAt.get());
             ExchangeSimulator sim = ExchangeSimulator.start(cfg))
        {
            final ItchFeed.Recovery rec = new ItchFeed.Recovery(new InetSocketAddress("127.0.0.1", sim.retransmitPort()),
                50_000_000L, 10, false);
            try (ItchFeed feed = new ItchFeed(g2, p2, "lo", rec);
                 OuchClient bob = new OuchClient("127.0.0.1", sim.ouchPort(), false))
            {
                final Controller[] cs = {ref, got};
                final ItchFeed[] fs = {refFeed, feed};
                assertEquals(SoupBinTcp.LOGIN_ACCEPTED, bob.login("bob", "pw", "", 1, 5_000));
                bob.enter(1, Ouch.SIDE_BUY, 100, "AAPL", 990_000, Ouch.TIF_DAY, "B1");
                pollUntil("the first order on both feeds", () -> ref.market().bidQty(1) == 100 && got.market().bidQty(1) == 100, cs, fs);
                dropAt.set(relay.dataPackets); // drop the next data packet: the second order's Add
                bob.enter(2, Ouch.SIDE_SELL, 300, "AAPL", 1_010_000, Ouch.TIF_DAY, "B2");
                pollUntil("the second order on the reference", () -> ref.market().askQty(1) == 300 && relay.droppedPackets == 1, cs, fs);
                pollUntil("recovery after a heartbeat", () -> feed.recoveredGaps() == 1, cs, fs);
                assertEquals(300, got.market().askQty(1));
                assertEquals(1_010_000, got.market().askPx(1));
                assertFalse(got.market().feedGap());
                assertEquals(relay.droppedMessages, feed.recoveredMessages());
                assertTrue(feed.sequencer().heartbeats() > 0);
                assertSameBooks(ref, got);
            }
        }
    }

    /**
     * A server that never answers: the feed sends the request (checked byte by byte), repeats it
     * at most maxTries times, then gives up; the packets it held go to the book across the hole,
     * rows carry GAP and the feed-wide gap stays open. Nothing more is requested afterwards.
     */
    @Test
    void silentServerGivesUpAfterMaxTriesAndTheGapStays() throws Exception
    {
        final String g1 = group();
        final String g2 = group();
        final int p1 = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        final int p2 = p1 + 1;
        final ExchangeConfig cfg = config(g1, p1);
        cfg.set("background.rate", "2000");
        final Controller ref = new Controller(64);
        final Controller got = new Controller(64);
        try (DatagramChannel silent = DatagramChannel.open(StandardProtocolFamily.INET))
        {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            silent.configureBlocking(false);
            final int maxTries = 3;
            final ItchFeed.Recovery rec = new ItchFeed.Recovery((InetSocketAddress)silent.getLocalAddress(), 20_000_000L, maxTries, false);
            final List<ByteBuffer> requests = new ArrayList<>();
            try (ItchFeed refFeed = new ItchFeed(g1, p1, "lo");
                 ItchFeed feed = new ItchFeed(g2, p2, "lo", rec);
                 LossyRelay relay = new LossyRelay(g1, p1, g2, p2, i -> i == 30);
                 ExchangeSimulator sim = ExchangeSimulator.start(cfg))
            {
                final Controller[] cs = {ref, got};
                final ItchFeed[] fs = {refFeed, feed};
                final BooleanSupplier collect = () ->
                {
                    try
                    {
                        final ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.BIG_ENDIAN);
                        if (silent.receive(b) != null)
                        {
                            requests.add(b.flip());
                        }
                        return false;
                    }
                    catch (final IOException ex)
                    {
                        throw new AssertionError(ex);
                    }
                };
                pollUntil("give up", () -> collect.getAsBoolean() || feed.gaveUp(), cs, fs);
                final long after = relay.dataPackets + 100;
                pollUntil("100 more data packets", () -> collect.getAsBoolean() || relay.dataPackets > after, cs, fs);

                assertEquals(maxTries, requests.size(), "requests sent, then no more");
                assertEquals(maxTries, feed.requests());
                for (final ByteBuffer r : requests)
                {
                    assertEquals(20, r.remaining(), "MoldUDP64 request length");
                    final byte[] session = new byte[10];
                    r.get(0, session);
                    assertEquals("NTSIM00001", new String(session, StandardCharsets.US_ASCII));
                    assertEquals(relay.firstDroppedSeq, r.getLong(10), "requested from the first missing message");
                    assertEquals(relay.firstDroppedCount, r.getShort(18) & 0xFFFF, "count = the messages missing");
                }
                assertTrue(feed.gaveUp());
                assertFalse(feed.recovering());
                assertTrue(got.market().feedGap(), "the feed-wide gap stays open");
                assertEquals(1, feed.sequencer().gaps(), "the hole went to the sequencer when recovery gave up");
                boolean gapFlag = false;
                for (int l = 1; l <= LOCATES; l++)
                {
                    gapFlag |= (got.market().flags(l) & MarketState.FLAG_GAP) != 0;
                }
                assertTrue(gapFlag, "rows after the hole carry GAP");
                assertTrue(feed.describe().contains("GAVE UP"), feed.describe());
            }
        }
    }

    /**
     * The server no longer holds the missing messages: the simulator keeps only 1024 (md.storeMessages,
     * its minimum), and the relay drops a packet, then holds what follows for 1.5 s (thousands of
     * messages at 3000 arrivals/s) before forwarding it. The feed sees the hole late, asks, gets the documented answer
     * (count 0, sequence number = the oldest still held, beyond the hole) and gives up at once:
     * one request, the gap stays open.
     */
    @Test
    void messagesNoLongerHeldByTheServerGiveUpAtOnce() throws Exception
    {
        final String g1 = group();
        final String g2 = group();
        final int p1 = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        final int p2 = p1 + 1;
        final ExchangeConfig cfg = config(g1, p1);
        cfg.set("background.rate", "3000");
        cfg.set("md.storeMessages", "1024");
        final Controller got = new Controller(64);
        try (LossyRelay relay = new LossyRelay(g1, p1, g2, p2, i -> i == 40);
             ExchangeSimulator sim = ExchangeSimulator.start(cfg))
        {
            relay.holdAfterDropNs = 1_500_000_000L;
            final ItchFeed.Recovery rec = new ItchFeed.Recovery(new InetSocketAddress("127.0.0.1", sim.retransmitPort()),
                50_000_000L, 10, false);
            try (ItchFeed lossy = new ItchFeed(g2, p2, "lo", rec))
            {
                final Controller[] cs = {got};
                final ItchFeed[] fs = {lossy};
                pollUntil("give up", lossy::gaveUp, cs, fs);
                assertEquals(1, lossy.requests(), "one request: the answer says the messages are gone");
                assertEquals(1, lossy.replies());
                assertEquals(0, lossy.recoveredMessages());
                assertTrue(got.market().feedGap(), "the feed-wide gap stays open");
                assertEquals(1, lossy.sequencer().gaps());
                assertEquals(relay.droppedMessages, lossy.sequencer().gapMessages(), "the hole is the dropped packet");
            }
        }
    }

    /**
     * The hold FIFO fills before the hole is filled (a server that never answers, a FIFO of 8
     * packets, a resend interval longer than the test): the 9th packet after the hole makes the feed
     * give up; the 8 held packets and it go to the book across the hole, in order.
     */
    @Test
    void aFullHoldFifoGivesUp() throws Exception
    {
        final String g1 = group();
        final String g2 = group();
        final int p1 = ThreadLocalRandom.current().nextInt(20_000, 60_000);
        final int p2 = p1 + 1;
        final ExchangeConfig cfg = config(g1, p1);
        cfg.set("background.rate", "2000");
        final Controller ref = new Controller(64);
        final Controller got = new Controller(64);
        try (DatagramChannel silent = DatagramChannel.open(StandardProtocolFamily.INET))
        {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final ItchFeed.Recovery rec = new ItchFeed.Recovery((InetSocketAddress)silent.getLocalAddress(), 3_600_000_000_000L,
                1_000, false, 8, 64 << 10);
            try (ItchFeed refFeed = new ItchFeed(g1, p1, "lo");
                 ItchFeed feed = new ItchFeed(g2, p2, "lo", rec);
                 LossyRelay relay = new LossyRelay(g1, p1, g2, p2, i -> i == 30);
                 ExchangeSimulator sim = ExchangeSimulator.start(cfg))
            {
                final Controller[] cs = {ref, got};
                final ItchFeed[] fs = {refFeed, feed};
                pollUntil("give up", feed::gaveUp, cs, fs);
                assertEquals(1, feed.requests(), "one request, never answered, not resent yet");
                assertEquals(8, feed.heldPackets(), "the FIFO held 8 packets");
                assertTrue(got.market().feedGap());
                assertEquals(1, feed.sequencer().gaps());
                assertEquals(relay.droppedMessages, feed.sequencer().gapMessages());
                final long seen = refFeed.sequencer().expected();
                pollUntil("the feed past the reference's position", () -> feed.sequencer().expected() >= seen, cs, fs);
                assertEquals(0, feed.sequencer().duplicates(), "held packets went to the book once");
            }
        }
    }
}
