package io.nanotick.controller;

import io.nanotick.controller.journal.Journal;
import io.nanotick.controller.md.MarketDataListener;
import io.nanotick.controller.md.MarketState;
import io.nanotick.controller.oms.OrderManager;
import io.nanotick.controller.oms.OrderListener;
import io.nanotick.controller.oms.Positions;
import io.nanotick.controller.risk.RiskEngine;
import io.nanotick.controller.risk.RiskLimits;
import io.nanotick.controller.risk.RiskReason;
import io.nanotick.controller.strategy.AbstractStrategy;
import io.nanotick.controller.strategy.OrderSink;
import io.nanotick.controller.strategy.StrategyContext;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * The hot-thread core: market data in, strategies, pre-trade risk, OMS (journal first), venue
 * events back. Every method runs on the one hot thread; the console reaches it only through
 * {@link CommandQueue}. Strategies emit through {@link OrderSink}: the controller fills its one
 * preallocated {@link OrderIntent}, runs {@link RiskEngine#check}, and hands it to the OMS.
 */
public final class Controller implements MarketDataListener, StrategyContext, OrderSink, OrderListener, RiskEngine.Listener
{
    private final MarketState market = new MarketState();
    private final Positions positions = new Positions();
    private final OrderManager oms;
    private final RiskLimits limits = new RiskLimits();
    private final RiskEngine risk;
    private final SessionStats stats = new SessionStats(1_000_000_000L);
    private final OrderIntent intent = new OrderIntent();
    private final AbstractStrategy[] byId = new AbstractStrategy[256];
    private final List<AbstractStrategy> strategies = new ArrayList<>();
    private AbstractStrategy[] active = new AbstractStrategy[0];
    private final String[] symbols = new String[MarketState.MAX_LOCATES];
    private final Histogram tickToOrder = new Histogram(1, 10_000_000_000L, 3);
    private Journal journal;
    private boolean flattening;
    private long lastFlattenNs;
    private long lastNowNs;
    private long triggerNs;

    public Controller(final int omsCapacity)
    {
        oms = new OrderManager(omsCapacity, positions);
        risk = new RiskEngine(limits, market, oms);
        risk.listener(this);
        oms.listener(this);
    }

    public void journal(final Journal journal)
    {
        this.journal = journal;
        oms.journal(journal);
    }

    public Journal journal()
    {
        return journal;
    }

    public void addStrategy(final AbstractStrategy s)
    {
        if (byId[s.id()] != null)
        {
            throw new IllegalArgumentException("strategy id " + s.id() + " used twice (" + byId[s.id()].name() + ", " + s.name() + ")");
        }
        byId[s.id()] = s;
        strategies.add(s);
        active = strategies.toArray(new AbstractStrategy[0]);
        s.bind(this);
    }

    public List<AbstractStrategy> strategies()
    {
        return strategies;
    }

    public AbstractStrategy strategy(final String name)
    {
        for (final AbstractStrategy s : strategies)
        {
            if (s.name().equals(name))
            {
                return s;
            }
        }
        return null;
    }

    public void symbol(final int locate, final String symbol)
    {
        symbols[locate] = symbol;
    }

    public String symbol(final int locate)
    {
        return symbols[locate] != null ? symbols[locate] : Integer.toString(locate);
    }

    /** Locate of a symbol name or a number; -1 if unknown. */
    public int locateOf(final String symbol)
    {
        for (int i = 0; i < symbols.length; i++)
        {
            if (symbol.equals(symbols[i]))
            {
                return i;
            }
        }
        try
        {
            final int l = Integer.parseInt(symbol);
            return l > 0 && l < MarketState.MAX_LOCATES ? l : -1;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    public RiskEngine risk()
    {
        return risk;
    }

    public RiskLimits limits()
    {
        return limits;
    }

    public OrderManager oms()
    {
        return oms;
    }

    public Positions positions()
    {
        return positions;
    }

    public SessionStats stats()
    {
        return stats;
    }

    public Histogram tickToOrder()
    {
        return tickToOrder;
    }

    public long lastNowNs()
    {
        return lastNowNs;
    }

    // ------------------------------------------------------------------ settings (journaled)

    /** Validates, journals and applies a risk limit; returns null or the error. */
    public String setRisk(final String key, final String value)
    {
        final RiskLimits probe = new RiskLimits();
        final String err = probe.set(key, value);
        if (err != null)
        {
            return err;
        }
        final String text = key + "=" + value.trim();
        if (text.length() > Journal.TEXT_MAX)
        {
            return "key '" + key + "' value '" + value + "': too long to journal";
        }
        if (journal != null)
        {
            journal.setting(Journal.SET_RISK, text, lastNowNs);
        }
        limits.set(key, value);
        return null;
    }

    /** Validates, journals and applies a strategy parameter; returns null or the error. */
    public String setStrategyParam(final String name, final String param, final String value)
    {
        final AbstractStrategy s = strategy(name);
        if (s == null)
        {
            return "unknown strategy '" + name + "'";
        }
        final String text = name + "." + param + "=" + value.trim();
        if (text.length() > Journal.TEXT_MAX)
        {
            return "strategy '" + name + "' parameter '" + param + "' value '" + value + "': too long to journal";
        }
        final String err = s.params().check(param, value.trim());
        if (err != null)
        {
            return err;
        }
        if (journal != null)
        {
            journal.setting(Journal.SET_STRATEGY, text, lastNowNs);
        }
        return s.set(param, value.trim());
    }

    // ------------------------------------------------------------------ market data

    @Override
    public void onTopOfBook(final int locate, final long bidPx, final long bidQty, final long askPx, final long askQty,
        final int flags, final long nowNs)
    {
        lastNowNs = nowNs;
        triggerNs = nowNs;
        market.onTopOfBook(locate, bidPx, bidQty, askPx, askQty, flags, nowNs);
        if (positions.onMark(locate, market.markPx(locate)))
        {
            onPnlChanged();
        }
        final AbstractStrategy[] a = active;
        for (int i = 0; i < a.length; i++)
        {
            a[i].onTopOfBook(locate, nowNs);
        }
    }

    @Override
    public void onTrade(final int locate, final byte restingSide, final long price, final long quantity, final long nowNs)
    {
        lastNowNs = nowNs;
        triggerNs = nowNs;
        market.onTrade(locate, price, nowNs);
        final AbstractStrategy[] a = active;
        for (int i = 0; i < a.length; i++)
        {
            a[i].onTrade(locate, restingSide, price, quantity, nowNs);
        }
    }

    @Override
    public void onFeedEvent(final int event, final int locate, final long expectedSeq, final long receivedSeq, final long count,
        final long nowNs)
    {
        lastNowNs = nowNs;
        market.onFeedEvent(event, locate, count, nowNs);
    }

    /** Timer tick from the hot loop. */
    public void onTimer(final long nowNs)
    {
        lastNowNs = nowNs;
        triggerNs = nowNs;
        stats.onTimer(nowNs, positions.totalPnl());
        if (flattening && nowNs - lastFlattenNs >= 100_000_000L)
        {
            flattenStep(nowNs);
        }
        final AbstractStrategy[] a = active;
        for (int i = 0; i < a.length; i++)
        {
            a[i].onTimer(nowNs);
        }
    }

    // ------------------------------------------------------------------ venue events

    /** One venue event (ring.h nt_rec_order_event fields). */
    public void onOrderEvent(final byte event, final long userRef, final long origUserRef, final long quantity, final long price,
        final byte liquidity, final long venueRef, final int reason, final long nowNs)
    {
        lastNowNs = nowNs;
        triggerNs = nowNs;
        oms.onEvent(event, userRef, origUserRef, quantity, price, liquidity, venueRef, reason, nowNs);
        if (flattening)
        {
            flattenStep(nowNs);
        }
    }

    @Override
    public void onFill(final int strategyId, final long userRef, final int locate, final byte side, final long price,
        final long quantity, final byte liquidity, final long nowNs)
    {
        final long mark = market.markPx(locate);
        positions.onMark(locate, mark > 0 ? mark : price);
        onPnlChanged();
        final AbstractStrategy s = byId[strategyId & 0xFF];
        if (s != null)
        {
            s.onFill(userRef, locate, side, price, quantity, nowNs);
        }
    }

    @Override
    public void onClosed(final int strategyId, final long userRef, final byte state, final long nowNs)
    {
        final AbstractStrategy s = byId[strategyId & 0xFF];
        if (s != null)
        {
            s.onOrderClosed(userRef, nowNs);
        }
    }

    private void onPnlChanged()
    {
        final long pnl = positions.totalPnl();
        stats.onEquity(pnl);
        risk.onPnl(pnl);
    }

    // ------------------------------------------------------------------ risk listener

    @Override
    public void onReject(final int reason, final OrderIntent in)
    {
        if (journal != null)
        {
            journal.reject(reason, in);
        }
    }

    @Override
    public void onKill(final int reason, final boolean killed)
    {
        if (journal != null)
        {
            journal.setting(Journal.SET_KILL, (killed ? "on=" : "off=") + RiskReason.name(reason), lastNowNs);
        }
        if (killed)
        {
            for (final AbstractStrategy s : active)
            {
                if (s.running())
                {
                    s.stop(lastNowNs);
                }
            }
            oms.cancelAll(-1, lastNowNs);
        }
    }

    /**
     * The venue does not know the journal's working orders (the paper venue dies with the process):
     * close them through journaled events (Canceled, or Rejected for a pending replacement).
     * Returns how many were closed.
     */
    public int expireWorkingOrders(final long nowNs)
    {
        int n = 0;
        int open;
        while ((open = oms.openOrders()) > 0)
        {
            final int slot = oms.openSlot(open - 1);
            final long ref = oms.ref(slot);
            final byte ev = oms.state(slot) == OrderManager.REPLACE_NEW ? OrderManager.EV_REJECTED : OrderManager.EV_CANCELED;
            oms.onEvent(ev, ref, 0, oms.leaves(slot), oms.price(slot), (byte)0, 0, OrderManager.REASON_LOST, nowNs);
            if (oms.openOrders() >= open)
            {
                throw new IllegalStateException("order " + ref + " did not close");
            }
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ StrategyContext / OrderSink

    @Override
    public MarketState market()
    {
        return market;
    }

    @Override
    public OrderSink orders()
    {
        return this;
    }

    @Override
    public long position(final int locate)
    {
        return positions.position(locate);
    }

    @Override
    public long enter(final int strategyId, final int locate, final byte side, final long price, final long quantity, final byte tif,
        final long nowNs)
    {
        return submit(intent.enter(strategyId, locate, side, price, quantity, tif, nowNs));
    }

    /** Runs risk on the (filled) intent and sends it; returns the UserRefNum or -reason. */
    public long submit(final OrderIntent in)
    {
        final int reason = risk.check(in, 0);
        if (reason != RiskReason.OK)
        {
            return -reason;
        }
        final long ref = oms.enter(in);
        if (ref < 0)
        {
            risk.reject(RiskReason.MAX_OPEN_ORDERS, in);
            return -RiskReason.MAX_OPEN_ORDERS;
        }
        recordLatency();
        return ref;
    }

    @Override
    public long replace(final int strategyId, final long userRef, final long price, final long quantity, final long nowNs)
    {
        final int slot = oms.replaceable(userRef);
        if (slot < 0)
        {
            if (oms.slotOf(userRef) >= 0)
            {
                return 0; // working but not LIVE yet (or already changing): not now, no rejection
            }
            intent.replace(strategyId, userRef, 0, (byte)0, price, quantity, (byte)0, nowNs);
            risk.reject(RiskReason.UNKNOWN_ORDER, intent);
            return -RiskReason.UNKNOWN_ORDER;
        }
        intent.replace(strategyId, userRef, oms.locate(slot), oms.side(slot), price, quantity, oms.tif(slot), nowNs);
        // Until the venue confirms, the old order may still fill and the new one too: the new
        // quantity is checked in full on top of the old order's leaves (as the OMS counts it).
        final int reason = risk.check(intent, 0);
        if (reason != RiskReason.OK)
        {
            return -reason;
        }
        final long ref = oms.replace(intent);
        if (ref > 0)
        {
            recordLatency();
        }
        return ref;
    }

    private void recordLatency()
    {
        final long d = System.nanoTime() - triggerNs;
        if (d > 0 && d < 10_000_000_000L)
        {
            tickToOrder.recordValue(d);
        }
    }

    @Override
    public boolean cancel(final int strategyId, final long userRef, final long nowNs)
    {
        return oms.cancel(userRef, nowNs);
    }

    @Override
    public void cancelAll(final int strategyId, final long nowNs)
    {
        oms.cancelAll(strategyId, nowNs);
    }

    /**
     * Operator flatten: stop every strategy, cancel everything, and close every position with
     * reduce-only IOC orders at the far touch. A position's closing order goes out once no
     * same-side order of ours is still working (those could fill too); until every position is
     * flat, the controller retries as cancels and fills come back (and every 100 ms on the timer,
     * e.g. after a risk rejection on stale data). Starting a strategy ends it. Returns how many
     * closing orders went out at once.
     */
    public int flatten(final long nowNs)
    {
        for (final AbstractStrategy s : active)
        {
            if (s.running())
            {
                s.stop(nowNs);
            }
        }
        oms.cancelAll(-1, nowNs);
        flattening = true;
        return flattenStep(nowNs);
    }

    public boolean flattening()
    {
        return flattening;
    }

    public void stopFlattening()
    {
        flattening = false;
    }

    private int flattenStep(final long nowNs)
    {
        lastFlattenNs = nowNs;
        int sent = 0;
        boolean flat = true;
        for (int i = 0; i < positions.activeCount(); i++)
        {
            final int locate = positions.activeLocate(i);
            final long pos = positions.position(locate);
            if (pos == 0)
            {
                continue;
            }
            flat = false;
            final long working = pos > 0 ? oms.openSellQty(locate) : oms.openBuyQty(locate);
            if (working > 0)
            {
                continue;
            }
            final byte side = pos > 0 ? Side.SELL : Side.BUY;
            final long px = pos > 0 ? market.bidPx(locate) : market.askPx(locate);
            intent.enter(0, locate, side, px, Math.abs(pos), Tif.IOC, nowNs);
            intent.flags = OrderIntent.REDUCE_ONLY;
            if (submit(intent) > 0)
            {
                sent++;
            }
        }
        if (flat)
        {
            flattening = false;
        }
        return sent;
    }
}
