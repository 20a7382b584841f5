package io.nanotick.controller;

import io.nanotick.controller.console.CommandProcessor;
import io.nanotick.controller.console.CommandQueue;
import io.nanotick.controller.journal.Journal;
import io.nanotick.controller.md.FeedSource;
import io.nanotick.controller.md.ItchFeed;
import io.nanotick.controller.metrics.MetricsServer;
import io.nanotick.controller.md.RingFeed;
import io.nanotick.controller.sim.PaperVenue;
import io.nanotick.controller.sim.SimFeed;
import io.nanotick.controller.strategy.AbstractStrategy;
import io.nanotick.controller.venue.OuchVenue;
import io.nanotick.controller.venue.Venue;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The controller process: loads the config, restores from the journal, starts the hot thread and
 * runs the operator console on the main thread. The console is JLine 3 (history, tab completion)
 * on a terminal; with --script FILE, or when stdin is not a terminal, it reads commands line by
 * line and echoes each one, so tests drive it exactly as an operator would.
 * <pre>
 *   nanotick controller [--config FILE] [--journal FILE] [--script FILE]
 * </pre>
 * Exit status: 0 normal, 2 bad arguments or configuration, 3 the hot thread failed.
 */
public final class ControllerMain
{
    private ControllerMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.exit(run(args, System.in, System.out, System.err));
    }

    public static int run(final String[] args, final java.io.InputStream stdin, final PrintStream out, final PrintStream err)
        throws Exception
    {
        String configFile = null;
        String script = null;
        String journalOverride = null;
        for (int i = 0; i < args.length; i++)
        {
            final String a = args[i];
            if ((a.equals("--config") || a.equals("--script") || a.equals("--journal")) && i + 1 < args.length)
            {
                final String v = args[++i];
                switch (a)
                {
                    case "--config": configFile = v; break;
                    case "--script": script = v; break;
                    default: journalOverride = v; break;
                }
            }
            else if (a.equals("--help") || a.equals("-h"))
            {
                out.println("usage: nanotick controller [--config FILE] [--journal FILE] [--script FILE]");
                out.println("  commands come from --script FILE, else from stdin (a JLine console on a terminal)");
                return 0;
            }
            else
            {
                err.println("nanotick controller: bad argument '" + a + "' (try --help)");
                return 2;
            }
        }

        final ControllerConfig cfg;
        try
        {
            cfg = configFile == null ? ControllerConfig.parse(new java.util.Properties()) : ControllerConfig.load(Path.of(configFile));
        }
        catch (final ConfigException ex)
        {
            err.println(ex.getMessage());
            return 2;
        }
        catch (final IOException ex)
        {
            err.println("config: cannot read " + configFile + ": " + ex.getMessage());
            return 2;
        }
        if (journalOverride != null)
        {
            cfg.journal = journalOverride;
        }

        final Controller c = new Controller(cfg.omsCapacity);
        c.positions().fees(cfg.makerFee, cfg.takerFee);
        for (final Map.Entry<Integer, String> e : cfg.symbols.entrySet())
        {
            c.symbol(e.getKey(), e.getValue());
        }
        for (final Map.Entry<String, String> e : cfg.risk.entrySet())
        {
            c.limits().set(e.getKey(), e.getValue());
        }
        for (final AbstractStrategy s : cfg.strategies)
        {
            c.addStrategy(s);
        }
        if (cfg.journal != null)
        {
            try
            {
                c.journal(Journal.open(new File(cfg.journal)));
            }
            catch (final IOException ex)
            {
                err.println("journal: " + ex.getMessage());
                return 2;
            }
            out.println(Recovery.restore(c));
        }

        final Venue venue;
        PaperVenue paper = null;
        if (cfg.venue.startsWith("ouch:"))
        {
            final String[] hp = cfg.venue.split(":");
            final String[] symbols = new String[65_536];
            for (final Map.Entry<Integer, String> e : cfg.symbols.entrySet())
            {
                symbols[e.getKey()] = e.getValue();
            }
            try
            {
                venue = OuchVenue.connect(hp[1], Integer.parseInt(hp[2]), cfg.venueUser, cfg.venuePassword, symbols);
            }
            catch (final IOException ex)
            {
                err.println("config: key 'venue' value '" + cfg.venue + "': " + ex.getMessage());
                return 2;
            }
            c.oms().gateway(venue);
            // the login asked for the session from sequence 1: the venue replays everything it sent;
            // the OMS applies it idempotently, then settles what the venue never saw
            final long executionsBefore = c.oms().executions();
            final long ignoredBefore = c.oms().duplicateEvents() + c.oms().unknownEvents();
            c.oms().beginReconcile();
            ((OuchVenue)venue).queryAccount(); // the venue's next UserRefNum, answered within the replay
            long quietSince = System.nanoTime();
            final long start = quietSince;
            while (System.nanoTime() - quietSince < 300_000_000L && System.nanoTime() - start < 30_000_000_000L)
            {
                if (venue.poll(c, 1024) > 0)
                {
                    quietSince = System.nanoTime();
                }
                else
                {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }
            final int settled = c.oms().endReconcile(System.nanoTime());
            out.println(venue.describe() + ": session replayed, " +
                (c.oms().duplicateEvents() + c.oms().unknownEvents() - ignoredBefore) + " already-known events ignored, " +
                (c.oms().executions() - executionsBefore) + " executions applied that the journal did not have, " +
                settled + " orders settled, " + c.oms().openOrders() + " working, next UserRefNum " + c.oms().nextUserRef());
        }
        else
        {
            paper = new PaperVenue(c.market());
            venue = paper;
            c.oms().gateway(venue);
            if (c.oms().openOrders() > 0)
            {
                final int n = c.expireWorkingOrders(System.nanoTime());
                out.println("paper venue: " + n + " working orders from the journal closed (the paper venue does not survive a restart)");
            }
        }
        final FeedSource feed;
        if (cfg.feed.startsWith("itch:"))
        {
            final String[] g = cfg.feed.split(":");
            try
            {
                ItchFeed.Recovery rec = null;
                if (cfg.feedRetransmit != null)
                {
                    final int colon = cfg.feedRetransmit.lastIndexOf(':');
                    final java.net.InetSocketAddress server = new java.net.InetSocketAddress(
                        cfg.feedRetransmit.substring(0, colon), Integer.parseInt(cfg.feedRetransmit.substring(colon + 1)));
                    if (server.isUnresolved())
                    {
                        err.println("config: key 'feed.retransmit' value '" + cfg.feedRetransmit + "': unknown host");
                        return 2;
                    }
                    rec = new ItchFeed.Recovery(server, cfg.feedRetransmitIntervalNs, cfg.feedRetransmitMaxTries, cfg.feedFromStart);
                }
                feed = new ItchFeed(g[1], Integer.parseInt(g[2]), g.length > 3 ? g[3] : "lo", rec);
            }
            catch (final IOException | RuntimeException ex)
            {
                err.println("config: key 'feed' value '" + cfg.feed + "': " + ex.getMessage());
                return 2;
            }
        }
        else if (cfg.feed.startsWith("ring:"))
        {
            try
            {
                feed = new RingFeed(Path.of(cfg.feed.substring(5)));
            }
            catch (final java.nio.file.NoSuchFileException ex)
            {
                err.println("config: key 'feed' value '" + cfg.feed + "': no such ring file");
                return 2;
            }
            catch (final IOException | RuntimeException ex)
            {
                err.println("config: key 'feed' value '" + cfg.feed + "': " + ex.getMessage());
                return 2;
            }
        }
        else
        {
            final long[] px = new long[cfg.simLocates.length];
            for (int i = 0; i < px.length; i++)
            {
                px[i] = cfg.simPrices.getOrDefault(cfg.simLocates[i], 100L * Px.SCALE);
            }
            feed = new SimFeed(cfg.simLocates, px, cfg.simTick, cfg.simIntervalNs, cfg.simSeed, paper);
        }

        final CommandQueue queue = new CommandQueue();
        final HotLoop loop = new HotLoop(c, feed, venue, queue, cfg.idle, cfg.timerNs);
        loop.cpu(cfg.cpu);
        MetricsServer metrics = null;
        if (cfg.metricsPort >= 0)
        {
            try
            {
                metrics = MetricsServer.start(cfg.metricsPort, loop.metrics());
                out.println("metrics: http://127.0.0.1:" + metrics.port() + "/metrics");
            }
            catch (final IOException ex)
            {
                err.println("config: key 'metrics.port' value '" + cfg.metricsPort + "': " + ex.getMessage());
                return 2;
            }
        }
        final Thread hot = new Thread(loop, "nanotick-hot");
        hot.start();
        // autostart goes through the queue too: strategies are only ever touched by the hot thread
        for (final String name : cfg.autostart)
        {
            out.println(queue.call("strategy start " + name, 5000));
        }

        int rc = 0;
        try
        {
            if (script != null)
            {
                try (Reader r = Files.newBufferedReader(Path.of(script), StandardCharsets.UTF_8))
                {
                    lines(new BufferedReader(r), queue, loop, out);
                }
                catch (final IOException ex)
                {
                    err.println("script: cannot read " + script + ": " + ex.getMessage());
                    rc = 2;
                }
            }
            else if (System.console() != null && stdin == System.in && System.console().isTerminal())
            {
                interactive(queue, loop);
            }
            else
            {
                lines(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), queue, loop, out);
            }
        }
        finally
        {
            loop.stop();
            hot.join(5000);
            feed.close();
            venue.close();
            if (metrics != null)
            {
                metrics.close();
            }
            if (c.journal() != null)
            {
                c.journal().close();
            }
        }
        if (loop.failure() != null)
        {
            err.println("hot thread failed: " + loop.failure());
            loop.failure().printStackTrace(err);
            return 3;
        }
        return rc;
    }

    /** Script / pipe mode: echo each command, print its reply. */
    private static void lines(final BufferedReader in, final CommandQueue queue, final HotLoop loop, final PrintStream out)
        throws IOException
    {
        String line;
        while ((line = in.readLine()) != null)
        {
            final String cmd = line.trim();
            if (cmd.isEmpty() || cmd.startsWith("#"))
            {
                continue;
            }
            out.println("nanotick> " + cmd);
            if (!one(cmd, queue, loop, out))
            {
                break;
            }
        }
        out.flush();
    }

    /** Runs one command; false to quit. */
    private static boolean one(final String cmd, final CommandQueue queue, final HotLoop loop, final PrintStream out)
    {
        if (cmd.equals("quit") || cmd.equals("exit"))
        {
            return false;
        }
        if (cmd.startsWith("wait"))
        {
            final String[] a = cmd.split("\\s+");
            try
            {
                if (a.length != 2)
                {
                    throw new NumberFormatException();
                }
                final long ms = Long.parseLong(a[1]);
                if (ms < 0 || ms > 600_000)
                {
                    throw new NumberFormatException();
                }
                Thread.sleep(ms);
            }
            catch (final NumberFormatException ex)
            {
                out.println("usage: wait MS (0..600000)");
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        }
        if (!loop.running())
        {
            out.println("error: the hot thread has stopped");
            return false;
        }
        out.println(queue.call(cmd, 10_000));
        out.flush();
        return true;
    }

    private static void interactive(final CommandQueue queue, final HotLoop loop) throws IOException
    {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build())
        {
            final List<org.jline.reader.Completer> completers = new ArrayList<>();
            for (final String cmd : CommandProcessor.COMMANDS)
            {
                switch (cmd)
                {
                    case "risk":
                        completers.add(new ArgumentCompleter(new StringsCompleter("risk"),
                            new StringsCompleter("show", "log", "set", "resume"),
                            new StringsCompleter(io.nanotick.controller.risk.RiskLimits.NAMES), NullCompleter.INSTANCE));
                        break;
                    case "strategy":
                        completers.add(new ArgumentCompleter(new StringsCompleter("strategy"),
                            new StringsCompleter("list", "show", "start", "stop", "set"), NullCompleter.INSTANCE));
                        break;
                    default:
                        completers.add(new ArgumentCompleter(new StringsCompleter(cmd), NullCompleter.INSTANCE));
                        break;
                }
            }
            completers.add(new ArgumentCompleter(new StringsCompleter("wait", "quit"), NullCompleter.INSTANCE));
            // ~/.nanotick_history, with ~ from $HOME as a shell would (the JVM's user.home ignores it)
            final String home = System.getenv("HOME");
            final Path history = Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".nanotick_history");
            final LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .completer(new AggregateCompleter(completers))
                .variable(LineReader.HISTORY_FILE, history)
                .build();
            final PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            out.println("nanotick controller console: 'help' lists commands, Tab completes, 'quit' leaves");
            while (true)
            {
                final String line;
                try
                {
                    line = reader.readLine("nanotick> ");
                }
                catch (final UserInterruptException ex)
                {
                    continue;
                }
                catch (final EndOfFileException ex)
                {
                    break;
                }
                final String cmd = line.trim();
                if (cmd.isEmpty())
                {
                    continue;
                }
                if (!one(cmd, queue, loop, out))
                {
                    break;
                }
            }
            reader.getHistory().save();
        }
    }
}
