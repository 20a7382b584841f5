package io.nanotick.matching;

import java.util.Arrays;

/**
 * Price-time priority limit order books, one per book index (a symbol's
 * locate).  Day and IOC limit orders, cancel (full or down to a size),
 * replace with OUCH semantics (priority is kept only by a size reduction at
 * the same price), partial fills, optional self-match prevention.
 *
 * <p>Storage is struct-of-arrays with free lists, sized at construction:
 * nothing is allocated per order.  Each side of a book keeps its price levels
 * in an array sorted worst to best (best last, so the common case of adding
 * or removing at the top is O(1)); each level is a FIFO of orders linked by
 * index.  Single-threaded.
 */
public final class MatchingEngine {
    public static final byte BUY = 'B';
    public static final byte SELL = 'S';

    public static final byte TIF_DAY = 0;
    public static final byte TIF_IOC = 1;

    /** Cancel reasons (OUCH 5.0 Order Canceled reason characters). */
    public static final byte REASON_USER = 'U';
    public static final byte REASON_IOC = 'I';
    public static final byte REASON_SELF_MATCH = 'Q';

    /** Self-match prevention modes: applies to orders of the same non-zero owner. */
    public static final int SMP_NONE = 0;
    public static final int SMP_CANCEL_RESTING = 1;
    public static final int SMP_CANCEL_INCOMING = 2;

    /** Error returns (negative) of enter/replace. */
    public static final long ERR_UNKNOWN_ORDER = -1;
    public static final long ERR_FULL = -2;
    public static final long ERR_BAD_ARGUMENT = -3;

    private static final int NIL = -1;

    private final MatchListener listener;
    private final int books;
    private final int smpMode;

    // orders
    private final long[] oRef;
    private final long[] oPrice;
    private final int[] oLeaves;
    private final byte[] oSide;
    private final int[] oBook;
    private final int[] oLevel;
    private final int[] oPrev;
    private final int[] oNext;
    private final int[] oOwner;
    private final long[] oTag;
    private int freeOrder;
    private int liveOrders;
    private final LongIntMap byRef;

    // price levels
    private final long[] lPrice;
    private final int[] lHead;
    private final int[] lTail;
    private final long[] lQty;
    private int freeLevel;

    // per book side (index book * 2 + (side == SELL ? 1 : 0)): level handles and sort keys, worst..best
    private final int[][] sLevels;
    private final long[][] sKeys;
    private final int[] sCount;

    private long nextRef = 1;
    private long nextMatch = 1;

    public MatchingEngine(int books, int maxOrders, int maxLevels, int smpMode, MatchListener listener) {
        if (books <= 0 || maxOrders <= 0 || maxLevels <= 0) {
            throw new IllegalArgumentException("books, maxOrders and maxLevels must be positive");
        }
        this.books = books;
        this.smpMode = smpMode;
        this.listener = listener;
        oRef = new long[maxOrders];
        oPrice = new long[maxOrders];
        oLeaves = new int[maxOrders];
        oSide = new byte[maxOrders];
        oBook = new int[maxOrders];
        oLevel = new int[maxOrders];
        oPrev = new int[maxOrders];
        oNext = new int[maxOrders];
        oOwner = new int[maxOrders];
        oTag = new long[maxOrders];
        for (int i = 0; i < maxOrders; i++) {
            oNext[i] = i + 1 < maxOrders ? i + 1 : NIL;
        }
        freeOrder = 0;
        byRef = new LongIntMap(maxOrders, NIL);
        lPrice = new long[maxLevels];
        lHead = new int[maxLevels];
        lTail = new int[maxLevels];
        lQty = new long[maxLevels];
        for (int i = 0; i < maxLevels; i++) {
            lHead[i] = i + 1 < maxLevels ? i + 1 : NIL;
        }
        freeLevel = 0;
        sLevels = new int[books * 2][]; // allocated on a side's first order
        sKeys = new long[books * 2][];
        sCount = new int[books * 2];
    }

    public int books() {
        return books;
    }

    /** The reference number the next accepted order will get. */
    public long peekNextRef() {
        return nextRef;
    }

    /** Starts reference and match numbers elsewhere (e.g. above a replayed feed's numbers). */
    public void numbering(long firstRef, long firstMatch) {
        nextRef = firstRef;
        nextMatch = firstMatch;
    }

    public int liveOrders() {
        return liveOrders;
    }

    /**
     * Enters a limit order.  Returns its reference number (&gt; 0), or a
     * negative ERR_ code (nothing happened).
     */
    public long enter(int owner, long tag, int book, byte side, long price, int qty, byte tif) {
        if (book < 0 || book >= books || qty <= 0 || price <= 0 || (side != BUY && side != SELL)) {
            return ERR_BAD_ARGUMENT;
        }
        if (freeOrder == NIL) {
            return ERR_FULL;
        }
        long ref = nextRef++;
        listener.onEntered(ref, book, side, price, qty, owner, tag);
        process(ref, owner, tag, book, side, price, qty, tif);
        return ref;
    }

    /**
     * Enters an order with a reference number chosen by the caller (a
     * replayed feed's own numbers).  Returns false if the reference is in use.
     */
    public boolean enterWithRef(long ref, int owner, long tag, int book, byte side, long price, int qty, byte tif) {
        if (ref <= 0 || book < 0 || book >= books || qty <= 0 || price <= 0 || (side != BUY && side != SELL)
                || freeOrder == NIL || byRef.get(ref) != NIL) {
            return false;
        }
        listener.onEntered(ref, book, side, price, qty, owner, tag);
        process(ref, owner, tag, book, side, price, qty, tif);
        return true;
    }

    /**
     * Cancels an order down to {@code newSize} shares (0 = the whole order).
     * Returns the shares taken off (0 when unknown or already that small).
     */
    public int cancel(long ref, int newSize, byte reason) {
        int o = byRef.get(ref);
        if (o == NIL || newSize < 0) {
            return 0;
        }
        int leaves = oLeaves[o];
        if (newSize >= leaves) {
            return 0;
        }
        int dec = leaves - newSize;
        int book = oBook[o];
        byte side = oSide[o];
        long price = oPrice[o];
        int owner = oOwner[o];
        long tag = oTag[o];
        if (newSize == 0) {
            removeOrder(o);
        } else {
            oLeaves[o] = newSize;
            lQty[oLevel[o]] -= dec;
        }
        listener.onCanceled(ref, book, side, price, owner, tag, dec, newSize, reason, true);
        return dec;
    }

    /**
     * Replaces an order: new price and new open size (must be &gt; 0).
     * Returns the reference number that now stands for it (the same one when
     * it kept its priority), or ERR_UNKNOWN_ORDER / ERR_BAD_ARGUMENT.
     */
    public long replace(long ref, long newTag, long newPrice, int newQty, byte tif) {
        int o = byRef.get(ref);
        if (o == NIL) {
            return ERR_UNKNOWN_ORDER;
        }
        if (newQty <= 0 || newPrice <= 0) {
            return ERR_BAD_ARGUMENT;
        }
        int book = oBook[o];
        byte side = oSide[o];
        int owner = oOwner[o];
        long oldTag = oTag[o];
        int leaves = oLeaves[o];
        if (newPrice == oPrice[o] && newQty <= leaves && tif == TIF_DAY) {
            oTag[o] = newTag;
            oLeaves[o] = newQty;
            lQty[oLevel[o]] -= leaves - newQty;
            listener.onReplaced(ref, ref, book, side, newPrice, newQty, owner, oldTag, newTag, leaves, true);
            return ref;
        }
        removeOrder(o);
        long newRef = nextRef++;
        listener.onReplaced(ref, newRef, book, side, newPrice, newQty, owner, oldTag, newTag, leaves, false);
        process(newRef, owner, newTag, book, side, newPrice, newQty, tif);
        return newRef;
    }

    private void process(long ref, int owner, long tag, int book, byte side, long price, int qty, byte tif) {
        int leaves = qty;
        int os = book * 2 + (side == BUY ? 1 : 0);
        boolean smpStop = false;
        while (leaves > 0 && sCount[os] > 0) {
            int l = sLevels[os][sCount[os] - 1];
            long lp = lPrice[l];
            if (side == BUY ? lp > price : lp < price) {
                break;
            }
            int r = lHead[l];
            while (leaves > 0 && r != NIL) {
                int next = oNext[r];
                if (smpMode != SMP_NONE && owner != 0 && oOwner[r] == owner) {
                    if (smpMode == SMP_CANCEL_INCOMING) {
                        smpStop = true;
                        break;
                    }
                    long rRef = oRef[r];
                    int rLeaves = oLeaves[r];
                    long rTag = oTag[r];
                    byte rSide = oSide[r];
                    removeOrder(r);
                    listener.onCanceled(rRef, book, rSide, lp, owner, rTag, rLeaves, 0, REASON_SELF_MATCH, true);
                    r = next;
                    continue;
                }
                int fill = Math.min(leaves, oLeaves[r]);
                leaves -= fill;
                int rLeft = oLeaves[r] - fill;
                long rRef = oRef[r];
                int rOwner = oOwner[r];
                long rTag = oTag[r];
                if (rLeft == 0) {
                    removeOrder(r);
                } else {
                    oLeaves[r] = rLeft;
                    lQty[l] -= fill;
                }
                listener.onExecuted(book, lp, fill, nextMatch++, rRef, rOwner, rTag, rLeft,
                        ref, owner, tag, side, leaves);
                r = next;
            }
            if (smpStop) {
                break;
            }
            // removeOrder drops an emptied level; if the level is still there it has orders left
        }
        if (leaves == 0) {
            return;
        }
        if (smpStop) {
            listener.onCanceled(ref, book, side, price, owner, tag, leaves, 0, REASON_SELF_MATCH, false);
            return;
        }
        if (tif == TIF_IOC) {
            listener.onCanceled(ref, book, side, price, owner, tag, leaves, 0, REASON_IOC, false);
            return;
        }
        if (freeOrder == NIL || freeLevel == NIL && !hasLevel(book, side, price)) {
            // out of capacity: the order cannot rest; tell its owner
            listener.onCanceled(ref, book, side, price, owner, tag, leaves, 0, (byte) 'Z', false);
            return;
        }
        rest(ref, owner, tag, book, side, price, leaves);
        listener.onAdded(ref, book, side, price, leaves, owner, tag);
    }

    private static long key(byte side, long price) {
        return side == BUY ? price : -price;
    }

    private boolean hasLevel(int book, byte side, long price) {
        int s = book * 2 + (side == BUY ? 0 : 1);
        return sCount[s] > 0 && search(sKeys[s], sCount[s], key(side, price)) >= 0;
    }

    /** Binary search on ascending keys: index if found, else -(insertion point) - 1. */
    private static int search(long[] keys, int n, long k) {
        // fast path: at or near the top
        if (n > 0 && keys[n - 1] == k) {
            return n - 1;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = keys[mid];
            if (v < k) {
                lo = mid + 1;
            } else if (v > k) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private void rest(long ref, int owner, long tag, int book, byte side, long price, int qty) {
        int s = book * 2 + (side == BUY ? 0 : 1);
        long k = key(side, price);
        int n = sCount[s];
        if (sLevels[s] == null) {
            sLevels[s] = new int[16];
            sKeys[s] = new long[16];
        }
        long[] keys = sKeys[s];
        int idx;
        // most orders join at or near the top: walk down a few levels before a binary search
        int i = n - 1;
        int stop = Math.max(0, n - 8);
        while (i >= stop && keys[i] > k) {
            i--;
        }
        if (i >= 0 && keys[i] == k) {
            idx = i;
        } else if (i >= stop || i < 0) {
            idx = -(i + 1) - 1;
        } else {
            idx = search(keys, n, k);
        }
        int l;
        if (idx >= 0) {
            l = sLevels[s][idx];
        } else {
            int ins = -idx - 1;
            l = freeLevel;
            freeLevel = lHead[l];
            lPrice[l] = price;
            lHead[l] = NIL;
            lTail[l] = NIL;
            lQty[l] = 0;
            if (n == sLevels[s].length) {
                sLevels[s] = Arrays.copyOf(sLevels[s], n * 2);
                sKeys[s] = Arrays.copyOf(sKeys[s], n * 2);
            }
            int[] lv = sLevels[s];
            long[] ks = sKeys[s];
            System.arraycopy(lv, ins, lv, ins + 1, n - ins);
            System.arraycopy(ks, ins, ks, ins + 1, n - ins);
            lv[ins] = l;
            ks[ins] = k;
            sCount[s] = n + 1;
        }
        int o = freeOrder;
        freeOrder = oNext[o];
        oRef[o] = ref;
        oPrice[o] = price;
        oLeaves[o] = qty;
        oSide[o] = side;
        oBook[o] = book;
        oLevel[o] = l;
        oOwner[o] = owner;
        oTag[o] = tag;
        oNext[o] = NIL;
        oPrev[o] = lTail[l];
        if (lTail[l] == NIL) {
            lHead[l] = o;
        } else {
            oNext[lTail[l]] = o;
        }
        lTail[l] = o;
        lQty[l] += qty;
        byRef.put(ref, o);
        liveOrders++;
    }

    private void removeOrder(int o) {
        int l = oLevel[o];
        int p = oPrev[o];
        int n = oNext[o];
        if (p == NIL) {
            lHead[l] = n;
        } else {
            oNext[p] = n;
        }
        if (n == NIL) {
            lTail[l] = p;
        } else {
            oPrev[n] = p;
        }
        lQty[l] -= oLeaves[o];
        byRef.remove(oRef[o]);
        oLeaves[o] = 0;
        oNext[o] = freeOrder;
        freeOrder = o;
        liveOrders--;
        if (lHead[l] == NIL) {
            removeLevel(oBook[o], oSide[o], l);
        }
    }

    private void removeLevel(int book, byte side, int l) {
        int s = book * 2 + (side == BUY ? 0 : 1);
        int n = sCount[s];
        int idx;
        if (n > 0 && sLevels[s][n - 1] == l) {
            idx = n - 1;
        } else {
            idx = search(sKeys[s], n, key(side, lPrice[l]));
        }
        System.arraycopy(sLevels[s], idx + 1, sLevels[s], idx, n - idx - 1);
        System.arraycopy(sKeys[s], idx + 1, sKeys[s], idx, n - idx - 1);
        sCount[s] = n - 1;
        lHead[l] = freeLevel;
        freeLevel = l;
    }

    // ---- queries (tests, the feed publisher, the console) ----

    /** Open shares of an order, or -1 when it is not in the book. */
    public int leaves(long ref) {
        int o = byRef.get(ref);
        return o == NIL ? -1 : oLeaves[o];
    }

    public long orderPrice(long ref) {
        int o = byRef.get(ref);
        return o == NIL ? 0 : oPrice[o];
    }

    public byte orderSide(long ref) {
        int o = byRef.get(ref);
        return o == NIL ? 0 : oSide[o];
    }

    public int orderBook(long ref) {
        int o = byRef.get(ref);
        return o == NIL ? -1 : oBook[o];
    }

    public int levels(int book, byte side) {
        return sCount[book * 2 + (side == BUY ? 0 : 1)];
    }

    /** Price of the {@code depth}-th best level (0 = best); 0 when there is none. */
    public long levelPrice(int book, byte side, int depth) {
        int s = book * 2 + (side == BUY ? 0 : 1);
        int n = sCount[s];
        return depth < n ? lPrice[sLevels[s][n - 1 - depth]] : 0;
    }

    public long levelQty(int book, byte side, int depth) {
        int s = book * 2 + (side == BUY ? 0 : 1);
        int n = sCount[s];
        return depth < n ? lQty[sLevels[s][n - 1 - depth]] : 0;
    }

    public long bestBid(int book) {
        return levelPrice(book, BUY, 0);
    }

    public long bestAsk(int book) {
        return levelPrice(book, SELL, 0);
    }

    public boolean crossed(int book) {
        long b = bestBid(book);
        long a = bestAsk(book);
        return b != 0 && a != 0 && b >= a;
    }

    /** Visits resting orders of one level in time priority: ref and leaves. */
    public interface OrderVisitor {
        void order(long ref, int leaves, int owner, long tag);
    }

    public void forEachOrder(int book, byte side, int depth, OrderVisitor v) {
        int s = book * 2 + (side == BUY ? 0 : 1);
        int n = sCount[s];
        if (depth >= n) {
            return;
        }
        for (int o = lHead[sLevels[s][n - 1 - depth]]; o != NIL; o = oNext[o]) {
            v.order(oRef[o], oLeaves[o], oOwner[o], oTag[o]);
        }
    }

    /** Cancels every resting order of {@code owner} (cancel-on-disconnect). Returns how many. */
    public int cancelAll(int owner, byte reason) {
        int count = 0;
        for (int s = 0; s < sCount.length; s++) {
            for (int i = sCount[s] - 1; i >= 0; i--) {
                if (i >= sCount[s]) {
                    continue;
                }
                int l = sLevels[s][i];
                int o = lHead[l];
                while (o != NIL) {
                    int next = oNext[o];
                    boolean lastInLevel = next == NIL;
                    if (oOwner[o] == owner) {
                        cancel(oRef[o], 0, reason);
                        count++;
                    }
                    if (lastInLevel) {
                        break;
                    }
                    o = next;
                }
            }
        }
        return count;
    }
}
