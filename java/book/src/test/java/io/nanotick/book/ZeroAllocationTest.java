package io.nanotick.book;

import io.nanotick.itch.FeedReplay;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The decode + book + CSV hot path allocates nothing in steady state: measured
 * with com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes over
 * well over 1M messages after a warm-up, through both input paths
 * (BinaryFILE, and pcap/IPv4/UDP/MoldUDP64 with the sequencer).
 */
class ZeroAllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void binaryFilePathAllocatesNothing()
    {
        final SyntheticItch stream = SyntheticItch.generate(7, 700_000, 200);
        try (Arena arena = Arena.ofConfined();
             TopOfBookCsvWriter csv = new TopOfBookCsvWriter(OutputStream.nullOutputStream()))
        {
            final MemorySegment file = arena.allocate(stream.binaryFile().length);
            MemorySegment.copy(MemorySegment.ofArray(stream.binaryFile()), 0, file, 0, stream.binaryFile().length);
            final BookEngine engine = new BookEngine(new OrderBook(1 << 18, 64), csv, null);
            final FeedReplay replay = new FeedReplay();
            for (int i = 0; i < 3; i++)
            {
                replay.replay(file, engine); // warm-up: JIT, level arrays reach their size
            }
            assertEquals(0, engine.book().liveOrders(), "the stream ends with an empty book");
            final long before = engine.messages();
            final long rowsBefore = engine.rows();
            final long t0 = THREADS.getCurrentThreadAllocatedBytes();
            replay.replay(file, engine);
            replay.replay(file, engine);
            final long allocated = THREADS.getCurrentThreadAllocatedBytes() - t0;
            final long measured = engine.messages() - before;
            assertTrue(measured >= 1_000_000, "measured " + measured + " messages");
            assertTrue(engine.rows() - rowsBefore > 10_000, "rows were produced: " + (engine.rows() - rowsBefore));
            assertEquals(0, allocated, "bytes allocated over " + measured + " messages");
        }
    }

    @Test
    void pcapPathAllocatesNothing() throws Exception
    {
        final SyntheticItch stream = SyntheticItch.generate(8, 400_000, 100);
        final byte[][] pcaps = new byte[6][];
        for (int i = 0; i < pcaps.length; i++)
        {
            pcaps[i] = stream.pcap("SESSION00" + i); // a new session restarts sequencing: the book sees it again
        }
        try (Arena arena = Arena.ofConfined();
             TopOfBookCsvWriter csv = new TopOfBookCsvWriter(OutputStream.nullOutputStream()))
        {
            final MemorySegment[] segs = new MemorySegment[pcaps.length];
            for (int i = 0; i < pcaps.length; i++)
            {
                segs[i] = arena.allocate(pcaps[i].length);
                MemorySegment.copy(MemorySegment.ofArray(pcaps[i]), 0, segs[i], 0, pcaps[i].length);
            }
            final BookEngine engine = new BookEngine(new OrderBook(1 << 18, 64), csv, null);
            final FeedReplay replay = new FeedReplay();
            for (int i = 0; i < 3; i++)
            {
                replay.replay(segs[i], engine);
            }
            final long before = engine.messages();
            final long t0 = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 3; i < 6; i++)
            {
                replay.replay(segs[i], engine);
            }
            final long allocated = THREADS.getCurrentThreadAllocatedBytes() - t0;
            final long measured = engine.messages() - before;
            assertTrue(measured >= 1_000_000, "measured " + measured + " messages");
            assertEquals(0, replay.sequencer().gaps());
            assertEquals(0, allocated, "bytes allocated over " + measured + " messages");
        }
    }
}
