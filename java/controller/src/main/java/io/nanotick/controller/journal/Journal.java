package io.nanotick.controller.journal;

import io.nanotick.controller.OrderIntent;
import io.nanotick.controller.oms.OmsJournal;
import net.openhft.chronicle.bytes.MappedBytes;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The controller's write-ahead journal: fixed 64-byte records in a memory-mapped file
 * (Chronicle Bytes {@link MappedBytes}). Record n lives at byte n*64 and is valid when its first
 * 8 bytes (the sequence word) equal n+1, written last with an ordered store, so a record torn by
 * a crash is simply not there. Requests and venue events use the ring.h nt_rec_order_request /
 * nt_rec_order_event layouts (types 4 and 5); settings and risk rejections have their own types.
 * Everything the controller acts on is appended here first; {@link #replay} rebuilds the state.
 * A SIGKILL loses nothing appended (the page cache holds it); power loss is not covered (no fsync).
 */
public final class Journal implements OmsJournal, AutoCloseable
{
    public static final int RECORD = 64;
    public static final byte TYPE_HEADER = 0x7F;
    public static final byte TYPE_REQUEST = 4;
    public static final byte TYPE_EVENT = 5;
    public static final byte TYPE_SETTING = 0x20;
    public static final byte TYPE_REJECT = 0x21;

    /** TYPE_SETTING kinds (byte 9). */
    public static final byte SET_RISK = 'R';
    public static final byte SET_STRATEGY = 'S';
    public static final byte SET_KILL = 'K';
    public static final byte SET_RUN = 'G';

    public static final int TEXT_MAX = 40;
    public static final long CHUNK = 1L << 30;
    private static final long MAGIC = 0x314E52554F4A544EL; // "NTJOURN1"

    /** Callbacks of {@link #replay}. */
    public interface Reader
    {
        void onRequest(byte action, long userRef, long origUserRef, int locate, byte side, long quantity, long price, byte tif,
            int strategyId, long nowNs);

        void onEvent(byte event, long userRef, long origUserRef, int locate, byte side, long quantity, long price, byte liquidity,
            long venueRef, int reason, long nowNs);

        void onSetting(byte kind, String text, long nowNs);

        void onReject(int reason, byte action, long origUserRef, int locate, byte side, long quantity, long price, int strategyId,
            long nowNs);
    }

    private final File file;
    private final MappedBytes bytes;
    private long next;

    private Journal(final File file, final MappedBytes bytes)
    {
        this.file = file;
        this.bytes = bytes;
    }

    /** Opens (creating if needed) a journal; the append position is after the last valid record. */
    public static Journal open(final File file) throws IOException
    {
        final File dir = file.getAbsoluteFile().getParentFile();
        if (dir != null && !dir.isDirectory() && !dir.mkdirs())
        {
            throw new IOException("cannot create directory " + dir);
        }
        // 1 GiB chunks (sparse): mapping the next chunk allocates a little, once per 16M records
        final MappedBytes b = MappedBytes.mappedBytes(file, CHUNK);
        // Opened on the main thread, then owned by the hot thread (handed over by Thread.start and
        // back by Thread.join): one thread at a time, so Chronicle's single-thread check is off.
        b.singleThreadedCheckDisabled(true);
        final Journal j = new Journal(file, b);
        j.next = j.countValid();
        if (j.next == 0)
        {
            j.header();
        }
        else if (b.readByte(8) != TYPE_HEADER || b.readLong(16) != MAGIC)
        {
            b.releaseLast();
            throw new IOException(file + ": not a Nanotick journal (bad header)");
        }
        return j;
    }

    private long countValid()
    {
        long n = 0;
        final long size = file.length();
        while ((n + 1) * RECORD <= size && bytes.readVolatileLong(n * RECORD) == n + 1)
        {
            n++;
        }
        return n;
    }

    private void header()
    {
        final long off = begin(TYPE_HEADER);
        bytes.writeLong(off + 16, MAGIC);
        bytes.writeLong(off + 24, System.currentTimeMillis());
        commit(off);
    }

    public File file()
    {
        return file;
    }

    /** Records appended so far, header included. */
    public long records()
    {
        return next;
    }

    private long begin(final byte type)
    {
        final long off = next * RECORD;
        bytes.writeLong(off + 8, 0);
        bytes.writeLong(off + 16, 0);
        bytes.writeLong(off + 24, 0);
        bytes.writeLong(off + 32, 0);
        bytes.writeLong(off + 40, 0);
        bytes.writeLong(off + 48, 0);
        bytes.writeLong(off + 56, 0);
        bytes.writeByte(off + 8, type);
        return off;
    }

    private void commit(final long off)
    {
        bytes.writeOrderedLong(off, next + 1);
        next++;
    }

    @Override
    public void orderRequest(final byte action, final long userRef, final long origUserRef, final int locate, final byte side,
        final long quantity, final long price, final byte tif, final int strategyId, final long nowNs)
    {
        final long off = begin(TYPE_REQUEST);
        bytes.writeByte(off + 9, action);
        bytes.writeShort(off + 12, (short)locate);
        bytes.writeByte(off + 14, side);
        bytes.writeByte(off + 15, tif);
        bytes.writeInt(off + 16, (int)userRef);
        bytes.writeInt(off + 20, (int)quantity);
        bytes.writeLong(off + 24, price);
        bytes.writeInt(off + 40, (int)origUserRef);
        bytes.writeByte(off + 46, (byte)strategyId);
        bytes.writeLong(off + 48, nowNs);
        commit(off);
    }

    @Override
    public void orderEvent(final byte event, final long userRef, final long origUserRef, final int locate, final byte side,
        final long quantity, final long price, final byte liquidity, final long venueRef, final int reason, final long nowNs)
    {
        final long off = begin(TYPE_EVENT);
        bytes.writeByte(off + 9, event);
        bytes.writeShort(off + 12, (short)locate);
        bytes.writeByte(off + 14, side);
        bytes.writeByte(off + 15, liquidity);
        bytes.writeInt(off + 16, (int)userRef);
        bytes.writeInt(off + 20, (int)quantity);
        bytes.writeLong(off + 24, price);
        bytes.writeLong(off + 32, venueRef);
        bytes.writeInt(off + 40, (int)origUserRef);
        bytes.writeShort(off + 44, (short)reason);
        bytes.writeLong(off + 48, nowNs);
        commit(off);
    }

    /** A risk rejection, with the intent as a request record and the reason in the flags field. */
    public void reject(final int reason, final OrderIntent in)
    {
        final long off = begin(TYPE_REJECT);
        bytes.writeByte(off + 9, in.action);
        bytes.writeShort(off + 10, (short)reason);
        bytes.writeShort(off + 12, (short)in.locate);
        bytes.writeByte(off + 14, in.side);
        bytes.writeByte(off + 15, in.tif);
        bytes.writeInt(off + 20, (int)in.quantity);
        bytes.writeLong(off + 24, in.price);
        bytes.writeInt(off + 40, (int)in.origUserRef);
        bytes.writeByte(off + 46, (byte)in.strategyId);
        bytes.writeLong(off + 48, in.nowNs);
        commit(off);
    }

    /** A setting change (ASCII "key=value", at most TEXT_MAX bytes). */
    public void setting(final byte kind, final String text, final long nowNs)
    {
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        if (b.length > TEXT_MAX)
        {
            throw new IllegalArgumentException("setting longer than " + TEXT_MAX + " bytes: " + text);
        }
        final long off = begin(TYPE_SETTING);
        bytes.writeByte(off + 9, kind);
        bytes.writeShort(off + 10, (short)b.length);
        for (int i = 0; i < b.length; i++)
        {
            bytes.writeByte(off + 16 + i, b[i]);
        }
        bytes.writeLong(off + 56, nowNs);
        commit(off);
    }

    /** Reads every valid record in order. Returns the number of records read. */
    public long replay(final Reader reader)
    {
        for (long n = 1; n < next; n++)
        {
            final long off = n * RECORD;
            final byte type = bytes.readByte(off + 8);
            final int locate = bytes.readUnsignedShort(off + 12);
            final byte side = bytes.readByte(off + 14);
            final long userRef = bytes.readInt(off + 16) & 0xFFFF_FFFFL;
            final long qty = bytes.readInt(off + 20) & 0xFFFF_FFFFL;
            final long price = bytes.readLong(off + 24);
            final long orig = bytes.readInt(off + 40) & 0xFFFF_FFFFL;
            switch (type)
            {
                case TYPE_REQUEST:
                    reader.onRequest(bytes.readByte(off + 9), userRef, orig, locate, side, qty, price, bytes.readByte(off + 15),
                        bytes.readUnsignedByte(off + 46), bytes.readLong(off + 48));
                    break;
                case TYPE_EVENT:
                    reader.onEvent(bytes.readByte(off + 9), userRef, orig, locate, side, qty, price, bytes.readByte(off + 15),
                        bytes.readLong(off + 32), bytes.readUnsignedShort(off + 44), bytes.readLong(off + 48));
                    break;
                case TYPE_REJECT:
                    reader.onReject(bytes.readUnsignedShort(off + 10), bytes.readByte(off + 9), orig, locate, side, qty, price,
                        bytes.readUnsignedByte(off + 46), bytes.readLong(off + 48));
                    break;
                case TYPE_SETTING:
                {
                    final int len = bytes.readUnsignedShort(off + 10);
                    final byte[] text = new byte[Math.min(len, TEXT_MAX)];
                    for (int i = 0; i < text.length; i++)
                    {
                        text[i] = bytes.readByte(off + 16 + i);
                    }
                    reader.onSetting(bytes.readByte(off + 9), new String(text, StandardCharsets.US_ASCII), bytes.readLong(off + 56));
                    break;
                }
                default:
                    break;
            }
        }
        return next - 1;
    }

    @Override
    public void close()
    {
        bytes.releaseLast();
    }
}
