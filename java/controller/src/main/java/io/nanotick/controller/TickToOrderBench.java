package io.nanotick.controller;

import org.HdrHistogram.Histogram;

import java.io.File;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Properties;

/**
 * Tick-to-order benchmark, in process, on one thread: synthetic top-of-book records go through
 * the market maker and the imbalance strategy, pre-trade risk, the OMS and the journal
 * (Chronicle MappedBytes on a temp file) to the paper venue's request queue. Latency per order =
 * System.nanoTime() when the request is handed to the venue - System.nanoTime() taken just before
 * the record was delivered. Prints percentiles after a warm-up.
 * <pre>
 *   tools/nanotick controller --bench [records]      (default 2,000,000 after 1,000,000 warm-up)
 * </pre>
 */
public final class TickToOrderBench
{
    private TickToOrderBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final long records = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
        final Properties p = new Properties();
        p.setProperty("risk.maxOrdersPerWindow", "65536");
        p.setProperty("risk.throttleWindowMs", "1");
        p.setProperty("risk.maxLoss", "0");
        p.setProperty("risk.maxDrawdown", "0");
        p.setProperty("risk.maxPosition", "100000000");
        p.setProperty("risk.maxGross", "1000000000");
        p.setProperty("risk.dupWindowMs", "0");
        p.setProperty("strategy.mm.type", "mm");
        p.setProperty("strategy.mm.locate", "1");
        p.setProperty("strategy.mm.sigma", "0.02");
        p.setProperty("strategy.mm.requoteTicks", "1");
        p.setProperty("strategy.mm.maxInventory", "100000000");
        p.setProperty("strategy.ob.type", "obi");
        p.setProperty("strategy.ob.locate", "2");
        p.setProperty("strategy.ob.threshold", "0.5");
        p.setProperty("strategy.ob.cooldownMs", "0");
        p.setProperty("strategy.ob.maxPosition", "100000000");
        final File jf = Files.createTempFile("nt-bench", ".ntj").toFile();
        jf.delete();
        final PaperRig rig = new PaperRig(p, jf, new int[] {1, 2}, new long[] {1_000_000, 500_000}, 100, 1, 3);
        final Controller c = rig.controller;
        rig.startStrategies(System.nanoTime());
        rig.drive(1_000_000, null);
        c.tickToOrder().reset();
        final long requests0 = c.oms().requestsSent();
        final long t0 = System.nanoTime();
        rig.drive(records, null);
        final long dt = System.nanoTime() - t0;
        final Histogram h = c.tickToOrder();
        System.out.printf(Locale.ROOT, "tick-to-order: %d records in %.2f s (%.0f records/s), %d orders%n",
            records, dt / 1e9, records / (dt / 1e9), c.oms().requestsSent() - requests0);
        System.out.printf(Locale.ROOT, "  ns: min %d  p50 %d  p90 %d  p99 %d  p99.9 %d  p99.99 %d  max %d  (count %d)%n",
            h.getMinValue(), h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99), h.getMaxValue(), h.getTotalCount());
        c.journal().close();
        jf.delete();
    }
}
