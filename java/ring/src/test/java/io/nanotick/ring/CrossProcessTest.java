package io.nanotick.ring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.nanotick.ring.RingAbi.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * C producer -> Java consumer and Java producer -> C consumer, 10M records each way and each discipline,
 * every sequence number and every payload checked (the pattern of ring_pattern.h); a paused consumer reports
 * exactly what it lost; a full command ring blocks or rejects the producer and never overwrites.
 */
class CrossProcessTest
{
    private static final long TEN_M = 10_000_000L;

    private Path path;
    private NativeTools.Proc proc;

    @AfterEach
    void cleanup() throws IOException
    {
        if (proc != null)
        {
            proc.cleanup();
        }
        if (path != null)
        {
            Files.deleteIfExists(path);
        }
    }

    /** What a Java consumer saw. */
    record Seen(long records, long lost, long lapped, long errors, String firstError)
    {
    }

    private static Ring openWhenReady(final Path p, final int kind) throws Exception
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (true)
        {
            try
            {
                return Rings.open(p, kind);
            }
            catch (final IOException ex)
            {
                if (System.nanoTime() > deadline)
                {
                    throw ex;
                }
                Thread.sleep(1);
            }
        }
    }

    /**
     * Read until the producer closed the ring and everything was read or counted lost, checking that each
     * sequence word follows the previous one except where LAPPED reported exactly the jump, and each payload.
     * pauseAfter > 0: after that many records publish the position and wait until the producer exits.
     * slowEvery > 0: sleep 1 ms every slowEvery records (a slow command consumer).
     */
    private Seen consume(final Ring ring, final long pauseAfter, final long slowEvery) throws Exception
    {
        final RingConsumer c = new RingConsumer(ring);
        final TobRecord r = new TobRecord();
        long records = 0, errors = 0, expect = c.position(), pending = 0, lastLost = 0;
        String firstError = null;
        long idleSince = 0;
        while (true)
        {
            final int rc = c.poll();
            if (rc == RingConsumer.RECORD)
            {
                r.wrap(c.record(), c.recordOffset());
                idleSince = 0;
                final long idx = r.seq() - 1;
                if (idx != expect + pending || !RingPattern.check(r))
                {
                    if (errors++ == 0)
                    {
                        firstError = "index " + idx + ", expected " + expect + " + " + pending + " lost, pattern " +
                            RingPattern.check(r);
                    }
                }
                expect = idx + 1;
                pending = 0;
                records++;
                if (records == pauseAfter)
                {
                    c.publishPosition();
                    assertEquals(0, proc.waitFor(60), "producer: " + proc.err());
                }
                if (slowEvery > 0 && records % slowEvery == 0)
                {
                    Thread.sleep(1);
                }
            }
            else if (rc == RingConsumer.LAPPED)
            {
                pending += c.lostRecords() - lastLost;
                lastLost = c.lostRecords();
            }
            else if (c.isDrained())
            {
                break;
            }
            else
            {
                final long now = System.nanoTime();
                if (idleSince == 0)
                {
                    idleSince = now;
                }
                else if (now - idleSince > 30_000_000_000L)
                {
                    fail("no record for 30 s; producer: " + proc.err());
                }
                else if (now - idleSince > 20_000)
                {
                    Thread.yield(); // the machine has 2 cores, shared: let the producer run
                }
                Thread.onSpinWait();
            }
        }
        assertEquals(ring.prodIndex(), records + c.lostRecords(), "records + lost == prod_index");
        return new Seen(records, c.lostRecords(), c.lappedEvents(), errors, firstError);
    }

    @Test
    void cProducerToJavaConsumerCommandRing10M() throws Exception
    {
        path = NativeTools.shmPath("c2j-cmd");
        proc = NativeTools.start("ring_producer", "--path", path.toString(), "--kind", "cmd", "--capacity", "4096",
            "--count", Long.toString(TEN_M));
        try (Ring ring = openWhenReady(path, RING_KIND_CMD))
        {
            final Seen s = consume(ring, 0, 0);
            assertEquals(0, s.errors(), s.firstError());
            assertEquals(TEN_M, s.records());
            assertEquals(0, s.lost());
        }
        assertEquals(0, proc.waitFor(60), proc.err());
        assertEquals(TEN_M, proc.value("produced"));
    }

    @Test
    void cProducerToJavaConsumerMarketDataRing10M() throws Exception
    {
        path = NativeTools.shmPath("c2j-md");
        // --wait-cons 1: the producer floods only once this consumer is attached
        proc = NativeTools.start("ring_producer", "--path", path.toString(), "--kind", "md", "--capacity",
            Long.toString(1 << 20), "--count", Long.toString(TEN_M), "--wait-cons", "1");
        try (Ring ring = openWhenReady(path, RING_KIND_MD))
        {
            final Seen s = consume(ring, 0, 0);
            assertEquals(0, s.errors(), s.firstError());
            assertEquals(TEN_M, s.records() + s.lost());
            assertTrue(s.records() > 0, "delivered " + s.records());
            System.out.printf("C->Java MD 10M: delivered %d, lost %d in %d laps%n", s.records(), s.lost(), s.lapped());
        }
        assertEquals(0, proc.waitFor(60), proc.err());
    }

    @Test
    void javaProducerToCConsumerCommandRing10M() throws Exception
    {
        path = NativeTools.shmPath("j2c-cmd");
        try (Ring ring = Rings.create(path, RING_KIND_CMD, 4096, "j2c"))
        {
            proc = NativeTools.start("ring_consumer", "--path", path.toString(), "--kind", "cmd", "--wait-ms",
                "20000");
            final CmdRingProducer p = new CmdRingProducer(ring);
            final TobRecord w = new TobRecord();
            for (long i = 0; i < TEN_M; i++)
            {
                RingPattern.fill(w.wrap(p.segment(), p.claim(Idle.BACKOFF)), i, ~i);
                p.commit();
            }
            ring.markClosed(p.position());
            assertEquals(0, proc.waitFor(60), proc.err() + proc.out());
        }
        assertEquals(TEN_M, proc.value("records"));
        assertEquals(0, proc.value("lost"));
        assertEquals(0, proc.value("errors"));
    }

    @Test
    void javaProducerToCConsumerMarketDataRing10M() throws Exception
    {
        path = NativeTools.shmPath("j2c-md");
        try (Ring ring = Rings.create(path, RING_KIND_MD, 1 << 20, "j2c"))
        {
            proc = NativeTools.start("ring_consumer", "--path", path.toString(), "--kind", "md", "--wait-ms", "20000");
            waitForConsumer(ring);
            final MdRingProducer p = new MdRingProducer(ring);
            final TobRecord w = new TobRecord();
            for (long i = 0; i < TEN_M; i++)
            {
                RingPattern.fill(w.wrap(p.segment(), p.claim()), i, ~i);
                p.commit();
            }
            ring.markClosed(p.position());
            assertEquals(0, proc.waitFor(60), proc.err() + proc.out());
        }
        assertEquals(0, proc.value("errors"));
        assertEquals(TEN_M, proc.value("records") + proc.value("lost"));
        System.out.println("Java->C MD 10M: " + proc.out().trim());
    }

    private void waitForConsumer(final Ring ring) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (ring.consumerPid() == 0)
        {
            assertTrue(System.nanoTime() < deadline && proc.process.isAlive(), "C consumer never attached: " + proc.err());
            Thread.sleep(1);
        }
    }

    /** Java consumer paused at K=100 while the C producer writes N=500000 into 1024 slots: lost = N - 512 - K. */
    @Test
    void pausedJavaConsumerReportsExactlyWhatItLost() throws Exception
    {
        path = NativeTools.shmPath("pause-j");
        proc = NativeTools.start("ring_producer", "--path", path.toString(), "--kind", "md", "--capacity", "1024",
            "--count", "500000", "--wait-cons", "100");
        try (Ring ring = openWhenReady(path, RING_KIND_MD))
        {
            final Seen s = consume(ring, 100, 0);
            assertEquals(0, s.errors(), s.firstError());
            assertEquals(500_000 - 512 - 100, s.lost());
            assertEquals(100 + 512, s.records());
            assertEquals(1, s.lapped());
            assertEquals(s.lost(), ring.consLostRecords(), "lost count published in the header");
        }
    }

    /** C consumer paused at K=100 while this Java producer writes N=500000 into 1024 slots. */
    @Test
    void pausedCConsumerReportsExactlyWhatItLost() throws Exception
    {
        path = NativeTools.shmPath("pause-c");
        try (Ring ring = Rings.create(path, RING_KIND_MD, 1024, "pause"))
        {
            proc = NativeTools.start("ring_consumer", "--path", path.toString(), "--kind", "md", "--wait-ms",
                "20000", "--pause-after", "100");
            final MdRingProducer p = new MdRingProducer(ring);
            final TobRecord w = new TobRecord();
            for (long i = 0; i < 500_000; i++)
            {
                if (i == 100)
                {
                    final long deadline = System.nanoTime() + 20_000_000_000L;
                    while (ring.consIndex() < 100)
                    {
                        assertTrue(System.nanoTime() < deadline, "C consumer never read 100: " + proc.err());
                        Thread.sleep(1);
                    }
                }
                RingPattern.fill(w.wrap(p.segment(), p.claim()), i, ~i);
                p.commit();
            }
            ring.markClosed(p.position());
            assertEquals(0, proc.waitFor(60), proc.err() + proc.out());
            assertEquals(500_000 - 512 - 100, ring.consLostRecords());
        }
        assertEquals(500_000 - 512 - 100, proc.value("lost"));
        assertEquals(612, proc.value("records"));
        assertEquals(1, proc.value("lapped"));
    }

    /** C producer, fail-fast, into a 64-slot command ring read slowly: rejections, but every record intact. */
    @Test
    void fullCommandRingRejectsTheCProducerAndLosesNothing() throws Exception
    {
        path = NativeTools.shmPath("full-ff");
        proc = NativeTools.start("ring_producer", "--path", path.toString(), "--kind", "cmd", "--capacity", "64",
            "--count", "50000", "--fail-fast");
        try (Ring ring = openWhenReady(path, RING_KIND_CMD))
        {
            final Seen s = consume(ring, 0, 5000);
            assertEquals(0, s.errors(), s.firstError());
            assertEquals(50_000, s.records());
            assertEquals(0, s.lost());
            assertTrue(ring.prodFullCount() > 0, "the producer must have found the ring full");
        }
        assertEquals(0, proc.waitFor(60), proc.err());
        assertTrue(proc.value("rejected") > 0, proc.out());
    }

    /** C producer, blocking, into a 64-slot command ring whose consumer stops: it waits, never overwrites. */
    @Test
    void fullCommandRingBlocksTheCProducer() throws Exception
    {
        path = NativeTools.shmPath("full-blk");
        proc = NativeTools.start("ring_producer", "--path", path.toString(), "--kind", "cmd", "--capacity", "64",
            "--count", "30000");
        try (Ring ring = openWhenReady(path, RING_KIND_CMD))
        {
            final RingConsumer c = new RingConsumer(ring);
            final TobRecord r = new TobRecord();
            long got = 0;
            while (got < 10)
            {
                if (c.poll() == RingConsumer.RECORD)
                {
                    r.wrap(c.record(), c.recordOffset());
                    assertEquals(got + 1, r.seq());
                    got++;
                }
            }
            c.publishPosition();
            // the consumer stops: the producer must stop at cons + capacity and stay there
            final long deadline = System.nanoTime() + 30_000_000_000L;
            long prod;
            while ((prod = ring.prodIndex()) < got + 64)
            {
                assertTrue(System.nanoTime() < deadline, "the producer never filled the ring: " + prod);
                Thread.sleep(1);
            }
            for (int t = 0; t < 20; t++) // and it stays there while the consumer does nothing
            {
                Thread.sleep(5);
                prod = ring.prodIndex();
                assertEquals(got + 64, prod, "producer at " + prod + " with the consumer at " + got);
            }
            assertTrue(proc.process.isAlive());
            for (long i = 0; i < 64; i++) // every slot still holds the record the consumer has not read
            {
                final long off = ring.slotOffset(got + i);
                assertEquals(got + i + 1, ring.segment().get(U64, off));
            }
            // resume: everything arrives, in order, intact
            while (!c.isDrained())
            {
                if (c.poll() == RingConsumer.RECORD)
                {
                    r.wrap(c.record(), c.recordOffset());
                    assertEquals(got + 1, r.seq());
                    assertTrue(RingPattern.check(r));
                    got++;
                }
                else
                {
                    Thread.yield();
                }
            }
            assertEquals(30_000, got);
            assertTrue(ring.prodFullCount() > 0);
        }
        assertEquals(0, proc.waitFor(60), proc.err());
    }

    /** Java producer into a 64-slot command ring drained slowly by C: tryClaim rejects, C sees every record. */
    @Test
    void fullCommandRingRejectsTheJavaProducerAndLosesNothing() throws Exception
    {
        path = NativeTools.shmPath("full-j");
        try (Ring ring = Rings.create(path, RING_KIND_CMD, 64, "full"))
        {
            proc = NativeTools.start("ring_consumer", "--path", path.toString(), "--kind", "cmd", "--wait-ms",
                "20000", "--slow-ns", "1000000");
            final CmdRingProducer p = new CmdRingProducer(ring);
            final TobRecord w = new TobRecord();
            long rejected = 0;
            for (long i = 0; i < 30_000; i++)
            {
                long off;
                while ((off = p.tryClaim()) < 0)
                {
                    rejected++;
                    Thread.yield();
                }
                RingPattern.fill(w.wrap(p.segment(), off), i, ~i);
                p.commit();
            }
            ring.markClosed(p.position());
            assertEquals(0, proc.waitFor(60), proc.err() + proc.out());
            assertTrue(rejected > 0);
            assertEquals(rejected, ring.prodFullCount());
        }
        assertEquals(30_000, proc.value("records"));
        assertEquals(0, proc.value("lost"));
        assertEquals(0, proc.value("errors"));
    }
}
