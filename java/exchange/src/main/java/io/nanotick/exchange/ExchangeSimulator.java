package io.nanotick.exchange;

import io.nanotick.ouch.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The exchange simulator: an OUCH 5.0 / SoupBinTCP gateway, a matching
 * engine, an ITCH 5.0 / MoldUDP64 feed with a retransmission server, and a
 * background flow, all on one loop thread.
 *
 * <pre>
 *   try (ExchangeSimulator sim = ExchangeSimulator.start(config)) {
 *       int port = sim.ouchPort();
 *       ...
 *   }
 * </pre>
 * {@link #close()} ends the day cleanly: End of Session to every OUCH
 * session, System Events M/E/C and the MoldUDP64 end-of-session packet on
 * the feed, then the sockets and the capture are closed.
 */
public final class ExchangeSimulator implements AutoCloseable {
    private final ExchangeConfig cfg;
    private final Clock clock = new Clock();
    private final Selector selector;
    private final MarketDataFeed feed;
    private final OuchGateway gateway;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;

    private ExchangeSimulator(ExchangeConfig cfg) throws IOException {
        this.cfg = cfg;
        selector = Selector.open();
        MarketDataFeed f = null;
        OuchGateway g = null;
        try {
            f = new MarketDataFeed(cfg, clock);
            f.retransmitChannel().register(selector, SelectionKey.OP_READ, f);
            g = new OuchGateway(cfg, clock, selector);
        } catch (IOException | RuntimeException e) {
            if (f != null) {
                f.close();
            }
            selector.close();
            throw e;
        }
        feed = f;
        gateway = g;
        try {
            init();
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
        thread = new Thread(this::run, "nanotick-exchange");
    }

    private Exchange exchange;
    private BackgroundFlow background;

    private void init() throws IOException {
        boolean replay = cfg.background.equals("replay");
        int books = replay ? 65535 : cfg.symbols.size();
        exchange = new Exchange(cfg, books, feed, gateway);
        // start of day
        feed.systemEvent((byte) 'O');
        feed.systemEvent((byte) 'S');
        feed.systemEvent((byte) 'Q');
        long now = System.nanoTime();
        if (replay) {
            if (cfg.replayFile.isEmpty()) {
                throw new IllegalArgumentException("config: background=replay needs background.file");
            }
            exchange.engine().numbering(1L << 40, 1L << 40); // our numbers stay clear of the file's
            background = new ReplayFlow(cfg, exchange, now);
        } else {
            for (int i = 0; i < cfg.symbols.size(); i++) {
                exchange.addSymbol(i + 1, Wire.symbolKey(cfg.symbols.get(i)));
            }
            background = cfg.background.equals("synthetic") ? new SyntheticFlow(cfg, exchange, books, now) : null;
        }
        feed.flush();
    }

    /** Builds and starts a simulator; its sockets are bound when this returns. */
    public static ExchangeSimulator start(ExchangeConfig cfg) throws IOException {
        ExchangeSimulator sim = new ExchangeSimulator(cfg);
        sim.thread.start();
        return sim;
    }

    private void closeQuietly() {
        for (AutoCloseable c : new AutoCloseable[] {gateway, feed, selector}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // already failing
            }
        }
    }

    /** Modify Orders the gateway ignored (not live, side change not allowed, quantity 0 or larger). */
    public long modifiesIgnored() {
        return gateway.modifiesIgnored;
    }

    public int ouchPort() throws IOException {
        return gateway.port();
    }

    public int retransmitPort() throws IOException {
        return feed.retransmitPort();
    }

    /** Where the feed goes: the multicast group (or unicast address) and port. */
    public InetSocketAddress feedAddress() {
        return feed.destination();
    }

    public ExchangeConfig config() {
        return cfg;
    }

    /**
     * Runs {@code action} on the loop thread (with the engine's state) and
     * waits for it; for tests and the console.
     */
    public void execute(Consumer<ExchangeSimulator> action) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        commands.add(() -> {
            try {
                action.accept(this);
            } finally {
                done.countDown();
            }
        });
        selector.wakeup();
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("exchange loop did not answer (stopped: " + !running + ")");
        }
    }

    /** On the loop thread only (inside {@link #execute}): the engine, for queries. */
    public io.nanotick.matching.MatchingEngine engine() {
        return exchange.engine();
    }

    /** On the loop thread only: book index of a symbol, or -1. */
    public int book(String symbol) {
        return exchange.bookOf(Wire.symbolKey(symbol));
    }

    /** On the loop thread only: the sequence number the next feed message will get. */
    public long nextFeedSequence() {
        return feed.nextSequence();
    }

    /** On the loop thread only: the ITCH stock locate of a symbol (book + 1), or 0. */
    public int locate(String symbol) {
        return book(symbol) + 1;
    }

    /**
     * On the loop thread only: halts ({@code true}) or resumes trading in a
     * symbol: Stock Trading Action 'H' / 'T' on the feed; while halted, Enter
     * and Replace Order get Rejected 0x0007 (Halted); cancels still work.
     */
    public void halt(String symbol, boolean halt) {
        int b = book(symbol);
        if (b < 0) {
            throw new IllegalArgumentException("unknown symbol " + symbol);
        }
        exchange.tradingState(b, halt);
    }

    /** On the loop thread only: true when a replay background has sent every message. */
    public boolean backgroundDone() {
        return background instanceof ReplayFlow r && r.done();
    }

    /** Counters, for logs and the console (allocates). */
    public String stats() {
        return "feed packets=" + feed.packetsSent + " nextSeq=" + feed.nextSequence() + " rtxRequests="
                + feed.retransmitRequests + " rtxBeyond=" + feed.retransmitBeyond + " rtxEvicted="
                + feed.retransmitEvicted + " sendErrors=" + feed.sendErrors + "; ouch logins=" + gateway.logins
                + " loginRejects=" + gateway.loginRejects + " badInputLogouts=" + gateway.badInputLogouts
                + " timeouts=" + gateway.timeouts + " rejects=" + gateway.rejects + " modifiesIgnored=" + gateway.modifiesIgnored + " connections="
                + gateway.connections() + "; liveOrders=" + exchange.engine().liveOrders();
    }

    public Throwable failure() {
        return failure;
    }

    /** Dispatches one ready key (a field: no allocation per loop turn). */
    private final Consumer<SelectionKey> onKey = this::onKey;

    private void onKey(SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        try {
            Object a = k.attachment();
            if (a == gateway) {
                gateway.onAcceptable();
            } else if (a == feed) {
                feed.pollRetransmit();
            } else if (a instanceof OuchGateway.Connection c) {
                if (k.isReadable()) {
                    gateway.onReadable(c);
                }
                if (k.isValid() && k.isWritable()) {
                    gateway.onWritable(c);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void run() {
        long nextTimer = 0;
        long nextBackground = 0;
        try {
            while (running) {
                long now = System.nanoTime();
                long wait = Math.min(nextTimer, nextBackground) - now;
                if (cfg.busySpin || wait <= 0) {
                    selector.selectNow(onKey);
                } else {
                    selector.select(onKey, Math.max(1, wait / 1_000_000));
                }
                Runnable r;
                while ((r = commands.poll()) != null) {
                    r.run();
                }
                now = System.nanoTime();
                if (background != null && now >= nextBackground) {
                    nextBackground = background.onTimer(now);
                } else if (background == null) {
                    nextBackground = Long.MAX_VALUE;
                }
                if (now >= nextTimer) {
                    gateway.onTimer(now);
                    feed.onTimer(now);
                    nextTimer = now + 10_000_000L; // 10 ms resolution for heartbeats and timeouts
                }
                feed.flush();
                gateway.flushAll();
            }
            // end of day
            gateway.endOfSession();
            feed.systemEvent((byte) 'M');
            feed.systemEvent((byte) 'E');
            feed.systemEvent((byte) 'C');
            feed.endOfSession();
            gateway.flushAll();
        } catch (Throwable t) {
            failure = t;
            System.err.println("nanotick exchange: loop failed: " + t);
            t.printStackTrace();
        } finally {
            try {
                gateway.close();
                feed.close();
                selector.close();
            } catch (IOException e) {
                System.err.println("nanotick exchange: close: " + e);
            }
            stopped.countDown();
        }
    }

    /** Ends the day and stops the loop; waits for it. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
