package io.nanotick.controller.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.controller.ControllerMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint of a running controller: counters move, the kill switch shows. */
class MetricsEndpointTest
{
    @TempDir
    Path dir;

    private static double value(final String body, final String series)
    {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void exposesCountersAndKillSwitch() throws Exception
    {
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        final Path cfg = dir.resolve("m.properties");
        Files.writeString(cfg, String.join("\n", "feed=sim", "sim.locates=1", "metrics.port=" + port, "cpu=-1",
            "strategy.pp.type=pingpong", "strategy.pp.locate=1", ""));
        final String script = "strategy start pp\nwait 1500\nkill\nwait 1500\n";
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int[] rc = {-1};
        final Thread t = new Thread(() ->
        {
            try
            {
                rc[0] = ControllerMain.run(new String[] {"--config", cfg.toString()},
                    new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true));
            }
            catch (final Exception ex)
            {
                throw new RuntimeException(ex);
            }
        });
        t.start();
        final HttpClient http = HttpClient.newHttpClient();
        final HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        String body = "";
        boolean sawOrders = false;
        boolean sawKill = false;
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && !(sawOrders && sawKill))
        {
            try
            {
                body = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
                sawOrders |= value(body, "nanotick_order_requests_total") > 0;
                sawKill |= value(body, "nanotick_kill_switch") == 1.0;
            }
            catch (final java.io.IOException ex)
            {
                // not listening yet
            }
            Thread.sleep(50);
        }
        t.join(30_000);
        assertTrue(sawOrders, body);
        assertTrue(sawKill, body);
        assertTrue(value(body, "nanotick_md_tob_records_total") > 0, body);
        assertTrue(body.contains("nanotick_risk_rejects_total{reason=\"throttle\"}"), body);
        assertTrue(body.contains("nanotick_pnl_dollars"), body);
        assertEquals(0, rc[0], out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("metrics: http://127.0.0.1:" + port + "/metrics"));
    }
}
