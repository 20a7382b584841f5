package io.nanotick.ouch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Big-endian, unaligned field access over a {@link MemorySegment} and the
 * ASCII "alpha" fields NASDAQ protocols use (left-justified, space padded) and
 * their "numeric" ASCII fields (right-justified, space padded on the left).
 * Nothing here allocates.
 */
public final class Wire {
    public static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Wire() {
    }

    public static byte getByte(MemorySegment s, long o) {
        return s.get(ValueLayout.JAVA_BYTE, o);
    }

    public static void putByte(MemorySegment s, long o, byte v) {
        s.set(ValueLayout.JAVA_BYTE, o, v);
    }

    public static int getU16(MemorySegment s, long o) {
        return Short.toUnsignedInt(s.get(SHORT_BE, o));
    }

    public static void putU16(MemorySegment s, long o, int v) {
        s.set(SHORT_BE, o, (short) v);
    }

    public static int getInt(MemorySegment s, long o) {
        return s.get(INT_BE, o);
    }

    public static long getU32(MemorySegment s, long o) {
        return Integer.toUnsignedLong(s.get(INT_BE, o));
    }

    public static void putInt(MemorySegment s, long o, int v) {
        s.set(INT_BE, o, v);
    }

    public static long getLong(MemorySegment s, long o) {
        return s.get(LONG_BE, o);
    }

    public static void putLong(MemorySegment s, long o, long v) {
        s.set(LONG_BE, o, v);
    }

    /** Writes {@code v} left-justified in {@code len} bytes, space padded; extra characters are cut. */
    public static void putAlpha(MemorySegment s, long o, int len, CharSequence v) {
        int n = Math.min(len, v.length());
        for (int i = 0; i < n; i++) {
            s.set(ValueLayout.JAVA_BYTE, o + i, (byte) v.charAt(i));
        }
        for (int i = n; i < len; i++) {
            s.set(ValueLayout.JAVA_BYTE, o + i, (byte) ' ');
        }
    }

    /** Writes {@code v} right-justified in {@code len} bytes, space padded on the left. */
    public static void putAlphaRight(MemorySegment s, long o, int len, CharSequence v) {
        int n = Math.min(len, v.length());
        int pad = len - n;
        for (int i = 0; i < pad; i++) {
            s.set(ValueLayout.JAVA_BYTE, o + i, (byte) ' ');
        }
        for (int i = 0; i < n; i++) {
            s.set(ValueLayout.JAVA_BYTE, o + pad + i, (byte) v.charAt(v.length() - n + i));
        }
    }

    /** Writes a non-negative number as ASCII digits, right-justified, space padded on the left. */
    public static void putNumeric(MemorySegment s, long o, int len, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative numeric field: " + v);
        }
        long x = v;
        int i = len - 1;
        do {
            s.set(ValueLayout.JAVA_BYTE, o + i, (byte) ('0' + (x % 10)));
            x /= 10;
            i--;
        } while (x != 0 && i >= 0);
        if (x != 0) {
            throw new IllegalArgumentException("number " + v + " does not fit " + len + " digits");
        }
        for (; i >= 0; i--) {
            s.set(ValueLayout.JAVA_BYTE, o + i, (byte) ' ');
        }
    }

    /**
     * Parses a numeric ASCII field: optional spaces on either side around
     * digits.  All spaces reads as 0.  Returns -1 when malformed.
     */
    public static long getNumeric(MemorySegment s, long o, int len) {
        long v = 0;
        int state = 0; // 0 leading spaces, 1 digits, 2 trailing spaces
        int digits = 0;
        for (int i = 0; i < len; i++) {
            byte b = s.get(ValueLayout.JAVA_BYTE, o + i);
            if (b == ' ') {
                if (state == 1) {
                    state = 2;
                }
            } else if (b >= '0' && b <= '9' && state < 2) {
                state = 1;
                if (++digits > 18) {
                    return -1;
                }
                v = v * 10 + (b - '0');
            } else {
                return -1;
            }
        }
        return v;
    }

    /** True when the alpha field equals {@code v} once trailing (and leading) spaces are ignored. */
    public static boolean alphaEquals(MemorySegment s, long o, int len, CharSequence v) {
        int start = 0;
        int end = len;
        while (start < end && s.get(ValueLayout.JAVA_BYTE, o + start) == ' ') {
            start++;
        }
        while (end > start && s.get(ValueLayout.JAVA_BYTE, o + end - 1) == ' ') {
            end--;
        }
        if (end - start != v.length()) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, o + i) != (byte) v.charAt(i - start)) {
                return false;
            }
        }
        return true;
    }

    /** Appends the alpha field, trimmed of spaces, to {@code sb} (no allocation if sb has room). */
    public static StringBuilder getAlpha(MemorySegment s, long o, int len, StringBuilder sb) {
        int start = 0;
        int end = len;
        while (start < end && s.get(ValueLayout.JAVA_BYTE, o + start) == ' ') {
            start++;
        }
        while (end > start && s.get(ValueLayout.JAVA_BYTE, o + end - 1) == ' ') {
            end--;
        }
        for (int i = start; i < end; i++) {
            sb.append((char) (s.get(ValueLayout.JAVA_BYTE, o + i) & 0xFF));
        }
        return sb;
    }

    /** Convenience (allocates): the trimmed alpha field as a String.  Not for hot paths. */
    public static String alpha(MemorySegment s, long o, int len) {
        return getAlpha(s, o, len, new StringBuilder(len)).toString();
    }

    /** An 8-byte symbol packed into a long (big-endian bytes, space padded): a zero-allocation map key. */
    public static long symbolKey(CharSequence symbol) {
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (i < symbol.length() ? (symbol.charAt(i) & 0xFF) : ' ');
        }
        return k;
    }

    /** Inverse of {@link #symbolKey} (allocates; for logs and tests). */
    public static String symbolOf(long key) {
        StringBuilder sb = new StringBuilder(8);
        for (int i = 7; i >= 0; i--) {
            sb.append((char) ((key >>> (i * 8)) & 0xFF));
        }
        return sb.toString().stripTrailing();
    }
}
