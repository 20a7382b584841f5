package io.nanotick.book;

import io.nanotick.book.bench.TreeMapBookEngine;
import io.nanotick.itch.FeedReplay;
import io.nanotick.itch.MoldUdp64Listener;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BookEngine reads the bytes wherever the caller's buffer keeps them: the mapped-file
 * segment path, and DirectBuffers over a byte[] at an offset, a heap ByteBuffer slice
 * and a direct ByteBuffer all give the same rows, equal to those of the independent
 * TreeMap book.
 */
class BufferKindsTest
{
    private static TopOfBookListener into(final StringBuilder sb)
    {
        return (msg, type, flags, locate, bp, bq, ap, aq, ts, seq) ->
            sb.append(msg).append(',').append(locate).append(',').append(bp).append(',').append(bq)
                .append(',').append(ap).append(',').append(aq).append('\n');
    }

    /** Feeds every BinaryFILE message of {@code file} (starting at {@code base} in {@code b}) to {@code l}. */
    private static void feed(final DirectBuffer b, final int base, final int length, final MoldUdp64Listener l)
    {
        int at = base;
        long seq = 0;
        while (at < base + length)
        {
            final int len = ((b.getByte(at) & 0xFF) << 8) | (b.getByte(at + 1) & 0xFF);
            l.onMessage(b, at + 2, len, ++seq);
            at += 2 + len;
        }
    }

    @Test
    void everyBufferKindGivesTheSameRowsAsTheTreeMapBook()
    {
        final byte[] file = SyntheticItch.generate(7, 30_000, 40, 3_000).binaryFile();

        final StringBuilder expected = new StringBuilder();
        feed(new UnsafeBuffer(file), 0, file.length, new TreeMapBookEngine(into(expected)));
        assertTrue(expected.length() > 10_000, "the stream changes the top of book often");

        final StringBuilder viaSegment = new StringBuilder();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment seg = arena.allocate(file.length);
            MemorySegment.copy(MemorySegment.ofArray(file), 0, seg, 0, file.length);
            new FeedReplay().replay(seg, new BookEngine(new OrderBook(16, 2), into(viaSegment), null));
        }
        assertEquals(expected.toString(), viaSegment.toString(), "mapped segment");

        final byte[] padded = new byte[file.length + 20];
        System.arraycopy(file, 0, padded, 7, file.length);
        final StringBuilder viaArray = new StringBuilder();
        feed(new UnsafeBuffer(padded, 3, file.length + 10), 4, file.length,
            new BookEngine(new OrderBook(16, 2), into(viaArray), null));
        assertEquals(expected.toString(), viaArray.toString(), "byte[] at an offset");

        final ByteBuffer heap = ByteBuffer.wrap(padded).position(5).slice();
        final StringBuilder viaHeap = new StringBuilder();
        feed(new UnsafeBuffer(heap), 2, file.length, new BookEngine(new OrderBook(16, 2), into(viaHeap), null));
        assertEquals(expected.toString(), viaHeap.toString(), "heap ByteBuffer slice");

        final ByteBuffer direct = ByteBuffer.allocateDirect(file.length + 9);
        direct.position(9);
        direct.put(file);
        final StringBuilder viaDirect = new StringBuilder();
        feed(new UnsafeBuffer(direct), 9, file.length, new BookEngine(new OrderBook(16, 2), into(viaDirect), null));
        assertEquals(expected.toString(), viaDirect.toString(), "direct ByteBuffer");
    }
}
