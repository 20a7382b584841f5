package io.nanotick.exchange.bench;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The floor under the OUCH round trip: a bare Java NIO loopback TCP
 * ping-pong of the same shape (50 bytes out, echoed; client spinning on a
 * non-blocking socket, server in select() or spinning with "spin").  No
 * protocol, no matching.  Run: java -cp test-classes io.nanotick.exchange.bench.LoopbackPingPong [spin]
 */
public final class LoopbackPingPong {
    private LoopbackPingPong() {
    }

    public static void main(String[] args) throws Exception {
        boolean spinServer = args.length > 0 && args[0].equals("spin");
        ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) ss.getLocalAddress()).getPort();
        Thread server = new Thread(() -> {
            try (SocketChannel s = ss.accept(); Selector sel = Selector.open()) {
                s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                s.configureBlocking(false);
                s.register(sel, SelectionKey.OP_READ);
                ByteBuffer b = ByteBuffer.allocateDirect(4096);
                while (true) {
                    if (spinServer) {
                        sel.selectNow();
                    } else {
                        sel.select(10);
                    }
                    sel.selectedKeys().clear();
                    b.clear();
                    int n = s.read(b);
                    if (n < 0) {
                        return;
                    }
                    b.flip();
                    while (b.hasRemaining()) {
                        s.write(b);
                    }
                }
            } catch (java.io.IOException e) {
                // client gone
            }
        }, "pingpong-server");
        server.setDaemon(true);
        server.start();
        try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.configureBlocking(false);
            ByteBuffer out = ByteBuffer.allocateDirect(50);
            ByteBuffer in = ByteBuffer.allocateDirect(4096);
            int warmup = 50_000;
            long[] lat = new long[200_000];
            for (int i = 0; i < warmup + lat.length; i++) {
                out.clear();
                long t0 = System.nanoTime();
                while (out.hasRemaining()) {
                    c.write(out);
                }
                int got = 0;
                in.clear();
                while (got < 50) {
                    int n = c.read(in);
                    if (n > 0) {
                        got += n;
                    } else {
                        Thread.onSpinWait();
                    }
                }
                if (i >= warmup) {
                    lat[i - warmup] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(lat);
            System.out.printf("raw loopback ping-pong (%s server): p50 %.1f us  p90 %.1f us  p99 %.1f us  p99.9 %.1f us%n",
                    spinServer ? "spinning" : "select()", lat[100_000] / 1e3, lat[180_000] / 1e3, lat[198_000] / 1e3,
                    lat[199_800] / 1e3);
        }
    }
}
