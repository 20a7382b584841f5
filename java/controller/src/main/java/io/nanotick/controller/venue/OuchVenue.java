package io.nanotick.controller.venue;

import io.nanotick.controller.Controller;
import io.nanotick.controller.oms.OrderManager;
import io.nanotick.exchange.OuchClient;
import io.nanotick.ouch.Ouch;
import io.nanotick.ouch.SoupBinTcp;

import java.io.IOException;

/**
 * OUCH 5.0 over SoupBinTCP 4.0 to a venue (the exchange simulator), through java/exchange's
 * {@link OuchClient}. Requests are sent from the hot thread as they pass risk and the journal;
 * {@link #poll} reads what has arrived without blocking and turns Accepted, Replaced, Canceled,
 * Executed and Rejected into OMS events. Symbols are per locate (config symbol.LOCATE).
 * A send that fails or a closed connection marks the venue down; {@link #poll} then logs in again
 * every second from the next unseen sequence number and reconciles the replay (see reconnect).
 */
public final class OuchVenue implements Venue
{
    private static final String CL_ORD_ID = "NANOTICK";

    private OuchClient client;
    private final String[] symbols;
    private final String where;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private long nextSequence = 1;
    private long nextAttemptNs;
    private boolean reconciling;
    private long lastMessageNs;
    private long reconnects;
    private long lostToReconcile;
    private final Ouch.OrderAccepted accepted = new Ouch.OrderAccepted();
    private final Ouch.OrderReplaced replaced = new Ouch.OrderReplaced();
    private final Ouch.OrderCanceled canceled = new Ouch.OrderCanceled();
    private final Ouch.OrderExecuted executed = new Ouch.OrderExecuted();
    private final Ouch.OrderRejected rejected = new Ouch.OrderRejected();
    private final Ouch.AccountQueryResponse account = new Ouch.AccountQueryResponse();
    private long accountResponses;
    private boolean up;
    private long sendErrors;
    private long unknownSymbol;
    private long messages;

    private OuchVenue(final OuchClient client, final String[] symbols, final String host, final int port, final String user,
        final String password)
    {
        this.client = client;
        this.symbols = symbols;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.where = "ouch " + host + ":" + port;
        this.up = true;
    }

    /** Connects and logs in (a new session from sequence 1); throws with the reason on failure. */
    public static OuchVenue connect(final String host, final int port, final String user, final String password,
        final String[] symbolsByLocate) throws IOException
    {
        return connect(host, port, user, password, symbolsByLocate, 1);
    }

    /** Connects and logs in asking for the session from sequence (0: only new messages, no replay). */
    public static OuchVenue connect(final String host, final int port, final String user, final String password,
        final String[] symbolsByLocate, final long sequence) throws IOException
    {
        final OuchClient c = new OuchClient(host, port, false);
        final byte r = c.login(user, password, "", sequence, 5_000);
        if (r != SoupBinTcp.LOGIN_ACCEPTED)
        {
            c.close();
            throw new IOException("OUCH login to " + host + ":" + port + " as '" + user + "' " +
                (r == 0 ? "timed out" : r == -1 ? "closed" : "rejected ('" + (char)r + "')"));
        }
        return new OuchVenue(c, symbolsByLocate, host, port, user, password);
    }

    @Override
    public void enter(final long userRef, final int locate, final byte side, final long quantity, final long price, final byte tif,
        final int strategyId, final long nowNs)
    {
        final String symbol = locate < symbols.length ? symbols[locate] : null;
        if (symbol == null)
        {
            unknownSymbol++;
            return; // stays PENDING_NEW: visible in 'orders', settled as LOST by reconciliation
        }
        try
        {
            client.enter((int)userRef, side, (int)quantity, symbol, price, tif, CL_ORD_ID);
        }
        catch (final IOException ex)
        {
            down();
        }
    }

    @Override
    public void replace(final long origUserRef, final long newUserRef, final long quantity, final long price, final long nowNs)
    {
        try
        {
            client.replace((int)origUserRef, (int)newUserRef, (int)quantity, price, Ouch.TIF_DAY, CL_ORD_ID);
        }
        catch (final IOException ex)
        {
            down();
        }
    }

    @Override
    public void cancel(final long userRef, final long quantity, final long nowNs)
    {
        try
        {
            client.cancel((int)userRef, (int)quantity);
        }
        catch (final IOException ex)
        {
            down();
        }
    }

    /**
     * OUCH Account Query: the venue answers with the lowest UserRefNum it will accept next, and the
     * OMS's next ref is raised to it (with the session replay, the second way a controller with a
     * new journal learns the day's refs).
     */
    public void queryAccount()
    {
        try
        {
            client.accountQuery();
        }
        catch (final IOException ex)
        {
            down();
        }
    }

    public long accountResponses()
    {
        return accountResponses;
    }

    private void down()
    {
        sendErrors++;
        up = false;
    }

    /**
     * While down: every second, try to log in again asking for the next sequence number we have
     * not seen; the venue replays what we missed. The OMS takes the replay in reconciliation mode
     * and settles what is still unanswered once the venue has been quiet for 300 ms. (A connect and
     * login attempt blocks this thread for at most ~200 ms.)
     */
    private void reconnect(final Controller c)
    {
        final long now = System.nanoTime();
        if (now < nextAttemptNs)
        {
            return;
        }
        nextAttemptNs = now + 1_000_000_000L;
        OuchClient fresh = null;
        try
        {
            fresh = new OuchClient(host, port, false);
            final byte r = fresh.login(user, password, "", nextSequence, 200);
            if (r != SoupBinTcp.LOGIN_ACCEPTED)
            {
                fresh.close();
                return;
            }
        }
        catch (final IOException ex)
        {
            if (fresh != null)
            {
                try
                {
                    fresh.close();
                }
                catch (final IOException ignored)
                {
                    // nothing more to do
                }
            }
            return;
        }
        try
        {
            client.close();
        }
        catch (final IOException ignored)
        {
            // the old connection is gone anyway
        }
        client = fresh;
        up = true;
        reconnects++;
        reconciling = true;
        lastMessageNs = now;
        c.oms().beginReconcile();
    }

    /** Test hook and operator aid: drops the TCP connection as a network failure would. */
    public void dropConnection()
    {
        try
        {
            client.close();
        }
        catch (final IOException ignored)
        {
            // closed
        }
        up = false;
    }

    @Override
    public int poll(final Controller c, final int limit)
    {
        if (!up)
        {
            reconnect(c);
            if (!up)
            {
                c.risk().venueDown(true);
                return 0;
            }
        }
        int n = 0;
        try
        {
            client.heartbeatIfIdle(500);
            while (n < limit)
            {
                final byte t = client.next(0);
                if (t == 0)
                {
                    break;
                }
                if (t == -1 || t == SoupBinTcp.END_OF_SESSION)
                {
                    up = false;
                    break;
                }
                if (t != SoupBinTcp.SEQUENCED_DATA)
                {
                    continue;
                }
                n++;
                messages++;
                nextSequence = client.sequence();
                final long off = client.packet().payloadOffset();
                final long now = System.nanoTime();
                lastMessageNs = now;
                switch (client.ouchType())
                {
                    case Ouch.ORDER_ACCEPTED:
                        accepted.wrap(client.segment(), off);
                        c.onOrderEvent(OrderManager.EV_ACCEPTED, accepted.userRefNum() & 0xFFFF_FFFFL, 0,
                            accepted.orderState() == Ouch.STATE_DEAD ? 0 : accepted.quantity(), accepted.price(), (byte)0,
                            accepted.orderReferenceNumber(), 0, now);
                        break;
                    case Ouch.ORDER_REPLACED:
                        replaced.wrap(client.segment(), off);
                        c.onOrderEvent(OrderManager.EV_REPLACED, replaced.userRefNum() & 0xFFFF_FFFFL,
                            replaced.origUserRefNum() & 0xFFFF_FFFFL, replaced.quantity(), replaced.price(), (byte)0,
                            replaced.orderReferenceNumber(), 0, now);
                        break;
                    case Ouch.ORDER_CANCELED:
                        canceled.wrap(client.segment(), off);
                        c.onOrderEvent(OrderManager.EV_CANCELED, canceled.userRefNum() & 0xFFFF_FFFFL, 0, canceled.quantity(), 0,
                            (byte)0, 0, canceled.reason(), now);
                        break;
                    case Ouch.ORDER_EXECUTED:
                        executed.wrap(client.segment(), off);
                        c.onOrderEvent(OrderManager.EV_EXECUTED, executed.userRefNum() & 0xFFFF_FFFFL, 0, executed.quantity(),
                            executed.price(), executed.liquidityFlag(), executed.matchNumber(), 0, now);
                        break;
                    case Ouch.ORDER_REJECTED:
                        rejected.wrap(client.segment(), off);
                        c.onOrderEvent(OrderManager.EV_REJECTED, rejected.userRefNum() & 0xFFFF_FFFFL, 0, 0, 0, (byte)0, 0,
                            rejected.reason(), now);
                        break;
                    case Ouch.ACCOUNT_QUERY_RESPONSE:
                        account.wrap(client.segment(), off);
                        accountResponses++;
                        c.oms().venueNextUserRef(account.nextUserRefNum() & 0xFFFF_FFFFL);
                        break;
                    default:
                        break;
                }
            }
        }
        catch (final IOException ex)
        {
            up = false;
        }
        if (reconciling && up && System.nanoTime() - lastMessageNs > 300_000_000L)
        {
            reconciling = false;
            lostToReconcile += c.oms().endReconcile(System.nanoTime());
        }
        c.risk().venueDown(!up || reconciling);
        return n;
    }

    public boolean reconciling()
    {
        return reconciling;
    }

    public long reconnects()
    {
        return reconnects;
    }

    public boolean up()
    {
        return up;
    }

    public long sendErrors()
    {
        return sendErrors;
    }

    public long messages()
    {
        return messages;
    }

    @Override
    public String describe()
    {
        return where + (up ? (reconciling ? " (reconciling, " : " (up, ") : " (DOWN, ") + messages + " messages, " + sendErrors +
            " send errors, " + reconnects + " reconnects" +
            (unknownSymbol > 0 ? ", " + unknownSymbol + " orders for locates without a symbol" : "") + ")";
    }

    @Override
    public void close()
    {
        try
        {
            if (up)
            {
                client.logout();
            }
            client.close();
        }
        catch (final IOException ex)
        {
            // closing anyway
        }
    }
}
