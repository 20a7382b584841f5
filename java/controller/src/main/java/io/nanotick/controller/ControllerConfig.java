package io.nanotick.controller;

import io.nanotick.controller.strategy.AbstractStrategy;
import io.nanotick.controller.strategy.Strategies;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Controller configuration (Java properties). Every key is checked; an unknown key or a bad value
 * fails start-up with a message naming both. Keys:
 * <pre>
 *   journal=PATH                  write-ahead journal (restored at start); absent: no journal
 *   feed=sim | ring:PATH | itch:GROUP:PORT[:IFACE]   synthetic feed, an MD ring (ring.h), or ITCH/MoldUDP64 multicast
 *   feed.retransmit=HOST:PORT     MoldUDP64 retransmission server for an itch feed (gap recovery); absent: gaps stay open
 *   feed.retransmit.intervalMs=50 resend a request unanswered this long;  feed.retransmit.maxTries=10 then give up
 *   feed.fromStart=false          itch feed with feed.retransmit: fetch the session's messages before the join
 *   venue=paper | ouch:HOST:PORT  the in-process paper venue, or OUCH 5.0/SoupBinTCP (venue.user, venue.password)
 *   idle=park|yield|spin          hot-loop idle strategy when there is no work
 *   timerMs=1                     strategy timer period
 *   cpu=N                         pin the hot thread to CPU N (OpenHFT Affinity); -1/absent: no pinning
 *   metrics.port=N                Prometheus endpoint on 127.0.0.1:N/metrics (0: any free port); absent: off
 *   oms.capacity=4096             working-order table size (power of two)
 *   fees.maker=-20  fees.taker=30 per share, price units (1e-4 $); negative = rebate
 *   risk.KEY=VALUE                see RiskLimits.NAMES
 *   symbol.LOCATE=NAME            names for the console
 *   sim.locates=1,2  sim.price.LOCATE=100.00  sim.tick=100  sim.intervalUs=1000  sim.seed=1
 *   strategy.NAME.type=TYPE       one of Strategies.TYPES; .id=1..255 (default: order of appearance)
 *   strategy.NAME.autostart=true  start when the controller starts
 *   strategy.NAME.PARAM=VALUE     any parameter of the type
 * </pre>
 */
public final class ControllerConfig
{
    public String journal;
    public String feed = "sim";
    public String feedRetransmit;
    public long feedRetransmitIntervalNs = 50_000_000L;
    public int feedRetransmitMaxTries = 10;
    public boolean feedFromStart;
    public String venue = "paper";
    public String venueUser = "nt";
    public String venuePassword = "nt";
    public String idle = "park";
    public long timerNs = 1_000_000L;
    public int cpu = -1;
    public int metricsPort = -1;
    public int omsCapacity = 4096;
    public long makerFee;
    public long takerFee;
    public final Map<String, String> risk = new LinkedHashMap<>();
    public final Map<Integer, String> symbols = new TreeMap<>();
    public int[] simLocates = {1};
    public final Map<Integer, Long> simPrices = new TreeMap<>();
    public long simTick = 100;
    public long simIntervalNs = 1_000_000L;
    public long simSeed = 1;
    public final List<AbstractStrategy> strategies = new ArrayList<>();
    public final List<String> autostart = new ArrayList<>();

    public static ControllerConfig load(final Path file) throws IOException, ConfigException
    {
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file))
        {
            p.load(r);
        }
        return parse(p);
    }

    public static ControllerConfig parse(final Properties p) throws ConfigException
    {
        final ControllerConfig c = new ControllerConfig();
        final TreeMap<String, String> sorted = new TreeMap<>();
        for (final String k : p.stringPropertyNames())
        {
            sorted.put(k, p.getProperty(k).trim());
        }
        // strategies first (in name order), so parameters can be checked against their type
        final Map<String, String> types = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : sorted.entrySet())
        {
            final String k = e.getKey();
            if (k.startsWith("strategy.") && k.endsWith(".type") && k.length() > "strategy..type".length())
            {
                types.put(k.substring("strategy.".length(), k.length() - ".type".length()), e.getValue());
            }
        }
        int nextId = 1;
        final Map<String, AbstractStrategy> byName = new LinkedHashMap<>();
        final boolean[] usedIds = new boolean[256];
        for (final Map.Entry<String, String> e : types.entrySet())
        {
            final String name = e.getKey();
            final String idKey = "strategy." + name + ".id";
            int id;
            if (sorted.containsKey(idKey))
            {
                id = (int)parseLong(idKey, sorted.get(idKey), 1, 255);
                if (usedIds[id])
                {
                    throw new ConfigException(idKey, sorted.get(idKey), "id already used by another strategy");
                }
            }
            else
            {
                while (nextId < 256 && (usedIds[nextId] || idTaken(sorted, nextId)))
                {
                    nextId++;
                }
                if (nextId > 255)
                {
                    throw new ConfigException("strategy." + name + ".type", e.getValue(), "more than 255 strategies");
                }
                id = nextId;
            }
            usedIds[id] = true;
            if (name.contains(".") || name.isEmpty())
            {
                throw new ConfigException("strategy." + name + ".type", e.getValue(), "strategy names may not contain '.'");
            }
            final AbstractStrategy s = Strategies.create(e.getValue(), name, id);
            if (s == null)
            {
                throw new ConfigException("strategy." + name + ".type", e.getValue(), "unknown strategy type (have: " +
                    String.join(", ", Strategies.TYPES) + ")");
            }
            byName.put(name, s);
            c.strategies.add(s);
        }

        for (final Map.Entry<String, String> e : sorted.entrySet())
        {
            final String k = e.getKey();
            final String v = e.getValue();
            if (k.startsWith("strategy."))
            {
                final String rest = k.substring("strategy.".length());
                final int dot = rest.indexOf('.');
                if (dot <= 0)
                {
                    throw new ConfigException(k, v, "expected strategy.NAME.PARAM");
                }
                final String name = rest.substring(0, dot);
                final String param = rest.substring(dot + 1);
                final AbstractStrategy s = byName.get(name);
                if (s == null)
                {
                    throw new ConfigException(k, v, "strategy '" + name + "' has no strategy." + name + ".type");
                }
                if (param.equals("type") || param.equals("id"))
                {
                    continue;
                }
                if (param.equals("autostart"))
                {
                    if (!v.equals("true") && !v.equals("false"))
                    {
                        throw new ConfigException(k, v, "must be true or false");
                    }
                    if (v.equals("true"))
                    {
                        c.autostart.add(name);
                    }
                    continue;
                }
                final String err = s.params().set(param, v);
                if (err != null)
                {
                    throw new ConfigException(k, v, err);
                }
                continue;
            }
            if (k.startsWith("risk."))
            {
                final String err = new io.nanotick.controller.risk.RiskLimits().set(k.substring(5), v);
                if (err != null)
                {
                    throw new ConfigException(k, v, err.substring(err.indexOf(": ") + 2));
                }
                c.risk.put(k.substring(5), v);
                continue;
            }
            if (k.startsWith("symbol."))
            {
                final int locate = (int)parseLong(k, k.substring(7), 1, 65_535);
                if (v.isEmpty() || v.length() > 8 || v.contains(" "))
                {
                    throw new ConfigException(k, v, "a symbol is 1-8 characters without spaces");
                }
                c.symbols.put(locate, v);
                continue;
            }
            if (k.startsWith("sim.price."))
            {
                final int locate = (int)parseLong(k, k.substring(10), 1, 65_535);
                c.simPrices.put(locate, parsePrice(k, v));
                continue;
            }
            switch (k)
            {
                case "journal":
                    c.journal = v;
                    break;
                case "feed":
                    if (!v.equals("sim") && !(v.startsWith("ring:") && v.length() > 5) &&
                        !v.matches("itch:[0-9.]+:[0-9]{1,5}(:[A-Za-z0-9_.-]+)?"))
                    {
                        throw new ConfigException(k, v, "must be sim, ring:PATH or itch:GROUP:PORT[:INTERFACE]");
                    }
                    c.feed = v;
                    break;
                case "feed.retransmit":
                    if (!v.matches("[^:]+:[0-9]{1,5}") || Integer.parseInt(v.substring(v.lastIndexOf(':') + 1)) > 65_535)
                    {
                        throw new ConfigException(k, v, "must be HOST:PORT");
                    }
                    c.feedRetransmit = v;
                    break;
                case "feed.retransmit.intervalMs":
                    c.feedRetransmitIntervalNs = parseLong(k, v, 1, 60_000) * 1_000_000L;
                    break;
                case "feed.retransmit.maxTries":
                    c.feedRetransmitMaxTries = (int)parseLong(k, v, 1, 1_000_000);
                    break;
                case "feed.fromStart":
                    if (!v.equals("true") && !v.equals("false"))
                    {
                        throw new ConfigException(k, v, "must be true or false");
                    }
                    c.feedFromStart = v.equals("true");
                    break;
                case "venue":
                    if (!v.equals("paper") && !v.matches("ouch:[^:]+:[0-9]{1,5}"))
                    {
                        throw new ConfigException(k, v, "must be paper or ouch:HOST:PORT");
                    }
                    c.venue = v;
                    break;
                case "venue.user":
                    c.venueUser = v;
                    break;
                case "venue.password":
                    c.venuePassword = v;
                    break;
                case "idle":
                    if (!v.equals("park") && !v.equals("yield") && !v.equals("spin"))
                    {
                        throw new ConfigException(k, v, "must be park, yield or spin");
                    }
                    c.idle = v;
                    break;
                case "cpu":
                    c.cpu = (int)parseLong(k, v, -1, 4095);
                    break;
                case "metrics.port":
                    c.metricsPort = (int)parseLong(k, v, 0, 65_535);
                    break;
                case "timerMs":
                    c.timerNs = parseLong(k, v, 1, 60_000) * 1_000_000L;
                    break;
                case "oms.capacity":
                {
                    final long n = parseLong(k, v, 16, 1 << 20);
                    if (Long.bitCount(n) != 1)
                    {
                        throw new ConfigException(k, v, "must be a power of two");
                    }
                    c.omsCapacity = (int)n;
                    break;
                }
                case "fees.maker":
                    c.makerFee = parseLong(k, v, -1_000_000, 1_000_000);
                    break;
                case "fees.taker":
                    c.takerFee = parseLong(k, v, -1_000_000, 1_000_000);
                    break;
                case "sim.locates":
                {
                    final String[] parts = v.split(",");
                    c.simLocates = new int[parts.length];
                    for (int i = 0; i < parts.length; i++)
                    {
                        c.simLocates[i] = (int)parseLong(k, parts[i].trim(), 1, 65_535);
                    }
                    break;
                }
                case "sim.tick":
                    c.simTick = parseLong(k, v, 1, 1_000_000);
                    break;
                case "sim.intervalUs":
                    c.simIntervalNs = parseLong(k, v, 1, 10_000_000) * 1000L;
                    break;
                case "sim.seed":
                    c.simSeed = parseLong(k, v, Long.MIN_VALUE, Long.MAX_VALUE);
                    break;
                default:
                    throw new ConfigException(k, v, "unknown key");
            }
        }
        return c;
    }

    private static boolean idTaken(final Map<String, String> sorted, final int id)
    {
        for (final Map.Entry<String, String> e : sorted.entrySet())
        {
            if (e.getKey().startsWith("strategy.") && e.getKey().endsWith(".id") && e.getValue().equals(Integer.toString(id)))
            {
                return true;
            }
        }
        return false;
    }

    static long parseLong(final String key, final String value, final long min, final long max) throws ConfigException
    {
        final long v;
        try
        {
            v = Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(key, value, "not an integer");
        }
        if (v < min || v > max)
        {
            throw new ConfigException(key, value, "out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    static long parsePrice(final String key, final String value) throws ConfigException
    {
        try
        {
            final double d = Double.parseDouble(value);
            if (!(d > 0 && d < 200_000))
            {
                throw new ConfigException(key, value, "price must be in (0, 200000)");
            }
            return Math.round(d * Px.SCALE);
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(key, value, "not a price");
        }
    }
}
