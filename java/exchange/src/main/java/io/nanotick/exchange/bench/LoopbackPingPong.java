package io.nanotick.exchange.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.HdrHistogram.Histogram;

/**
 * The floor under the OUCH round trip: a bare Java NIO loopback TCP ping-pong of
 * the same shape as {@link OuchRoundTrip} (a 50-byte message out, echoed back; TCP_NODELAY,
 * direct buffers, client spinning on a non-blocking socket, server thread in
 * {@code select()} or spinning on {@code selectNow()}).  No protocol, no matching: what
 * the machine's loopback TCP and thread wake-ups cost by themselves.
 * Run alone: {@code LoopbackPingPong [spin] [orders=N]}.
 */
public final class LoopbackPingPong {
    private static final int SIZE = 50;

    private LoopbackPingPong() {
    }

    public static void main(String[] args) throws Exception {
        boolean spin = false;
        int n = 200_000;
        for (String a : args) {
            if (a.equals("spin")) {
                spin = true;
            } else if (a.startsWith("orders=")) {
                n = Integer.parseInt(a.substring(7));
            }
        }
        Histogram h = run(spin, 50_000, n);
        System.out.println(OuchRoundTrip.line("raw loopback ping-pong (" + (spin ? "spinning" : "select()") + " server)", h));
    }

    /** {@code warmup} round trips, then {@code n} recorded ones (ns). */
    public static Histogram run(boolean spinServer, int warmup, int n) throws IOException {
        Histogram h = new Histogram(10_000_000_000L, 3);
        try (ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) ss.getLocalAddress()).getPort();
            Thread server = new Thread(() -> serve(ss, spinServer), "pingpong-server");
            server.setDaemon(true);
            server.start();
            try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.configureBlocking(false);
                ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
                ByteBuffer in = ByteBuffer.allocateDirect(4096);
                for (int i = 0; i < warmup + n; i++) {
                    out.clear();
                    long t0 = System.nanoTime();
                    while (out.hasRemaining()) {
                        c.write(out);
                    }
                    int got = 0;
                    in.clear();
                    while (got < SIZE) {
                        int r = c.read(in);
                        if (r > 0) {
                            got += r;
                        } else if (r < 0) {
                            throw new IOException("ping-pong server closed");
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                    if (i >= warmup) {
                        h.recordValue(System.nanoTime() - t0);
                    }
                }
            }
            try {
                server.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return h;
    }

    private static void serve(ServerSocketChannel ss, boolean spin) {
        try (SocketChannel s = ss.accept(); Selector sel = Selector.open()) {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.configureBlocking(false);
            s.register(sel, SelectionKey.OP_READ);
            ByteBuffer b = ByteBuffer.allocateDirect(4096);
            while (true) {
                if (spin) {
                    sel.selectNow();
                } else {
                    sel.select(10);
                }
                sel.selectedKeys().clear();
                b.clear();
                int r = s.read(b);
                if (r < 0) {
                    return;
                }
                b.flip();
                while (b.hasRemaining()) {
                    s.write(b);
                }
            }
        } catch (IOException e) {
            // client gone
        }
    }
}
