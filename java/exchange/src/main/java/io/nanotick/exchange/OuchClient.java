package io.nanotick.exchange;

import io.nanotick.ouch.Ouch;
import io.nanotick.ouch.SoupBinTcp;
import io.nanotick.ouch.Wire;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * A small OUCH 5.0 / SoupBinTCP client: for tests, the latency benchmark
 * and the controller.  Non-blocking socket; {@link #next(long)} spins (or
 * parks briefly when {@code spin} is false) until a whole packet is in.
 * Single-threaded; no allocation per message.
 */
public final class OuchClient implements AutoCloseable {
    private final SocketChannel ch;
    private final boolean spin;
    private final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
    private final MemorySegment inSeg = MemorySegment.ofBuffer(in);
    private final ByteBuffer out = ByteBuffer.allocateDirect(1 << 16);
    private final MemorySegment outSeg = MemorySegment.ofBuffer(out);
    private final SoupBinTcp.Packet packet = new SoupBinTcp.Packet();
    private final Ouch.EnterOrder enter = new Ouch.EnterOrder();
    private final Ouch.ReplaceOrder replace = new Ouch.ReplaceOrder();
    private final Ouch.CancelOrder cancel = new Ouch.CancelOrder();
    private final Ouch.ModifyOrder modify = new Ouch.ModifyOrder();
    private final Ouch.AccountQuery accountQuery = new Ouch.AccountQuery();
    private int readPos;
    private int consumed; // bytes of the packet last returned
    private long sequence; // sequence number of the next Sequenced Data packet
    private long lastSendNs = System.nanoTime();

    public OuchClient(String host, int port, boolean spin) throws IOException {
        ch = SocketChannel.open(new InetSocketAddress(host, port));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.configureBlocking(false);
        this.spin = spin;
    }

    /** Sends a Login Request and waits for the answer: 'A' accepted, 'J' rejected, 0 timeout, -1 closed. */
    public byte login(String user, String password, String session, long sequence, long timeoutMs) throws IOException {
        send(SoupBinTcp.putLoginRequest(outSeg, 0, user, password, session, sequence));
        byte t = next(timeoutMs);
        if (t == SoupBinTcp.LOGIN_ACCEPTED) {
            this.sequence = packet.sequence();
        }
        return t;
    }

    /** Sequence number the next Sequenced Data packet will carry. */
    public long sequence() {
        return sequence;
    }

    public void enter(int userRef, byte side, int qty, String symbol, long price, byte tif, String clOrdId)
            throws IOException {
        int h = SoupBinTcp.putDataHeader(outSeg, 0, SoupBinTcp.UNSEQUENCED_DATA, Ouch.EnterOrder.LENGTH);
        enter.wrapForEncode(outSeg, h).userRefNum(userRef).side(side).quantity(qty).symbol(symbol).price(price)
                .timeInForce(tif).display(Ouch.DISPLAY_VISIBLE).capacity(Ouch.CAPACITY_AGENCY)
                .interMarketSweep(Ouch.ISO_NOT_ELIGIBLE).crossType(Ouch.CROSS_NONE).clOrdId(clOrdId);
        send(h + Ouch.EnterOrder.LENGTH);
    }

    public void replace(int origUserRef, int userRef, int qty, long price, byte tif, String clOrdId)
            throws IOException {
        int h = SoupBinTcp.putDataHeader(outSeg, 0, SoupBinTcp.UNSEQUENCED_DATA, Ouch.ReplaceOrder.LENGTH);
        replace.wrapForEncode(outSeg, h).origUserRefNum(origUserRef).userRefNum(userRef).quantity(qty).price(price)
                .timeInForce(tif).display(Ouch.DISPLAY_VISIBLE).interMarketSweep(Ouch.ISO_NOT_ELIGIBLE)
                .clOrdId(clOrdId);
        send(h + Ouch.ReplaceOrder.LENGTH);
    }

    public void cancel(int userRef, int newQty) throws IOException {
        int h = SoupBinTcp.putDataHeader(outSeg, 0, SoupBinTcp.UNSEQUENCED_DATA, Ouch.CancelOrder.LENGTH);
        cancel.wrapForEncode(outSeg, h).userRefNum(userRef).quantity(newQty);
        send(h + Ouch.CancelOrder.LENGTH);
    }

    /** Modify Order: new side (within the sell sides) and/or a smaller open quantity. */
    public void modify(int userRef, byte side, int qty) throws IOException {
        int h = SoupBinTcp.putDataHeader(outSeg, 0, SoupBinTcp.UNSEQUENCED_DATA, Ouch.ModifyOrder.LENGTH);
        modify.wrapForEncode(outSeg, h).userRefNum(userRef).side(side).quantity(qty);
        send(h + Ouch.ModifyOrder.LENGTH);
    }

    /** Account Query: answered with Account Query Response (the next UserRefNum). */
    public void accountQuery() throws IOException {
        int h = SoupBinTcp.putDataHeader(outSeg, 0, SoupBinTcp.UNSEQUENCED_DATA, Ouch.AccountQuery.LENGTH);
        accountQuery.wrapForEncode(outSeg, h);
        send(h + Ouch.AccountQuery.LENGTH);
    }

    public void heartbeat() throws IOException {
        send(SoupBinTcp.putEmpty(outSeg, 0, SoupBinTcp.CLIENT_HEARTBEAT));
    }

    public void logout() throws IOException {
        send(SoupBinTcp.putEmpty(outSeg, 0, SoupBinTcp.LOGOUT_REQUEST));
    }

    /** Sends raw bytes (tests of bad input). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.clear();
        out.put(bytes).flip();
        while (out.hasRemaining()) {
            ch.write(out);
        }
        lastSendNs = System.nanoTime();
    }

    private void send(int len) throws IOException {
        out.clear().limit(len);
        while (out.hasRemaining()) {
            ch.write(out);
        }
        lastSendNs = System.nanoTime();
    }

    /** Sends a Client Heartbeat if nothing was sent for {@code idleMs}. */
    public void heartbeatIfIdle(long idleMs) throws IOException {
        if (System.nanoTime() - lastSendNs >= idleMs * 1_000_000L) {
            heartbeat();
        }
    }

    /**
     * Waits for the next packet: returns its type (the packet is then
     * {@link #packet()}), 0 on timeout, -1 when the server closed the
     * connection.  Sequenced Data advances {@link #sequence()}.
     */
    public byte next(long timeoutMs) throws IOException {
        if (consumed > 0) {
            in.limit(readPos).position(consumed);
            in.compact();
            readPos = in.position();
            consumed = 0;
        }
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            if (readPos >= 2) {
                int len = Wire.getU16(inSeg, 0) + 2;
                if (readPos >= len) {
                    consumed = len;
                    packet.wrap(inSeg, 0);
                    byte t = packet.type();
                    if (t == SoupBinTcp.SEQUENCED_DATA) {
                        sequence++;
                    }
                    return t;
                }
            }
            in.limit(in.capacity()).position(readPos);
            int n = ch.read(in);
            if (n < 0) {
                return -1;
            }
            readPos = in.position();
            if (n == 0) {
                if (System.nanoTime() > deadline) {
                    return 0;
                }
                if (spin) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(50_000);
                }
            }
        }
    }

    /** The packet {@link #next} returned (valid until the next call). */
    public SoupBinTcp.Packet packet() {
        return packet;
    }

    /** Type of the OUCH message inside the current Sequenced Data packet. */
    public byte ouchType() {
        return Wire.getByte(inSeg, packet.payloadOffset());
    }

    public MemorySegment segment() {
        return inSeg;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
