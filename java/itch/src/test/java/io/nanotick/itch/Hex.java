package io.nanotick.itch;

import org.agrona.concurrent.UnsafeBuffer;

/** Test helper: hex strings (spaces allowed) to buffers and back. */
final class Hex
{
    private Hex()
    {
    }

    static byte[] bytes(final String hex)
    {
        final String h = hex.replaceAll("\\s+", "");
        if ((h.length() & 1) != 0)
        {
            throw new IllegalArgumentException("odd hex length: " + h);
        }
        final byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = (byte)Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static UnsafeBuffer buffer(final String hex)
    {
        return new UnsafeBuffer(bytes(hex));
    }

    static String of(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            sb.append(String.format("%02x", buffer.getByte(offset + i) & 0xFF));
        }
        return sb.toString();
    }
}
