package io.nanotick.controller.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nanotick.controller.Controller;
import io.nanotick.controller.Tif;
import io.nanotick.controller.md.MarketState;
import io.nanotick.controller.oms.OrderGateway;
import io.nanotick.controller.oms.OrderManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random order intents, books, data faults and venue events (seeded). Every request that reaches
 * the gateway is checked against an independent shadow of the orders, positions and book that the
 * test keeps itself: no limit is ever breached, whatever the intents were.
 */
class RiskPropertyTest
{
    private static final long MS = 1_000_000L;
    private static final int LOCATES = 3;
    private static final long MAX_QTY = 500;
    private static final long MAX_NOTIONAL = 60_000L * 10_000;
    private static final long MAX_POS = 1000;
    private static final long MAX_GROSS = 2000;
    private static final long COLLAR_BPS = 50;
    private static final int RATE = 20;
    private static final long WINDOW = 100 * MS;
    private static final int MAX_OPEN = 12;
    private static final long MAX_AGE = 50 * MS;

    /** Shadow order: the test's own view, driven only by what it sends and what its venue answers. */
    private static final class Shadow
    {
        long ref;
        int locate;
        byte side;
        long price;
        long leaves;
        boolean accepted;
        boolean cancelRequested;
        long replacing;     // for a replace's new order: the old ref
    }

    private final Map<Long, Shadow> orders = new HashMap<>();
    private final long[] pos = new long[LOCATES + 1];
    private final long[] bid = new long[LOCATES + 1];
    private final long[] ask = new long[LOCATES + 1];
    private final int[] flags = new int[LOCATES + 1];
    private final long[] updated = new long[LOCATES + 1];
    private boolean feedGap;
    private long cash;
    private final List<Long> sendTimes = new ArrayList<>();
    private long now = 1000 * MS;
    private long match = 1;
    private Controller c;
    private long checkedSends;
    private long killTrips;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261122})
    void noLimitIsEverBreached(final long seed)
    {
        final Random rnd = new Random(seed);
        c = new Controller(1024);
        final RiskLimits l = c.limits();
        assertEquals(null, l.set("maxOrderQty", "500"));
        assertEquals(null, l.set("maxOrderNotional", "60000"));
        assertEquals(null, l.set("maxPosition", "1000"));
        assertEquals(null, l.set("maxGross", "2000"));
        assertEquals(null, l.set("collarBps", "50"));
        assertEquals(null, l.set("maxOrdersPerWindow", "20"));
        assertEquals(null, l.set("throttleWindowMs", "100"));
        assertEquals(null, l.set("maxOpenOrders", "12"));
        assertEquals(null, l.set("maxDataAgeMs", "50"));
        assertEquals(null, l.set("dupWindowMs", "5"));
        assertEquals(null, l.set("maxLoss", "2000"));
        assertEquals(null, l.set("maxDrawdown", "0"));
        c.oms().gateway(new Gateway());
        for (int i = 1; i <= LOCATES; i++)
        {
            bid[i] = 50_0000L * i;
            ask[i] = bid[i] + 100;
            book(i, 0);
        }

        for (int step = 0; step < 40_000; step++)
        {
            now += rnd.nextInt(3) * MS / 2 + rnd.nextInt(1000);
            final int what = rnd.nextInt(100);
            if (what < 30)
            {
                final int i = 1 + rnd.nextInt(LOCATES);
                final long move = (rnd.nextInt(21) - 10) * 100L * (rnd.nextInt(20) == 0 ? 20 : 1);
                final long b = Math.max(10_000, bid[i] + move);
                bid[i] = b;
                ask[i] = b + 100 * (1 + rnd.nextInt(3));
                final int r = rnd.nextInt(100);
                book(i, r < 3 ? MarketState.FLAG_STALE : r < 6 ? MarketState.FLAG_GAP : 0);
            }
            else if (what < 32 && (feedGap ? rnd.nextInt(3) == 0 : rnd.nextInt(10) == 0))
            {
                feedGap = !feedGap;
                c.onFeedEvent(feedGap ? MarketState.EVT_GAP : MarketState.EVT_GAP_RECOVERED, 0, 1, 2, 1, now);
            }
            else if (what < 65)
            {
                intent(rnd);
            }
            else
            {
                venue(rnd);
            }
            if (c.risk().killed() && rnd.nextInt(50) == 0)
            {
                // the operator raises the limit and resumes
                assertEquals(null, l.set("maxLoss", Long.toString(c.limits().maxLoss / 10_000 + 2000)));
                c.risk().resume();
            }
            checkLoss();
            checkMirror(step);
        }
        final StringBuilder why = new StringBuilder();
        for (int r = 1; r < RiskReason.COUNT; r++)
        {
            why.append(' ').append(RiskReason.name(r)).append('=').append(c.risk().rejects(r));
        }
        assertTrue(checkedSends > 200, "too few sends to mean anything: " + checkedSends + why);
        assertTrue(c.risk().totalRejects() > 1000, "too few rejects: " + c.risk().totalRejects());
        for (final int r : new int[] {RiskReason.MAX_QTY, RiskReason.MAX_NOTIONAL, RiskReason.PRICE_COLLAR,
            RiskReason.STALE_BOOK, RiskReason.GAP, RiskReason.MAX_POSITION, RiskReason.MAX_GROSS, RiskReason.SELF_TRADE})
        {
            assertTrue(c.risk().rejects(r) > 0, "never exercised: " + RiskReason.name(r));
        }
    }

    private void book(final int i, final int f)
    {
        flags[i] = f;
        updated[i] = now;
        c.onTopOfBook(i, bid[i], 100, ask[i], 100, f, now);
    }

    private void intent(final Random rnd)
    {
        final int i = 1 + rnd.nextInt(LOCATES);
        final long mid = (bid[i] + ask[i]) / 2;
        final long px = Math.max(100, mid + (rnd.nextInt(161) - 80) * mid / 10_000 / 100 * 100);
        final long qty = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 2000 : 400);
        final int kind = rnd.nextInt(10);
        if (kind < 6 || orders.isEmpty())
        {
            c.enter(1 + rnd.nextInt(3), i, rnd.nextBoolean() ? (byte)'B' : (byte)'S', px, qty, Tif.DAY, now);
        }
        else
        {
            final Shadow o = any(rnd);
            if (kind < 8)
            {
                final long m = (bid[o.locate] + ask[o.locate]) / 2;
                c.replace(1, o.ref, Math.max(100, m + (rnd.nextInt(81) - 40) * m / 10_000 / 100 * 100), qty, now);
            }
            else
            {
                c.cancel(1, o.ref, now);
            }
        }
    }

    private Shadow any(final Random rnd)
    {
        final List<Long> refs = new ArrayList<>(orders.keySet());
        java.util.Collections.sort(refs);
        return orders.get(refs.get(rnd.nextInt(refs.size())));
    }

    /** The test's venue: answers the shadow orders like an exchange would. */
    private void venue(final Random rnd)
    {
        if (orders.isEmpty())
        {
            return;
        }
        final Shadow o = any(rnd);
        final int r = rnd.nextInt(10);
        if (!o.accepted)
        {
            if (o.replacing != 0)
            {
                final Shadow old = orders.get(o.replacing);
                if (r < 8 && old != null)
                {
                    orders.remove(o.replacing);
                    o.accepted = true;
                    o.replacing = 0;
                    c.onOrderEvent(OrderManager.EV_REPLACED, o.ref, old.ref, o.leaves, o.price, (byte)0, 0, 0, now);
                }
                else
                {
                    orders.remove(o.ref);
                    c.onOrderEvent(OrderManager.EV_REJECTED, o.ref, 0, 0, 0, (byte)0, 0, 1, now);
                }
            }
            else if (r < 8)
            {
                o.accepted = true;
                c.onOrderEvent(OrderManager.EV_ACCEPTED, o.ref, 0, o.leaves, o.price, (byte)0, o.ref, 0, now);
            }
            else
            {
                orders.remove(o.ref);
                c.onOrderEvent(OrderManager.EV_REJECTED, o.ref, 0, 0, 0, (byte)0, 0, 1, now);
            }
            return;
        }
        if (o.cancelRequested || r < 3)
        {
            orders.remove(o.ref);
            dropReplacement(o.ref);
            c.onOrderEvent(OrderManager.EV_CANCELED, o.ref, 0, o.leaves, 0, (byte)0, 0, 'U', now);
            return;
        }
        if (r < 8)
        {
            final long q = 1 + rnd.nextInt((int)o.leaves);
            o.leaves -= q;
            final int sign = o.side == 'B' ? 1 : -1;
            pos[o.locate] += sign * q;
            cash -= sign * q * o.price;
            if (o.leaves == 0)
            {
                orders.remove(o.ref);
                dropReplacement(o.ref);
            }
            c.onOrderEvent(OrderManager.EV_EXECUTED, o.ref, 0, q, o.price, (byte)'R', match++, 0, now);
        }
    }

    /** The venue rejects a replace whose original order is gone. */
    private void dropReplacement(final long oldRef)
    {
        orders.values().removeIf(s -> s.replacing == oldRef);
    }

    /** The OMS may count more working shares than the venue has (conservative), never fewer. */
    private void checkMirror(final int step)
    {
        for (int i = 1; i <= LOCATES; i++)
        {
            long buys = 0;
            long sells = 0;
            for (final Shadow o : orders.values())
            {
                if (o.locate == i)
                {
                    if (o.side == 'B')
                    {
                        buys += o.leaves;
                    }
                    else
                    {
                        sells += o.leaves;
                    }
                }
            }
            assertEquals(pos[i], c.positions().position(i), "position, step " + step);
            if (c.oms().openBuyQty(i) < buys || c.oms().openSellQty(i) < sells)
            {
                fail("step " + step + " locate " + i + ": OMS working " + c.oms().openBuyQty(i) + "/" + c.oms().openSellQty(i) +
                    " < venue " + buys + "/" + sells);
            }
        }
    }

    private void checkLoss()
    {
        long equity = cash;
        for (int i = 1; i <= LOCATES; i++)
        {
            equity += pos[i] * ((bid[i] + ask[i]) / 2);
        }
        if (equity <= -c.limits().maxLoss - 10_000 && !c.risk().killed())
        {
            fail("equity " + equity + " beyond the loss limit and the kill switch is off");
        }
    }

    private final class Gateway implements OrderGateway
    {
        @Override
        public void enter(final long userRef, final int locate, final byte side, final long quantity, final long price,
            final byte tif, final int strategyId, final long nowNs)
        {
            checkCommon(locate, side, quantity, price, 0);
            if (orders.size() + 1 > MAX_OPEN)
            {
                fail("open orders " + (orders.size() + 1));
            }
            final Shadow s = new Shadow();
            s.ref = userRef;
            s.locate = locate;
            s.side = side;
            s.price = price;
            s.leaves = quantity;
            orders.put(userRef, s);
            checkExposure();
        }

        @Override
        public void replace(final long origUserRef, final long newUserRef, final long quantity, final long price, final long nowNs)
        {
            final Shadow old = orders.get(origUserRef);
            if (old == null || !old.accepted)
            {
                fail("replace of an order the venue does not have: " + origUserRef);
            }
            checkCommon(old.locate, old.side, quantity, price, origUserRef);
            final Shadow s = new Shadow();
            s.ref = newUserRef;
            s.locate = old.locate;
            s.side = old.side;
            s.price = price;
            s.leaves = quantity;
            s.replacing = origUserRef;
            orders.put(newUserRef, s);
            checkExposure();
        }

        @Override
        public void cancel(final long userRef, final long quantity, final long nowNs)
        {
            final Shadow s = orders.get(userRef);
            if (s != null)
            {
                s.cancelRequested = true;
            }
        }

        private void checkCommon(final int locate, final byte side, final long qty, final long price, final long replacing)
        {
            checkedSends++;
            if (c.risk().killed())
            {
                fail("order sent while the kill switch is on");
            }
            if (qty > MAX_QTY || qty <= 0)
            {
                fail("quantity " + qty);
            }
            if (price * qty > MAX_NOTIONAL)
            {
                fail("notional " + price * qty);
            }
            if (flags[locate] != 0 || feedGap)
            {
                fail("sent on a stale/gapped book");
            }
            if (now - updated[locate] > MAX_AGE)
            {
                fail("sent on data " + (now - updated[locate]) + " ns old");
            }
            final long mid = (bid[locate] + ask[locate]) / 2;
            if (Math.abs(price - mid) * 10_000 > mid * COLLAR_BPS)
            {
                fail("price " + price + " outside the collar around " + mid);
            }
            for (final Shadow o : orders.values())
            {
                if (o.locate == locate && o.side != side && o.ref != replacing &&
                    (side == 'B' ? price >= o.price : price <= o.price))
                {
                    fail("self-trade: " + (char)side + " " + price + " against own " + (char)o.side + " " + o.price);
                }
            }
            sendTimes.add(now);
            final int n = sendTimes.size();
            if (n > RATE && now - sendTimes.get(n - 1 - RATE) < WINDOW)
            {
                fail((RATE + 1) + " sends within " + (now - sendTimes.get(n - 1 - RATE)) + " ns");
            }
        }

        /** Worst case over every order that could still fill (a pending replace: old and new both). */
        private void checkExposure()
        {
            long gross = 0;
            for (int i = 1; i <= LOCATES; i++)
            {
                long buys = 0;
                long sells = 0;
                for (final Shadow o : orders.values())
                {
                    if (o.locate == i)
                    {
                        if (o.side == 'B')
                        {
                            buys += o.leaves;
                        }
                        else
                        {
                            sells += o.leaves;
                        }
                    }
                }
                if (pos[i] + buys > MAX_POS || pos[i] - sells < -MAX_POS)
                {
                    fail("locate " + i + " worst case " + (pos[i] + buys) + " / " + (pos[i] - sells));
                }
                gross += Math.max(Math.abs(pos[i] + buys), Math.abs(pos[i] - sells));
            }
            if (gross > MAX_GROSS)
            {
                fail("gross " + gross);
            }
        }
    }
}
