package io.nanotick.book.bench;

import io.nanotick.book.BookEngine;
import io.nanotick.book.OrderBook;
import io.nanotick.book.SyntheticItch;
import io.nanotick.book.TopOfBookListener;
import io.nanotick.itch.FeedReplay;
import io.nanotick.itch.MoldUdp64Listener;
import org.openjdk.jmh.annotations.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * ns per ITCH message, decode (BinaryFILE framing + ITCH) + book + top-of-book
 * change detection, on a 2M-message stream over 500 locates, at most 50k live orders (SyntheticItch: ends
 * with an empty book, so every invocation replays it from scratch into the same
 * engine).  {@code engine=nanotick} is io.nanotick.book.BookEngine,
 * {@code engine=treemap} the HashMap + TreeMap book of {@link TreeMapBookEngine},
 * {@code engine=session1} the engine as it was before session 2 ({@code legacy.LegacyBookEngine}).
 * Run with tools/bench.d/book (prints the ratio).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class BookBenchmark
{
    public static final int MESSAGES = 2_000_000;

    @Param({"nanotick", "session1", "treemap"})
    public String engine;

    private Arena arena;
    private MemorySegment stream;
    private FeedReplay replay;
    private MoldUdp64Listener book;
    private long checksum;

    @Setup(Level.Trial)
    public void setUp()
    {
        final SyntheticItch s = SyntheticItch.generate(2026, MESSAGES, 500, 50_000);
        arena = Arena.ofShared();
        stream = arena.allocate(s.binaryFile().length, 64);
        MemorySegment.copy(MemorySegment.ofArray(s.binaryFile()), 0, stream, 0, s.binaryFile().length);
        replay = new FeedReplay();
        final TopOfBookListener sink = (msg, type, flags, locate, bp, bq, ap, aq, ts, seq) -> checksum += msg ^ bp ^ aq;
        book = engine(engine, sink);
    }

    static MoldUdp64Listener engine(final String name, final TopOfBookListener sink)
    {
        return switch (name)
        {
            case "treemap" -> new TreeMapBookEngine(sink);
            case "session1" -> new io.nanotick.book.bench.legacy.LegacyBookEngine(
                new io.nanotick.book.bench.legacy.LegacyOrderBook(), sink, null);
            default -> new BookEngine(new OrderBook(), sink, null);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long replay()
    {
        replay.replay(stream, book);
        return checksum;
    }
}
