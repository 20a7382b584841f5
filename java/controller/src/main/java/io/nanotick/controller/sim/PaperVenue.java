package io.nanotick.controller.sim;

import io.nanotick.controller.Controller;
import io.nanotick.controller.Side;
import io.nanotick.controller.Tif;
import io.nanotick.controller.md.MarketState;
import io.nanotick.controller.oms.OrderManager;
import io.nanotick.controller.venue.Venue;

/**
 * An in-process paper venue for demos and console tests (the real one is the exchange simulator
 * behind OUCH/SoupBinTCP). It accepts every request, fills what crosses the current top of book at
 * the touch (taker, liquidity 'R', up to the displayed size), cancels the rest of an IOC, rests the
 * rest of a DAY order and fills it in full at its own price (maker, 'A') once the book trades
 * through it. Events are queued and delivered by {@link #poll}, never re-entrantly. Preallocated.
 */
public final class PaperVenue implements Venue
{
    private static final int EVENTS = 1 << 14;
    private static final int RESTING = 4096;

    private final MarketState market;

    private final byte[] evType = new byte[EVENTS];
    private final long[] evRef = new long[EVENTS];
    private final long[] evOrig = new long[EVENTS];
    private final long[] evQty = new long[EVENTS];
    private final long[] evPx = new long[EVENTS];
    private final byte[] evLiq = new byte[EVENTS];
    private final long[] evVenueRef = new long[EVENTS];
    private final long[] evTs = new long[EVENTS];
    private long evHead;
    private long evTail;
    private long dropped;

    private final long[] rRef = new long[RESTING];
    private final int[] rLocate = new int[RESTING];
    private final byte[] rSide = new byte[RESTING];
    private final long[] rPx = new long[RESTING];
    private final long[] rLeaves = new long[RESTING];
    private int resting;

    private long nextOrderRef = 1;
    private long nextMatch = 1;

    public PaperVenue(final MarketState market)
    {
        this.market = market;
    }

    private void push(final byte type, final long ref, final long orig, final long qty, final long px, final byte liq,
        final long venueRef, final long nowNs)
    {
        if (evHead - evTail == EVENTS)
        {
            dropped++;
            return;
        }
        final int i = (int)(evHead++ & (EVENTS - 1));
        evType[i] = type;
        evRef[i] = ref;
        evOrig[i] = orig;
        evQty[i] = qty;
        evPx[i] = px;
        evLiq[i] = liq;
        evVenueRef[i] = venueRef;
        evTs[i] = nowNs;
    }

    /** Delivers queued events; returns how many. */
    @Override
    public int poll(final Controller c, final int limit)
    {
        int n = 0;
        while (evTail < evHead && n < limit)
        {
            final int i = (int)(evTail++ & (EVENTS - 1));
            c.onOrderEvent(evType[i], evRef[i], evOrig[i], evQty[i], evPx[i], evLiq[i], evVenueRef[i], 0, evTs[i]);
            n++;
        }
        return n;
    }

    public long dropped()
    {
        return dropped;
    }

    @Override
    public void enter(final long userRef, final int locate, final byte side, final long quantity, final long price, final byte tif,
        final int strategyId, final long nowNs)
    {
        push(OrderManager.EV_ACCEPTED, userRef, 0, quantity, price, (byte)0, nextOrderRef++, nowNs);
        final long left = take(userRef, locate, side, quantity, price, nowNs);
        if (left > 0)
        {
            if (tif == Tif.IOC || resting == RESTING)
            {
                push(OrderManager.EV_CANCELED, userRef, 0, left, price, (byte)0, 0, nowNs);
            }
            else
            {
                rest(userRef, locate, side, price, left);
            }
        }
    }

    /** Fills against the displayed touch; returns what is left. */
    private long take(final long ref, final int locate, final byte side, final long qty, final long price, final long nowNs)
    {
        if (side == Side.BUY)
        {
            final long ask = market.askPx(locate);
            if (ask > 0 && price >= ask && market.askQty(locate) > 0)
            {
                final long q = Math.min(qty, market.askQty(locate));
                push(OrderManager.EV_EXECUTED, ref, 0, q, ask, (byte)'R', nextMatch++, nowNs);
                return qty - q;
            }
        }
        else
        {
            final long bid = market.bidPx(locate);
            if (bid > 0 && price <= bid && market.bidQty(locate) > 0)
            {
                final long q = Math.min(qty, market.bidQty(locate));
                push(OrderManager.EV_EXECUTED, ref, 0, q, bid, (byte)'R', nextMatch++, nowNs);
                return qty - q;
            }
        }
        return qty;
    }

    private void rest(final long ref, final int locate, final byte side, final long px, final long leaves)
    {
        rRef[resting] = ref;
        rLocate[resting] = locate;
        rSide[resting] = side;
        rPx[resting] = px;
        rLeaves[resting] = leaves;
        resting++;
    }

    private int find(final long ref)
    {
        for (int i = 0; i < resting; i++)
        {
            if (rRef[i] == ref)
            {
                return i;
            }
        }
        return -1;
    }

    private void remove(final int i)
    {
        resting--;
        rRef[i] = rRef[resting];
        rLocate[i] = rLocate[resting];
        rSide[i] = rSide[resting];
        rPx[i] = rPx[resting];
        rLeaves[i] = rLeaves[resting];
    }

    @Override
    public void replace(final long origUserRef, final long newUserRef, final long quantity, final long price, final long nowNs)
    {
        final int i = find(origUserRef);
        if (i < 0)
        {
            push(OrderManager.EV_REJECTED, newUserRef, 0, 0, 0, (byte)0, 0, nowNs);
            return;
        }
        final int locate = rLocate[i];
        final byte side = rSide[i];
        remove(i);
        push(OrderManager.EV_REPLACED, newUserRef, origUserRef, quantity, price, (byte)0, nextOrderRef++, nowNs);
        final long left = take(newUserRef, locate, side, quantity, price, nowNs);
        if (left > 0)
        {
            rest(newUserRef, locate, side, price, left);
        }
    }

    @Override
    public void cancel(final long userRef, final long quantity, final long nowNs)
    {
        final int i = find(userRef);
        if (i >= 0)
        {
            push(OrderManager.EV_CANCELED, userRef, 0, rLeaves[i], rPx[i], (byte)0, 0, nowNs);
            remove(i);
        }
    }

    /** After a book update: resting orders the market traded through fill in full at their price. */
    public void onBook(final int locate, final long nowNs)
    {
        for (int i = resting - 1; i >= 0; i--)
        {
            if (rLocate[i] != locate)
            {
                continue;
            }
            final boolean hit = rSide[i] == Side.BUY ?
                market.askPx(locate) > 0 && market.askPx(locate) <= rPx[i] :
                market.bidPx(locate) > 0 && market.bidPx(locate) >= rPx[i];
            if (hit)
            {
                push(OrderManager.EV_EXECUTED, rRef[i], 0, rLeaves[i], rPx[i], (byte)'A', nextMatch++, nowNs);
                remove(i);
            }
        }
    }

    public int resting()
    {
        return resting;
    }

    @Override
    public String describe()
    {
        return "paper (" + resting + " resting)";
    }
}
