package io.nanotick.exchange;

import io.nanotick.matching.LongIntMap;
import io.nanotick.matching.MatchListener;
import io.nanotick.matching.MatchingEngine;
import io.nanotick.ouch.Wire;

/**
 * The simulator's core, on the loop thread: the matching engine, and the
 * fan-out of its events to the OUCH sessions of the owners and to the ITCH
 * feed.  Book index = ITCH stock locate - 1.
 *
 * <p>ITCH mapping: a resting order is an Add Order (A); a trade is Order
 * Executed (E) on the resting order; a cancel is Order Cancel (X) or, when
 * nothing is left, Order Delete (D); a replace that loses priority and
 * rests without trading is Order Replace (U), one that trades first is
 * Order Delete of the old order, then the executions, then Add Order of the
 * rest; a size reduction at the same price (priority kept) is Order Cancel.
 * Nothing is published for IOC remainders, which never rest.
 */
final class Exchange implements MatchListener {
    /** Cancel reason the replay background uses for executions against someone we do not model. */
    static final byte REASON_EXTERNAL_EXECUTION = 1;

    private final MatchingEngine engine;
    private final MarketDataFeed feed;
    private final OuchGateway gateway;
    private final long[] symbolKeys;
    private final boolean[] halted;
    private final LongIntMap bookBySymbol;
    private final long tick;
    private int symbolCount;

    // pending ITCH replace: published as U if the new order rests untouched, else as D + what follows
    private boolean pendingReplace;
    private long pendingOld;
    private long pendingNew;
    private int pendingBook;
    private int pendingQty;
    private long externalMatch = 1L << 62;

    Exchange(ExchangeConfig cfg, int books, MarketDataFeed feed, OuchGateway gateway) {
        this.engine = new MatchingEngine(books, cfg.maxOrders, cfg.maxLevels, cfg.selfMatchMode(), this);
        this.feed = feed;
        this.gateway = gateway;
        this.symbolKeys = new long[books];
        this.halted = new boolean[books];
        this.bookBySymbol = new LongIntMap(books, -1);
        this.tick = cfg.tick;
        gateway.exchange(this);
    }

    MatchingEngine engine() {
        return engine;
    }

    long tick() {
        return tick;
    }

    /** Adds a symbol at a locate (1-based) and publishes its Stock Directory and Trading Action (trading). */
    void addSymbol(int locate, long symbolKey) {
        int book = locate - 1;
        if (book < 0 || book >= symbolKeys.length || symbolKeys[book] != 0) {
            return;
        }
        symbolKeys[book] = symbolKey;
        bookBySymbol.put(symbolKey, book);
        symbolCount++;
        feed.stockDirectory(locate, symbolKey);
        feed.tradingAction(locate, symbolKey, (byte) 'T');
    }

    /** Halts or resumes a book: Stock Trading Action H or T on the feed; a halted book rejects new orders. */
    void tradingState(int book, boolean halt) {
        if (halted[book] == halt) {
            return;
        }
        halted[book] = halt;
        feed.tradingAction(book + 1, symbolKeys[book], halt ? (byte) 'H' : (byte) 'T');
    }

    boolean halted(int book) {
        return halted[book];
    }

    int symbols() {
        return symbolCount;
    }

    int bookOf(long symbolKey) {
        return bookBySymbol.get(symbolKey);
    }

    long symbolKey(int book) {
        return symbolKeys[book];
    }

    String symbol(int book) {
        return Wire.symbolOf(symbolKeys[book]);
    }

    void cancelAllOf(int owner) {
        engine.cancelAll(owner, (byte) 'U');
        afterEngineCall();
    }

    /** Publishes anything an engine call left pending. */
    void afterEngineCall() {
        flushPendingReplace();
    }

    private void flushPendingReplace() {
        if (pendingReplace) {
            pendingReplace = false;
            feed.delete(pendingBook + 1, pendingOld);
        }
    }

    // ------------------------------------------------------------------ MatchListener

    @Override
    public void onEntered(long ref, int book, byte side, long price, int qty, int owner, long tag) {
        flushPendingReplace();
        gateway.onEntered(ref, owner, tag, price, qty);
    }

    @Override
    public void onReplaced(long oldRef, long newRef, int book, byte side, long price, int qty, int owner,
                           long oldTag, long newTag, int oldLeaves, boolean keptPriority) {
        flushPendingReplace();
        gateway.onReplaced(newRef, owner, oldTag, newTag, price, qty);
        if (keptPriority) {
            if (qty < oldLeaves) {
                feed.cancel(book + 1, oldRef, oldLeaves - qty);
            }
        } else {
            pendingReplace = true;
            pendingOld = oldRef;
            pendingNew = newRef;
            pendingBook = book;
            pendingQty = qty;
        }
    }

    @Override
    public void onExecuted(int book, long price, int qty, long matchNumber, long restingRef, int restingOwner,
                           long restingTag, int restingLeaves, long aggressorRef, int aggressorOwner,
                           long aggressorTag, byte aggressorSide, int aggressorLeaves) {
        flushPendingReplace();
        feed.executed(book + 1, restingRef, qty, matchNumber);
        gateway.onExecuted(restingOwner, restingTag, qty, price, matchNumber, true, restingLeaves);
        gateway.onExecuted(aggressorOwner, aggressorTag, qty, price, matchNumber, false, aggressorLeaves);
    }

    @Override
    public void onAdded(long ref, int book, byte side, long price, int qty, int owner, long tag) {
        if (pendingReplace && pendingNew == ref && pendingQty == qty) {
            pendingReplace = false;
            feed.replace(book + 1, pendingOld, ref, qty, price);
            return;
        }
        flushPendingReplace();
        feed.addOrder(book + 1, ref, side, qty, symbolKeys[book], price);
    }

    @Override
    public void onCanceled(long ref, int book, byte side, long price, int owner, long tag, int canceledQty, int leaves,
                           byte reason, boolean wasResting) {
        flushPendingReplace();
        if (wasResting) {
            if (reason == REASON_EXTERNAL_EXECUTION) {
                feed.executed(book + 1, ref, canceledQty, externalMatch++);
            } else if (leaves == 0) {
                feed.delete(book + 1, ref);
            } else {
                feed.cancel(book + 1, ref, canceledQty);
            }
        }
        gateway.onCanceled(owner, tag, canceledQty, leaves, reason);
    }
}
