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
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20); // a busy CI machine may not poll for a while
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

    /**
     * Fills every gap seen so far from the retransmission server (blocking
     * request/answer on loopback); returns how many requests it took.
     */
    int recoverGaps(int retransmitPort, String session) throws IOException {
        int rounds = 0;
        try (DatagramChannel req = DatagramChannel.open()) {
            req.connect(new InetSocketAddress("127.0.0.1", retransmitPort));
            ByteBuffer b = ByteBuffer.allocateDirect(2048);
            UnsafeBuffer rb = new UnsafeBuffer(b);
            io.nanotick.itch.MoldUdp64Request r = new io.nanotick.itch.MoldUdp64Request();
            MoldUdp64Packet q = new MoldUdp64Packet();
            for (long[] gap : gaps) {
                long s = gap[0];
                while (s < gap[1]) {
                    if (bySeq.containsKey(s)) {
                        s++;
                        continue;
                    }
                    r.wrap(rb, 0);
                    r.session(session).sequenceNumber(s).requestedMessageCount((int) Math.min(gap[1] - s, 0xFFFE));
                    b.clear().limit(io.nanotick.itch.MoldUdp64Request.LENGTH);
                    req.write(b);
                    b.clear();
                    req.read(b);
                    q.wrap(rb, 0, b.position());
                    if (q.sequenceNumber() != s || q.messageCount() == 0) {
                        throw new AssertionError("retransmission of " + s + " answered with " + q.sequenceNumber()
                                + "/" + q.messageCount());
                    }
                    int blk = q.firstBlock();
                    for (int i = 0; i < q.messageCount(); i++) {
                        int len = rb.getShort(blk, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
                        byte[] m = new byte[len];
                        rb.getBytes(blk + MoldUdp64.BLOCK_HEADER_LENGTH, m);
                        bySeq.put(s + i, m);
                        blk += MoldUdp64.BLOCK_HEADER_LENGTH + len;
                    }
                    s += q.messageCount();
                    rounds++;
                }
            }
        }
        return rounds;
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
