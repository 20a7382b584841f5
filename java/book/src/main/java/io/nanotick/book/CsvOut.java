package io.nanotick.book;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** A small zero-allocation ASCII writer: unsigned decimals, bytes, LF; buffered over an OutputStream. */
final class CsvOut implements AutoCloseable
{
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private final byte[] digits = new byte[20];
    private int pos;

    CsvOut(final OutputStream out)
    {
        this.out = out;
    }

    CsvOut ascii(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            put((byte)s.charAt(i));
        }
        return this;
    }

    CsvOut put(final byte b)
    {
        if (pos == buf.length)
        {
            flushBuffer();
        }
        buf[pos++] = b;
        return this;
    }

    /** Unsigned 64-bit decimal. */
    CsvOut num(final long value)
    {
        if (pos + 21 > buf.length)
        {
            flushBuffer();
        }
        if (value == 0)
        {
            buf[pos++] = '0';
            return this;
        }
        long v = value;
        int n = 0;
        if (v < 0)
        {
            final long q = Long.divideUnsigned(v, 10);
            digits[n++] = (byte)('0' + (v - q * 10));
            v = q;
        }
        while (v != 0)
        {
            final long q = v / 10;
            digits[n++] = (byte)('0' + (v - q * 10));
            v = q;
        }
        while (n > 0)
        {
            buf[pos++] = digits[--n];
        }
        return this;
    }

    CsvOut comma()
    {
        return put((byte)',');
    }

    CsvOut eol()
    {
        return put((byte)'\n');
    }

    /** The CSV flags column: empty or '|'-joined words from GAP, STALE (GAP first). */
    CsvOut flags(final boolean gap, final boolean stale)
    {
        if (gap)
        {
            ascii("GAP");
        }
        if (stale)
        {
            if (gap)
            {
                put((byte)'|');
            }
            ascii("STALE");
        }
        return this;
    }

    private void flushBuffer()
    {
        try
        {
            out.write(buf, 0, pos);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        pos = 0;
    }

    void flush()
    {
        flushBuffer();
        try
        {
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close()
    {
        flush();
        try
        {
            out.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
