package io.nanotick.controller.metrics;

import io.nanotick.controller.risk.RiskReason;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;

/**
 * Prometheus endpoint on loopback (prometheus-metrics 1.x, exporter-httpserver): GET /metrics.
 * Values come from a {@link MetricsSnapshot} the hot thread refreshes on its timer.
 */
public final class MetricsServer implements AutoCloseable
{
    private final HTTPServer server;

    private MetricsServer(final HTTPServer server)
    {
        this.server = server;
    }

    public static MetricsServer start(final int port, final MetricsSnapshot s) throws IOException
    {
        final PrometheusRegistry r = new PrometheusRegistry();
        counter(r, s, "nanotick_md_records", "market-data records consumed", MetricsSnapshot.FEED_RECORDS);
        counter(r, s, "nanotick_md_tob_records", "top-of-book records", MetricsSnapshot.TOB);
        counter(r, s, "nanotick_md_trade_records", "trade-print records", MetricsSnapshot.TRADES);
        counter(r, s, "nanotick_md_gaps", "feed gaps (events and lapping)", MetricsSnapshot.GAP_EVENTS);
        counter(r, s, "nanotick_md_lapped_records", "records lost to ring lapping", MetricsSnapshot.LAPPED);
        counter(r, s, "nanotick_md_stale_records", "records flagged STALE", MetricsSnapshot.STALE);
        counter(r, s, "nanotick_order_requests", "enter and replace requests sent", MetricsSnapshot.REQUESTS);
        counter(r, s, "nanotick_executions", "executions received", MetricsSnapshot.EXECUTIONS);
        counter(r, s, "nanotick_risk_accepted", "intents accepted by pre-trade risk", MetricsSnapshot.ACCEPTED);
        gauge(r, s, "nanotick_open_orders", "working orders", MetricsSnapshot.OPEN_ORDERS, 1);
        gauge(r, s, "nanotick_pnl_dollars", "total P&L (realized + unrealized - fees)", MetricsSnapshot.PNL, 1e-4);
        gauge(r, s, "nanotick_realized_dollars", "realized P&L", MetricsSnapshot.REALIZED, 1e-4);
        gauge(r, s, "nanotick_unrealized_dollars", "unrealized P&L", MetricsSnapshot.UNREALIZED, 1e-4);
        gauge(r, s, "nanotick_fees_dollars", "fees paid (negative: rebates earned)", MetricsSnapshot.FEES, 1e-4);
        gauge(r, s, "nanotick_kill_switch", "1 when the kill switch is on", MetricsSnapshot.KILLED, 1);
        gauge(r, s, "nanotick_tick_to_order_p50_seconds", "tick-to-order latency, median", MetricsSnapshot.T2O_P50, 1e-9);
        gauge(r, s, "nanotick_tick_to_order_p99_seconds", "tick-to-order latency, 99th percentile", MetricsSnapshot.T2O_P99, 1e-9);
        gauge(r, s, "nanotick_tick_to_order_max_seconds", "tick-to-order latency, maximum", MetricsSnapshot.T2O_MAX, 1e-9);
        CounterWithCallback.builder().name("nanotick_risk_rejects").help("intents refused by pre-trade risk, by reason")
            .labelNames("reason")
            .callback(cb ->
            {
                for (int i = 1; i < RiskReason.COUNT; i++)
                {
                    cb.call(s.get(MetricsSnapshot.REJECTS + i), RiskReason.name(i));
                }
            })
            .register(r);
        final HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(port).registry(r).buildAndStart();
        return new MetricsServer(server);
    }

    private static void counter(final PrometheusRegistry r, final MetricsSnapshot s, final String name, final String help, final int i)
    {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(s.get(i))).register(r);
    }

    private static void gauge(final PrometheusRegistry r, final MetricsSnapshot s, final String name, final String help, final int i,
        final double scale)
    {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(s.get(i) * scale)).register(r);
    }

    public int port()
    {
        return server.getPort();
    }

    @Override
    public void close()
    {
        server.close();
    }
}
