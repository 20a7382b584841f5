package io.nanotick.bench;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nanotick.ring.CmdRingProducer;
import io.nanotick.ring.Ring;
import io.nanotick.ring.RingAbi;
import io.nanotick.ring.RingConsumer;
import io.nanotick.ring.Rings;
import io.nanotick.ring.TobRecord;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Cross-process ring benchmark (one JVM per side; tools/bench.d/ring starts them):
 * <pre>
 *   XprocBench --role producer|consumer --impl nanotick|agrona --mode throughput|latency
 *              --file PATH --count N [--pace-ns P] [--cpu C] [--slots S] [--rt PRIO]
 * </pre>
 * Both implementations move the same 64 bytes per message over a file in /dev/shm: a Nanotick command ring
 * of S slots (lossless, backpressure), or an Agrona {@link OneToOneRingBuffer} of S * 64 bytes carrying
 * 56-byte messages (8-byte Agrona header + 56 = 64).  The producer writes the message ordinal and, in latency
 * mode, its System.nanoTime() (CLOCK_MONOTONIC) at send; the consumer checks the ordinals and, in latency
 * mode, records now - sent in an HdrHistogram.  A warm-up of count/5 messages (latency: at least 500,000)
 * precedes the N measured ones and is not counted.  Latency mode sends one message every P ns so the ring
 * is near empty (one-way latency, not queueing).  After the warm-up fifth the producer pauses for a second
 * (JIT compilation completes); with --rt PRIO both benchmark threads then switch to SCHED_FIFO at PRIO (JIT
 * and GC threads stay normal) for the measured part, and back at the end.  The consumer prints:
 *   impl=I mode=M records=N throughput_rps=R p50_ns=A p99_ns=B p999_ns=C max_ns=D errors=E
 */
public final class XprocBench
{
    private static final int MSG_LENGTH = 56;

    private String role = "consumer";
    private String impl = "nanotick";
    private String mode = "throughput";
    private Path file;
    private long count = 50_000_000L;
    private long paceNs = 2_000;
    private int cpu = -1;
    private int slots = 65536;
    private static int rtPrio;

    public static void main(final String[] args) throws Exception
    {
        final XprocBench b = new XprocBench();
        for (int i = 0; i < args.length; i += 2)
        {
            final String v = args[i + 1];
            switch (args[i])
            {
                case "--role" -> b.role = v;
                case "--impl" -> b.impl = v;
                case "--mode" -> b.mode = v;
                case "--file" -> b.file = Path.of(v);
                case "--count" -> b.count = Long.parseLong(v);
                case "--pace-ns" -> b.paceNs = Long.parseLong(v);
                case "--cpu" -> b.cpu = Integer.parseInt(v);
                case "--slots" -> b.slots = Integer.parseInt(v);
                case "--rt" -> rtPrio = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (b.file == null)
        {
            throw new IllegalArgumentException("--file is required");
        }
        Affinity.pin(b.cpu);
        Affinity.realtime(0); // links the call now (SCHED_OTHER: no change), not in the measured phase
        final boolean latency = "latency".equals(b.mode);
        final boolean nanotick = "nanotick".equals(b.impl);
        if ("producer".equals(b.role))
        {
            if (nanotick)
            {
                b.produceNanotick(latency);
            }
            else
            {
                b.produceAgrona(latency);
            }
        }
        else
        {
            final Result r = nanotick ? b.consumeNanotick(latency) : b.consumeAgrona(latency);
            System.out.println(r.line(b.impl, b.mode) + " clock_ns=" + clockReadNs());
        }
    }

    // ------------------------------------------------------------------ shared measurement
    //
    // Both sides run in two phases through the SAME hot methods (send / receive): the warm-up fifth, then
    // (producer: after a one-second pause so JIT compilation completes; with --rt both threads then go
    // SCHED_FIFO) the measured rest.  No branch in the hot loops changes direction at the boundary, so the
    // measured phase runs the code compiled during the warm-up (no deoptimisation, no recompilation, which
    // a realtime thread would starve).

    static final class Result
    {
        final Histogram hist = new Histogram(10_000_000_000L, 3);
        final long count;
        final long warm;
        long received;
        long errors;
        long tStart;
        long tEnd;

        Result(final long count, final long warm)
        {
            this.count = count;
            this.warm = warm;
        }

        /** Called for every message in order; no allocation. */
        void onMessage(final long ordinal, final long sentNs, final boolean latency)
        {
            if (ordinal != received + 1)
            {
                errors++;
            }
            received++;
            if (latency)
            {
                final long d = System.nanoTime() - sentNs;
                hist.recordValue(Math.max(0, Math.min(d, 10_000_000_000L)));
            }
        }

        /** Between the phases: the first measured record just arrived. */
        void startMeasuring()
        {
            tStart = System.nanoTime();
            hist.reset();
            warmedUp();
        }

        void stopMeasuring()
        {
            tEnd = System.nanoTime();
            done();
        }

        String line(final String impl, final String mode)
        {
            final long n = received - warm - 1; // the measured count, timed from the first measured record
            final double rps = tEnd > tStart ? n * 1e9 / (tEnd - tStart) : 0;
            return String.format("impl=%s mode=%s records=%d throughput_rps=%.0f p50_ns=%d p99_ns=%d p999_ns=%d " +
                "max_ns=%d samples=%d errors=%d", impl, mode, received, rps, hist.getValueAtPercentile(50),
                hist.getValueAtPercentile(99), hist.getValueAtPercentile(99.9), hist.getMaxValue(),
                hist.getTotalCount(), errors);
        }
    }

    /**
     * Median cost of one System.nanoTime() (back to back, after the run: compiled): every one-way latency
     * sample carries about one clock read (the producer stamps before publishing, the consumer after reading).
     */
    static long clockReadNs()
    {
        final long[] d = new long[100_001];
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < d.length; i++)
            {
                final long a = System.nanoTime();
                d[i] = System.nanoTime() - a;
            }
        }
        java.util.Arrays.sort(d);
        return d[d.length / 2];
    }

    /** Go realtime if asked. */
    static void warmedUp()
    {
        if (rtPrio > 0)
        {
            Affinity.realtime(rtPrio);
        }
    }

    static void done()
    {
        if (rtPrio > 0)
        {
            Affinity.realtime(0);
        }
    }

    /** Spin until the next send time; returns the one after it. */
    private long pace(final long next)
    {
        long now;
        while ((now = System.nanoTime()) < next)
        {
            Thread.onSpinWait();
        }
        return now + paceNs;
    }

    interface Sender
    {
        /** Sends messages from..to (inclusive), paced if latency; returns the pacing state. */
        long send(long from, long to, boolean latency, long next);
    }

    interface Receiver
    {
        /** Receives until res.received == upTo. */
        void receive(Result res, long upTo, boolean latency);
    }

    /**
     * Warm-up messages: the first fifth, and in latency mode at least 500,000 (a second at the default pace:
     * time for C2 to compile the loops on a loaded machine before the measured phase).  The warm-up
     * messages are sent on top of the count.
     */
    static long warmCount(final long count, final boolean latency)
    {
        return latency ? Math.max(count / 5, 500_000) : count / 5;
    }

    private void produce(final Sender s, final boolean latency) throws InterruptedException
    {
        final long warm = warmCount(count, latency);
        long next = s.send(1, warm, latency, 0);
        Thread.sleep(1000); // JIT compilation completes
        warmedUp();
        s.send(warm + 1, warm + count, latency, next);
        done();
    }

    private static Result consume(final Receiver r, final long count, final boolean latency)
    {
        final Result res = new Result(count, warmCount(count, latency));
        r.receive(res, res.warm + 1, latency);
        res.startMeasuring();
        r.receive(res, res.warm + count, latency);
        res.stopMeasuring();
        return res;
    }

    // ------------------------------------------------------------------ Nanotick

    private void produceNanotick(final boolean latency) throws Exception
    {
        try (Ring ring = Rings.create(file, RingAbi.RING_KIND_CMD, slots, "bench"))
        {
            final CmdRingProducer p = new CmdRingProducer(ring);
            final TobRecord w = new TobRecord();
            produce((from, to, lat, next) ->
            {
                for (long i = from; i <= to; i++)
                {
                    if (lat)
                    {
                        next = pace(next);
                    }
                    long off;
                    while ((off = p.tryClaim()) < 0)
                    {
                        Thread.onSpinWait();
                    }
                    w.wrap(p.segment(), off).msgOrdinal(i).ingressTs(lat ? System.nanoTime() : 0);
                    p.commit();
                }
                return next;
            }, latency);
            ring.markClosed(p.position());
        }
    }

    private Result consumeNanotick(final boolean latency) throws Exception
    {
        final Ring ring = openRing();
        final RingConsumer c = new RingConsumer(ring);
        final TobRecord r = new TobRecord();
        final Result res = consume((result, upTo, lat) ->
        {
            while (result.received < upTo)
            {
                if (c.poll() == RingConsumer.RECORD)
                {
                    r.wrap(c.record(), c.recordOffset());
                    result.onMessage(r.msgOrdinal(), r.ingressTs(), lat);
                }
                // empty: spin on (no PAUSE: it costs ~140 cycles on recent Xeons, straight into the latency)
            }
        }, count, latency);
        c.close();
        Files.deleteIfExists(file);
        return res;
    }

    private Ring openRing() throws Exception
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (true)
        {
            try
            {
                return Rings.open(file, RingAbi.RING_KIND_CMD);
            }
            catch (final java.io.IOException ex)
            {
                if (System.nanoTime() > deadline)
                {
                    throw ex;
                }
                Thread.sleep(1);
            }
        }
    }

    // ------------------------------------------------------------------ Agrona

    private long agronaFileLength()
    {
        return (long)slots * 64 + RingBufferDescriptor.TRAILER_LENGTH;
    }

    private void produceAgrona(final boolean latency) throws Exception
    {
        final File tmp = new File(file + ".tmp");
        final MappedByteBuffer mbb = IoUtil.mapNewFile(tmp, agronaFileLength());
        Files.move(tmp.toPath(), file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        final RingBuffer rb = new OneToOneRingBuffer(new UnsafeBuffer(mbb));
        final MutableDirectBuffer buf = rb.buffer();
        produce((from, to, lat, next) ->
        {
            for (long i = from; i <= to; i++)
            {
                if (lat)
                {
                    next = pace(next);
                }
                int index;
                while ((index = rb.tryClaim(1, MSG_LENGTH)) < 0)
                {
                    Thread.onSpinWait();
                }
                buf.putLong(index, i);
                buf.putLong(index + 8, lat ? System.nanoTime() : 0);
                rb.commit(index);
            }
            return next;
        }, latency);
        IoUtil.unmap(mbb);
    }

    private Result consumeAgrona(final boolean latency) throws Exception
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file) || Files.size(file) != agronaFileLength())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException(file + ": producer never created it");
            }
            Thread.sleep(1);
        }
        final MappedByteBuffer mbb = IoUtil.mapExistingFile(file.toFile(), "agrona-bench");
        final RingBuffer rb = new OneToOneRingBuffer(new UnsafeBuffer(mbb));
        final Result[] current = new Result[1];
        final boolean[] lat = { latency };
        final org.agrona.concurrent.MessageHandler handler = (msgTypeId, buffer, index, length) ->
            current[0].onMessage(buffer.getLong(index), buffer.getLong(index + 8), lat[0]);
        final Result res = consume((result, upTo, l) ->
        {
            current[0] = result;
            while (result.received < upTo)
            {
                rb.read(handler, (int)Math.min(Integer.MAX_VALUE, upTo - result.received)); // empty: spin on
            }
        }, count, latency);
        IoUtil.unmap(mbb);
        Files.deleteIfExists(file);
        return res;
    }
}
