package io.nanotick.ouch;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/** Builds byte vectors written by hand: "hex:..." parts and plain ASCII parts. */
final class Vectors {
    private Vectors() {
    }

    static byte[] of(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : parts) {
            if (p.startsWith("hex:")) {
                String h = p.substring(4).replace(" ", "");
                for (int i = 0; i < h.length(); i += 2) {
                    out.write(Integer.parseInt(h.substring(i, i + 2), 16));
                }
            } else {
                out.writeBytes(p.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    static MemorySegment seg(byte[] b) {
        return MemorySegment.ofArray(b.clone());
    }

    static byte[] bytes(MemorySegment s, long off, int len) {
        return s.asSlice(off, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }
}
