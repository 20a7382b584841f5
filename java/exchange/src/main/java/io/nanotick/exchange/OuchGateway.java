package io.nanotick.exchange;

import io.nanotick.matching.LongIntMap;
import io.nanotick.matching.MatchingEngine;
import io.nanotick.ouch.Ouch;
import io.nanotick.ouch.SoupBinTcp;
import io.nanotick.ouch.Wire;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * OUCH 5.0 over SoupBinTCP 4.0: one non-blocking TCP server on the
 * simulator's loop thread.  Each configured user is one SoupBinTCP session
 * whose sequenced messages are kept for the whole run (replayed on rejoin);
 * at most one connection per user at a time.
 *
 * <p>Bad input: a malformed SoupBinTCP packet, a packet other than a login
 * request before login, or an unknown/malformed OUCH message ends that
 * connection with a "logout with a reason": a SoupBinTCP Debug packet
 * ('+') carrying the reason text, then the server closes the socket.  Other
 * connections carry on.  OUCH-level mistakes (unknown symbol, bad price,
 * quantity, side, time in force, non-increasing UserRefNum) get an OUCH
 * Rejected message with the reason code.
 */
final class OuchGateway implements AutoCloseable {
    static final int IN_CAPACITY = 1 << 16;
    static final int MAX_PENDING_OUT = 64 << 20;

    /** One SoupBinTCP session (a user): survives reconnects. */
    static final class UserSession {
        final String name;
        final String password;
        final boolean cancelOnDisconnect;
        final int owner;
        ByteBuffer log;
        MemorySegment logSeg;
        long[] offsets; // offsets[seq - 1] = byte offset of that 'S' packet in log
        long nextSeq = 1;
        long maxUserRefNum; // unsigned 32-bit, 0 = none yet
        Connection conn;

        UserSession(String name, String password, boolean cod, int owner, int logMessages) {
            log = ByteBuffer.allocateDirect(Math.max(1 << 20, logMessages * 64));
            logSeg = MemorySegment.ofBuffer(log);
            offsets = new long[logMessages];
            this.name = name;
            this.password = password;
            this.cancelOnDisconnect = cod;
            this.owner = owner;
        }

        long logEnd() {
            return log.position();
        }
    }

    static final int AWAIT_LOGIN = 0;
    static final int ACTIVE = 1;
    static final int CLOSING = 2;

    final class Connection {
        final SocketChannel ch;
        final SelectionKey key;
        final ByteBuffer in = ByteBuffer.allocateDirect(IN_CAPACITY);
        final MemorySegment inSeg = MemorySegment.ofBuffer(in);
        ByteBuffer out = ByteBuffer.allocateDirect(1 << 16);
        MemorySegment outSeg = MemorySegment.ofBuffer(out);
        int state = AWAIT_LOGIN;
        UserSession user;
        long lastRecvNs;
        long lastSendNs;

        Connection(SocketChannel ch, SelectionKey key, long now) {
            this.ch = ch;
            this.key = key;
            lastRecvNs = now;
            lastSendNs = now;
        }

        /** Makes room for {@code n} more bytes in out; false if the client is too far behind. */
        boolean reserve(int n) {
            if (out.remaining() >= n) {
                return true;
            }
            int need = out.position() + n;
            if (need > MAX_PENDING_OUT) {
                return false;
            }
            int cap = out.capacity();
            while (cap < need) {
                cap *= 2;
            }
            ByteBuffer bigger = ByteBuffer.allocateDirect(cap);
            out.flip();
            bigger.put(out);
            out = bigger;
            outSeg = MemorySegment.ofBuffer(out.duplicate().clear());
            return true;
        }
    }

    private final ExchangeConfig cfg;
    private final Clock clock;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final List<UserSession> users = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final long heartbeatNs;
    private final long timeoutNs;
    private final String sessionName;
    private final StringBuilder scratch = new StringBuilder(64);

    // per-order OUCH details, slot-indexed; key (owner << 32 | userRefNum)
    private final LongIntMap bySlotKey;
    private final long[] sRef;
    private final int[] sUserRef;
    private final byte[] sSide;
    private final int[] sBook;
    private final byte[] sTif;
    private final byte[] sDisplay;
    private final byte[] sCapacity;
    private final byte[] sCross;
    private final byte[] sIso;
    private final byte[] sClOrdId;
    private final int[] sNextFree;
    private int freeSlot;

    // codecs
    private final SoupBinTcp.Packet packet = new SoupBinTcp.Packet();
    private final Ouch.EnterOrder enter = new Ouch.EnterOrder();
    private final Ouch.ReplaceOrder replaceMsg = new Ouch.ReplaceOrder();
    private final Ouch.CancelOrder cancelMsg = new Ouch.CancelOrder();
    private final Ouch.OrderAccepted accepted = new Ouch.OrderAccepted();
    private final Ouch.OrderReplaced replaced = new Ouch.OrderReplaced();
    private final Ouch.OrderCanceled canceled = new Ouch.OrderCanceled();
    private final Ouch.OrderExecuted executed = new Ouch.OrderExecuted();
    private final Ouch.OrderRejected rejected = new Ouch.OrderRejected();
    private final Ouch.ModifyOrder modifyMsg = new Ouch.ModifyOrder();
    private final Ouch.OrderModified modified = new Ouch.OrderModified();
    private final Ouch.AccountQueryResponse accountQueryResponse = new Ouch.AccountQueryResponse();
    /** True while a Modify Order reduces an order through the engine: its Order Canceled is replaced by Order Modified. */
    private boolean modifying;
    private final MemorySegment clOrdIds;

    private Exchange exchange;

    // counters
    long logins;
    long loginRejects;
    long badInputLogouts;
    long timeouts;
    long rejects;
    /** Modify Orders ignored: order not live, a side change the specification does not allow, quantity 0 or above the open size. */
    long modifiesIgnored;

    OuchGateway(ExchangeConfig cfg, Clock clock, Selector selector) throws IOException {
        this.cfg = cfg;
        this.clock = clock;
        this.selector = selector;
        this.heartbeatNs = cfg.heartbeatMs * 1_000_000L;
        this.timeoutNs = cfg.timeoutMs * 1_000_000L;
        this.sessionName = cfg.session;
        int owner = 1;
        for (ExchangeConfig.User u : cfg.users.values()) {
            users.add(new UserSession(u.name(), u.password(), u.cancelOnDisconnect(), owner++, cfg.logMessages));
        }
        int slots = Math.min(cfg.maxOrders, 1 << 20);
        bySlotKey = new LongIntMap(slots, -1);
        sRef = new long[slots];
        sUserRef = new int[slots];
        sSide = new byte[slots];
        sBook = new int[slots];
        sTif = new byte[slots];
        sDisplay = new byte[slots];
        sCapacity = new byte[slots];
        sCross = new byte[slots];
        sIso = new byte[slots];
        sClOrdId = new byte[slots * Ouch.CL_ORD_ID_LEN];
        clOrdIds = MemorySegment.ofArray(sClOrdId);
        sNextFree = new int[slots];
        for (int i = 0; i < slots; i++) {
            sNextFree[i] = i + 1 < slots ? i + 1 : -1;
        }
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getByName(cfg.ouchHost), cfg.ouchPort));
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT, this);
    }

    void exchange(Exchange ex) {
        this.exchange = ex;
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    int users() {
        return users.size();
    }

    // ------------------------------------------------------------------ I/O

    void onAcceptable() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey k = ch.register(selector, SelectionKey.OP_READ);
            Connection c = new Connection(ch, k, System.nanoTime());
            k.attach(c);
            connections.add(c);
        }
    }

    void onReadable(Connection c) {
        if (c.state == CLOSING) {
            return;
        }
        int n;
        try {
            n = c.ch.read(c.in);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            disconnect(c);
            return;
        }
        long now = System.nanoTime();
        c.lastRecvNs = now;
        int pos = 0;
        int avail = c.in.position();
        while (c.state != CLOSING) {
            if (avail - pos < 2) {
                break;
            }
            int plen = Wire.getU16(c.inSeg, pos);
            if (plen == 0) {
                logout(c, "malformed SoupBinTCP packet: length 0");
                break;
            }
            if (plen + 2 > IN_CAPACITY) {
                logout(c, "malformed SoupBinTCP packet: length " + plen + " too large");
                break;
            }
            if (avail - pos < plen + 2) {
                break;
            }
            onPacket(c, pos);
            pos += plen + 2;
        }
        if (c.state == CLOSING) {
            c.in.clear();
            return;
        }
        // compact
        c.in.limit(avail).position(pos);
        c.in.compact();
    }

    void onWritable(Connection c) {
        flush(c);
    }

    /** Writes what is pending on every connection; called once per loop turn. */
    void flushAll() {
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            if (c.out.position() > 0 || c.state == CLOSING) {
                flush(c);
            }
        }
    }

    private void flush(Connection c) {
        if (!c.ch.isOpen()) {
            return;
        }
        try {
            if (c.out.position() > 0) {
                c.out.flip();
                c.ch.write(c.out);
                c.out.compact();
                c.lastSendNs = System.nanoTime();
            }
        } catch (IOException e) {
            disconnect(c);
            return;
        }
        if (c.out.position() > 0) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            c.key.interestOps(SelectionKey.OP_READ);
            if (c.state == CLOSING) {
                disconnect(c);
            }
        }
    }

    /** Heartbeats and timeouts. */
    void onTimer(long now) {
        for (int i = connections.size() - 1; i >= 0; i--) {
            Connection c = connections.get(i);
            if (c.state == CLOSING) {
                continue;
            }
            if (now - c.lastRecvNs >= timeoutNs) {
                timeouts++;
                logout(c, "timeout: nothing received for " + cfg.timeoutMs + " ms");
                continue;
            }
            if (c.state == ACTIVE && now - c.lastSendNs >= heartbeatNs && c.out.position() == 0) {
                if (c.reserve(SoupBinTcp.HEADER)) {
                    c.out.position(c.out.position()
                            + SoupBinTcp.putEmpty(c.outSeg, c.out.position(), SoupBinTcp.SERVER_HEARTBEAT));
                    c.lastSendNs = now;
                }
            }
        }
    }

    /** Ends a connection with a reason: a Debug packet, then close after it is written. */
    void logout(Connection c, String reason) {
        if (c.state == CLOSING) {
            return;
        }
        if (c.state == ACTIVE || c.state == AWAIT_LOGIN) {
            badInputLogouts += reason.startsWith("timeout") ? 0 : 1;
        }
        int n = Math.min(reason.length(), 200);
        if (c.reserve(SoupBinTcp.HEADER + n)) {
            c.out.position(c.out.position() + SoupBinTcp.putDebug(c.outSeg, c.out.position(), reason.substring(0, n)));
        }
        c.state = CLOSING;
        flush(c);
    }

    private void disconnect(Connection c) {
        boolean wasActive = c.user != null && c.user.conn == c;
        try {
            c.key.cancel();
            c.ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.remove(c);
        c.state = CLOSING;
        if (wasActive) {
            c.user.conn = null;
            if (c.user.cancelOnDisconnect) {
                exchange.cancelAllOf(c.user.owner);
            }
        }
    }

    // ------------------------------------------------------------------ SoupBinTCP

    private void onPacket(Connection c, int pos) {
        packet.wrap(c.inSeg, pos);
        byte type = packet.type();
        if (c.state == AWAIT_LOGIN) {
            if (type != SoupBinTcp.LOGIN_REQUEST) {
                logout(c, "expected a Login Request, got packet type 0x" + Integer.toHexString(type & 0xFF));
                return;
            }
            onLogin(c);
            return;
        }
        switch (type) {
            case SoupBinTcp.UNSEQUENCED_DATA -> onOuch(c, packet.payloadOffset(), packet.payloadLength());
            case SoupBinTcp.CLIENT_HEARTBEAT -> {
                if (packet.payloadLength() != 0) {
                    logout(c, "malformed Client Heartbeat");
                }
            }
            case SoupBinTcp.LOGOUT_REQUEST -> {
                c.state = CLOSING;
                flush(c);
            }
            case SoupBinTcp.DEBUG -> {
                // ignored, as the spec allows
            }
            case SoupBinTcp.LOGIN_REQUEST -> logout(c, "Login Request on a logged-in connection");
            default -> logout(c, "unknown SoupBinTCP packet type 0x" + Integer.toHexString(type & 0xFF));
        }
    }

    private void onLogin(Connection c) {
        // 46 bytes in SoupBinTCP 4.0; later versions append a 5-byte heartbeat timeout, accepted and ignored
        if (packet.payloadLength() != SoupBinTcp.LOGIN_REQUEST_PAYLOAD
                && packet.payloadLength() != SoupBinTcp.LOGIN_REQUEST_PAYLOAD + 5) {
            logout(c, "malformed Login Request: payload " + packet.payloadLength() + " bytes, expected 46");
            return;
        }
        UserSession u = null;
        for (int i = 0; i < users.size(); i++) {
            UserSession x = users.get(i);
            if (packet.usernameEquals(x.name)) {
                u = x;
                break;
            }
        }
        if (u == null || !packet.passwordEquals(u.password)) {
            rejectLogin(c, SoupBinTcp.REJECT_NOT_AUTHORIZED);
            return;
        }
        scratch.setLength(0);
        packet.requestedSession(scratch);
        if (scratch.length() > 0 && !sessionName.contentEquals(scratch)) {
            rejectLogin(c, SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE);
            return;
        }
        long req = packet.requestedSequence();
        if (req < 0) {
            logout(c, "malformed Login Request: Requested Sequence Number is not a number");
            return;
        }
        if (u.conn != null) {
            rejectLogin(c, SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE); // already logged in elsewhere
            return;
        }
        // 0 = start with the next message; past the end = the next message too
        long from = req == 0 || req > u.nextSeq ? u.nextSeq : req;
        c.user = u;
        u.conn = c;
        c.state = ACTIVE;
        logins++;
        if (!c.reserve(SoupBinTcp.HEADER + SoupBinTcp.LOGIN_ACCEPTED_PAYLOAD)) {
            logout(c, "output overflow");
            return;
        }
        c.out.position(c.out.position() + SoupBinTcp.putLoginAccepted(c.outSeg, c.out.position(), sessionName, from));
        if (from < u.nextSeq) {
            long start = u.offsets[(int) (from - 1)];
            long len = u.logEnd() - start;
            if (!c.reserve((int) len)) {
                logout(c, "replay too large");
                return;
            }
            MemorySegment.copy(u.logSeg, start, c.outSeg, c.out.position(), len);
            c.out.position(c.out.position() + (int) len);
        }
        flush(c);
    }

    private void rejectLogin(Connection c, byte reason) {
        loginRejects++;
        if (c.reserve(4)) {
            c.out.position(c.out.position() + SoupBinTcp.putLoginRejected(c.outSeg, c.out.position(), reason));
        }
        c.state = CLOSING;
        flush(c);
    }

    // ------------------------------------------------------------------ sequenced output

    /** Appends a sequenced message of {@code len} bytes: returns the offset in the user's log to write it at. */
    private long beginSequenced(UserSession u, int len) {
        int need = SoupBinTcp.HEADER + len;
        if (u.log.remaining() < need) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(u.log.capacity() * 2, u.log.position() + need));
            u.log.flip();
            bigger.put(u.log);
            u.log = bigger;
            u.logSeg = MemorySegment.ofBuffer(bigger.duplicate().clear());
        }
        long at = u.log.position();
        if (u.nextSeq > u.offsets.length) {
            u.offsets = java.util.Arrays.copyOf(u.offsets, u.offsets.length * 2);
        }
        u.offsets[(int) (u.nextSeq - 1)] = at;
        SoupBinTcp.putDataHeader(u.logSeg, at, SoupBinTcp.SEQUENCED_DATA, len);
        return at + SoupBinTcp.HEADER;
    }

    private void endSequenced(UserSession u, int len) {
        int total = SoupBinTcp.HEADER + len;
        long at = u.log.position();
        u.log.position((int) at + total);
        u.nextSeq++;
        Connection c = u.conn;
        if (c != null && c.state == ACTIVE) {
            if (!c.reserve(total)) {
                logout(c, "client too slow: output backlog over " + MAX_PENDING_OUT + " bytes");
                return;
            }
            MemorySegment.copy(u.logSeg, at, c.outSeg, c.out.position(), total);
            c.out.position(c.out.position() + total);
        }
    }

    // ------------------------------------------------------------------ OUCH in

    private UserSession current;

    private void onOuch(Connection c, long off, int len) {
        byte type = Ouch.validateInbound(c.inSeg, off, len);
        if (type == 0) {
            logout(c, len == 0 ? "empty OUCH message"
                    : "unknown or malformed OUCH message type 0x"
                    + Integer.toHexString(Wire.getByte(c.inSeg, off) & 0xFF) + " (" + len + " bytes)");
            return;
        }
        current = c.user;
        switch (type) {
            case Ouch.ENTER_ORDER -> onEnter(c.user, enter.wrap(c.inSeg, off));
            case Ouch.REPLACE_ORDER -> onReplace(c.user, replaceMsg.wrap(c.inSeg, off));
            case Ouch.CANCEL_ORDER -> onCancel(c.user, cancelMsg.wrap(c.inSeg, off));
            case Ouch.MODIFY_ORDER -> onModify(c.user, modifyMsg.wrap(c.inSeg, off));
            case Ouch.ACCOUNT_QUERY -> onAccountQuery(c.user);
            default -> logout(c, "unsupported OUCH message");
        }
        current = null;
    }

    private static long slotKey(int owner, int userRef) {
        return ((long) owner << 32) | Integer.toUnsignedLong(userRef);
    }

    private int validatePriceQty(long price, int qty) {
        if (qty <= 0 || qty > Ouch.MAX_QUANTITY) {
            return qty <= 0 ? Ouch.REJECT_INVALID_QUANTITY : Ouch.REJECT_SHARES_EXCEED_THRESHOLD;
        }
        if (price <= 0 || price > 0xFFFF_FFFFL || price % exchange.tick() != 0) {
            return Ouch.REJECT_INVALID_PRICE;
        }
        return 0;
    }

    private void onEnter(UserSession u, Ouch.EnterOrder m) {
        int userRef = m.userRefNum();
        int reason = 0;
        if (Integer.toUnsignedLong(userRef) <= u.maxUserRefNum) {
            reason = Ouch.REJECT_OTHER;
        } else {
            u.maxUserRefNum = Integer.toUnsignedLong(userRef);
        }
        int book = reason == 0 ? exchange.bookOf(m.symbolKey()) : -1;
        if (reason == 0 && book < 0) {
            reason = Ouch.REJECT_INVALID_SYMBOL;
        }
        if (reason == 0 && exchange.halted(book)) {
            reason = Ouch.REJECT_HALTED;
        }
        byte side = m.side();
        byte engineSide = side == Ouch.SIDE_BUY ? MatchingEngine.BUY
                : side == Ouch.SIDE_SELL || side == Ouch.SIDE_SELL_SHORT || side == Ouch.SIDE_SELL_SHORT_EXEMPT
                ? MatchingEngine.SELL : 0;
        if (reason == 0 && engineSide == 0) {
            reason = Ouch.REJECT_INVALID_SIDE;
        }
        if (reason == 0) {
            reason = validatePriceQty(m.price(), m.quantity());
        }
        byte tif = m.timeInForce();
        if (reason == 0 && tif != Ouch.TIF_DAY && tif != Ouch.TIF_IOC) {
            reason = Ouch.REJECT_OTHER; // the specification has no time-in-force code
        }
        byte display = m.display();
        if (reason == 0 && display != Ouch.DISPLAY_VISIBLE && display != Ouch.DISPLAY_ATTRIBUTABLE
                && display != Ouch.DISPLAY_HIDDEN) {
            reason = Ouch.REJECT_INVALID_DISPLAY;
        }
        if (reason == 0 && m.crossType() != Ouch.CROSS_NONE) {
            reason = Ouch.REJECT_INVALID_CROSS_ORDER;
        }
        if (reason == 0 && freeSlot < 0) {
            reason = Ouch.REJECT_PROCESSING_ERROR;
        }
        if (reason != 0) {
            reject(u, userRef, reason, m.segment(), m.clOrdIdOffset());
            return;
        }
        int s = freeSlot;
        freeSlot = sNextFree[s];
        sUserRef[s] = userRef;
        sSide[s] = side;
        sBook[s] = book;
        sTif[s] = tif;
        sDisplay[s] = display;
        sCapacity[s] = m.capacity();
        sCross[s] = m.crossType();
        sIso[s] = m.interMarketSweep();
        MemorySegment.copy(m.segment(), m.clOrdIdOffset(), clOrdIds, (long) s * Ouch.CL_ORD_ID_LEN, Ouch.CL_ORD_ID_LEN);
        sRef[s] = exchange.engine().peekNextRef();
        bySlotKey.put(slotKey(u.owner, userRef), s);
        long ref = exchange.engine().enter(u.owner, Integer.toUnsignedLong(userRef), book, engineSide, m.price(),
                m.quantity(), tif == Ouch.TIF_IOC ? MatchingEngine.TIF_IOC : MatchingEngine.TIF_DAY);
        exchange.afterEngineCall();
        if (ref < 0) {
            freeSlotOf(u.owner, userRef);
            reject(u, userRef, Ouch.REJECT_PROCESSING_ERROR, m.segment(), m.clOrdIdOffset());
        }
    }

    private void onReplace(UserSession u, Ouch.ReplaceOrder m) {
        int s = bySlotKey.get(slotKey(u.owner, m.origUserRefNum()));
        int newRef = m.userRefNum();
        if (Integer.toUnsignedLong(newRef) <= u.maxUserRefNum) {
            reject(u, newRef, Ouch.REJECT_OTHER, m.segment(), m.clOrdIdOffset());
            return;
        }
        u.maxUserRefNum = Integer.toUnsignedLong(newRef);
        if (s < 0) {
            return; // the original order is not live: ignored, as OUCH does
        }
        int reason = validatePriceQty(m.price(), m.quantity());
        if (reason == 0 && exchange.halted(sBook[s])) {
            reason = Ouch.REJECT_HALTED;
        }
        byte tif = m.timeInForce();
        if (reason == 0 && tif != Ouch.TIF_DAY && tif != Ouch.TIF_IOC) {
            reason = Ouch.REJECT_OTHER;
        }
        if (reason != 0) {
            reject(u, newRef, reason, m.segment(), m.clOrdIdOffset());
            return;
        }
        sTif[s] = tif;
        sDisplay[s] = m.display();
        sIso[s] = m.interMarketSweep();
        MemorySegment.copy(m.segment(), m.clOrdIdOffset(), clOrdIds, (long) s * Ouch.CL_ORD_ID_LEN, Ouch.CL_ORD_ID_LEN);
        exchange.engine().replace(sRef[s], Integer.toUnsignedLong(newRef), m.price(), m.quantity(),
                tif == Ouch.TIF_IOC ? MatchingEngine.TIF_IOC : MatchingEngine.TIF_DAY);
        exchange.afterEngineCall();
    }

    private void onCancel(UserSession u, Ouch.CancelOrder m) {
        int s = bySlotKey.get(slotKey(u.owner, m.userRefNum()));
        if (s < 0 || m.quantity() < 0) {
            return; // not live: ignored
        }
        exchange.engine().cancel(sRef[s], m.quantity(), Ouch.CANCEL_USER_REQUESTED);
        exchange.afterEngineCall();
    }

    /**
     * Modify Order: a sell order may switch among S, T and E (a buy stays B), and the open
     * quantity may go down (Quantity = the new open size, &gt; 0, at most the current one).
     * The order keeps its priority; a reduction shows on ITCH as Order Cancel (X).  Answered
     * with Order Modified; anything else is ignored, as a cancel of an unknown order is.
     */
    private void onModify(UserSession u, Ouch.ModifyOrder m) {
        int userRef = m.userRefNum();
        int s = bySlotKey.get(slotKey(u.owner, userRef));
        if (s < 0) {
            modifiesIgnored++;
            return;
        }
        byte side = m.side();
        boolean sellNew = side == Ouch.SIDE_SELL || side == Ouch.SIDE_SELL_SHORT || side == Ouch.SIDE_SELL_SHORT_EXEMPT;
        boolean sideOk = sSide[s] == Ouch.SIDE_BUY ? side == Ouch.SIDE_BUY : sellNew;
        int leaves = exchange.engine().leaves(sRef[s]);
        int qty = m.quantity();
        if (!sideOk || qty <= 0 || qty > leaves) {
            modifiesIgnored++;
            return;
        }
        sSide[s] = side;
        if (qty < leaves) {
            modifying = true;
            try {
                exchange.engine().cancel(sRef[s], qty, Ouch.CANCEL_USER_REQUESTED);
            } finally {
                modifying = false;
            }
            exchange.afterEngineCall();
        }
        long at = beginSequenced(u, Ouch.OrderModified.LENGTH);
        modified.wrapForEncode(u.logSeg, at).timestamp(now()).userRefNum(userRef).side(side).quantity(qty);
        endSequenced(u, Ouch.OrderModified.LENGTH);
    }

    /** Account Query: the next UserRefNum the account may use (one above the highest seen today). */
    private void onAccountQuery(UserSession u) {
        long at = beginSequenced(u, Ouch.AccountQueryResponse.LENGTH);
        accountQueryResponse.wrapForEncode(u.logSeg, at).timestamp(now()).nextUserRefNum((int) (u.maxUserRefNum + 1));
        endSequenced(u, Ouch.AccountQueryResponse.LENGTH);
    }

    private void reject(UserSession u, int userRef, int reason, MemorySegment src, long clOrdIdOff) {
        rejects++;
        long at = beginSequenced(u, Ouch.OrderRejected.LENGTH);
        rejected.wrapForEncode(u.logSeg, at).timestamp(now()).userRefNum(userRef).reason(reason).clOrdId(src, clOrdIdOff);
        endSequenced(u, Ouch.OrderRejected.LENGTH);
    }

    private long now() {
        return clock.sinceMidnight(System.nanoTime());
    }

    private void freeSlotOf(int owner, long userRef) {
        int s = bySlotKey.remove(slotKey(owner, (int) userRef));
        if (s >= 0) {
            sNextFree[s] = freeSlot;
            freeSlot = s;
        }
    }

    private UserSession user(int owner) {
        return owner > 0 && owner <= users.size() ? users.get(owner - 1) : null;
    }

    // ------------------------------------------------------------------ engine events -> OUCH out

    void onEntered(long ref, int owner, long tag, long price, int qty) {
        UserSession u = user(owner);
        if (u == null) {
            return;
        }
        int s = bySlotKey.get(slotKey(owner, (int) tag));
        long at = beginSequenced(u, Ouch.OrderAccepted.LENGTH);
        accepted.wrapForEncode(u.logSeg, at).timestamp(now()).userRefNum((int) tag).side(sSide[s]).quantity(qty)
                .symbolKey(exchange.symbolKey(sBook[s])).price(price).timeInForce(sTif[s]).display(sDisplay[s])
                .orderReferenceNumber(ref).capacity(sCapacity[s]).interMarketSweep(sIso[s]).crossType(sCross[s])
                .orderState(Ouch.STATE_LIVE).clOrdId(clOrdIds, (long) s * Ouch.CL_ORD_ID_LEN);
        endSequenced(u, Ouch.OrderAccepted.LENGTH);
    }

    void onReplaced(long newRef, int owner, long oldTag, long newTag, long price, int qty) {
        UserSession u = user(owner);
        if (u == null) {
            return;
        }
        int s = bySlotKey.remove(slotKey(owner, (int) oldTag));
        if (s < 0) {
            return;
        }
        sRef[s] = newRef;
        sUserRef[s] = (int) newTag;
        bySlotKey.put(slotKey(owner, (int) newTag), s);
        long at = beginSequenced(u, Ouch.OrderReplaced.LENGTH);
        replaced.wrapForEncode(u.logSeg, at).timestamp(now()).origUserRefNum((int) oldTag).userRefNum((int) newTag)
                .side(sSide[s]).quantity(qty).symbolKey(exchange.symbolKey(sBook[s])).price(price)
                .timeInForce(sTif[s]).display(sDisplay[s]).orderReferenceNumber(newRef).capacity(sCapacity[s])
                .interMarketSweep(sIso[s]).crossType(sCross[s]).orderState(Ouch.STATE_LIVE)
                .clOrdId(clOrdIds, (long) s * Ouch.CL_ORD_ID_LEN);
        endSequenced(u, Ouch.OrderReplaced.LENGTH);
    }

    void onExecuted(int owner, long tag, int qty, long price, long match, boolean added, int leaves) {
        UserSession u = user(owner);
        if (u == null) {
            return;
        }
        long at = beginSequenced(u, Ouch.OrderExecuted.LENGTH);
        executed.wrapForEncode(u.logSeg, at).timestamp(now()).userRefNum((int) tag).quantity(qty).price(price)
                .liquidityFlag(added ? Ouch.LIQUIDITY_ADDED : Ouch.LIQUIDITY_REMOVED).matchNumber(match);
        endSequenced(u, Ouch.OrderExecuted.LENGTH);
        if (leaves == 0) {
            freeSlotOf(owner, tag);
        }
    }

    void onCanceled(int owner, long tag, int qty, int leaves, byte reason) {
        UserSession u = user(owner);
        if (u == null || modifying) {
            return; // (a Modify Order's reduction is reported as Order Modified)
        }
        long at = beginSequenced(u, Ouch.OrderCanceled.LENGTH);
        canceled.wrapForEncode(u.logSeg, at).timestamp(now()).userRefNum((int) tag).quantity(qty).reason(reason);
        endSequenced(u, Ouch.OrderCanceled.LENGTH);
        if (leaves == 0) {
            freeSlotOf(owner, tag);
        }
    }

    /** End of the day: every active session gets End of Session. */
    void endOfSession() {
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            if (c.state == ACTIVE && c.reserve(SoupBinTcp.HEADER)) {
                c.out.position(c.out.position() + SoupBinTcp.putEmpty(c.outSeg, c.out.position(), SoupBinTcp.END_OF_SESSION));
                c.state = CLOSING;
                flush(c);
            }
        }
    }

    int connections() {
        return connections.size();
    }

    @Override
    public void close() throws IOException {
        for (Connection c : new ArrayList<>(connections)) {
            try {
                c.ch.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
        connections.clear();
        server.close();
    }
}
