package io.nanotick.controller.oms;

import io.nanotick.controller.OrderIntent;
import io.nanotick.controller.Side;
import io.nanotick.controller.md.MarketState;
import io.nanotick.controller.risk.ExposureView;

import java.util.Arrays;

/**
 * Order management: one state machine per order over every OUCH 5.0 transition, working-order
 * exposure for risk, positions through {@link Positions}. Requests are journaled, then sent;
 * venue events are journaled, then applied. Fixed capacity, primitive arrays, no allocation.
 *
 * <pre>
 *   enter ─► PENDING_NEW ─A─► LIVE ─E (leaves 0)─► FILLED
 *               │  └─J─► REJECTED    │ ├─C (leaves 0)─► CANCELED
 *               │                    │ ├─cancel─► PENDING_CANCEL ─C─► CANCELED (E may still arrive)
 *               │                    │ └─replace─► PENDING_REPLACE ─U─► REPLACED (the new ref is LIVE)
 *   new ref of a replace: REPLACE_NEW ─U─► LIVE, ─J─► REJECTED (old back to LIVE)
 * </pre>
 *
 * Events are idempotent (replays after a SoupBinTCP reconnect): an Accepted for a LIVE order,
 * an Executed whose match number was seen, any event for a closed/unknown order are counted and
 * ignored. {@link #endReconcile} settles what the replay did not: requests the venue never saw.
 */
public final class OrderManager implements ExposureView
{
    public static final byte PENDING_NEW = 'N';
    public static final byte LIVE = 'L';
    public static final byte PENDING_CANCEL = 'c';
    public static final byte PENDING_REPLACE = 'r';
    public static final byte REPLACE_NEW = 'n';
    public static final byte FILLED = 'F';
    public static final byte CANCELED = 'C';
    public static final byte REJECTED = 'J';
    public static final byte REPLACED = 'U';

    /** Venue events (ring.h NT_OEV_*). */
    public static final byte EV_ACCEPTED = 'A';
    public static final byte EV_REPLACED = 'U';
    public static final byte EV_CANCELED = 'C';
    public static final byte EV_EXECUTED = 'E';
    public static final byte EV_REJECTED = 'J';

    /** Reject reason the OMS uses for requests lost across a reconnect. */
    public static final int REASON_LOST = 0xFFFF;

    private final int capacity;
    private final long[] refs;
    private final int[] locates;
    private final byte[] sides;
    private final long[] prices;
    private final long[] quantities;
    private final long[] leaves;
    private final long[] filled;
    private final byte[] states;
    private final int[] strategies;
    private final byte[] tifs;
    private final long[] links;
    private final long[] venueRefs;
    private final boolean[] acked;
    private final int[] openPos;
    private final int[] open;
    private int openCount;
    private final int[] free;
    private int freeCount;
    private final LongIntMap index;

    private final long[] openBuy = new long[MarketState.MAX_LOCATES];
    private final long[] openSell = new long[MarketState.MAX_LOCATES];
    private final long[] exposure = new long[MarketState.MAX_LOCATES];
    private long gross;

    private final long[] seenMatches;
    private int seenCount;

    private final Positions positions;
    private OrderGateway gateway;
    private OmsJournal journal = OmsJournal.NONE;
    private OrderListener listener;

    private long nextUserRef = 1;
    private long venueRejects;
    private boolean reconciling;
    private boolean restoring;

    private long requestsSent;
    private long requestedQty;
    private long executions;
    private long duplicateEvents;
    private long unknownEvents;
    private long lostOrders;

    public OrderManager(final int capacity, final Positions positions)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.capacity = capacity;
        this.positions = positions;
        refs = new long[capacity];
        locates = new int[capacity];
        sides = new byte[capacity];
        prices = new long[capacity];
        quantities = new long[capacity];
        leaves = new long[capacity];
        filled = new long[capacity];
        states = new byte[capacity];
        strategies = new int[capacity];
        tifs = new byte[capacity];
        links = new long[capacity];
        venueRefs = new long[capacity];
        acked = new boolean[capacity];
        openPos = new int[capacity];
        open = new int[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        index = new LongIntMap(capacity * 4);
        seenMatches = new long[1 << 20];
        Arrays.fill(seenMatches, Long.MIN_VALUE);
    }

    public void gateway(final OrderGateway gateway)
    {
        this.gateway = gateway;
    }

    public void journal(final OmsJournal journal)
    {
        this.journal = journal;
    }

    public void listener(final OrderListener listener)
    {
        this.listener = listener;
    }

    public Positions positions()
    {
        return positions;
    }

    public int capacity()
    {
        return capacity;
    }

    // ------------------------------------------------------------------ requests

    /** Journals and sends an enter that passed risk; returns the new UserRefNum (or -1 if the table is full). */
    public long enter(final OrderIntent in)
    {
        if (freeCount == 0)
        {
            return -1;
        }
        final long ref = nextUserRef++;
        journal.orderRequest(OrderIntent.ENTER, ref, 0, in.locate, in.side, in.quantity, in.price, in.tif, in.strategyId, in.nowNs);
        add(ref, in.locate, in.side, in.price, in.quantity, in.tif, in.strategyId, PENDING_NEW, 0);
        requestsSent++;
        requestedQty += in.quantity;
        if (gateway != null)
        {
            gateway.enter(ref, in.locate, in.side, in.quantity, in.price, in.tif, in.strategyId, in.nowNs);
        }
        return ref;
    }

    /** Slot of a working order that can be replaced (LIVE), or -1. */
    public int replaceable(final long userRef)
    {
        final int slot = index.get(userRef, -1);
        return slot >= 0 && states[slot] == LIVE ? slot : -1;
    }

    /** Journals and sends a replace that passed risk; returns the new UserRefNum or -1. */
    public long replace(final OrderIntent in)
    {
        final int old = replaceable(in.origUserRef);
        if (old < 0 || freeCount == 0)
        {
            return -1;
        }
        final long ref = nextUserRef++;
        journal.orderRequest(OrderIntent.REPLACE, ref, in.origUserRef, locates[old], sides[old], in.quantity, in.price,
            tifs[old], strategies[old], in.nowNs);
        states[old] = PENDING_REPLACE;
        links[old] = ref;
        add(ref, locates[old], sides[old], in.price, in.quantity, tifs[old], strategies[old], REPLACE_NEW, in.origUserRef);
        requestsSent++;
        requestedQty += Math.max(0, in.quantity - leaves[old]);
        if (gateway != null)
        {
            gateway.replace(in.origUserRef, ref, in.quantity, in.price, in.nowNs);
        }
        return ref;
    }

    /** Journals and sends a cancel; false if the order is unknown, closed or already being canceled. */
    public boolean cancel(final long userRef, final long nowNs)
    {
        final int slot = index.get(userRef, -1);
        if (slot < 0)
        {
            return false;
        }
        final byte s = states[slot];
        if (s != LIVE && s != PENDING_NEW && s != PENDING_REPLACE)
        {
            return false;
        }
        journal.orderRequest(OrderIntent.CANCEL, userRef, 0, locates[slot], sides[slot], 0, prices[slot], tifs[slot],
            strategies[slot], nowNs);
        states[slot] = PENDING_CANCEL;
        if (gateway != null)
        {
            gateway.cancel(userRef, 0, nowNs);
        }
        return true;
    }

    /** Cancels every working order of the strategy (strategyId &lt; 0: of everyone). Returns how many. */
    public int cancelAll(final int strategyId, final long nowNs)
    {
        int n = 0;
        for (int i = openCount - 1; i >= 0; i--)
        {
            final int slot = open[i];
            if ((strategyId < 0 || strategies[slot] == strategyId) && states[slot] != REPLACE_NEW && cancel(refs[slot], nowNs))
            {
                n++;
            }
        }
        return n;
    }

    private void add(final long ref, final int locate, final byte side, final long price, final long qty, final byte tif,
        final int strategyId, final byte state, final long link)
    {
        final int slot = free[--freeCount];
        refs[slot] = ref;
        locates[slot] = locate;
        sides[slot] = side;
        prices[slot] = price;
        quantities[slot] = qty;
        leaves[slot] = qty;
        filled[slot] = 0;
        states[slot] = state;
        strategies[slot] = strategyId;
        tifs[slot] = tif;
        links[slot] = link;
        venueRefs[slot] = 0;
        acked[slot] = false;
        index.put(ref, slot);
        openPos[slot] = openCount;
        open[openCount++] = slot;
        addOpen(locate, side, qty);
    }

    private void addOpen(final int locate, final byte side, final long qty)
    {
        if (side == Side.BUY)
        {
            openBuy[locate] += qty;
        }
        else
        {
            openSell[locate] += qty;
        }
        updateExposure(locate);
    }

    private void updateExposure(final int locate)
    {
        final long pos = positions.position(locate);
        final long e = Math.max(Math.abs(pos + openBuy[locate]), Math.abs(pos - openSell[locate]));
        gross += e - exposure[locate];
        exposure[locate] = e;
    }

    private void close(final int slot, final byte state, final long nowNs)
    {
        addOpen(locates[slot], sides[slot], -leaves[slot]);
        leaves[slot] = 0;
        states[slot] = state;
        final long ref = refs[slot];
        final int strategyId = strategies[slot];
        index.remove(ref);
        final int pos = openPos[slot];
        final int last = open[--openCount];
        open[pos] = last;
        openPos[last] = pos;
        free[freeCount++] = slot;
        if (listener != null && !restoring)
        {
            listener.onClosed(strategyId, ref, state, nowNs);
        }
    }

    // ------------------------------------------------------------------ venue events

    /**
     * One OUCH outbound event (ring.h nt_rec_order_event). venueRef is the order reference number,
     * or the match number for an execution. Returns true if it changed state.
     */
    public boolean onEvent(final byte event, final long userRef, final long origUserRef, final long quantity, final long price,
        final byte liquidity, final long venueRef, final int reason, final long nowNs)
    {
        final int slot = index.get(userRef, -1);
        if (!restoring)
        {
            journal.orderEvent(event, userRef, origUserRef, slot >= 0 ? locates[slot] : 0, slot >= 0 ? sides[slot] : 0,
                quantity, price, liquidity, venueRef, reason, nowNs);
        }
        // a UserRefNum the venue has answered is never used again: a controller started with a new
        // journal learns the day's refs from the venue's replay after login (OUCH wants them increasing)
        if (userRef >= nextUserRef)
        {
            nextUserRef = userRef + 1;
        }
        if (origUserRef >= nextUserRef)
        {
            nextUserRef = origUserRef + 1;
        }
        if (slot < 0)
        {
            unknownEvents++;
            return false;
        }
        switch (event)
        {
            case EV_ACCEPTED:
                if (acked[slot] || (states[slot] != PENDING_NEW && states[slot] != PENDING_CANCEL))
                {
                    duplicateEvents++;
                    return false;
                }
                acked[slot] = true;
                if (states[slot] == PENDING_NEW)
                {
                    states[slot] = LIVE;
                }
                venueRefs[slot] = venueRef;
                if (quantity != leaves[slot] && quantity >= 0)
                {
                    addOpen(locates[slot], sides[slot], quantity - leaves[slot]);
                    leaves[slot] = quantity;
                }
                if (quantity == 0)
                {
                    close(slot, CANCELED, nowNs);
                }
                return true;

            case EV_REPLACED:
                return onReplaced(slot, origUserRef, quantity, price, venueRef, nowNs);

            case EV_CANCELED:
            {
                final long q = Math.min(quantity <= 0 ? leaves[slot] : quantity, leaves[slot]);
                addOpen(locates[slot], sides[slot], -q);
                leaves[slot] -= q;
                if (leaves[slot] == 0)
                {
                    closeWithLinked(slot, CANCELED, nowNs);
                }
                else if (states[slot] == PENDING_CANCEL)
                {
                    states[slot] = LIVE;
                }
                return true;
            }

            case EV_EXECUTED:
            {
                if (venueRef != 0 && !markMatch(venueRef))
                {
                    duplicateEvents++;
                    return false;
                }
                final long q = Math.min(quantity, leaves[slot]);
                if (q <= 0)
                {
                    duplicateEvents++;
                    return false;
                }
                final int locate = locates[slot];
                final byte side = sides[slot];
                leaves[slot] -= q;
                filled[slot] += q;
                executions++;
                if (side == Side.BUY)
                {
                    openBuy[locate] -= q;
                }
                else
                {
                    openSell[locate] -= q;
                }
                positions.onFill(locate, side, price, q, liquidity);
                updateExposure(locate);
                if (listener != null && !restoring)
                {
                    listener.onFill(strategies[slot], userRef, locate, side, price, q, liquidity, nowNs);
                }
                if (leaves[slot] == 0)
                {
                    closeWithLinked(slot, FILLED, nowNs);
                }
                return true;
            }

            case EV_REJECTED:
            {
                final byte s = states[slot];
                if (s == PENDING_NEW || (s == PENDING_CANCEL && !acked[slot]))
                {
                    // the order itself was refused (a cancel may have been sent before the answer)
                    venueRejects++;
                    close(slot, REJECTED, nowNs);
                    return true;
                }
                if (s == REPLACE_NEW)
                {
                    venueRejects++;
                    final int old = index.get(links[slot], -1);
                    close(slot, REJECTED, nowNs);
                    if (old >= 0 && states[old] == PENDING_REPLACE)
                    {
                        states[old] = LIVE;
                        links[old] = 0;
                    }
                    return true;
                }
                if (s == PENDING_CANCEL)
                {
                    // cancel rejected (e.g. too late): the order keeps working
                    states[slot] = LIVE;
                    return true;
                }
                duplicateEvents++;
                return false;
            }

            default:
                unknownEvents++;
                return false;
        }
    }

    /** Replaced arrives under the NEW UserRefNum with the previous one in origUserRef. */
    private boolean onReplaced(final int slot, final long origUserRef, final long quantity, final long price, final long venueRef, final long nowNs)
    {
        if (states[slot] != REPLACE_NEW)
        {
            duplicateEvents++;
            return false;
        }
        final int old = index.get(origUserRef != 0 ? origUserRef : links[slot], -1);
        final boolean cancelWanted = old >= 0 && states[old] == PENDING_CANCEL;
        if (old >= 0)
        {
            closeReplaced(old, nowNs);
        }
        states[slot] = LIVE;
        acked[slot] = true;
        links[slot] = 0;
        prices[slot] = price;
        venueRefs[slot] = venueRef;
        if (quantity != leaves[slot] && quantity >= 0)
        {
            addOpen(locates[slot], sides[slot], quantity - leaves[slot]);
            leaves[slot] = quantity;
        }
        if (quantity == 0)
        {
            close(slot, CANCELED, nowNs);
            return true;
        }
        if (cancelWanted)
        {
            // a cancel (e.g. the kill switch) went out for the old order while the replace was in
            // flight: the venue replaced first, so the order now lives on under the new ref
            cancel(refs[slot], nowNs);
        }
        return true;
    }

    private void closeReplaced(final int old, final long nowNs)
    {
        links[old] = 0;
        close(old, REPLACED, nowNs);
    }

    /** Closing an order also kills its pending replacement (the venue will reject that replace). */
    private void closeWithLinked(final int slot, final byte state, final long nowNs)
    {
        final long linked = states[slot] != REPLACE_NEW ? links[slot] : 0;
        close(slot, state, nowNs);
        if (linked != 0)
        {
            final int n = index.get(linked, -1);
            if (n >= 0 && states[n] == REPLACE_NEW)
            {
                close(n, REJECTED, nowNs);
            }
        }
    }

    private boolean markMatch(final long match)
    {
        final int mask = seenMatches.length - 1;
        long h = match * 0x9E3779B97F4A7C15L;
        int i = (int)(h ^ (h >>> 32)) & mask;
        while (seenMatches[i] != Long.MIN_VALUE)
        {
            if (seenMatches[i] == match)
            {
                return false;
            }
            i = (i + 1) & mask;
        }
        if (seenCount > mask / 2)
        {
            Arrays.fill(seenMatches, Long.MIN_VALUE); // a full trading day would not get here; dedupe restarts
            seenCount = 0;
            h = match * 0x9E3779B97F4A7C15L;
            i = (int)(h ^ (h >>> 32)) & mask;
        }
        seenMatches[i] = match;
        seenCount++;
        return true;
    }

    // ------------------------------------------------------------------ reconnect reconciliation

    /** Before the venue replays its outbound messages after a reconnect. */
    public void beginReconcile()
    {
        reconciling = true;
    }

    public boolean reconciling()
    {
        return reconciling;
    }

    /**
     * After the replay: requests the venue never acknowledged are settled. An enter still pending
     * never reached the venue (it would have been accepted or rejected in the replay): it is closed
     * as REJECTED (reason LOST). A pending replace is dropped (the old order stays LIVE). A pending
     * cancel is sent again. Returns the number of orders settled.
     */
    public int endReconcile(final long nowNs)
    {
        reconciling = false;
        int n = 0;
        for (int i = openCount - 1; i >= 0; i--)
        {
            if (i >= openCount)
            {
                continue;
            }
            final int slot = open[i];
            final byte s = states[slot];
            if (s == PENDING_NEW)
            {
                journal.orderEvent(EV_REJECTED, refs[slot], 0, locates[slot], sides[slot], leaves[slot], prices[slot], (byte)0, 0,
                    REASON_LOST, nowNs);
                lostOrders++;
                close(slot, REJECTED, nowNs);
                n++;
            }
            else if (s == REPLACE_NEW)
            {
                journal.orderEvent(EV_REJECTED, refs[slot], 0, locates[slot], sides[slot], leaves[slot], prices[slot], (byte)0, 0,
                    REASON_LOST, nowNs);
                final int old = index.get(links[slot], -1);
                lostOrders++;
                close(slot, REJECTED, nowNs);
                if (old >= 0 && states[old] == PENDING_REPLACE)
                {
                    states[old] = LIVE;
                    links[old] = 0;
                }
                n++;
            }
            else if (s == PENDING_CANCEL && !acked[slot])
            {
                // canceled before any answer, and the replay has no answer either: never reached the venue
                journal.orderEvent(EV_REJECTED, refs[slot], 0, locates[slot], sides[slot], leaves[slot], prices[slot], (byte)0, 0,
                    REASON_LOST, nowNs);
                lostOrders++;
                close(slot, REJECTED, nowNs);
                n++;
            }
            else if (s == PENDING_CANCEL)
            {
                journal.orderRequest(OrderIntent.CANCEL, refs[slot], 0, locates[slot], sides[slot], 0, prices[slot], tifs[slot],
                    strategies[slot], nowNs);
                if (gateway != null)
                {
                    gateway.cancel(refs[slot], 0, nowNs);
                }
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ restore from the journal

    /** While restoring, journal writes and listener callbacks are suppressed. */
    public void restoring(final boolean restoring)
    {
        this.restoring = restoring;
    }

    /** Re-applies a journaled request without sending it. */
    public void restoreRequest(final byte action, final long userRef, final long origUserRef, final int locate, final byte side,
        final long quantity, final long price, final byte tif, final int strategyId)
    {
        nextUserRef = Math.max(nextUserRef, userRef + 1);
        if (action == OrderIntent.ENTER)
        {
            if (freeCount > 0 && index.get(userRef, -1) < 0)
            {
                add(userRef, locate, side, price, quantity, tif, strategyId, PENDING_NEW, 0);
                requestsSent++;
                requestedQty += quantity;
            }
        }
        else if (action == OrderIntent.REPLACE)
        {
            final int old = index.get(origUserRef, -1);
            if (old >= 0 && freeCount > 0 && states[old] == LIVE)
            {
                states[old] = PENDING_REPLACE;
                links[old] = userRef;
                add(userRef, locates[old], sides[old], price, quantity, tifs[old], strategies[old], REPLACE_NEW, origUserRef);
                requestsSent++;
                requestedQty += Math.max(0, quantity - leaves[old]);
            }
        }
        else if (action == OrderIntent.CANCEL)
        {
            final int slot = index.get(userRef, -1);
            if (slot >= 0 && (states[slot] == LIVE || states[slot] == PENDING_NEW || states[slot] == PENDING_REPLACE))
            {
                states[slot] = PENDING_CANCEL;
            }
        }
    }

    // ------------------------------------------------------------------ views

    public long nextUserRef()
    {
        return nextUserRef;
    }

    /**
     * The venue's lowest UserRefNum for the next order (OUCH Account Query Response): the next ref
     * is raised to it. Not journaled: the next request, which is, carries a ref at least this high.
     */
    public void venueNextUserRef(final long next)
    {
        if (next > nextUserRef)
        {
            nextUserRef = next;
        }
    }

    /** Enters and replaces the venue refused (Rejected). */
    public long venueRejects()
    {
        return venueRejects;
    }

    public int slotOf(final long userRef)
    {
        return index.get(userRef, -1);
    }

    public int openSlot(final int i)
    {
        return open[i];
    }

    public long ref(final int slot)
    {
        return refs[slot];
    }

    public int locate(final int slot)
    {
        return locates[slot];
    }

    public byte side(final int slot)
    {
        return sides[slot];
    }

    public long price(final int slot)
    {
        return prices[slot];
    }

    public long quantity(final int slot)
    {
        return quantities[slot];
    }

    public long leaves(final int slot)
    {
        return leaves[slot];
    }

    public long filled(final int slot)
    {
        return filled[slot];
    }

    public byte state(final int slot)
    {
        return states[slot];
    }

    public int strategy(final int slot)
    {
        return strategies[slot];
    }

    public byte tif(final int slot)
    {
        return tifs[slot];
    }

    public long requestsSent()
    {
        return requestsSent;
    }

    public long requestedQty()
    {
        return requestedQty;
    }

    public long executions()
    {
        return executions;
    }

    public long duplicateEvents()
    {
        return duplicateEvents;
    }

    public long unknownEvents()
    {
        return unknownEvents;
    }

    public long lostOrders()
    {
        return lostOrders;
    }

    @Override
    public long position(final int locate)
    {
        return positions.position(locate);
    }

    @Override
    public long openBuyQty(final int locate)
    {
        return openBuy[locate];
    }

    @Override
    public long openSellQty(final int locate)
    {
        return openSell[locate];
    }

    @Override
    public long grossExposure()
    {
        return gross;
    }

    @Override
    public long exposure(final int locate)
    {
        return exposure[locate];
    }

    @Override
    public int openOrders()
    {
        return openCount;
    }

    @Override
    public long ownBestBid(final int locate, final long excludeRef)
    {
        long best = 0;
        for (int i = 0; i < openCount; i++)
        {
            final int s = open[i];
            if (locates[s] == locate && sides[s] == Side.BUY && refs[s] != excludeRef && leaves[s] > 0 && prices[s] > best)
            {
                best = prices[s];
            }
        }
        return best;
    }

    @Override
    public long ownBestAsk(final int locate, final long excludeRef)
    {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < openCount; i++)
        {
            final int s = open[i];
            if (locates[s] == locate && sides[s] != Side.BUY && refs[s] != excludeRef && leaves[s] > 0 && prices[s] < best)
            {
                best = prices[s];
            }
        }
        return best;
    }

    /** Recomputes exposure after positions changed outside the OMS (never in normal operation). */
    public void refreshExposure(final int locate)
    {
        updateExposure(locate);
    }
}
