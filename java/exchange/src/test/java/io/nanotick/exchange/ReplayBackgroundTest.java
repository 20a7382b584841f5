package io.nanotick.exchange;

import static io.nanotick.exchange.TestSupport.config;
import static io.nanotick.exchange.TestSupport.expect;
import static io.nanotick.exchange.TestSupport.login;
import static io.nanotick.exchange.TestSupport.seg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nanotick.itch.AddOrderMessage;
import io.nanotick.itch.OrderDeleteMessage;
import io.nanotick.itch.OrderExecutedMessage;
import io.nanotick.itch.OrderReplaceMessage;
import io.nanotick.itch.StockDirectoryMessage;
import io.nanotick.ouch.Ouch;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background from an ITCH BinaryFILE: our orders match against the book it builds. */
class ReplayBackgroundTest {
    @TempDir
    Path dir;

    private static void frame(ByteArrayOutputStream out, UnsafeBuffer b, int len) {
        out.write(len >>> 8);
        out.write(len & 0xFF);
        byte[] m = new byte[len];
        b.getBytes(0, m);
        out.writeBytes(m);
    }

    @Test
    void ourOrdersMatchTheReplayedBook() throws Exception {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        new StockDirectoryMessage().wrapForEncode(b, 0).stockLocate(5).stock("ZVZZT").roundLotSize(100);
        frame(f, b, StockDirectoryMessage.LENGTH);
        new AddOrderMessage().wrapForEncode(b, 0).stockLocate(5).orderReferenceNumber(1000)
                .buySellIndicator((byte) 'S').shares(200).stock("ZVZZT").price(100_000);
        frame(f, b, AddOrderMessage.LENGTH);
        new AddOrderMessage().wrapForEncode(b, 0).stockLocate(5).orderReferenceNumber(1001)
                .buySellIndicator((byte) 'B').shares(100).stock("ZVZZT").price(99_900);
        frame(f, b, AddOrderMessage.LENGTH);
        new OrderExecutedMessage().wrapForEncode(b, 0).stockLocate(5).orderReferenceNumber(1000).executedShares(50)
                .matchNumber(1);
        frame(f, b, OrderExecutedMessage.LENGTH);
        new OrderReplaceMessage().wrapForEncode(b, 0).stockLocate(5).originalOrderReferenceNumber(1001)
                .newOrderReferenceNumber(1002).shares(100).price(99_800);
        frame(f, b, OrderReplaceMessage.LENGTH);
        Path file = dir.resolve("bg.itch");
        Files.write(file, f.toByteArray());

        ExchangeConfig cfg = config("background=replay", "background.file=" + file, "background.rate=1000000");
        try (FeedReceiver feed = new FeedReceiver(cfg); ExchangeSimulator sim = ExchangeSimulator.start(cfg)) {
            feed.until(() -> feed.bySeq.size() >= 10, "replayed background on the feed");
            assertEquals("SSSRHAAEDA", ExchangeSessionTest.types(feed, 1, 10));
            boolean[] done = new boolean[1];
            while (!done[0]) {
                sim.execute(s -> done[0] = s.backgroundDone());
            }
            try (OuchClient c = login(sim, "nt", "secret", 1)) {
                // buy 120 @ 10.00 IOC: takes 120 of the replayed order 1000 (150 left after the file's execution)
                c.enter(1, Ouch.SIDE_BUY, 120, "ZVZZT", 100_000, Ouch.TIF_IOC, "P1");
                expect(c, 'A');
                Ouch.OrderExecuted e = new Ouch.OrderExecuted().wrap(seg(expect(c, 'E')), 0);
                assertEquals(120, e.quantity());
                assertEquals(100_000, e.price());
                // sell 300 @ 9.98: 100 against the replaced order 1002, 200 rest
                c.enter(2, Ouch.SIDE_SELL, 300, "ZVZZT", 99_800, Ouch.TIF_DAY, "P2");
                long ref = new Ouch.OrderAccepted().wrap(seg(expect(c, 'A')), 0).orderReferenceNumber();
                assertEquals(100, new Ouch.OrderExecuted().wrap(seg(expect(c, 'E')), 0).quantity());
                feed.until(() -> feed.bySeq.size() >= 13, "our trades on the feed");
                OrderExecutedMessage x = new OrderExecutedMessage();
                x.wrap(new UnsafeBuffer(feed.bySeq.get(11L)), 0);
                assertEquals(1000, x.orderReferenceNumber());
                assertEquals(120, x.executedShares());
                x.wrap(new UnsafeBuffer(feed.bySeq.get(12L)), 0);
                assertEquals(1002, x.orderReferenceNumber());
                AddOrderMessage a = new AddOrderMessage();
                a.wrap(new UnsafeBuffer(feed.bySeq.get(13L)), 0);
                assertEquals(ref, a.orderReferenceNumber());
                assertEquals(200, a.shares());
                int[] left = new int[1];
                sim.execute(s -> left[0] = s.engine().leaves(1000));
                assertEquals(30, left[0]);
                OrderDeleteMessage d = new OrderDeleteMessage();
                d.wrap(new UnsafeBuffer(feed.bySeq.get(9L)), 0);
                assertEquals(1001, d.orderReferenceNumber());
            }
            BookCheck.check(feed.bySeq);
        }
    }

    @Test
    void realDayFileStockDirectoryMakesSymbolsTradable() throws Exception {
        Path file = Path.of(System.getProperty("nt.root", "."), "..", "shared", "data", "nasdaq-binaryfile",
                "head-of-day-1000.itch");
        assumeTrue(Files.exists(file), "shared data not present: " + file);
        ExchangeConfig cfg = config("background=replay", "background.file=" + file, "background.rate=1000000");
        try (FeedReceiver feed = new FeedReceiver(cfg); ExchangeSimulator sim = ExchangeSimulator.start(cfg)) {
            boolean[] done = new boolean[1];
            while (!done[0]) {
                sim.execute(s -> done[0] = s.backgroundDone());
            }
            int[] locate = new int[1];
            sim.execute(s -> locate[0] = s.locate("AAPL"));
            assertEquals(13, locate[0], "AAPL is stock locate 13 in this file");
            feed.until(() -> feed.ofType('R').size() == 993, "993 Stock Directory messages");
            try (OuchClient c = login(sim, "nt", "secret", 1)) {
                c.enter(1, Ouch.SIDE_BUY, 100, "AAPL", 1_500_000, Ouch.TIF_DAY, "AAPL1");
                expect(c, 'A');
            }
            feed.until(() -> !feed.ofType('A').isEmpty(), "our Add Order");
            AddOrderMessage a = new AddOrderMessage();
            a.wrap(new UnsafeBuffer(feed.ofType('A').get(0)), 0);
            assertEquals(13, a.stockLocate());
            assertEquals("AAPL", a.stock());
        }
    }
}
