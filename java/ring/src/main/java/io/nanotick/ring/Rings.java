package io.nanotick.ring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;

import static io.nanotick.ring.RingAbi.*;

/** Create and open ring files (/dev/shm by default, hugetlbfs as an option), as nt_ring_create / nt_ring_open. */
public final class Rings
{
    /** Default directory for ring files. */
    public static final Path SHM = Path.of("/dev/shm");
    /** Usual hugetlbfs mount point (production). */
    public static final Path HUGEPAGES = Path.of("/dev/hugepages");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Rings()
    {
    }

    /**
     * Create (or replace) a ring: built under a temporary name, header written with magic last (release),
     * then renamed over {@code path}, so a consumer never sees a half-made ring and a consumer still mapping
     * an older file can tell it was replaced.  On hugetlbfs the size is rounded up to the huge page size.
     */
    public static Ring create(final Path path, final int kind, final long capacity, final String name)
        throws IOException
    {
        if (kind != RING_KIND_MD && kind != RING_KIND_CMD)
        {
            throw new RingFormatException(path, "kind", "is " + kind + ", expected 1 (MD) or 2 (CMD)");
        }
        if (Long.bitCount(capacity) != 1 || capacity < RING_MIN_CAPACITY || capacity > RING_MAX_CAPACITY)
        {
            throw new RingFormatException(path, "capacity", "is " + capacity + ", expected a power of two in [" +
                RING_MIN_CAPACITY + ", " + RING_MAX_CAPACITY + "]");
        }
        final long pid = ProcessHandle.current().pid();
        final Path tmp = path.resolveSibling(path.getFileName() + ".tmp." + pid);
        Files.deleteIfExists(tmp);

        long size = fileSize(capacity);
        final long hugePage = hugePageSize(path.toAbsolutePath().getParent());
        if (hugePage > 0)
        {
            size = (size + hugePage - 1) / hugePage * hugePage;
        }

        final Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            final MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            if (hugePage > 0)
            {
                seg.fill((byte)0); // a new file is zero already; hugetlbfs pages may not be
            }
            seg.set(U32, H_ABI_VERSION, RING_ABI_VERSION);
            seg.set(U32, H_RECORD_SIZE, RECORD_SIZE);
            seg.set(U64, H_CAPACITY, capacity);
            seg.set(U32, H_KIND, kind);
            seg.set(U32, H_STATE, RING_STATE_LIVE);
            seg.set(U64, H_EPOCH, newEpoch(pid));
            seg.set(U64, H_CREATED_NS, System.currentTimeMillis() * 1_000_000L);
            seg.set(U32, H_PRODUCER_PID, (int)pid);
            seg.set(U32, H_DATA_OFFSET, RING_DATA_OFFSET);
            if (name != null)
            {
                final byte[] b = name.getBytes(StandardCharsets.US_ASCII);
                MemorySegment.copy(b, 0, seg, U8, H_NAME, Math.min(b.length, 31));
            }
            seg.set(U64, H_PROD_HEARTBEAT_NS, System.nanoTime());
            Ring.LONG.setRelease(seg, H_MAGIC, RING_MAGIC);

            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            final Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return new Ring(path, arena, seg, key);
        }
        catch (final IOException | RuntimeException ex)
        {
            arena.close();
            Files.deleteIfExists(tmp);
            throw ex;
        }
    }

    /**
     * Map an existing ring and validate it: magic, ABI version, record size, capacity, data offset, file size,
     * kind ({@code expectKind} 0 = any), state, epoch.  A LIVE ring whose producer process is gone is stale.
     */
    public static Ring open(final Path path, final int expectKind) throws IOException
    {
        final Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = ch.size();
            if (size < RING_DATA_OFFSET)
            {
                throw new RingFormatException(path, "file size", "is " + size + " bytes, smaller than the " +
                    RING_DATA_OFFSET + "-byte header area (not a Nanotick ring)");
            }
            final MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            validate(path, seg, size, expectKind);
            final Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            final Ring ring = new Ring(path, arena, seg, key);
            if (ring.isStale())
            {
                throw new RingStaleException(path, "state", "is LIVE but producer_pid " +
                    Integer.toUnsignedLong(ring.producerPid()) +
                    " is gone: stale ring left by a crashed producer (recreate the ring)");
            }
            return ring;
        }
        catch (final IOException | RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
    }

    static void validate(final Path p, final MemorySegment h, final long fileSize, final int expectKind)
        throws RingFormatException
    {
        final long magic = (long)Ring.LONG.getAcquire(h, H_MAGIC);
        if (magic != RING_MAGIC)
        {
            throw new RingFormatException(p, "magic", String.format("is 0x%016x, expected 0x%016x " +
                "(not a Nanotick ring, or not initialised)", magic, RING_MAGIC));
        }
        final int abi = h.get(U32, H_ABI_VERSION);
        if (abi != RING_ABI_VERSION)
        {
            throw new RingFormatException(p, "abi_version", "is " + Integer.toUnsignedString(abi) +
                ", expected " + RING_ABI_VERSION);
        }
        final int recordSize = h.get(U32, H_RECORD_SIZE);
        if (recordSize != RECORD_SIZE)
        {
            throw new RingFormatException(p, "record_size", "is " + Integer.toUnsignedString(recordSize) +
                ", expected " + RECORD_SIZE);
        }
        final long capacity = h.get(U64, H_CAPACITY);
        if (Long.bitCount(capacity) != 1 || capacity < RING_MIN_CAPACITY || capacity > RING_MAX_CAPACITY)
        {
            throw new RingFormatException(p, "capacity", "is " + Long.toUnsignedString(capacity) +
                ", expected a power of two in [" + RING_MIN_CAPACITY + ", " + RING_MAX_CAPACITY + "]");
        }
        final int dataOffset = h.get(U32, H_DATA_OFFSET);
        if (dataOffset != RING_DATA_OFFSET)
        {
            throw new RingFormatException(p, "data_offset", "is " + Integer.toUnsignedString(dataOffset) +
                ", expected " + RING_DATA_OFFSET);
        }
        if (fileSize < fileSize(capacity))
        {
            throw new RingFormatException(p, "capacity", "is " + capacity + " but the file holds only " +
                fileSize + " bytes (needs " + fileSize(capacity) + ")");
        }
        final int kind = h.get(U32, H_KIND);
        if (kind != RING_KIND_MD && kind != RING_KIND_CMD)
        {
            throw new RingFormatException(p, "kind", "is " + Integer.toUnsignedString(kind) +
                ", expected 1 (MD) or 2 (CMD)");
        }
        if (expectKind != 0 && kind != expectKind)
        {
            throw new RingFormatException(p, "kind", "is " + kind + ", expected " + expectKind);
        }
        final int state = (int)Ring.INT.getAcquire(h, H_STATE);
        if (state != RING_STATE_LIVE && state != RING_STATE_CLOSED)
        {
            throw new RingFormatException(p, "state", "is " + Integer.toUnsignedString(state) +
                ", expected LIVE (1) or CLOSED (2)");
        }
        if (h.get(U64, H_EPOCH) == 0)
        {
            throw new RingFormatException(p, "epoch", "is 0");
        }
    }

    private static long newEpoch(final long pid)
    {
        final long e = RANDOM.nextLong() ^ System.nanoTime() ^ (pid << 32);
        return e != 0 ? e : 1;
    }

    /** Huge page size in bytes if dir is on hugetlbfs (statfs f_bsize, as the C side), else 0. */
    static long hugePageSize(final Path dir)
    {
        try
        {
            final FileStore store = Files.getFileStore(dir);
            return "hugetlbfs".equals(store.type()) ? store.getBlockSize() : 0;
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0;
        }
    }
}
