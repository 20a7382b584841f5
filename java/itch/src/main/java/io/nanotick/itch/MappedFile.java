package io.nanotick.itch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A read-only memory-mapped file (any size), unmapped on {@link #close()}. */
public final class MappedFile implements AutoCloseable
{
    private final Arena arena;
    private final MemorySegment segment;

    private MappedFile(final Arena arena, final MemorySegment segment)
    {
        this.arena = arena;
        this.segment = segment;
    }

    public static MappedFile map(final Path path) throws IOException
    {
        final Arena arena = Arena.ofConfined();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = ch.size();
            final MemorySegment seg = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return new MappedFile(arena, seg);
        }
        catch (final IOException | RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
    }

    public MemorySegment segment()
    {
        return segment;
    }

    public long size()
    {
        return segment.byteSize();
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
