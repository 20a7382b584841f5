package io.nanotick.ring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static io.nanotick.ring.RingAbi.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad ring files are refused with an error naming the file and the field, by Java and by C; a ring left LIVE
 * by a SIGKILLed producer is stale; re-creation changes the epoch; hugetlbfs sizes are rounded.
 */
class RingFormatTest
{
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

    record Patch(String field, long offset, int size, long value, int expectKind)
    {
    }

    private static void patch(final Path p, final long offset, final int size, final long value) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        if (size == 8)
        {
            b.putLong(value);
        }
        else
        {
            b.putInt((int)value);
        }
        b.flip();
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE))
        {
            ch.write(b, offset);
        }
    }

    @Test
    void badHeaderFieldsAreRefusedNamingFileAndFieldInJavaAndC() throws Exception
    {
        final List<Patch> patches = List.of(
            new Patch("magic", H_MAGIC, 8, 0x4B4349544F4E414FL, 0),
            new Patch("magic", H_MAGIC, 8, 0, 0),
            new Patch("abi_version", H_ABI_VERSION, 4, 2, 0),
            new Patch("record_size", H_RECORD_SIZE, 4, 128, 0),
            new Patch("capacity", H_CAPACITY, 8, 48, 0),
            new Patch("capacity", H_CAPACITY, 8, 0, 0),
            new Patch("capacity", H_CAPACITY, 8, 1024, 0), // power of two, but the file holds 64
            new Patch("data_offset", H_DATA_OFFSET, 4, 512, 0),
            new Patch("kind", H_KIND, 4, 7, 0),
            new Patch("kind", H_KIND, 4, RING_KIND_MD, RING_KIND_CMD),
            new Patch("state", H_STATE, 4, RING_STATE_INIT, 0),
            new Patch("epoch", H_EPOCH, 8, 0, 0));
        for (final Patch t : patches)
        {
            path = NativeTools.shmPath("bad");
            try (Ring ignored = Rings.create(path, RING_KIND_MD, 64, "bad"))
            {
                patch(path, t.offset(), t.size(), t.value());
                final RingFormatException ex = assertThrows(RingFormatException.class,
                    () -> Rings.open(path, t.expectKind()).close(), t.field() + "=" + t.value());
                assertEquals(t.field(), ex.field());
                assertEquals(path, ex.path());
                assertTrue(ex.getMessage().startsWith(path + ": field " + t.field() + " "), ex.getMessage());

                // the C side refuses the same file, naming the same file and field
                final NativeTools.Proc c = NativeTools.start("ring_consumer", "--path", path.toString(), "--kind",
                    t.expectKind() == RING_KIND_CMD ? "cmd" : "md", "--wait-ms", "0");
                try
                {
                    if (t.expectKind() == 0)
                    {
                        c.cleanup();
                        final NativeTools.Proc any = NativeTools.start("ring_consumer", "--path", path.toString(),
                            "--wait-ms", "0");
                        check(any, t, path);
                    }
                    else
                    {
                        check(c, t, path);
                    }
                }
                finally
                {
                    c.cleanup();
                }
            }
            Files.deleteIfExists(path);
        }
    }

    private static void check(final NativeTools.Proc c, final Patch t, final Path path) throws InterruptedException
    {
        try
        {
            assertEquals(2, c.waitFor(30), "C must refuse bad " + t.field());
            assertTrue(c.err().contains(path + ": field " + t.field() + " "),
                "C error names the file and the field " + t.field() + ": " + c.err());
        }
        finally
        {
            c.cleanup();
        }
    }

    @Test
    void filesThatAreNotRingsAreRefused() throws Exception
    {
        path = NativeTools.shmPath("tiny");
        Files.writeString(path, "hello");
        final RingFormatException ex = assertThrows(RingFormatException.class, () -> Rings.open(path, 0));
        assertEquals("file size", ex.field());
        assertTrue(ex.getMessage().contains(path.toString()));
        Files.write(path, new byte[8192]);
        assertEquals("magic", assertThrows(RingFormatException.class, () -> Rings.open(path, 0)).field());
        Files.delete(path);
        assertThrows(IOException.class, () -> Rings.open(path, 0));
        assertEquals("capacity", assertThrows(RingFormatException.class,
            () -> Rings.create(path, RING_KIND_MD, 100, "x")).field());
        assertEquals("kind", assertThrows(RingFormatException.class,
            () -> Rings.create(path, 3, 64, "x")).field());
        assertFalse(Files.exists(path));
    }

    /** SIGKILL a C producer holding a LIVE ring, then open: stale, in Java and in C. */
    @Test
    void ringOfASigkilledProducerIsStale() throws Exception
    {
        path = NativeTools.shmPath("stale");
        proc = NativeTools.start("ring_producer", "--path", path.toString(), "--kind", "md", "--capacity", "64",
            "--count", "1000", "--hold");
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!proc.out().contains("produced="))
        {
            assertTrue(System.nanoTime() < deadline, "producer did not start: " + proc.err());
            Thread.sleep(5);
        }
        try (Ring live = Rings.open(path, RING_KIND_MD)) // producer alive: fine
        {
            assertEquals(RING_STATE_LIVE, live.state());
            assertEquals(proc.process.pid(), Integer.toUnsignedLong(live.producerPid()));
            assertFalse(live.isStale());

            proc.process.destroyForcibly(); // SIGKILL: no chance to mark the ring CLOSED
            proc.process.waitFor();
            assertTrue(live.isStale(), "an attached consumer sees its producer die");
        }
        final RingStaleException ex = assertThrows(RingStaleException.class, () -> Rings.open(path, 0));
        assertEquals(path, ex.path());
        assertTrue(ex.getMessage().contains("producer_pid " + proc.process.pid()), ex.getMessage());
        assertTrue(ex.getMessage().contains("stale"), ex.getMessage());

        final NativeTools.Proc c = NativeTools.start("ring_consumer", "--path", path.toString(), "--wait-ms", "0");
        try
        {
            assertEquals(2, c.waitFor(30));
            assertTrue(c.err().contains(path.toString()) && c.err().contains("stale"), c.err());
        }
        finally
        {
            c.cleanup();
        }
    }

    /** A producer that ended cleanly leaves a CLOSED ring: still readable after it exits. */
    @Test
    void closedRingOfAFinishedProducerStaysReadable() throws Exception
    {
        path = NativeTools.shmPath("closed");
        proc = NativeTools.start("ring_producer", "--path", path.toString(), "--kind", "cmd", "--capacity", "64",
            "--count", "64");
        assertEquals(0, proc.waitFor(30), proc.err());
        try (Ring ring = Rings.open(path, RING_KIND_CMD))
        {
            assertEquals(RING_STATE_CLOSED, ring.state());
            assertFalse(ring.isStale());
            assertEquals("test", ring.name());
            final RingConsumer c = new RingConsumer(ring);
            final TobRecord r = new TobRecord();
            for (long i = 0; i < 64; i++)
            {
                assertEquals(RingConsumer.RECORD, c.poll());
                r.wrap(c.record(), c.recordOffset());
                assertEquals(i + 1, r.seq());
                assertTrue(RingPattern.check(r));
            }
            assertTrue(c.isDrained());
        }
    }

    @Test
    void recreatingARingChangesTheEpochAndOldMappingsNotice() throws Exception
    {
        path = NativeTools.shmPath("epoch");
        try (Ring first = Rings.create(path, RING_KIND_MD, 64, "e1"); Ring reader = Rings.open(path, 0))
        {
            assertNotEquals(0, first.epoch());
            assertEquals(first.epoch(), reader.epoch());
            assertFalse(reader.isReplaced());
            try (Ring second = Rings.create(path, RING_KIND_MD, 64, "e2"))
            {
                assertNotEquals(first.epoch(), second.epoch());
                assertTrue(reader.isReplaced(), "the old mapping must notice the new file");
                try (Ring again = Rings.open(path, 0))
                {
                    assertEquals(second.epoch(), again.epoch());
                    assertEquals("e2", again.name());
                }
            }
        }
    }

    /** hugetlbfs (production option): only where a hugetlbfs mount with free pages exists. */
    @Test
    void hugetlbfsRingIsRoundedToTheHugePageSize() throws Exception
    {
        final Path dir = Rings.HUGEPAGES;
        final long hp = Files.isDirectory(dir) ? Rings.hugePageSize(dir) : 0;
        Assumptions.assumeTrue(hp > 0, "no hugetlbfs mounted at " + dir);
        path = dir.resolve("nt-jtest-huge-" + ProcessHandle.current().pid());
        try (Ring ring = Rings.create(path, RING_KIND_MD, 64, "huge"))
        {
            assertEquals(0, Files.size(path) % hp);
            assertTrue(Files.size(path) >= fileSize(64));
            final MdRingProducer p = new MdRingProducer(ring);
            RingPattern.fill(new TobRecord().wrap(p.segment(), p.claim()), 0, 0);
            p.commit();
            try (Ring r = Rings.open(path, RING_KIND_MD))
            {
                final RingConsumer c = new RingConsumer(r);
                assertEquals(RingConsumer.RECORD, c.poll());
                assertTrue(RingPattern.check(new TobRecord().wrap(c.record(), c.recordOffset())));
            }
        }
    }
}
