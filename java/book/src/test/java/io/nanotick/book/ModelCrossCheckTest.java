package io.nanotick.book;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Java engine's CSVs (top of book and trade prints) must equal the Python
 * reference model's (sim/model, run through $NT_ROOT/.venv/bin/python) byte for
 * byte: on every real capture in ../shared/data and on seeded generated streams
 * (BinaryFILE and pcap; A/B lines with loss; dropped packets; hostile input; VLAN;
 * session changes).
 */
class ModelCrossCheckTest
{
    private static Path root;
    private static Path python;
    private static Path tmp;

    @BeforeAll
    static void setUp() throws IOException
    {
        root = Path.of(System.getProperty("nt.root", System.getenv().getOrDefault("NT_ROOT", "."))).toAbsolutePath().normalize();
        python = root.resolve(".venv/bin/python");
        tmp = Files.createTempDirectory("nt-book-xcheck");
    }

    @AfterAll
    static void tearDown() throws IOException
    {
        if (tmp != null)
        {
            try (Stream<Path> s = Files.walk(tmp))
            {
                s.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void assumeModel()
    {
        assumeTrue(Files.isExecutable(python), "no " + python);
        assumeTrue(Files.isDirectory(root.resolve("sim/model/nanotick_model")), "reference model not present");
    }

    private static void model(final String... args) throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>(List.of(python.toString(), "-m", "nanotick_model"));
        cmd.addAll(Arrays.asList(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", root.resolve("sim/model").toString());
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "model " + String.join(" ", args) + ": " + out);
    }

    /** Runs both engines on {@code input} and compares both CSVs byte for byte. */
    private static void compare(final Path input) throws Exception
    {
        final Path mTob = tmp.resolve("m.csv");
        final Path mTrades = tmp.resolve("mt.csv");
        final Path jTob = tmp.resolve("j.csv");
        final Path jTrades = tmp.resolve("jt.csv");
        model("bbo", "--in", input.toString(), "--out", mTob.toString(), "--trades", mTrades.toString());
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, BboMain.run(new String[]{"--in", input.toString(), "--out", jTob.toString(), "--trades", jTrades.toString()},
            new PrintStream(err)), err.toString());
        assertCsvEquals(mTob, jTob, input + " (top of book)");
        assertCsvEquals(mTrades, jTrades, input + " (trades)");
    }

    private static void assertCsvEquals(final Path expected, final Path actual, final String what) throws IOException
    {
        final byte[] e = Files.readAllBytes(expected);
        final byte[] a = Files.readAllBytes(actual);
        if (!Arrays.equals(e, a))
        {
            final List<String> el = Files.readAllLines(expected);
            final List<String> al = Files.readAllLines(actual);
            int i = 0;
            while (i < el.size() && i < al.size() && el.get(i).equals(al.get(i)))
            {
                i++;
            }
            fail(what + ": first difference at line " + (i + 1) + ": model '" + (i < el.size() ? el.get(i) : "<eof>")
                + "' java '" + (i < al.size() ? al.get(i) : "<eof>") + "' (" + el.size() + " vs " + al.size() + " lines)");
        }
    }

    @Test
    void realCaptures() throws Exception
    {
        assumeModel();
        final Path data = root.resolve("../shared/data").normalize();
        assumeTrue(Files.isDirectory(data), "no " + data);
        final List<Path> inputs;
        try (Stream<Path> s = Files.walk(data))
        {
            inputs = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".itch")).sorted().toList();
        }
        assertEquals(50, inputs.size(), "49 pcaps + 1 BinaryFILE (shared/README.md)");
        // one model process for all 50 inputs (its CLI entry point, called in a loop)
        final StringBuilder script = new StringBuilder("import sys\nfrom nanotick_model.__main__ import bbo_main\nrc = 0\n");
        for (int i = 0; i < inputs.size(); i++)
        {
            script.append("rc |= bbo_main(['--in', r'").append(inputs.get(i)).append("', '--out', r'").append(tmp.resolve("m" + i + ".csv"))
                .append("', '--trades', r'").append(tmp.resolve("mt" + i + ".csv")).append("'])\n");
        }
        script.append("sys.exit(rc)\n");
        modelPython(script.toString());
        int rows = 0;
        for (int i = 0; i < inputs.size(); i++)
        {
            final Path in = inputs.get(i);
            final Path jTob = tmp.resolve("j.csv");
            final Path jTrades = tmp.resolve("jt.csv");
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(0, BboMain.run(new String[]{"--in", in.toString(), "--out", jTob.toString(), "--trades", jTrades.toString()},
                new PrintStream(err)), err.toString());
            assertCsvEquals(tmp.resolve("m" + i + ".csv"), jTob, in + " (top of book)");
            assertCsvEquals(tmp.resolve("mt" + i + ".csv"), jTrades, in + " (trades)");
            rows += Files.readAllLines(jTob).size() - 1;
        }
        assertTrue(rows >= 4, "the real captures produce some rows: " + rows);
    }

    private static void modelPython(final String script) throws IOException, InterruptedException
    {
        final ProcessBuilder pb = new ProcessBuilder(python.toString(), "-c", script).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", root.resolve("sim/model").toString());
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "model: " + out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--seed 11 --messages 40000 --locates 5 --out g.itch",
        "--seed 12 --messages 80000 --locates 40 --out g.pcap",
        "--seed 13 --messages 40000 --locates 8 --out g.pcap --ab --loss-a 0.05 --loss-b 0.05 --vlan 141",
        "--seed 14 --messages 40000 --locates 8 --out g.pcap --hostile --nanos",
        "--seed 15 --messages 40000 --locates 8 --out g.itch --hostile",
        "--seed 16 --messages 30000 --locates 3 --out g.pcap --drop-packets 3,7,50 --per-packet 3",
        "--seed 17 --messages 20000 --locates 4 --out g.pcap --session-change-at 300,1200 --max-live 500",
    })
    void generatedStreams(final String spec) throws Exception
    {
        assumeModel();
        final List<String> args = new ArrayList<>(Arrays.asList(spec.split(" ")));
        final int o = args.indexOf("--out") + 1;
        final Path out = tmp.resolve(args.get(o));
        args.set(o, out.toString());
        args.add(0, "gen");
        model(args.toArray(String[]::new));
        compare(out);
        assertTrue(Files.readAllLines(tmp.resolve("j.csv")).size() > 1000, "a real book test: rows were produced");
    }
}
