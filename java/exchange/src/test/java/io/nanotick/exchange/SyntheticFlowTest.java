package io.nanotick.exchange;

import static io.nanotick.exchange.TestSupport.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanotick.itch.FeedReplay;
import io.nanotick.itch.MoldUdp64Listener;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic background: a consistent, seeded ITCH book flow; and the pcap capture of the feed. */
class SyntheticFlowTest {
    @TempDir
    Path dir;

    private static TreeMap<Long, byte[]> run(ExchangeConfig cfg, int messages) throws Exception {
        try (FeedReceiver feed = new FeedReceiver(cfg); ExchangeSimulator sim = ExchangeSimulator.start(cfg)) {
            feed.until(() -> feed.expected > messages, messages + " messages");
            feed.recoverGaps(sim.retransmitPort(), cfg.mdSession); // a starved receiver may have lost some
            sim.close();
            feed.until(() -> feed.endOfSession, "end of session");
            return feed.bySeq;
        }
    }

    /** Same seed, same flow: messages equal once the 6-byte timestamps are blanked. */
    @Test
    void seededFlowIsReproducibleAndConsistent() throws Exception {
        Path pcap = dir.resolve("feed.pcap");
        ExchangeConfig a = config("background=synthetic", "background.rate=8000", "background.seed=11",
                "capture.pcap=" + pcap);
        TreeMap<Long, byte[]> first = run(a, 3000);
        TreeMap<Long, byte[]> second = run(config("background=synthetic", "background.rate=8000",
                "background.seed=11"), 3000);
        for (long s = 1; s <= 3000; s++) {
            assertArrayEquals(blank(first.get(s)), blank(second.get(s)), "message " + s);
        }
        BookCheck.check(first);
        // it trades, cancels and replaces
        long[] counts = new long[128];
        first.values().forEach(m -> counts[m[0]]++);
        assertTrue(counts['A'] > 0 && counts['E'] > 0 && counts['X'] + counts['D'] > 0 && counts['U'] > 0,
                "A=" + counts['A'] + " E=" + counts['E'] + " X=" + counts['X'] + " D=" + counts['D'] + " U=" + counts['U']);

        // the capture holds exactly what went out on the wire
        TreeMap<Long, byte[]> fromPcap = new TreeMap<>();
        new FeedReplay().replay(pcap, new MoldUdp64Listener() {
            @Override
            public void onMessage(DirectBuffer buffer, int offset, int length, long sequenceNumber) {
                byte[] m = new byte[length];
                buffer.getBytes(offset, m);
                fromPcap.put(sequenceNumber, m);
            }
        });
        assertEquals(first.size(), fromPcap.size());
        for (Map.Entry<Long, byte[]> e : first.entrySet()) {
            assertArrayEquals(e.getValue(), fromPcap.get(e.getKey()), "pcap message " + e.getKey());
        }
    }

    private static byte[] blank(byte[] m) {
        byte[] c = Arrays.copyOf(m, m.length);
        Arrays.fill(c, 5, 11, (byte) 0);
        return c;
    }
}
