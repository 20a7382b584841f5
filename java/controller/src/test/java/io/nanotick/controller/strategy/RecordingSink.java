package io.nanotick.controller.strategy;

import io.nanotick.controller.Px;
import io.nanotick.controller.md.MarketState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test double: records every intent as a line of text and hands out UserRefNums 1, 2, 3 ... */
final class RecordingSink implements OrderSink, StrategyContext
{
    final MarketState market = new MarketState();
    final List<String> log = new ArrayList<>();
    final Map<Integer, Long> positions = new HashMap<>();
    final Map<Long, long[]> open = new HashMap<>(); // ref -> {locate, side, price, qty}
    long nextRef = 1;
    long rejectNext;

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
        return positions.getOrDefault(locate, 0L);
    }

    @Override
    public long enter(final int strategyId, final int locate, final byte side, final long price, final long quantity, final byte tif, final long nowNs)
    {
        if (rejectNext != 0)
        {
            final long r = rejectNext;
            rejectNext = 0;
            log.add("REJECTED " + (char)side + " " + locate + " " + Px.format(price) + "x" + quantity);
            return r;
        }
        final long ref = nextRef++;
        open.put(ref, new long[] {locate, side, price, quantity});
        log.add("ENTER #" + ref + " " + (char)side + " " + locate + " " + Px.format(price) + "x" + quantity + (tif == '3' ? " IOC" : " DAY"));
        return ref;
    }

    @Override
    public long replace(final int strategyId, final long userRef, final long price, final long quantity, final long nowNs)
    {
        final long[] o = open.remove(userRef);
        if (o == null)
        {
            return -1;
        }
        final long ref = nextRef++;
        open.put(ref, new long[] {o[0], o[1], price, quantity});
        log.add("REPLACE #" + userRef + "->#" + ref + " " + Px.format(price) + "x" + quantity);
        return ref;
    }

    @Override
    public boolean cancel(final int strategyId, final long userRef, final long nowNs)
    {
        log.add("CANCEL #" + userRef);
        return open.containsKey(userRef);
    }

    @Override
    public void cancelAll(final int strategyId, final long nowNs)
    {
        log.add("CANCEL ALL");
    }

    void tob(final Strategy s, final int locate, final String bid, final long bq, final String ask, final long aq, final long nowNs)
    {
        market.onTopOfBook(locate, px(bid), bq, px(ask), aq, 0, nowNs);
        s.onTopOfBook(locate, nowNs);
    }

    /** Simulates a fill of qty on ref at price, updating the position; closes it when fully filled. */
    void fill(final Strategy s, final long ref, final String price, final long qty, final long nowNs)
    {
        final long[] o = open.get(ref);
        final int locate = (int)o[0];
        final byte side = (byte)o[1];
        positions.merge(locate, (side == 'B' ? 1 : -1) * qty, Long::sum);
        o[3] -= qty;
        s.onFill(ref, locate, side, px(price), qty, nowNs);
        if (o[3] == 0)
        {
            open.remove(ref);
            s.onOrderClosed(ref, nowNs);
        }
    }

    void close(final Strategy s, final long ref, final long nowNs)
    {
        open.remove(ref);
        s.onOrderClosed(ref, nowNs);
    }

    List<String> drain()
    {
        final List<String> out = new ArrayList<>(log);
        log.clear();
        return out;
    }

    static long px(final String p)
    {
        return Math.round(Double.parseDouble(p) * 10_000);
    }
}
