package io.nanotick.controller;

import io.nanotick.exchange.ExchangeConfig;
import io.nanotick.exchange.ExchangeSimulator;
import io.nanotick.itch.AddOrderMessage;
import io.nanotick.itch.MoldUdp64;
import io.nanotick.itch.MoldUdp64Packet;
import io.nanotick.itch.OrderDeleteMessage;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wire-to-wire latency of the software host: an ITCH/MoldUDP64 packet sent to the feed's UDP input
 * (the HDL virtual card's, or the controller's own ITCH receiver) to the first OUCH order message
 * (Enter/Replace/Cancel) the controller writes on its venue TCP connection, both timestamped by
 * this harness with System.nanoTime(): t0 just before the UDP send, t1 when the harness's TCP proxy
 * (between the controller and the exchange simulator, spinning on a non-blocking socket) reads the
 * bytes. The controller runs as its own process ({@code tools/nanotick controller}) with the market
 * maker on locate 1; each step moves the mid by 4 cents (an Add at a better bid, then its Delete),
 * which makes it replace both quotes. Steps are at least 6 ms apart and a step starts only after 2 ms
 * without order traffic and once the venue has answered every order message (the market maker does
 * not replace a quote whose replace is unanswered), so each t1 answers its own packet.
 * <pre>
 *   tools/nanotick controller --w2w [steps] [idle=park|yield|spin] [vcard|java ...]   (-Dnt.root=NT_ROOT -Dnt.jvmflags="...")
 * </pre>
 */
public final class WireToWireBench
{
    private static final String SESSION = "W2W0000001";

    private WireToWireBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path root = Path.of(System.getProperty("nt.root", "."));
        int steps = 2000;
        String idle = "park";
        final List<String> feeds = new ArrayList<>();
        for (final String a : args)
        {
            if (a.matches("[0-9]+"))
            {
                steps = Integer.parseInt(a);
            }
            else if (a.startsWith("idle="))
            {
                idle = a.substring(5);
            }
            else if (a.equals("vcard") || a.equals("java"))
            {
                feeds.add(a);
            }
            else
            {
                System.err.println("usage: --w2w [steps] [idle=park|yield|spin] [vcard|java ...]");
                System.exit(2);
            }
        }
        if (feeds.isEmpty())
        {
            feeds.add("vcard");
            feeds.add("java");
        }
        System.out.println("wire-to-wire: " + steps + " steps per feed, controller idle=" + idle + ", load average " +
            Files.readString(Path.of("/proc/loadavg")).trim());
        for (final String feed : feeds)
        {
            run(root, feed, steps, idle);
        }
    }

    /** The harness's OUCH tap: controller <-> proxy <-> simulator; timestamps order messages from the controller. */
    static final class Proxy implements Runnable
    {
        final ServerSocketChannel server;
        final int simPort;
        volatile boolean armed;
        volatile long firstOrderNs;
        volatile long lastOrderNs;
        volatile long orders;
        volatile long answers;
        volatile boolean stop;
        volatile Throwable failure;

        Proxy(final int simPort) throws IOException
        {
            this.simPort = simPort;
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
        }

        int port() throws IOException
        {
            return ((InetSocketAddress)server.getLocalAddress()).getPort();
        }

        @Override
        public void run()
        {
            try (SocketChannel ctl = server.accept(); SocketChannel sim = SocketChannel.open(new InetSocketAddress("127.0.0.1", simPort)))
            {
                ctl.setOption(StandardSocketOptions.TCP_NODELAY, true);
                sim.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ctl.configureBlocking(false);
                sim.configureBlocking(false);
                final ByteBuffer up = ByteBuffer.allocateDirect(1 << 16);
                final ByteBuffer down = ByteBuffer.allocateDirect(1 << 16);
                final byte[] frame = new byte[1 << 16];
                final byte[] back = new byte[1 << 16];
                int have = 0;
                int haveBack = 0;
                while (!stop)
                {
                    up.clear();
                    final int n = ctl.read(up);
                    final long now = System.nanoTime();
                    if (n < 0)
                    {
                        return;
                    }
                    if (n > 0)
                    {
                        up.flip();
                        up.get(0, frame, have, n);
                        have += n;
                        // SoupBinTCP: length (2, big-endian) then type; 'U' = unsequenced data = one OUCH message
                        int at = 0;
                        while (have - at >= 3)
                        {
                            final int len = ((frame[at] & 0xFF) << 8) | (frame[at + 1] & 0xFF);
                            if (have - at < 2 + len)
                            {
                                break;
                            }
                            if (frame[at + 2] == 'U' && len >= 2)
                            {
                                final byte t = frame[at + 3];
                                if (t == 'O' || t == 'U' || t == 'X')
                                {
                                    orders++;
                                    lastOrderNs = now;
                                    if (armed && firstOrderNs == 0)
                                    {
                                        firstOrderNs = now;
                                    }
                                }
                            }
                            at += 2 + len;
                        }
                        System.arraycopy(frame, at, frame, 0, have - at);
                        have -= at;
                        while (up.hasRemaining())
                        {
                            sim.write(up);
                        }
                    }
                    down.clear();
                    final int m = sim.read(down);
                    if (m < 0)
                    {
                        return;
                    }
                    if (m > 0)
                    {
                        down.flip();
                        down.get(0, back, haveBack, m);
                        haveBack += m;
                        int at = 0;
                        while (haveBack - at >= 3)
                        {
                            final int len = ((back[at] & 0xFF) << 8) | (back[at + 1] & 0xFF);
                            if (haveBack - at < 2 + len)
                            {
                                break;
                            }
                            if (back[at + 2] == 'S' && len >= 2)
                            {
                                final byte t = back[at + 3];
                                if (t == 'A' || t == 'U' || t == 'C' || t == 'J')
                                {
                                    answers++; // one per Enter / Replace / Cancel
                                }
                            }
                            at += 2 + len;
                        }
                        System.arraycopy(back, at, back, 0, haveBack - at);
                        haveBack -= at;
                        while (down.hasRemaining())
                        {
                            ctl.write(down);
                        }
                    }
                    Thread.onSpinWait();
                }
            }
            catch (final Throwable t)
            {
                if (!stop)
                {
                    failure = t;
                }
            }
        }
    }

    private static void run(final Path root, final String feed, final int steps, final String idle) throws Exception
    {
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        final String group = "239.255." + r.nextInt(1, 255) + "." + r.nextInt(1, 255);
        final int port = r.nextInt(20_000, 60_000);
        final ExchangeConfig cfg = ExchangeConfig.defaults();
        cfg.set("md.group", "239.255." + r.nextInt(1, 255) + "." + r.nextInt(1, 255)); // the simulator's own feed: unused
        cfg.set("md.port", Integer.toString(r.nextInt(20_000, 60_000)));
        cfg.set("background", "none");
        cfg.set("symbols", "AAPL");
        cfg.set("user.nt", "nt");
        final Path tmp = Files.createTempDirectory("nt-w2w");
        final Path ring = Path.of("/dev/shm/nt-w2w-" + ProcessHandle.current().pid() + "-" + feed);
        Process card = null;
        Process ctl = null;
        try (ExchangeSimulator sim = ExchangeSimulator.start(cfg))
        {
            final Proxy proxy = new Proxy(sim.ouchPort());
            final Thread pt = new Thread(proxy, "w2w-proxy");
            pt.setDaemon(true);
            pt.start();
            if (feed.equals("vcard"))
            {
                card = new ProcessBuilder(root.resolve("sim/build/vcard").toString(), "--udp", group + ":" + port + "@127.0.0.1",
                    "--ring", ring.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("vcard.out").toFile()).start();
                final long deadline = System.nanoTime() + 30_000_000_000L;
                while (!(Files.exists(ring) && Files.size(ring) > 0))
                {
                    if (System.nanoTime() > deadline || !card.isAlive())
                    {
                        throw new IllegalStateException("the virtual card did not start: " + Files.readString(tmp.resolve("vcard.out")));
                    }
                    Thread.sleep(50);
                }
            }
            final String props = String.join("\n",
                feed.equals("vcard") ? "feed=ring:" + ring : "feed=itch:" + group + ":" + port + ":lo",
                "venue=ouch:127.0.0.1:" + proxy.port(), "venue.user=nt", "venue.password=nt", "symbol.1=AAPL", "idle=" + idle,
                "risk.maxOrdersPerWindow=65536", "risk.dupWindowMs=0", "risk.maxDataAgeMs=60000",
                "strategy.mm.type=mm", "strategy.mm.locate=1", "strategy.mm.qty=100", "strategy.mm.sigma=0.02",
                "strategy.mm.requoteTicks=1", "strategy.mm.autostart=true", "");
            Files.writeString(tmp.resolve("w2w.properties"), props);
            // the controller as tools/nanotick controller runs it (same JVM flags and class path), its own process
            final List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (final String f : System.getProperty("nt.jvmflags", "").trim().split("\\s+"))
            {
                if (!f.isEmpty())
                {
                    cmd.add(f);
                }
            }
            cmd.addAll(List.of("-Dslf4j.internal.verbosity=ERROR", "-cp", System.getProperty("java.class.path"),
                "io.nanotick.controller.ControllerMain", "--config", tmp.resolve("w2w.properties").toString()));
            ctl = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            final BufferedReader out = new BufferedReader(new InputStreamReader(ctl.getInputStream(), StandardCharsets.UTF_8));
            String line;
            final StringBuilder startup = new StringBuilder();
            while ((line = out.readLine()) != null && !line.contains("mm running"))
            {
                startup.append(line).append('\n');
            }
            if (line == null)
            {
                throw new IllegalStateException("the controller did not start:\n" + startup);
            }
            final Process ctlProcess = ctl;
            final StringBuffer tail = new StringBuffer();
            final Thread drain = new Thread(() ->
            {
                try
                {
                    String l;
                    while ((l = out.readLine()) != null)
                    {
                        tail.append(l).append('\n'); // its console replies (commands come on its stdin)
                    }
                }
                catch (final IOException ignored)
                {
                    // the process ended
                }
            });
            drain.setDaemon(true);
            drain.start();

            try (DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET))
            {
                udp.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName("lo"));
                udp.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                final InetSocketAddress to = new InetSocketAddress(group, port);
                final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(MoldUdp64.DEFAULT_MAX_PAYLOAD));
                final MoldUdp64Packet packet = new MoldUdp64Packet();
                final AddOrderMessage add = new AddOrderMessage();
                final OrderDeleteMessage delete = new OrderDeleteMessage();
                long seq = 1;

                // the book: 1000 @ 100.00 / 1000 @ 100.10; the market maker quotes it
                packet.wrapForEncode(buf, 0, MoldUdp64.DEFAULT_MAX_PAYLOAD).session(SESSION).sequenceNumber(seq);
                add.wrapForEncode(buf, packet.reserve(AddOrderMessage.LENGTH)).stockLocate(1).trackingNumber(0).timestamp(0)
                    .orderReferenceNumber(1).buySellIndicator((byte)'B').shares(1000).stock("AAPL").price(1_000_000);
                add.wrapForEncode(buf, packet.reserve(AddOrderMessage.LENGTH)).stockLocate(1).trackingNumber(0).timestamp(0)
                    .orderReferenceNumber(2).buySellIndicator((byte)'S').shares(1000).stock("AAPL").price(1_001_000);
                seq += 2;
                udp.send(buf.byteBuffer().duplicate().position(0).limit(packet.length()), to);
                final long deadline = System.nanoTime() + 10_000_000_000L;
                while (proxy.orders < 2)
                {
                    if (System.nanoTime() > deadline)
                    {
                        throw new IllegalStateException(feed + ": the market maker never quoted");
                    }
                    Thread.sleep(1);
                }

                final Histogram h = new Histogram(3_600_000_000L, 3);
                int misses = 0;
                final int warmup = Math.min(500, steps / 4);
                for (int i = 0; i < warmup + steps; i++)
                {
                    Thread.sleep(5);
                    // the previous step settled: no order traffic for 2 ms and every order answered by the venue
                    // (the market maker does not replace a quote whose last replace is still unanswered)
                    final long settle = System.nanoTime() + 1_000_000_000L;
                    while ((System.nanoTime() - proxy.lastOrderNs < 2_000_000L || proxy.answers < proxy.orders) &&
                        System.nanoTime() < settle)
                    {
                        Thread.sleep(1);
                    }
                    Thread.sleep(1);
                    packet.wrapForEncode(buf, 0, MoldUdp64.DEFAULT_MAX_PAYLOAD).session(SESSION).sequenceNumber(seq);
                    final long ref = 1000 + i / 2;
                    if ((i & 1) == 0)
                    {
                        add.wrapForEncode(buf, packet.reserve(AddOrderMessage.LENGTH)).stockLocate(1).trackingNumber(0)
                            .timestamp(0).orderReferenceNumber(ref).buySellIndicator((byte)'B').shares(100).stock("AAPL")
                            .price(1_000_800);
                    }
                    else
                    {
                        delete.wrapForEncode(buf, packet.reserve(OrderDeleteMessage.LENGTH)).stockLocate(1).trackingNumber(0)
                            .timestamp(0).orderReferenceNumber(ref);
                    }
                    seq++;
                    final ByteBuffer bb = buf.byteBuffer().duplicate().position(0).limit(packet.length());
                    proxy.firstOrderNs = 0;
                    proxy.armed = true;
                    final long t0 = System.nanoTime();
                    udp.send(bb, to);
                    while (proxy.firstOrderNs == 0 && System.nanoTime() - t0 < 500_000_000L)
                    {
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000); // t1 is the proxy's: only it spins
                    }
                    proxy.armed = false;
                    final long t1 = proxy.firstOrderNs;
                    if (i < warmup)
                    {
                        continue;
                    }
                    if (t1 == 0)
                    {
                        misses++;
                        if (Boolean.getBoolean("nt.w2w.verbose"))
                        {
                            System.out.println("    no reaction to step " + i + " (" + ((i & 1) == 0 ? "add" : "delete") + "), orders so far " + proxy.orders);
                        }
                    }
                    else
                    {
                        h.recordValue(t1 - t0);
                    }
                }
                System.out.printf(Locale.ROOT, "  %-5s UDP packet -> OUCH bytes at the venue socket, ns: count %d  min %d  p50 %d  p90 %d  " +
                        "p99 %d  p99.9 %d  max %d  (no reaction within 500 ms: %d; %d warm-up steps)%n", feed, h.getTotalCount(),
                    h.getMinValue(), h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9), h.getMaxValue(), misses, warmup);
            }
            // the controller's own view: tick-to-order inside it, and why it did not react when it did not
            tail.setLength(0);
            ctlProcess.getOutputStream().write("latency\nrisk\nfeed\nbook 1\nquit\n".getBytes(StandardCharsets.US_ASCII));
            ctlProcess.getOutputStream().close();
            ctlProcess.waitFor();
            drain.join(5_000);
            for (final String l : tail.toString().split("\n"))
            {
                if (l.startsWith("  count") || l.matches("  [a-z_]+ = [0-9]+") || l.startsWith("gaps:") || l.startsWith("records:") ||
                    l.startsWith("AAPL"))
                {
                    System.out.println("        controller: " + l.trim());
                }
            }
            proxy.stop = true;
            if (proxy.failure != null)
            {
                throw new IllegalStateException("proxy", proxy.failure);
            }
        }
        finally
        {
            if (ctl != null)
            {
                ctl.destroy();
                ctl.waitFor();
            }
            if (card != null)
            {
                card.destroy();
                card.waitFor();
            }
            Files.deleteIfExists(ring);
            try (var files = Files.list(tmp))
            {
                for (final Path f : files.toList())
                {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }
}
