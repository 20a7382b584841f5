package io.nanotick.controller.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.controller.ControllerMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real controller process entry point headless, exactly as an operator script would. */
class ConsoleScriptTest
{
    @TempDir
    Path dir;

    private static final String CONFIG = String.join("\n",
        "feed=sim",
        "sim.locates=1,2",
        "sim.price.1=100.00",
        "sim.price.2=50.00",
        "sim.intervalUs=500",
        "symbol.1=AAPL",
        "symbol.2=MSFT",
        "risk.maxPosition=2000",
        "risk.maxOrdersPerWindow=1000",
        "risk.dupWindowMs=0",
        "strategy.pp.type=pingpong",
        "strategy.pp.locate=2",
        "strategy.pp.qty=100",
        "strategy.mm.type=mm",
        "strategy.mm.locate=1",
        "strategy.mm.sigma=0.05",
        "strategy.mm.requoteTicks=5",
        "");

    private String[] out = new String[2];

    private int run(final String config, final String stdin, final String... extra) throws Exception
    {
        final Path cfg = dir.resolve("c.properties");
        Files.writeString(cfg, config);
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final ByteArrayOutputStream e = new ByteArrayOutputStream();
        final String[] args = new String[2 + extra.length];
        args[0] = "--config";
        args[1] = cfg.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        final int rc = ControllerMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        out[0] = o.toString(StandardCharsets.UTF_8);
        out[1] = e.toString(StandardCharsets.UTF_8);
        return rc;
    }

    /** The reply to the n-th occurrence (0-based) of a command in the output. */
    private String reply(final String cmd, final int n)
    {
        final String[] parts = out[0].split("nanotick> ");
        int seen = 0;
        for (final String p : parts)
        {
            if (p.startsWith(cmd + "\n"))
            {
                if (seen++ == n)
                {
                    return p.substring(cmd.length() + 1);
                }
            }
        }
        throw new AssertionError("no reply #" + n + " to '" + cmd + "' in:\n" + out[0]);
    }

    @Test
    void operatorSessionFromStdin() throws Exception
    {
        final String script = String.join("\n",
            "strategy list",
            "risk",
            "strategy start pp",
            "wait 300",
            "book MSFT",
            "book NOPE",
            "bogus command",
            "risk set maxPosition abc",
            "risk set",
            "strategy set pp qty -5",
            "strategy set nobody qty 5",
            "strategy frobnicate",
            "risk",
            "strategy set pp qty 200",
            "strategy show pp",
            "orders",
            "kill",
            "wait 100",
            "orders",
            "strategy start pp",
            "status",
            "quit",
            "status",
            "");
        assertEquals(0, run(CONFIG, script, "--journal", dir.resolve("j.ntj").toString()), out[1]);
        assertTrue(reply("strategy list", 0).contains("pp           pingpong      2 stopped"), out[0]);
        assertTrue(reply("strategy start pp", 0).startsWith("pp running"));
        assertTrue(reply("book MSFT", 0).startsWith("MSFT (locate 2): "), reply("book MSFT", 0));
        assertTrue(reply("book NOPE", 0).startsWith("unknown symbol 'NOPE'\nusage: book SYMBOL"));
        assertTrue(reply("bogus command", 0).startsWith("unknown command 'bogus'\ncommands:"));
        assertTrue(reply("risk set maxPosition abc", 0).startsWith("error: key 'maxPosition' value 'abc': not a number"));
        assertTrue(reply("risk set", 0).startsWith("usage: risk"));
        assertTrue(reply("strategy set pp qty -5", 0).startsWith("error: parameter 'qty' value '-5': out of range [1, 1000000]"));
        assertTrue(reply("strategy set nobody qty 5", 0).startsWith("unknown strategy 'nobody'"));
        assertTrue(reply("strategy frobnicate", 0).startsWith("usage: strategy"));
        // the bad commands changed nothing: limits and the kill switch read the same as before them
        final String before = reply("risk", 0);
        final String after = reply("risk", 1);
        assertEquals(before.substring(0, before.indexOf("rejections:")), after.substring(0, after.indexOf("rejections:")));
        assertTrue(after.contains("maxPosition = 2000"));
        assertTrue(reply("strategy set pp qty 200", 0).startsWith("pp.qty = 200"));
        assertTrue(reply("strategy show pp", 0).contains("qty=200 [1..1000000]"));
        assertTrue(reply("orders", 0).contains("MSFT"), "ping-pong has a working order: " + reply("orders", 0));
        assertTrue(reply("kill", 0).startsWith("kill switch ON"));
        assertTrue(reply("orders", 1).endsWith("0 working\n"), reply("orders", 1));
        assertTrue(reply("strategy start pp", 1).startsWith("error: kill switch is on"));
        assertTrue(reply("status", 0).startsWith("controller: KILLED"));
        assertEquals(1, out[0].split("nanotick> status").length - 1, "nothing runs after quit");

        // restart on the same journal: orders, the kill switch and the parameter come back
        assertEquals(0, run(CONFIG, "strategy show pp\nrisk\n", "--journal", dir.resolve("j.ntj").toString()), out[1]);
        assertTrue(out[0].startsWith("journal: "), out[0]);
        assertTrue(out[0].lines().findFirst().orElseThrow().endsWith("KILL SWITCH ON"), out[0]);
        assertTrue(reply("strategy show pp", 0).contains("qty=200"), reply("strategy show pp", 0));
        assertTrue(reply("risk", 0).startsWith("kill switch: ON"));
    }

    @Test
    void scriptFileAndBadConfigs() throws Exception
    {
        final Path script = dir.resolve("s.txt");
        Files.writeString(script, "# a comment\nstatus\nwait x\nfeed\n");
        assertEquals(0, run(CONFIG, "", "--script", script.toString()));
        assertTrue(reply("status", 0).startsWith("controller: trading, feed sim"));
        assertTrue(reply("wait x", 0).startsWith("usage: wait MS"));
        assertTrue(reply("feed", 0).contains("records: "));

        assertEquals(2, run(CONFIG + "risk.maxFoo=5\n", ""));
        assertEquals("config: key 'risk.maxFoo' value '5': unknown risk limit (have: maxOrderQty, maxOrderNotional, " +
            "maxPosition, maxGross, collarBps, maxOrdersPerWindow, throttleWindowMs, maxOpenOrders, maxLoss, maxDrawdown, " +
            "targetProfit, maxDataAgeMs, dupWindowMs, selfTrade)", out[1].trim());
        assertEquals(2, run(CONFIG + "strategy.mm.gamma=abc\n", ""));
        assertEquals("config: key 'strategy.mm.gamma' value 'abc': parameter 'gamma' value 'abc': not a number", out[1].trim());
        assertEquals(2, run(CONFIG + "strategy.x.type=martingale\n", ""));
        assertTrue(out[1].startsWith("config: key 'strategy.x.type' value 'martingale': unknown strategy type"), out[1]);
        assertEquals(2, run(CONFIG + "sim.intervalUs=fast\n", ""));
        assertEquals("config: key 'sim.intervalUs' value 'fast': not an integer", out[1].trim());
        assertEquals(2, run(CONFIG + "oms.capacity=1000\n", ""));
        assertEquals("config: key 'oms.capacity' value '1000': must be a power of two", out[1].trim());
        assertEquals(2, run(CONFIG + "colour=blue\n", ""));
        assertEquals("config: key 'colour' value 'blue': unknown key", out[1].trim());
        assertEquals(2, run(CONFIG, "", "--frob"));
    }
}
