package io.nanotick.exchange;

import io.nanotick.itch.AddOrderMessage;
import io.nanotick.itch.MoldUdp64;
import io.nanotick.itch.MoldUdp64Packet;
import io.nanotick.itch.MoldUdp64Request;
import io.nanotick.itch.OrderCancelMessage;
import io.nanotick.itch.OrderDeleteMessage;
import io.nanotick.itch.OrderExecutedMessage;
import io.nanotick.itch.OrderReplaceMessage;
import io.nanotick.itch.PcapWriter;
import io.nanotick.itch.StockDirectoryMessage;
import io.nanotick.itch.StockTradingActionMessage;
import io.nanotick.itch.SystemEventMessage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The simulator's ITCH 5.0 feed: messages are packed into MoldUDP64 packets
 * (one packet per loop turn or when 1472 bytes are full) and sent to the
 * multicast group (or unicast address); every message is kept, by sequence
 * number, in a ring of the last {@code md.storeMessages} messages for the
 * retransmission server, and every packet sent can be written to a pcap.
 * Encoding uses the io.nanotick.itch flyweights; no allocation per message.
 */
final class MarketDataFeed implements AutoCloseable {
    static final int SLOT = 64; // every ITCH 5.0 message is <= 50 bytes

    private final Clock clock;
    private final DatagramChannel out;
    private final SocketAddress dest;
    private final DatagramChannel rtx;
    private final long heartbeatNs;
    private final String session;
    private final ByteBuffer packetBytes = ByteBuffer.allocateDirect(2048);
    private final UnsafeBuffer packetBuf = new UnsafeBuffer(packetBytes);
    private final MoldUdp64Packet packet = new MoldUdp64Packet();
    private final ByteBuffer rtxBytes = ByteBuffer.allocateDirect(2048);
    private final UnsafeBuffer rtxBuf = new UnsafeBuffer(rtxBytes);
    private final MoldUdp64Packet rtxPacket = new MoldUdp64Packet();
    private final ByteBuffer reqBytes = ByteBuffer.allocateDirect(2048);
    private final UnsafeBuffer reqBuf = new UnsafeBuffer(reqBytes);
    private final MoldUdp64Request request = new MoldUdp64Request();
    private final UnsafeBuffer store;
    private final int storeSlots;
    private final PcapWriter pcap;

    private final AddOrderMessage add = new AddOrderMessage();
    private final OrderExecutedMessage exec = new OrderExecutedMessage();
    private final OrderCancelMessage cancel = new OrderCancelMessage();
    private final OrderDeleteMessage delete = new OrderDeleteMessage();
    private final OrderReplaceMessage replace = new OrderReplaceMessage();
    private final SystemEventMessage systemEvent = new SystemEventMessage();
    private final StockDirectoryMessage directory = new StockDirectoryMessage();
    private final StockTradingActionMessage tradingAction = new StockTradingActionMessage();

    private long nextSeq = 1;
    private long lastSendNs;
    private boolean ended;
    // counters
    long packetsSent;
    long retransmitRequests;
    long retransmitBeyond;
    long retransmitEvicted;
    long retransmitBadSession;
    long retransmitMalformed;

    MarketDataFeed(ExchangeConfig cfg, Clock clock) throws IOException {
        this.clock = clock;
        this.session = cfg.mdSession;
        this.heartbeatNs = cfg.mdHeartbeatMs * 1_000_000L;
        this.storeSlots = cfg.storeMessages;
        this.store = new UnsafeBuffer(ByteBuffer.allocateDirect(storeSlots * SLOT));
        out = DatagramChannel.open(StandardProtocolFamily.INET);
        boolean loopback = cfg.mdMode.equals("multicast") ? cfg.mdInterface.equals("lo")
                : InetAddress.getByName(cfg.mdUnicastHost).isLoopbackAddress();
        out.bind(loopback ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0) : new InetSocketAddress(0));
        if (cfg.mdMode.equals("multicast")) {
            NetworkInterface nif = NetworkInterface.getByName(cfg.mdInterface);
            if (nif == null) {
                throw new IllegalArgumentException("config: bad value '" + cfg.mdInterface + "' for key 'md.interface': no such interface");
            }
            out.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            out.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            out.setOption(StandardSocketOptions.IP_MULTICAST_TTL, cfg.mdTtl);
            InetAddress g = InetAddress.getByName(cfg.mdGroup);
            if (!g.isMulticastAddress()) {
                throw new IllegalArgumentException("config: bad value '" + cfg.mdGroup + "' for key 'md.group': not a multicast address");
            }
            dest = new InetSocketAddress(g, cfg.mdPort);
        } else {
            dest = new InetSocketAddress(InetAddress.getByName(cfg.mdUnicastHost), cfg.mdPort);
        }
        out.configureBlocking(false);
        rtx = DatagramChannel.open(StandardProtocolFamily.INET);
        rtx.bind(new InetSocketAddress(InetAddress.getByName(cfg.retransmitHost), cfg.retransmitPort));
        rtx.configureBlocking(false);
        if (!cfg.capturePcap.isEmpty()) {
            InetSocketAddress src = (InetSocketAddress) out.getLocalAddress();
            InetSocketAddress d = (InetSocketAddress) dest;
            int dstIp = ipv4(d.getAddress());
            long dstMac = d.getAddress().isMulticastAddress()
                    ? 0x01_00_5E_00_00_00L | (dstIp & 0x7F_FFFFL) : 0x02_00_00_00_00_02L;
            pcap = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(Path.of(cfg.capturePcap)), 1 << 16));
            int srcIp = src.getAddress().isAnyLocalAddress() ? 0x7F_00_00_01 : ipv4(src.getAddress());
            pcap.macs(0x02_00_00_00_00_01L, dstMac).ips(srcIp, dstIp).ports(src.getPort(), d.getPort());
        } else {
            pcap = null;
        }
        startPacket();
        lastSendNs = System.nanoTime();
    }

    private static int ipv4(InetAddress a) {
        byte[] b = ((Inet4Address) a).getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    DatagramChannel retransmitChannel() {
        return rtx;
    }

    InetSocketAddress destination() {
        return (InetSocketAddress) dest;
    }

    int retransmitPort() throws IOException {
        return ((InetSocketAddress) rtx.getLocalAddress()).getPort();
    }

    /** Sequence number the next message will get. */
    long nextSequence() {
        return nextSeq;
    }

    private void startPacket() {
        packet.wrapForEncode(packetBuf, 0, MoldUdp64.DEFAULT_MAX_PAYLOAD).session(session).sequenceNumber(nextSeq);
    }

    private int begin(int len) {
        int at = packet.reserve(len);
        if (at < 0) {
            flush();
            at = packet.reserve(len);
        }
        return at;
    }

    private void end(int at, int len) {
        int slot = (int) ((nextSeq - 1) % storeSlots) * SLOT;
        store.putShort(slot, (short) len);
        store.putBytes(slot + 2, packetBuf, at, len);
        nextSeq++;
    }

    private long ts() {
        return clock.sinceMidnight(System.nanoTime());
    }

    void systemEvent(byte code) {
        int at = begin(SystemEventMessage.LENGTH);
        systemEvent.wrapForEncode(packetBuf, at).stockLocate(0).trackingNumber(0).timestamp(ts()).eventCode(code);
        end(at, SystemEventMessage.LENGTH);
    }

    void stockDirectory(int locate, long stockRaw) {
        int at = begin(StockDirectoryMessage.LENGTH);
        directory.wrapForEncode(packetBuf, at).stockLocate(locate).trackingNumber(0).timestamp(ts()).stockRaw(stockRaw)
                .marketCategory((byte) 'Q').financialStatusIndicator((byte) 'N').roundLotSize(100)
                .roundLotsOnly((byte) 'N').issueClassification((byte) 'C').issueSubType("Z ")
                .authenticity((byte) 'P').shortSaleThresholdIndicator((byte) 'N').ipoFlag((byte) 'N')
                .luldReferencePriceTier((byte) '1').etpFlag((byte) 'N').etpLeverageFactor(0)
                .inverseIndicator((byte) 'N');
        end(at, StockDirectoryMessage.LENGTH);
    }

    void tradingAction(int locate, long stockRaw, byte state) {
        int at = begin(StockTradingActionMessage.LENGTH);
        tradingAction.wrapForEncode(packetBuf, at).stockLocate(locate).trackingNumber(0).timestamp(ts())
                .stockRaw(stockRaw).tradingState(state).reserved((byte) ' ').reason("    ");
        end(at, StockTradingActionMessage.LENGTH);
    }

    void addOrder(int locate, long ref, byte side, int shares, long stockRaw, long price) {
        int at = begin(AddOrderMessage.LENGTH);
        add.wrapForEncode(packetBuf, at).stockLocate(locate).trackingNumber(0).timestamp(ts())
                .orderReferenceNumber(ref).buySellIndicator(side).shares(shares).stockRaw(stockRaw).price(price);
        end(at, AddOrderMessage.LENGTH);
    }

    void executed(int locate, long ref, int shares, long match) {
        int at = begin(OrderExecutedMessage.LENGTH);
        exec.wrapForEncode(packetBuf, at).stockLocate(locate).trackingNumber(0).timestamp(ts())
                .orderReferenceNumber(ref).executedShares(shares).matchNumber(match);
        end(at, OrderExecutedMessage.LENGTH);
    }

    void cancel(int locate, long ref, int shares) {
        int at = begin(OrderCancelMessage.LENGTH);
        cancel.wrapForEncode(packetBuf, at).stockLocate(locate).trackingNumber(0).timestamp(ts())
                .orderReferenceNumber(ref).cancelledShares(shares);
        end(at, OrderCancelMessage.LENGTH);
    }

    void delete(int locate, long ref) {
        int at = begin(OrderDeleteMessage.LENGTH);
        delete.wrapForEncode(packetBuf, at).stockLocate(locate).trackingNumber(0).timestamp(ts())
                .orderReferenceNumber(ref);
        end(at, OrderDeleteMessage.LENGTH);
    }

    void replace(int locate, long oldRef, long newRef, int shares, long price) {
        int at = begin(OrderReplaceMessage.LENGTH);
        replace.wrapForEncode(packetBuf, at).stockLocate(locate).trackingNumber(0).timestamp(ts())
                .originalOrderReferenceNumber(oldRef).newOrderReferenceNumber(newRef).shares(shares).price(price);
        end(at, OrderReplaceMessage.LENGTH);
    }

    /** Sends the packet being built, if it holds any message. */
    void flush() {
        if (packet.messageCount() == 0) {
            return;
        }
        send(packet.length());
        startPacket();
    }

    private void send(int len) {
        packetBytes.clear().limit(len);
        try {
            out.send(packetBytes, dest);
            packetsSent++;
            if (pcap != null) {
                pcap.writeUdp(clock.sinceMidnight(System.nanoTime()), packetBuf, 0, len);
            }
        } catch (IOException e) {
            // a feed send failure (e.g. no route) is counted and the loop carries on
            sendErrors++;
        }
        lastSendNs = System.nanoTime();
    }

    long sendErrors;

    /** Heartbeat when nothing was sent for md.heartbeatMs. */
    void onTimer(long nowNs) {
        if (!ended && nowNs - lastSendNs >= heartbeatNs && packet.messageCount() == 0) {
            packet.heartbeat(nextSeq);
            send(packet.length());
            startPacket();
        }
    }

    /** Flushes and sends the MoldUDP64 end-of-session packet. */
    void endOfSession() {
        if (ended) {
            return;
        }
        flush();
        packet.endOfSession(nextSeq);
        send(packet.length());
        ended = true;
        startPacket();
    }

    /**
     * Answers every pending retransmission request: the messages from the
     * requested sequence number on, at most the requested count and as many
     * as fit in one 1472-byte packet, sent back to the requester.  A request
     * at or beyond the next sequence number gets a heartbeat-form packet
     * (count 0) whose sequence number is the next one to be sent; a request
     * for messages no longer held gets the same form with the sequence number
     * of the oldest message still held.  Other sessions' requests and requests
     * shorter than 20 bytes are dropped (counted).
     */
    void pollRetransmit() throws IOException {
        while (true) {
            reqBytes.clear();
            SocketAddress from = rtx.receive(reqBytes);
            if (from == null) {
                return;
            }
            retransmitRequests++;
            if (reqBytes.position() < MoldUdp64Request.LENGTH) {
                retransmitMalformed++;
                continue;
            }
            request.wrap(reqBuf, 0);
            rtxPacket.wrapForEncode(rtxBuf, 0, MoldUdp64.DEFAULT_MAX_PAYLOAD).session(session);
            if (!sessionMatches()) {
                retransmitBadSession++;
                continue;
            }
            long seq = request.sequenceNumber();
            int count = request.requestedMessageCount();
            long oldest = Math.max(1, nextSeq - storeSlots);
            if (seq >= nextSeq || seq <= 0 || count == 0) {
                retransmitBeyond++;
                rtxPacket.heartbeat(nextSeq);
            } else if (seq < oldest) {
                retransmitEvicted++;
                rtxPacket.heartbeat(oldest);
            } else {
                rtxPacket.sequenceNumber(seq);
                long endSeq = Math.min(nextSeq, seq + count);
                for (long s = seq; s < endSeq; s++) {
                    int slot = (int) ((s - 1) % storeSlots) * SLOT;
                    int len = store.getShort(slot);
                    if (!rtxPacket.append(store, slot + 2, len)) {
                        break;
                    }
                }
            }
            rtxBytes.clear().limit(rtxPacket.length());
            rtx.send(rtxBytes, from);
        }
    }

    private boolean sessionMatches() {
        for (int i = 0; i < MoldUdp64.SESSION_LENGTH; i++) {
            byte want = i < session.length() ? (byte) session.charAt(i) : (byte) ' ';
            if (reqBuf.getByte(i) != want) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            if (pcap != null) {
                pcap.close();
            }
        } finally {
            out.close();
            rtx.close();
        }
    }
}
