package io.nanotick.exchange;

import io.nanotick.itch.MoldUdp64;
import io.nanotick.itch.MoldUdp64Packet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test-side feed receiver: joins the multicast group on lo (or binds the
 * unicast port) and keeps every message by MoldUDP64 sequence number.
 * {@code drop} decides, per packet (by first sequence number), whether to
 * pretend it was lost.
 */
final class FeedReceiver implements AutoCloseable {
    final DatagramChannel ch;
    final TreeMap<Long, byte[]> bySeq = new TreeMap<>();
    final List<Long> packetSeqs = new ArrayList<>();
    final List<long[]> gaps = new ArrayList<>(); // {expected, received}
    long expected = 1;
    boolean endOfSession;
    long heartbeats;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(65536);
    private final UnsafeBuffer ub = new UnsafeBuffer(buf);
    private final MoldUdp64Packet p = new MoldUdp64Packet();
    Predicate<Long> drop = s -> false;

    FeedReceiver(ExchangeConfig cfg) throws IOException {
        ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (cfg.mdMode.equals("multicast")) {
            ch.bind(new InetSocketAddress(cfg.mdPort));
            ch.join(InetAddress.getByName(cfg.mdGroup), NetworkInterface.getByName(cfg.mdInterface));
        } else {
            ch.bind(new InetSocketAddress(InetAddress.getByName(cfg.mdUnicastHost), cfg.mdPort));
        }
        ch.configureBlocking(false);
    }

    /** Reads what has arrived; returns the number of packets read. */
    int poll() throws IOException {
        int n = 0;
        while (true) {
            buf.clear();
            if (ch.receive(buf) == null) {
                return n;
            }
            n++;
            p.wrap(ub, 0, buf.position());
            long seq = p.sequenceNumber();
            if (p.isEndOfSession()) {
                endOfSession = true;
                continue;
            }
            if (p.isHeartbeat()) {
                heartbeats++;
                continue;
            }
            if (drop.test(seq)) {
                continue;
            }
            packetSeqs.add(seq);
            if (seq > expected) {
                gaps.add(new long[] {expected, seq});
            }
            int b = p.firstBlock();
            for (int i = 0; i < p.messageCount(); i++) {
                int len = ub.getShort(b, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
                byte[] m = new byte[len];
                ub.getBytes(b + MoldUdp64.BLOCK_HEADER_LENGTH, m);
                bySeq.put(seq + i, m);
                b += MoldUdp64.BLOCK_HEADER_LENGTH + len;
            }
            expected = Math.max(expected, seq + p.messageCount());
        }
    }

    /** Polls until {@code cond} holds; fails after 10 s (a hang guard, not a timing assertion). */
    void until(java.util.function.BooleanSupplier cond, String what) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (poll() == 0) {
                Thread.sleep(1);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("feed: timed out waiting for " + what + "; have " + bySeq.size()
                        + " messages up to " + (bySeq.isEmpty() ? 0 : bySeq.lastKey()));
            }
        }
    }

    /** Messages of one ITCH type, in sequence order. */
    List<byte[]> ofType(char type) {
        List<byte[]> r = new ArrayList<>();
        for (byte[] m : bySeq.values()) {
            if (m.length > 0 && m[0] == type) {
                r.add(m);
            }
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
