package io.nanotick.exchange.bench;

import io.nanotick.exchange.ExchangeConfig;
import io.nanotick.exchange.ExchangeSimulator;
import io.nanotick.exchange.OuchClient;
import io.nanotick.ouch.Ouch;
import io.nanotick.ouch.SoupBinTcp;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * OUCH Enter Order -> Order Accepted round trip over SoupBinTCP on loopback,
 * client and simulator in one JVM; the client spins, the simulator blocks in
 * select() (pass loop.busySpin=true to make it spin too: lower latency on an idle
 * machine, much worse tails when the two cores are shared with other work).
 * Each order is a non-marketable IOC (accepted, then canceled 'I', so the
 * book stays empty); the time is taken from just before the Enter Order is
 * written to just after the Order Accepted is read.  One order in flight.
 *
 * <p>In the same run, before and after, the floor: {@link LoopbackPingPong} (bare NIO loopback
 * TCP ping-pong with the same server mode), and the load average, so the numbers can be read
 * against what the machine itself does at that moment.
 *
 * <p>Usage: OuchRoundTrip [warmup=50000] [orders=200000] [floor=false] [key=value simulator overrides]
 */
public final class OuchRoundTrip {
    private OuchRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = 50_000;
        int orders = 200_000;
        boolean floor = true;
        List<String> overrides = new java.util.ArrayList<>(List.of("background=none", "loop.busySpin=false",
                "md.mode=unicast", "md.port=9", "symbols=AAPL", "user.bench=bench",
                "ouch.logMessages=1048576")); // the replay log holds the whole run: no growth (copy + GC) while measuring
        for (String a : args) {
            if (a.startsWith("warmup=")) {
                warmup = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("orders=")) {
                orders = Integer.parseInt(a.substring(7));
            } else if (a.equals("floor=false")) {
                floor = false;
            } else {
                overrides.add(a);
            }
        }
        ExchangeConfig cfg = ExchangeConfig.load(null, overrides);
        System.out.println("load average before: " + loadavg());
        Histogram floorBefore = floor ? LoopbackPingPong.run(cfg.busySpin, warmup, orders) : null;
        Histogram h = new Histogram(10_000_000_000L, 3);
        long gcBefore = 0;
        try (ExchangeSimulator sim = ExchangeSimulator.start(cfg);
             OuchClient c = new OuchClient("127.0.0.1", sim.ouchPort(), true)) {
            if (c.login("bench", "bench", "", 0, 10_000) != SoupBinTcp.LOGIN_ACCEPTED) {
                throw new IllegalStateException("login failed");
            }
            int ref = 1;
            for (int i = 0; i < warmup + orders; i++) {
                if (i == warmup) {
                    gcBefore = gcCount();
                }
                long t0 = System.nanoTime();
                c.enter(ref++, Ouch.SIDE_BUY, 100, "AAPL", 500_000 + (i % 100) * 100, Ouch.TIF_IOC, "BENCH");
                byte t;
                while ((t = c.next(10_000)) != SoupBinTcp.SEQUENCED_DATA || c.ouchType() != Ouch.ORDER_ACCEPTED) {
                    if (t <= 0) {
                        throw new IllegalStateException("no Order Accepted (packet " + t + ")");
                    }
                }
                long rtt = System.nanoTime() - t0;
                if (i >= warmup) {
                    h.recordValue(rtt);
                }
                // drain the IOC's Order Canceled
                while ((t = c.next(10_000)) != SoupBinTcp.SEQUENCED_DATA || c.ouchType() != Ouch.ORDER_CANCELED) {
                    if (t <= 0) {
                        throw new IllegalStateException("no Order Canceled (packet " + t + ")");
                    }
                }
                if ((i & 1023) == 0) {
                    c.heartbeat();
                }
            }
        }
        long gcs = gcCount() - gcBefore;
        Histogram floorAfter = floor ? LoopbackPingPong.run(cfg.busySpin, warmup, orders) : null;
        String mode = cfg.busySpin ? "spinning" : "select()";
        System.out.printf("OUCH enter->accepted round trip, loopback, %d orders (after %d warm-up), simulator in %s, %d GCs while measuring:%n",
                orders, warmup, mode, gcs);
        System.out.println(line("OUCH round trip", h));
        if (floor) {
            System.out.println(line("floor before: raw NIO ping-pong (" + mode + ")", floorBefore));
            System.out.println(line("floor after:  raw NIO ping-pong (" + mode + ")", floorAfter));
        }
        System.out.println("load average after: " + loadavg());
    }

    static String line(String what, Histogram h) {
        return String.format("  %-44s p50 %6.1f us  p90 %6.1f us  p99 %7.1f us  p99.9 %8.1f us  max %9.1f us",
                what, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }

    private static long gcCount() {
        long n = 0;
        for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }

    private static String loadavg() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
