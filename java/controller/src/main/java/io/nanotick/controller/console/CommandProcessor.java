package io.nanotick.controller.console;

import io.nanotick.controller.Controller;
import io.nanotick.controller.Px;
import io.nanotick.controller.SessionStats;
import io.nanotick.controller.md.MarketState;
import io.nanotick.controller.oms.OrderManager;
import io.nanotick.controller.oms.Positions;
import io.nanotick.controller.risk.RiskLimits;
import io.nanotick.controller.risk.RiskReason;
import io.nanotick.controller.strategy.AbstractStrategy;
import io.nanotick.controller.strategy.Params;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;

/**
 * Operator commands, executed on the hot thread between work items (so they see a consistent
 * state and never race it). A malformed command changes nothing and answers with its usage.
 */
public final class CommandProcessor
{
    public static final List<String> COMMANDS = List.of(
        "status", "feed", "book", "orders", "positions", "pnl", "risk", "strategy", "kill", "flatten", "latency", "help");

    static final String USAGE = String.join("\n",
        "commands:",
        "  status                              controller state at a glance",
        "  feed                                market-data records, gaps, lapped, stale",
        "  book SYMBOL                         top of book of a symbol (or locate number)",
        "  orders                              working orders",
        "  positions                           positions and P&L per symbol",
        "  pnl                                 P&L and session statistics",
        "  risk [show]                         limits, kill switch, rejections by reason",
        "  risk log                            the last 20 rejections with their reasons",
        "  risk set KEY VALUE                  change a limit (journaled)",
        "  risk resume                         clear the kill switch / profit stop",
        "  strategy list                       strategies and their state",
        "  strategy show NAME                  parameters of one strategy",
        "  strategy start|stop NAME            start or stop (stop cancels its orders)",
        "  strategy set NAME PARAM VALUE       change a parameter (journaled)",
        "  kill                                kill switch: cancel everything, block new orders",
        "  flatten                             cancel everything, close positions with IOC orders",
        "  latency                             tick-to-order latency (ns)",
        "  wait MS                             (console) pause, for scripts",
        "  help                                this text",
        "  quit                                leave (the controller stops)");

    private final Controller c;
    private final Runtime runtime;

    /** What the processor needs from the running controller beyond the core. */
    public interface Runtime
    {
        long nowNs();

        String feedSource();

        long feedRecords();

        long lostRecords();

        String venue();

        default String threading()
        {
            return "hot thread";
        }
    }

    public CommandProcessor(final Controller c, final Runtime runtime)
    {
        this.c = c;
        this.runtime = runtime;
    }

    public String execute(final String rawLine)
    {
        final String line = rawLine.trim();
        if (line.isEmpty())
        {
            return "";
        }
        final String[] a = line.split("\\s+");
        switch (a[0])
        {
            case "help":
                return USAGE;
            case "status":
                return a.length == 1 ? status() : usage("status");
            case "feed":
                return a.length == 1 ? feed() : usage("feed");
            case "book":
                return a.length == 2 ? book(a[1]) : usage("book SYMBOL");
            case "orders":
                return a.length == 1 ? orders() : usage("orders");
            case "positions":
                return a.length == 1 ? positions() : usage("positions");
            case "pnl":
                return a.length == 1 ? pnl() : usage("pnl");
            case "risk":
                return risk(a);
            case "strategy":
                return strategy(a);
            case "kill":
                if (a.length != 1)
                {
                    return usage("kill");
                }
                c.risk().kill(RiskReason.KILLED);
                return "kill switch ON: " + c.oms().openOrders() + " orders being canceled, new orders blocked (risk resume clears it)";
            case "flatten":
                if (a.length != 1)
                {
                    return usage("flatten");
                }
                final int sent = c.flatten(runtime.nowNs());
                return "flatten: strategies stopped, orders canceled, " + sent + " closing orders sent" +
                    (c.flattening() ? "; the rest follow as cancels complete (positions shows progress)" : "; flat");
            case "latency":
                return a.length == 1 ? latency() : usage("latency");
            default:
                return "unknown command '" + a[0] + "'\n" + USAGE;
        }
    }

    private static String usage(final String u)
    {
        return "usage: " + u;
    }

    private String status()
    {
        final StringBuilder b = new StringBuilder();
        b.append("controller: ").append(c.risk().killed() ? "KILLED" : c.risk().stopped() ? "STOPPED (profit target)" : "trading")
            .append(c.flattening() ? " (flattening)" : "")
            .append(", feed ").append(runtime.feedSource()).append(", venue ").append(runtime.venue()).append('\n');
        int running = 0;
        for (final AbstractStrategy s : c.strategies())
        {
            running += s.running() ? 1 : 0;
        }
        b.append("strategies: ").append(c.strategies().size()).append(" (").append(running).append(" running)\n");
        b.append("orders: ").append(c.oms().openOrders()).append(" working, ").append(c.oms().requestsSent()).append(" sent, ")
            .append(c.oms().executions()).append(" executions, ").append(c.oms().venueRejects()).append(" rejected by the venue\n");
        b.append("pnl: ").append(Px.format(c.positions().totalPnl())).append(" $\n");
        b.append("risk: ").append(c.risk().accepted()).append(" accepted, ").append(c.risk().totalRejects()).append(" rejected\n");
        b.append("journal: ").append(c.journal() == null ? "off" : c.journal().file() + " (" + c.journal().records() + " records)");
        b.append('\n').append(runtime.threading());
        return b.toString();
    }

    private String feed()
    {
        final MarketState m = c.market();
        return "feed: " + runtime.feedSource() + "\n" +
            "records: " + runtime.feedRecords() + " (tob " + m.tobRecords() + ", trade " + m.tradeRecords() + ", event " +
            m.eventRecords() + ")\n" +
            "gaps: " + m.gapEvents() + " (" + m.gapMessages() + " messages), gap open: " + (m.feedGap() ? "yes" : "no") +
            ", line down: " + (m.feedDown() ? "yes" : "no") + "\n" +
            "lapped: " + runtime.lostRecords() + " records lost\n" +
            "stale: " + m.staleRecords() + " records flagged STALE";
    }

    private String book(final String symbol)
    {
        final int locate = c.locateOf(symbol);
        if (locate < 0)
        {
            return "unknown symbol '" + symbol + "'\nusage: book SYMBOL";
        }
        final MarketState m = c.market();
        if (m.updates(locate) == 0)
        {
            return c.symbol(locate) + " (locate " + locate + "): no data";
        }
        final long age = runtime.nowNs() - m.lastUpdateNs(locate);
        return String.format(Locale.ROOT, "%s (locate %d): %d x %s | %s x %d  flags 0x%x  updates %d  age %.3f ms",
            c.symbol(locate), locate, m.bidQty(locate), Px.format(m.bidPx(locate)), Px.format(m.askPx(locate)),
            m.askQty(locate), m.flags(locate), m.updates(locate), age / 1e6);
    }

    private String orders()
    {
        final OrderManager o = c.oms();
        final StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-8s %-8s %-4s %12s %8s %8s %-6s %s", "ref", "symbol", "side", "price", "leaves",
            "filled", "state", "strategy"));
        for (int i = 0; i < o.openOrders(); i++)
        {
            final int s = o.openSlot(i);
            final AbstractStrategy st = strategyById(o.strategy(s));
            b.append('\n').append(String.format(Locale.ROOT, "%-8d %-8s %-4s %12s %8d %8d %-6s %s", o.ref(s), c.symbol(o.locate(s)),
                (char)o.side(s), Px.format(o.price(s)), o.leaves(s), o.filled(s), stateName(o.state(s)),
                st == null ? "-" : st.name()));
        }
        b.append('\n').append(o.openOrders()).append(" working");
        return b.toString();
    }

    private AbstractStrategy strategyById(final int id)
    {
        for (final AbstractStrategy s : c.strategies())
        {
            if (s.id() == id)
            {
                return s;
            }
        }
        return null;
    }

    static String stateName(final byte s)
    {
        switch (s)
        {
            case OrderManager.PENDING_NEW: return "new";
            case OrderManager.LIVE: return "live";
            case OrderManager.PENDING_CANCEL: return "cxl";
            case OrderManager.PENDING_REPLACE: return "rpl";
            case OrderManager.REPLACE_NEW: return "rplnew";
            default: return Character.toString((char)s);
        }
    }

    private String positions()
    {
        final Positions p = c.positions();
        final StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-8s %10s %12s %12s %12s %12s %10s", "symbol", "position", "avg", "mark", "realized",
            "unrealized", "fees"));
        for (int i = 0; i < p.activeCount(); i++)
        {
            final int l = p.activeLocate(i);
            final long pos = p.position(l);
            final String avg = pos == 0 ? "-" : Px.format(p.costBasis(l) / pos);
            b.append('\n').append(String.format(Locale.ROOT, "%-8s %10d %12s %12s %12s %12s %10s", c.symbol(l), pos, avg,
                Px.format(p.mark(l)), Px.format(p.realized(l)), Px.format(p.unrealized(l)), Px.format(p.fees(l))));
        }
        return b.toString();
    }

    private String pnl()
    {
        final Positions p = c.positions();
        final SessionStats s = c.stats();
        final OrderManager o = c.oms();
        return "realized " + Px.format(p.totalRealized()) + "  unrealized " + Px.format(p.totalUnrealized()) + "  fees " +
            Px.format(p.totalFees()) + "  total " + Px.format(p.totalPnl()) + " $\n" +
            String.format(Locale.ROOT, "sharpe %.3f (per 1 s interval, %d samples)  max drawdown %s $  win rate %s (%d/%d)%n",
                s.sharpe(), s.samples(), Px.format(s.maxDrawdown()), pct(p.wins(), p.closes()), p.wins(), p.closes()) +
            String.format(Locale.ROOT, "order-to-trade %s (%d requests / %d executions)  fill rate %s (%d / %d shares)",
                ratio(o.requestsSent(), o.executions()), o.requestsSent(), o.executions(), pct(p.filledQty(), o.requestedQty()),
                p.filledQty(), o.requestedQty());
    }

    private static String pct(final long a, final long b)
    {
        return b == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * a / b);
    }

    private static String ratio(final long a, final long b)
    {
        return b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", (double)a / b);
    }

    private String risk(final String[] a)
    {
        if (a.length == 1 || (a.length == 2 && a[1].equals("show")))
        {
            final RiskLimits l = c.limits();
            final StringBuilder b = new StringBuilder();
            b.append("kill switch: ").append(c.risk().killed() ? "ON" : "off").append(c.risk().stopped() ? ", profit stop ON" : "")
                .append("\nlimits:");
            for (final String k : RiskLimits.NAMES)
            {
                b.append("\n  ").append(k).append(" = ").append(l.get(k));
            }
            b.append("\nrejections:");
            for (int r = 1; r < RiskReason.COUNT; r++)
            {
                if (c.risk().rejects(r) > 0)
                {
                    b.append("\n  ").append(RiskReason.name(r)).append(" = ").append(c.risk().rejects(r));
                }
            }
            b.append("\n  total = ").append(c.risk().totalRejects());
            return b.toString();
        }
        if (a.length == 4 && a[1].equals("set"))
        {
            final String err = c.setRisk(a[2], a[3]);
            return err == null ? "risk " + a[2] + " = " + c.limits().get(a[2]) : "error: " + err + "\nusage: risk set KEY VALUE";
        }
        if (a.length == 2 && a[1].equals("log"))
        {
            final StringBuilder b = new StringBuilder("last rejections (newest first), " + c.risk().logged() + " in all:");
            String line;
            for (int k = 0; k < 20 && (line = c.risk().logLine(k)) != null; k++)
            {
                b.append("\n  ").append(line);
            }
            return b.toString();
        }
        if (a.length == 2 && a[1].equals("resume"))
        {
            c.risk().resume();
            return c.risk().killed() ? "still KILLED: P&L is beyond a loss limit (raise it with risk set first)" : "trading resumed";
        }
        return "usage: risk [show] | risk log | risk set KEY VALUE | risk resume\nkeys: " + String.join(", ", RiskLimits.NAMES);
    }

    private String strategy(final String[] a)
    {
        final String u = "usage: strategy list | strategy show NAME | strategy start NAME | strategy stop NAME | strategy set NAME PARAM VALUE";
        if (a.length == 2 && a[1].equals("list"))
        {
            final StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%-12s %-10s %4s %s", "name", "type", "id", "state"));
            for (final AbstractStrategy s : c.strategies())
            {
                b.append('\n').append(String.format(Locale.ROOT, "%-12s %-10s %4d %s", s.name(), s.type(), s.id(),
                    s.running() ? "running" : "stopped"));
            }
            return b.toString();
        }
        if (a.length < 3)
        {
            return u;
        }
        final AbstractStrategy s = c.strategy(a[2]);
        if (s == null)
        {
            return "unknown strategy '" + a[2] + "'\n" + u;
        }
        switch (a[1])
        {
            case "show":
            {
                if (a.length != 3)
                {
                    return u;
                }
                final Params p = s.params();
                final StringBuilder b = new StringBuilder(s.name() + " (" + s.type() + ", id " + s.id() + ", " +
                    (s.running() ? "running" : "stopped") + ")");
                for (int i = 0; i < p.names().size(); i++)
                {
                    b.append("\n  ").append(p.describe(i));
                }
                return b.toString();
            }
            case "start":
                if (a.length != 3)
                {
                    return u;
                }
                if (c.risk().killed())
                {
                    return "error: kill switch is on (risk resume first)";
                }
                c.stopFlattening();
                if (!s.running())
                {
                    s.start(runtime.nowNs());
                }
                return s.name() + " running";
            case "stop":
                if (a.length != 3)
                {
                    return u;
                }
                if (s.running())
                {
                    s.stop(runtime.nowNs());
                }
                return s.name() + " stopped";
            case "set":
            {
                if (a.length != 5)
                {
                    return u;
                }
                final String err = c.setStrategyParam(a[2], a[3], a[4]);
                return err == null ? s.name() + "." + a[3] + " = " + a[4] : "error: " + err + "\n" + u;
            }
            default:
                return u;
        }
    }

    private String latency()
    {
        final Histogram h = c.tickToOrder();
        if (h.getTotalCount() == 0)
        {
            return "tick-to-order: no orders yet";
        }
        return String.format(Locale.ROOT,
            "tick-to-order (record ingress timestamp -> request handed to the venue adapter), ns:%n" +
            "  count %d  min %d  p50 %d  p90 %d  p99 %d  p99.9 %d  max %d",
            h.getTotalCount(), h.getMinValue(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
            h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
