package io.nanotick.controller;

import io.nanotick.controller.journal.Journal;
import io.nanotick.controller.strategy.AbstractStrategy;

/**
 * Rebuilds orders, positions, risk settings, the kill switch and strategy parameters from the
 * journal after a restart. Venue events are re-applied through the OMS with journaling and strategy
 * callbacks off. Strategies come back stopped; orders the journal shows as working stay in the
 * OMS (pending ones are settled by the reconnect reconciliation).
 */
public final class Recovery implements Journal.Reader
{
    private final Controller c;
    private boolean killed;
    private boolean stopped;
    private long requests;
    private long events;
    private long settings;
    private long rejects;

    private Recovery(final Controller c)
    {
        this.c = c;
    }

    /** Replays the controller's journal into it. Returns a one-line summary. */
    public static String restore(final Controller c)
    {
        final Recovery r = new Recovery(c);
        c.oms().restoring(true);
        try
        {
            c.journal().replay(r);
        }
        finally
        {
            c.oms().restoring(false);
        }
        c.risk().restore(r.killed, r.stopped);
        return "journal: " + r.requests + " requests, " + r.events + " events, " + r.settings + " settings, " + r.rejects +
            " risk rejects replayed; " + c.oms().openOrders() + " orders open, next UserRefNum " + c.oms().nextUserRef() +
            (r.killed ? ", KILL SWITCH ON" : "");
    }

    @Override
    public void onRequest(final byte action, final long userRef, final long origUserRef, final int locate, final byte side,
        final long quantity, final long price, final byte tif, final int strategyId, final long nowNs)
    {
        requests++;
        c.oms().restoreRequest(action, userRef, origUserRef, locate, side, quantity, price, tif, strategyId);
    }

    @Override
    public void onEvent(final byte event, final long userRef, final long origUserRef, final int locate, final byte side,
        final long quantity, final long price, final byte liquidity, final long venueRef, final int reason, final long nowNs)
    {
        events++;
        c.oms().onEvent(event, userRef, origUserRef, quantity, price, liquidity, venueRef, reason, nowNs);
    }

    @Override
    public void onSetting(final byte kind, final String text, final long nowNs)
    {
        settings++;
        final int eq = text.indexOf('=');
        if (eq < 0)
        {
            return;
        }
        final String key = text.substring(0, eq);
        final String value = text.substring(eq + 1);
        switch (kind)
        {
            case Journal.SET_RISK:
                c.limits().set(key, value);
                break;
            case Journal.SET_KILL:
                if (value.equals("stopped"))
                {
                    stopped = key.equals("on");
                }
                else if (key.equals("on"))
                {
                    killed = true;
                }
                else
                {
                    killed = false;
                    stopped = false;
                }
                break;
            case Journal.SET_STRATEGY:
            {
                final int dot = key.indexOf('.');
                if (dot > 0)
                {
                    final AbstractStrategy s = c.strategy(key.substring(0, dot));
                    if (s != null)
                    {
                        s.set(key.substring(dot + 1), value);
                    }
                }
                break;
            }
            default:
                break;
        }
    }

    @Override
    public void onReject(final int reason, final byte action, final long origUserRef, final int locate, final byte side,
        final long quantity, final long price, final int strategyId, final long nowNs)
    {
        rejects++;
        c.risk().countReject(reason);
    }
}
