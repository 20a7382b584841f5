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
 * <p>Usage: OuchRoundTrip [warmup=50000] [orders=200000] [key=value simulator overrides]
 */
public final class OuchRoundTrip {
    private OuchRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = 50_000;
        int orders = 200_000;
        List<String> overrides = new java.util.ArrayList<>(List.of("background=none", "loop.busySpin=false",
                "md.mode=unicast", "md.port=9", "symbols=AAPL", "user.bench=bench"));
        for (String a : args) {
            if (a.startsWith("warmup=")) {
                warmup = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("orders=")) {
                orders = Integer.parseInt(a.substring(7));
            } else {
                overrides.add(a);
            }
        }
        ExchangeConfig cfg = ExchangeConfig.load(null, overrides);
        Histogram h = new Histogram(10_000_000_000L, 3);
        try (ExchangeSimulator sim = ExchangeSimulator.start(cfg);
             OuchClient c = new OuchClient("127.0.0.1", sim.ouchPort(), true)) {
            if (c.login("bench", "bench", "", 0, 10_000) != SoupBinTcp.LOGIN_ACCEPTED) {
                throw new IllegalStateException("login failed");
            }
            int ref = 1;
            for (int i = 0; i < warmup + orders; i++) {
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
        System.out.printf("OUCH enter->accepted round trip, loopback, %d orders (after %d warm-up):%n", orders, warmup);
        System.out.printf("  p50 %.1f us  p90 %.1f us  p99 %.1f us  p99.9 %.1f us  p99.99 %.1f us  max %.1f us  mean %.1f us%n",
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getValueAtPercentile(99.99) / 1e3, h.getMaxValue() / 1e3,
                h.getMean() / 1e3);
    }
}
