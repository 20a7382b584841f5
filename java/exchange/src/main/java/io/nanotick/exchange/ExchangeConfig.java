package io.nanotick.exchange;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Simulator settings: a key=value file (java.util.Properties syntax) plus
 * overrides.  Every key is checked: an unknown key or a bad value fails with
 * a message naming both.  See docs/exchange-simulator.md for the list.
 */
public final class ExchangeConfig {
    /** User credentials and per-session options. */
    public record User(String name, String password, boolean cancelOnDisconnect) {
    }

    // OUCH gateway
    public String ouchHost = "127.0.0.1";
    public int ouchPort = 0;
    public String session = "NANOTICK01";
    public long heartbeatMs = 1000;
    public long timeoutMs = 15000;
    /** Sequenced messages each user's replay log holds before it first grows (it doubles on demand). */
    public int logMessages = 1 << 14;
    public final Map<String, User> users = new LinkedHashMap<>();
    // market data
    public String mdMode = "multicast";
    public String mdGroup = "239.192.0.1";
    public int mdPort = 26477;
    public String mdInterface = "lo";
    public String mdUnicastHost = "127.0.0.1";
    public int mdTtl = 0;
    public String mdSession = "NTSIM00001";
    public long mdHeartbeatMs = 1000;
    public String retransmitHost = "127.0.0.1";
    public int retransmitPort = 0;
    public int storeMessages = 1 << 20;
    public String capturePcap = "";
    // books
    public final List<String> symbols = new ArrayList<>(List.of("AAPL", "MSFT", "NVDA", "META"));
    public long startPrice = 1_000_000; // ITCH price, 4 decimals: 100.0000
    public long tick = 100;              // $0.01
    public String selfMatch = "none";
    public int maxOrders = 1 << 20;
    public int maxLevels = 1 << 16;
    // background flow
    public String background = "synthetic";
    public long seed = 1;
    public double rate = 200;            // arrivals per second (synthetic) or messages per second (replay)
    public int participants = 20;
    public double volatilityTicks = 1.0; // random-walk step per arrival on the symbol, in ticks (std dev)
    public int spreadTicks = 2;
    public int maxRestingPerSymbol = 400;
    public String replayFile = "";
    // loop
    public boolean busySpin = false;

    /** Reads a file, then applies overrides ("key=value"). */
    public static ExchangeConfig load(Path file, List<String> overrides) throws IOException {
        ExchangeConfig c = new ExchangeConfig();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            // sorted: "user.X" comes before "user.X.cancelOnDisconnect"
            for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
                c.set(k.trim(), p.getProperty(k).trim());
            }
        }
        if (overrides != null) {
            for (String o : overrides) {
                int eq = o.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("override '" + o + "' is not key=value");
                }
                c.set(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
            }
        }
        if (c.users.isEmpty()) {
            c.users.put("nt", new User("nt", "nt", false));
        }
        return c;
    }

    public static ExchangeConfig defaults() {
        try {
            return load(null, List.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets one key; throws IllegalArgumentException naming the key and value when either is bad. */
    public ExchangeConfig set(String key, String value) {
        try {
            apply(key, value);
        } catch (NumberFormatException e) {
            throw bad(key, value, "not a number");
        }
        return this;
    }

    private static IllegalArgumentException bad(String key, String value, String why) {
        return new IllegalArgumentException("config: bad value '" + value + "' for key '" + key + "': " + why);
    }

    private void apply(String key, String v) {
        if (key.startsWith("user.")) {
            String rest = key.substring(5);
            if (rest.endsWith(".cancelOnDisconnect")) {
                String name = rest.substring(0, rest.length() - ".cancelOnDisconnect".length());
                User u = users.get(name);
                if (u == null) {
                    throw bad(key, v, "set user." + name + "=PASSWORD first");
                }
                users.put(name, new User(name, u.password(), bool(key, v)));
                return;
            }
            if (rest.isEmpty() || rest.length() > 6 || rest.contains(".") || rest.contains(" ")) {
                throw bad(key, v, "user names are 1-6 characters without '.' or spaces (SoupBinTCP)");
            }
            if (v.length() > 10 || v.contains(" ")) {
                throw bad(key, v, "passwords are at most 10 characters without spaces (SoupBinTCP)");
            }
            User old = users.get(rest);
            users.put(rest, new User(rest, v, old != null && old.cancelOnDisconnect()));
            return;
        }
        switch (key) {
            case "ouch.host" -> ouchHost = v;
            case "ouch.port" -> ouchPort = port(key, v);
            case "ouch.session" -> {
                if (v.isEmpty() || v.length() > 10) {
                    throw bad(key, v, "1-10 characters");
                }
                session = v;
            }
            case "ouch.heartbeatMs" -> heartbeatMs = positive(key, v);
            case "ouch.timeoutMs" -> timeoutMs = positive(key, v);
            case "ouch.logMessages" -> logMessages = (int) range(key, v, 1024, 1 << 26);
            case "md.mode" -> {
                if (!v.equals("multicast") && !v.equals("unicast")) {
                    throw bad(key, v, "multicast or unicast");
                }
                mdMode = v;
            }
            case "md.group" -> mdGroup = v;
            case "md.port" -> mdPort = port(key, v);
            case "md.interface" -> mdInterface = v;
            case "md.unicastHost" -> mdUnicastHost = v;
            case "md.ttl" -> mdTtl = (int) range(key, v, 0, 255);
            case "md.session" -> {
                if (v.isEmpty() || v.length() > 10) {
                    throw bad(key, v, "1-10 characters");
                }
                mdSession = v;
            }
            case "md.heartbeatMs" -> mdHeartbeatMs = positive(key, v);
            case "md.retransmitHost" -> retransmitHost = v;
            case "md.retransmitPort" -> retransmitPort = port(key, v);
            case "md.storeMessages" -> storeMessages = (int) range(key, v, 1024, 1 << 26);
            case "capture.pcap" -> capturePcap = v;
            case "symbols" -> {
                symbols.clear();
                for (String s : v.split(",")) {
                    String t = s.trim();
                    if (t.isEmpty() || t.length() > 8 || !t.chars().allMatch(ch -> ch > ' ' && ch < 127)) {
                        throw bad(key, v, "symbol '" + t + "' must be 1-8 printable characters");
                    }
                    symbols.add(t);
                }
                if (symbols.size() > 65534) {
                    throw bad(key, v, "too many symbols");
                }
            }
            case "book.startPrice" -> startPrice = price(key, v);
            case "book.tick" -> tick = price(key, v);
            case "book.selfMatch" -> {
                if (!v.equals("none") && !v.equals("cancelResting") && !v.equals("cancelIncoming")) {
                    throw bad(key, v, "none, cancelResting or cancelIncoming");
                }
                selfMatch = v;
            }
            case "book.maxOrders" -> maxOrders = (int) range(key, v, 16, 1 << 26);
            case "book.maxLevels" -> maxLevels = (int) range(key, v, 16, 1 << 24);
            case "background" -> {
                if (!v.equals("none") && !v.equals("synthetic") && !v.equals("replay")) {
                    throw bad(key, v, "none, synthetic or replay");
                }
                background = v;
            }
            case "background.seed" -> seed = Long.parseLong(v);
            case "background.rate" -> {
                rate = Double.parseDouble(v);
                if (!(rate > 0) || rate > 10_000_000) {
                    throw bad(key, v, "between 0 (exclusive) and 10000000");
                }
            }
            case "background.participants" -> participants = (int) range(key, v, 1, 100_000);
            case "background.volatilityTicks" -> {
                volatilityTicks = Double.parseDouble(v);
                if (!(volatilityTicks >= 0) || volatilityTicks > 1000) {
                    throw bad(key, v, "between 0 and 1000");
                }
            }
            case "background.spreadTicks" -> spreadTicks = (int) range(key, v, 1, 10_000);
            case "background.maxRestingPerSymbol" -> maxRestingPerSymbol = (int) range(key, v, 1, 1 << 20);
            case "background.file" -> replayFile = v;
            case "loop.busySpin" -> busySpin = bool(key, v);
            default -> throw bad(key, v, "unknown key");
        }
    }

    private static boolean bool(String key, String v) {
        return switch (v) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw bad(key, v, "true or false");
        };
    }

    private static int port(String key, String v) {
        return (int) range(key, v, 0, 65535);
    }

    private static long positive(String key, String v) {
        return range(key, v, 1, Long.MAX_VALUE);
    }

    private static long range(String key, String v, long lo, long hi) {
        long x = Long.parseLong(v);
        if (x < lo || x > hi) {
            throw bad(key, v, "must be in [" + lo + ", " + hi + "]");
        }
        return x;
    }

    /** A price written as decimal dollars ("100.25") to ITCH integer price (4 implied decimals). */
    static long price(String key, String v) {
        try {
            java.math.BigDecimal d = new java.math.BigDecimal(v).movePointRight(4);
            long p = d.longValueExact();
            if (p <= 0 || p > 0xFFFF_FFFFL) {
                throw bad(key, v, "price must be > 0 and fit ITCH's 4-byte price");
            }
            return p;
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad(key, v, "a price in dollars with at most 4 decimals");
        }
    }

    int selfMatchMode() {
        return switch (selfMatch) {
            case "cancelResting" -> io.nanotick.matching.MatchingEngine.SMP_CANCEL_RESTING;
            case "cancelIncoming" -> io.nanotick.matching.MatchingEngine.SMP_CANCEL_INCOMING;
            default -> io.nanotick.matching.MatchingEngine.SMP_NONE;
        };
    }
}
