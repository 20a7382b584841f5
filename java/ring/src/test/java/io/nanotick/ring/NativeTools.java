package io.nanotick.ring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Finds (and builds on first use, with make -C native) the C ring programs; runs them. */
final class NativeTools
{
    static final Path ROOT = findRoot();
    static final Path BUILD = ROOT.resolve("native/build");
    private static final String[] PROGRAMS = { "ring_layout", "ring_producer", "ring_consumer" };
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static boolean built;

    private NativeTools()
    {
    }

    private static Path findRoot()
    {
        final String prop = System.getProperty("nt.root");
        Path p = Path.of(prop != null && !prop.isEmpty() ? prop : ".").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent())
        {
            if (Files.exists(q.resolve("native/include/nanotick/ring.h")))
            {
                return q;
            }
        }
        throw new IllegalStateException("cannot find the repository root (native/include/nanotick/ring.h) from " + p);
    }

    /** Path of a C program under native/build, building the ring programs with make if one is missing. */
    static synchronized Path bin(final String name)
    {
        if (!built)
        {
            boolean missing = false;
            for (final String prog : PROGRAMS)
            {
                missing |= !Files.isExecutable(BUILD.resolve(prog));
            }
            if (missing)
            {
                final List<String> cmd = new ArrayList<>(List.of("make", "-C", ROOT.resolve("native").toString()));
                for (final String prog : PROGRAMS)
                {
                    cmd.add("build/" + prog);
                }
                try
                {
                    final Process p = new ProcessBuilder(cmd).inheritIO().start();
                    if (p.waitFor() != 0)
                    {
                        throw new IllegalStateException("make failed: " + cmd);
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
            }
            built = true;
        }
        return BUILD.resolve(name);
    }

    /** A unique /dev/shm path for one test (delete it afterwards). */
    static Path shmPath(final String tag)
    {
        return Rings.SHM.resolve("nt-jtest-" + tag + "-" + ProcessHandle.current().pid() + "-" +
            COUNTER.incrementAndGet());
    }

    /** A started C program whose stdout and stderr go to temporary files. */
    static final class Proc
    {
        final Process process;
        final Path out;
        final Path err;

        Proc(final Process process, final Path out, final Path err)
        {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        int waitFor(final long seconds) throws InterruptedException
        {
            if (!process.waitFor(seconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + seconds + " s; stderr: " + err());
            }
            return process.exitValue();
        }

        String out()
        {
            return read(out);
        }

        String err()
        {
            return read(err);
        }

        /** Value of key=value in the last stdout line that has it, or -1. */
        long value(final String key)
        {
            long v = -1;
            for (final String line : out().split("\n"))
            {
                for (final String kv : line.trim().split("\\s+"))
                {
                    if (kv.startsWith(key + "="))
                    {
                        v = Long.parseLong(kv.substring(key.length() + 1));
                    }
                }
            }
            return v;
        }

        void cleanup()
        {
            if (process.isAlive())
            {
                process.destroyForcibly();
            }
            try
            {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
            catch (final IOException ignore)
            {
                // best effort
            }
        }

        private static String read(final Path p)
        {
            try
            {
                return Files.readString(p);
            }
            catch (final IOException ex)
            {
                return "";
            }
        }
    }

    static Proc start(final String program, final String... args) throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(bin(program).toString());
        cmd.addAll(List.of(args));
        final Path out = Files.createTempFile("nt-" + program, ".out");
        final Path err = Files.createTempFile("nt-" + program, ".err");
        final Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Proc(p, out, err);
    }
}
