package io.nanotick.exchange;

import io.nanotick.itch.AddOrderMessage;
import io.nanotick.itch.AddOrderMpidMessage;
import io.nanotick.itch.FeedReplay;
import io.nanotick.itch.ItchDecoder;
import io.nanotick.itch.ItchHandler;
import io.nanotick.itch.MoldUdp64Listener;
import io.nanotick.itch.OrderCancelMessage;
import io.nanotick.itch.OrderDeleteMessage;
import io.nanotick.itch.OrderExecutedMessage;
import io.nanotick.itch.OrderExecutedWithPriceMessage;
import io.nanotick.itch.OrderReplaceMessage;
import io.nanotick.itch.StockDirectoryMessage;
import io.nanotick.matching.MatchingEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Replays an ITCH capture (BinaryFILE or pcap, read with io.nanotick.itch's
 * FeedReplay) as background, {@code background.rate} messages per second,
 * into the matching engine, so our orders match against the book it builds.
 * Stock Directory adds the symbol at the file's locate; Add Order enters
 * the order with the file's reference number; Order Executed / Executed
 * with Price take shares off (published as executions); Order Cancel and
 * Order Delete cancel; Order Replace cancels the old order and enters the
 * new one.  Messages about orders our orders already consumed are skipped;
 * other message types are ignored.  The simulator publishes its own feed
 * (from the engine), not the file's bytes.
 */
final class ReplayFlow implements BackgroundFlow, ItchHandler {
    private final Exchange ex;
    private final MatchingEngine engine;
    private final UnsafeBuffer messages;
    private final int[] offsets;
    private final int count;
    private final double intervalNs;
    private final ItchDecoder decoder = new ItchDecoder();
    private int next;
    private long startNs;
    long skipped;

    ReplayFlow(ExchangeConfig cfg, Exchange ex, long nowNs) throws IOException {
        this.ex = ex;
        this.engine = ex.engine();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        java.util.List<Integer> offs = new java.util.ArrayList<>();
        new FeedReplay().replay(Path.of(cfg.replayFile), new MoldUdp64Listener() {
            @Override
            public void onMessage(DirectBuffer buffer, int offset, int length, long sequenceNumber) {
                if (length == 0) {
                    return;
                }
                offs.add(all.size());
                all.write(length >>> 8);
                all.write(length & 0xFF);
                byte[] b = new byte[length];
                buffer.getBytes(offset, b);
                all.writeBytes(b);
            }
        });
        this.messages = new UnsafeBuffer(all.toByteArray());
        this.offsets = offs.stream().mapToInt(Integer::intValue).toArray();
        this.count = offsets.length;
        this.intervalNs = 1e9 / cfg.rate;
        this.startNs = nowNs;
    }

    int messages() {
        return count;
    }

    boolean done() {
        return next >= count;
    }

    @Override
    public long onTimer(long nowNs) {
        long due = (long) ((nowNs - startNs) / intervalNs) + 1;
        int budget = 10_000;
        while (next < count && next < due && budget-- > 0) {
            int off = offsets[next++];
            int len = ((messages.getByte(off) & 0xFF) << 8) | (messages.getByte(off + 1) & 0xFF);
            decoder.decode(messages, off + 2, len, this);
            ex.afterEngineCall();
        }
        return next < count ? startNs + (long) (next * intervalNs) : Long.MAX_VALUE;
    }

    private static byte side(byte b) {
        return b == 'B' ? MatchingEngine.BUY : MatchingEngine.SELL;
    }

    @Override
    public void onStockDirectory(StockDirectoryMessage m) {
        ex.addSymbol(m.stockLocate(), m.stockRaw());
    }

    private void add(int locate, long ref, byte side, long shares, long price) {
        if (!engine.enterWithRef(ref, 0, 0, locate - 1, side(side), price, (int) shares, MatchingEngine.TIF_DAY)) {
            skipped++;
        }
    }

    @Override
    public void onAddOrder(AddOrderMessage m) {
        add(m.stockLocate(), m.orderReferenceNumber(), m.buySellIndicator(), m.shares(), m.price());
    }

    @Override
    public void onAddOrderMpid(AddOrderMpidMessage m) {
        add(m.stockLocate(), m.orderReferenceNumber(), m.buySellIndicator(), m.shares(), m.price());
    }

    private void takeOff(long ref, long shares, byte reason) {
        int leaves = engine.leaves(ref);
        if (leaves <= 0) {
            skipped++;
            return;
        }
        engine.cancel(ref, (int) Math.max(0, leaves - shares), reason);
    }

    @Override
    public void onOrderExecuted(OrderExecutedMessage m) {
        takeOff(m.orderReferenceNumber(), m.executedShares(), Exchange.REASON_EXTERNAL_EXECUTION);
    }

    @Override
    public void onOrderExecutedWithPrice(OrderExecutedWithPriceMessage m) {
        takeOff(m.orderReferenceNumber(), m.executedShares(), Exchange.REASON_EXTERNAL_EXECUTION);
    }

    @Override
    public void onOrderCancel(OrderCancelMessage m) {
        takeOff(m.orderReferenceNumber(), m.cancelledShares(), MatchingEngine.REASON_USER);
    }

    @Override
    public void onOrderDelete(OrderDeleteMessage m) {
        takeOff(m.orderReferenceNumber(), Integer.MAX_VALUE, MatchingEngine.REASON_USER);
    }

    @Override
    public void onOrderReplace(OrderReplaceMessage m) {
        long old = m.originalOrderReferenceNumber();
        int leaves = engine.leaves(old);
        if (leaves <= 0) {
            skipped++;
            return;
        }
        byte side = sideOf(old);
        int book = bookOf(old);
        engine.cancel(old, 0, MatchingEngine.REASON_USER);
        ex.afterEngineCall();
        if (!engine.enterWithRef(m.newOrderReferenceNumber(), 0, 0, book, side, m.price(), (int) m.shares(),
                MatchingEngine.TIF_DAY)) {
            skipped++;
        }
    }

    private byte sideOf(long ref) {
        return engine.orderSide(ref);
    }

    private int bookOf(long ref) {
        return engine.orderBook(ref);
    }
}
