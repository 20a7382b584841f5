package io.nanotick.bench;

import java.io.File;
import java.lang.foreign.MemorySegment;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.nanotick.ring.CmdRingProducer;
import io.nanotick.ring.Ring;
import io.nanotick.ring.RingAbi;
import io.nanotick.ring.RingConsumer;
import io.nanotick.ring.Rings;
import io.nanotick.ring.TobRecord;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH, one producer thread and one consumer thread (pinned to CPUs 0 and 1) over a mapped /dev/shm file:
 * a Nanotick command ring vs Agrona's OneToOneRingBuffer with the same 64 bytes per message.  Each call makes
 * one attempt; the {@code sent}/{@code received} counters give messages per second.  Per-side mutable state
 * lives in the thread-scoped counter states (JMH pads those), so the two threads share no written line.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RingJmh
{
    @Param({ "65536" })
    public int slots;

    private Path ntPath;
    private Ring ntProdRing;
    private Ring ntConsRing;
    private CmdRingProducer ntProducer;
    private RingConsumer ntConsumer;
    private MemorySegment ntSegment;

    private File agFile;
    private MappedByteBuffer agMap;
    private OneToOneRingBuffer agRing;
    private MutableDirectBuffer agBuffer;

    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        ntPath = Rings.SHM.resolve("nt-jmh-" + ProcessHandle.current().pid());
        ntProdRing = Rings.create(ntPath, RingAbi.RING_KIND_CMD, slots, "jmh");
        ntConsRing = Rings.open(ntPath, RingAbi.RING_KIND_CMD);
        ntProducer = new CmdRingProducer(ntProdRing);
        ntConsumer = new RingConsumer(ntConsRing);
        ntSegment = ntProducer.segment();

        agFile = new File("/dev/shm/nt-jmh-agrona-" + ProcessHandle.current().pid());
        agMap = IoUtil.mapNewFile(agFile, (long)slots * 64 + RingBufferDescriptor.TRAILER_LENGTH);
        agRing = new OneToOneRingBuffer(new UnsafeBuffer(agMap));
        agBuffer = agRing.buffer();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception
    {
        ntProdRing.close();
        ntConsRing.close();
        Files.deleteIfExists(ntPath);
        IoUtil.unmap(agMap);
        Files.deleteIfExists(agFile.toPath());
    }

    /** Producer-side counters; the thread that uses them is pinned to CPU 0. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class ProducerCounters
    {
        public long sent;
        public long full;
        long seq; // not a counter (not public): the producer's message number
        final TobRecord writer = new TobRecord();

        @Setup(Level.Trial)
        public void pin()
        {
            Affinity.pin(0);
        }
    }

    /** Consumer-side counters; the thread that uses them is pinned to CPU 1. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class ConsumerCounters
    {
        public long received;
        public long empty;
        long sink; // not a counter
        final TobRecord reader = new TobRecord();
        final MessageHandler handler = (type, buffer, index, length) -> sink += buffer.getLong(index);

        @Setup(Level.Trial)
        public void pin()
        {
            Affinity.pin(1);
        }
    }

    @Benchmark
    @Group("nanotick")
    @GroupThreads(1)
    public void nanotickProduce(final ProducerCounters c)
    {
        final long off = ntProducer.tryClaim();
        if (off < 0)
        {
            c.full++;
            return;
        }
        c.writer.wrap(ntSegment, off).msgOrdinal(++c.seq);
        ntProducer.commit();
        c.sent++;
    }

    @Benchmark
    @Group("nanotick")
    @GroupThreads(1)
    public void nanotickConsume(final ConsumerCounters c)
    {
        if (ntConsumer.poll() == RingConsumer.RECORD)
        {
            c.sink += c.reader.wrap(ntConsumer.record(), ntConsumer.recordOffset()).msgOrdinal();
            c.received++;
        }
        else
        {
            c.empty++;
        }
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaProduce(final ProducerCounters c)
    {
        final int index = agRing.tryClaim(1, 56);
        if (index < 0)
        {
            c.full++;
            return;
        }
        agBuffer.putLong(index, ++c.seq);
        agRing.commit(index);
        c.sent++;
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaConsume(final ConsumerCounters c)
    {
        if (agRing.read(c.handler, 1) > 0)
        {
            c.received++;
        }
        else
        {
            c.empty++;
        }
    }
}
