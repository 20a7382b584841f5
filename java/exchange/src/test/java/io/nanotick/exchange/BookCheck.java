package io.nanotick.exchange;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * A minimal ITCH 5.0 book walk written for the tests (byte offsets from the
 * ITCH 5.0 spec, not the io.nanotick.itch codec): every execution, cancel,
 * delete and replace must name a live order with enough shares, and no
 * book may be crossed after a whole message.
 */
final class BookCheck {
    private BookCheck() {
    }

    static void check(SortedMap<Long, byte[]> messages) {
        Map<Long, long[]> orders = new HashMap<>(); // ref -> {locate, side, shares, price}
        for (Map.Entry<Long, byte[]> e : messages.entrySet()) {
            ByteBuffer m = ByteBuffer.wrap(e.getValue());
            int locate = m.getShort(1) & 0xFFFF;
            switch (m.get(0)) {
                case 'A' -> {
                    long ref = m.getLong(11);
                    assertTrue(orders.put(ref, new long[] {locate, m.get(19), m.getInt(20) & 0xFFFFFFFFL,
                            m.getInt(32) & 0xFFFFFFFFL}) == null, "duplicate ref " + ref + " at " + e.getKey());
                }
                case 'E', 'X' -> {
                    long[] o = live(orders, m.getLong(11), e.getKey());
                    long n = m.getInt(19) & 0xFFFFFFFFL;
                    assertTrue(n > 0 && n <= o[2], "shares at seq " + e.getKey());
                    o[2] -= n;
                    if (o[2] == 0) {
                        orders.remove(m.getLong(11));
                    }
                }
                case 'D' -> {
                    live(orders, m.getLong(11), e.getKey());
                    orders.remove(m.getLong(11));
                }
                case 'U' -> {
                    long[] o = live(orders, m.getLong(11), e.getKey());
                    orders.remove(m.getLong(11));
                    orders.put(m.getLong(19), new long[] {o[0], o[1], m.getInt(27) & 0xFFFFFFFFL,
                            m.getInt(31) & 0xFFFFFFFFL});
                }
                default -> {
                }
            }
            if ("AU".indexOf(m.get(0)) >= 0) {
                assertTrue(!crossed(orders, locate), "book " + locate + " crossed after seq " + e.getKey());
            }
        }
    }

    private static long[] live(Map<Long, long[]> orders, long ref, long seq) {
        long[] o = orders.get(ref);
        if (o == null) {
            fail("message " + seq + " names order " + ref + " which is not live");
        }
        return o;
    }

    private static boolean crossed(Map<Long, long[]> orders, int locate) {
        long bid = 0;
        long ask = Long.MAX_VALUE;
        for (long[] o : orders.values()) {
            if (o[0] != locate) {
                continue;
            }
            if (o[1] == 'B') {
                bid = Math.max(bid, o[3]);
            } else {
                ask = Math.min(ask, o[3]);
            }
        }
        return bid >= ask;
    }
}
