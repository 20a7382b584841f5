package io.nanotick.controller.md;

import io.nanotick.book.BookEngine;
import io.nanotick.book.OrderBook;
import io.nanotick.controller.Controller;
import io.nanotick.itch.MoldUdp64;
import io.nanotick.itch.MoldUdp64Listener;
import io.nanotick.itch.MoldUdp64Packet;
import io.nanotick.itch.MoldUdp64Sequencer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;

/**
 * ITCH 5.0 over MoldUDP64 multicast straight into the controller, in software: a non-blocking
 * DatagramChannel, java/itch's MoldUdp64Sequencer and java/book's BookEngine (full-depth book,
 * top-of-book and trade callbacks).
 *
 * <p>Gap recovery (with a retransmission server configured, {@link Recovery}): a packet that starts
 * beyond the next expected sequence number (data, heartbeat or end of session of the current
 * session) opens a feed-wide gap ({@code EVT_GAP}: no new orders) and is held, with every packet
 * that arrives after it, in a preallocated FIFO instead of reaching the book. The feed sends a
 * MoldUDP64 request (session, expected sequence number, count up to the first held packet) to the
 * retransmission server, one request in flight at a time; each reply goes through the same
 * sequencer (so the book sees every message once and in order), then held packets are released
 * while they are contiguous. A reply that made progress triggers the next request at once; no
 * reply within {@code intervalNs} re-sends it, and after {@code maxTries} requests in a row
 * without progress (or when the server answers that it no longer holds the messages, or the hold
 * FIFO is full) the feed gives up: the held packets are released across the hole, the book rows
 * carry the GAP flag and the feed-wide gap stays open for good (as without a retransmission
 * server). Once the hole is filled and the FIFO is empty the feed reports {@code EVT_GAP_RECOVERED}
 * and trading resumes. With {@code fromStart}, a feed joining a session whose first packet is
 * beyond sequence 1 treats the messages before it as a gap and fetches them, so the book knows
 * the orders added before it joined.
 *
 * <p>Without a retransmission server a gap stays open (no new orders), and a mid-session join
 * only knows orders added after the join. No allocation on the hot path.
 */
public final class ItchFeed implements FeedSource
{
    /** Retransmission settings; holdPackets / holdBytes size the FIFO of packets held during a recovery. */
    public record Recovery(InetSocketAddress server, long intervalNs, int maxTries, boolean fromStart, int holdPackets,
        int holdBytes)
    {
        public static final int HOLD_PACKETS = 32_768;
        public static final int HOLD_BYTES = 8 << 20;

        public Recovery(final InetSocketAddress server, final long intervalNs, final int maxTries, final boolean fromStart)
        {
            this(server, intervalNs, maxTries, fromStart, HOLD_PACKETS, HOLD_BYTES);
        }
    }

    private final DatagramChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
    private final UnsafeBuffer ubuf = new UnsafeBuffer(buf);
    private final MoldUdp64Packet header = new MoldUdp64Packet();
    private final MoldUdp64Sequencer sequencer = new MoldUdp64Sequencer();
    private final BookEngine engine;
    private final String where;
    private Controller c;
    private long nowNs;
    private long records;
    private long packets;
    private boolean gapReported;

    // the sequencer's current session, and whether a data packet of it set "expected"
    private final MoldUdp64Listener listener = new MoldUdp64Listener()
    {
        @Override
        public void onMessage(final DirectBuffer buffer, final int offset, final int length, final long sequenceNumber)
        {
            engine.onMessage(buffer, offset, length, sequenceNumber);
        }

        @Override
        public void onGap(final long expected, final long received)
        {
            engine.onGap(expected, received);
        }

        @Override
        public void onSession(final DirectBuffer buffer, final int sessionOffset, final long sequenceNumber)
        {
            hasSession = true;
            sessionHigh = MoldUdp64.sessionHigh(buffer, sessionOffset);
            sessionLow = MoldUdp64.sessionLow(buffer, sessionOffset);
            started = false;
            engine.onSession(buffer, sessionOffset, sequenceNumber);
        }

        @Override
        public void onEndOfSession(final long sequenceNumber)
        {
            engine.onEndOfSession(sequenceNumber);
        }
    };
    private boolean hasSession;
    private long sessionHigh;
    private int sessionLow;
    private boolean started;

    // recovery
    private final Recovery recovery;
    private final DatagramChannel rtx;
    private final ByteBuffer rtxBuf;
    private final UnsafeBuffer rtxUbuf;
    private final ByteBuffer request;
    private final int holdPacketsCap;
    private final int holdBytesCap;
    private final ByteBuffer hold;
    private final UnsafeBuffer holdUbuf;
    private final int[] heldOffset;
    private final int[] heldLength;
    private int heldHead;
    private int heldTail;
    private int holdEnd;
    private boolean recovering;
    private boolean gaveUp;
    private boolean inFlight;
    private long sentNs;
    private int tries;
    private long requests;
    private long replies;
    private long recoveredGaps;
    private long heldPackets;
    private long recoveredMessages;
    private long gapEvents;
    private long sendErrors;

    public ItchFeed(final String group, final int port, final String iface) throws IOException
    {
        this(group, port, iface, null);
    }

    public ItchFeed(final String group, final int port, final String iface, final Recovery recovery) throws IOException
    {
        ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        ch.bind(new InetSocketAddress(port));
        final NetworkInterface ni = NetworkInterface.getByName(iface);
        if (ni == null)
        {
            ch.close();
            throw new IOException("no network interface '" + iface + "'");
        }
        ch.join(InetAddress.getByName(group), ni);
        ch.configureBlocking(false);
        this.recovery = recovery;
        if (recovery != null)
        {
            if (recovery.maxTries() < 1 || recovery.intervalNs() <= 0 || recovery.holdPackets() < 1 || recovery.holdBytes() < 1500)
            {
                ch.close();
                throw new IllegalArgumentException("retransmission: maxTries >= 1, interval > 0, holdPackets >= 1, holdBytes >= 1500 needed");
            }
            rtx = DatagramChannel.open(StandardProtocolFamily.INET);
            rtx.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            rtx.bind(new InetSocketAddress(InetAddress.getLoopbackAddress().equals(recovery.server().getAddress()) ?
                InetAddress.getLoopbackAddress() : null, 0));
            rtx.configureBlocking(false);
            rtxBuf = ByteBuffer.allocateDirect(65_536);
            rtxUbuf = new UnsafeBuffer(rtxBuf);
            request = ByteBuffer.allocateDirect(MoldUdp64.HEADER_LENGTH).order(ByteOrder.BIG_ENDIAN);
            holdPacketsCap = recovery.holdPackets();
            holdBytesCap = recovery.holdBytes();
            hold = ByteBuffer.allocateDirect(holdBytesCap);
            holdUbuf = new UnsafeBuffer(hold);
            heldOffset = new int[holdPacketsCap];
            heldLength = new int[holdPacketsCap];
        }
        else
        {
            holdPacketsCap = 0;
            holdBytesCap = 0;
            rtx = null;
            rtxBuf = null;
            rtxUbuf = null;
            request = null;
            hold = null;
            holdUbuf = null;
            heldOffset = null;
            heldLength = null;
        }
        where = "itch " + group + ":" + port + " on " + iface + (recovery != null ? ", retransmission " +
            recovery.server().getAddress().getHostAddress() + ":" + recovery.server().getPort() : "");
        engine = new BookEngine(new OrderBook(),
            (ordinal, type, flags, locate, bidPx, bidQty, askPx, askQty, ts, seq) ->
            {
                records++;
                c.onTopOfBook(locate, bidPx, bidQty, askPx, askQty, flags, nowNs);
            },
            (ordinal, type, flags, locate, side, price, shares, match, printable) ->
            {
                records++;
                c.onTrade(locate, side, price, shares, nowNs);
            });
    }

    @Override
    public int poll(final Controller c, final long nowNs, final int limit)
    {
        this.c = c;
        this.nowNs = nowNs;
        int n = 0;
        try
        {
            while (n < limit)
            {
                buf.clear();
                if (ch.receive(buf) == null)
                {
                    break;
                }
                n++;
                packets++;
                onFeedPacket(ubuf, buf.position());
            }
            if (recovering)
            {
                n += pollRecovery(limit);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("ITCH feed " + where + ": " + ex.getMessage(), ex);
        }
        return n;
    }

    private void onFeedPacket(final UnsafeBuffer b, final int length)
    {
        if (recovery != null && !gaveUp)
        {
            if (recovering)
            {
                holdPacket(b, length);
                return;
            }
            final MoldUdp64Packet p = header.wrap(b, 0, length);
            if (isGap(p))
            {
                final long expected = expectedFor(p);
                final long received = p.sequenceNumber();
                recovering = true;
                tries = 0;
                gapReported = true;
                gapEvents++;
                c.onFeedEvent(MarketState.EVT_GAP, 0, expected, received, received - expected, nowNs);
                holdPacket(b, length);
                if (recovering)
                {
                    sendRequest();
                }
                return;
            }
        }
        deliver(b, length);
    }

    /** Passes one packet to the sequencer (and through it to the book). */
    private void deliver(final UnsafeBuffer b, final int length)
    {
        sequencer.onPacket(b, 0, length, listener);
        final MoldUdp64Packet p = header.wrap(b, 0, length);
        if (p.hasHeader() && sameSession(p) && isDataPacket(p.messageCount()))
        {
            started = true;
        }
        if (sequencer.gap() && !gapReported)
        {
            gapReported = true;
            gapEvents++;
            c.onFeedEvent(MarketState.EVT_GAP, 0, sequencer.expected(), 0, 1, nowNs);
        }
    }

    private static boolean isDataPacket(final int count)
    {
        return count != MoldUdp64.HEARTBEAT && count != MoldUdp64.END_OF_SESSION;
    }

    private boolean sameSession(final MoldUdp64Packet p)
    {
        return hasSession && p.sessionHigh() == sessionHigh && p.sessionLow() == sessionLow;
    }

    /** The first sequence number missing before packet p: the sequencer's, or 1 for a session not started yet. */
    private long expectedFor(final MoldUdp64Packet p)
    {
        return sameSession(p) && started ? sequencer.expected() : 1;
    }

    /**
     * True when messages are missing before this packet: it belongs to the current session and
     * starts beyond the next expected sequence number (a data packet, or a heartbeat announcing a
     * later next number); with fromStart also a packet of a session not started yet that is
     * beyond sequence 1 (messages published before we joined).
     */
    private boolean isGap(final MoldUdp64Packet p)
    {
        if (!p.hasHeader())
        {
            return false;
        }
        if (sameSession(p) && started)
        {
            return !sequencer.endOfSession() && p.messageCount() != MoldUdp64.END_OF_SESSION &&
                Long.compareUnsigned(p.sequenceNumber(), sequencer.expected()) > 0;
        }
        return recovery.fromStart() && p.messageCount() != MoldUdp64.END_OF_SESSION &&
            Long.compareUnsigned(p.sequenceNumber(), 1) > 0;
    }

    private void holdPacket(final UnsafeBuffer b, final int length)
    {
        if (heldTail - heldHead == holdPacketsCap || !makeRoom(length))
        {
            giveUp();
            deliver(b, length);
            return;
        }
        final int slot = heldTail % holdPacketsCap;
        holdUbuf.putBytes(holdEnd, b, 0, length);
        heldOffset[slot] = holdEnd;
        heldLength[slot] = length;
        holdEnd += length;
        heldTail++;
        heldPackets++;
    }

    /** Room for length more bytes at the end of the hold area, compacting it if needed. */
    private boolean makeRoom(final int length)
    {
        if (holdEnd + length <= holdBytesCap)
        {
            return true;
        }
        if (heldHead == heldTail)
        {
            holdEnd = 0;
            return length <= holdBytesCap;
        }
        final int first = heldOffset[heldHead % holdPacketsCap];
        if (first == 0)
        {
            return false;
        }
        holdUbuf.putBytes(0, holdUbuf, first, holdEnd - first);
        for (int i = heldHead; i < heldTail; i++)
        {
            heldOffset[i % holdPacketsCap] -= first;
        }
        holdEnd -= first;
        return holdEnd + length <= holdBytesCap;
    }

    private MoldUdp64Packet firstHeld()
    {
        final int slot = heldHead % holdPacketsCap;
        return header.wrap(holdUbuf, heldOffset[slot], heldLength[slot]);
    }

    /** Replies, release of held packets, (re-)requests; returns the number of replies read. */
    private int pollRecovery(final int limit) throws IOException
    {
        int n = 0;
        while (recovering && n < limit)
        {
            rtxBuf.clear();
            if (rtx.receive(rtxBuf) == null)
            {
                break;
            }
            n++;
            onReply(rtxBuf.position());
            if (recovering)
            {
                release();
            }
        }
        if (recovering && (!inFlight || nowNs - sentNs >= recovery.intervalNs()))
        {
            if (tries >= recovery.maxTries())
            {
                giveUp();
            }
            else
            {
                sendRequest();
            }
        }
        return n;
    }

    private void onReply(final int length)
    {
        final MoldUdp64Packet p = header.wrap(rtxUbuf, 0, length);
        if (!p.hasHeader())
        {
            return;
        }
        final long seq = p.sequenceNumber();
        final int count = p.messageCount();
        final long sh = p.sessionHigh();
        final int sl = p.sessionLow();
        final MoldUdp64Packet h = firstHeld();
        if (sh != h.sessionHigh() || sl != h.sessionLow())
        {
            return;
        }
        final long expected = expectedFor(h);
        replies++;
        inFlight = false;
        if (count == MoldUdp64.HEARTBEAT)
        {
            if (Long.compareUnsigned(seq, expected) > 0)
            {
                // count 0 answers a request it cannot serve with the oldest sequence number it still
                // holds (or the next one it will send, which is beyond all we miss): the messages are gone
                giveUp();
            }
            return;
        }
        if (!isDataPacket(count) || Long.compareUnsigned(seq, expected) > 0)
        {
            return; // a stale or foreign answer: it would open a hole in the sequencer
        }
        deliver(rtxUbuf, length);
        if (expectedFor(firstHeld()) != expected)
        {
            tries = 0; // progress
            recoveredMessages += expectedFor(firstHeld()) - expected;
        }
    }

    /** Releases held packets in order while no hole precedes them; ends recovery when none is left. */
    private void release()
    {
        while (heldHead != heldTail)
        {
            final int slot = heldHead % holdPacketsCap;
            final int off = heldOffset[slot];
            final int len = heldLength[slot];
            if (isGap(header.wrap(holdUbuf, off, len)))
            {
                return;
            }
            heldHead++;
            deliverHeld(off, len);
        }
        heldHead = 0;
        heldTail = 0;
        holdEnd = 0;
        recovering = false;
        inFlight = false;
        recoveredGaps++;
        gapReported = false;
        c.onFeedEvent(MarketState.EVT_GAP_RECOVERED, 0, sequencer.expected(), 0, 0, nowNs);
    }

    private void deliverHeld(final int off, final int len)
    {
        // the sequencer and the book read a packet at offset 0 of their buffer
        rtxUbuf.putBytes(0, holdUbuf, off, len);
        deliver(rtxUbuf, len);
    }

    private void sendRequest()
    {
        final MoldUdp64Packet h = firstHeld();
        final long expected = expectedFor(h);
        final long missing = h.sequenceNumber() - expected;
        final int count = (int)Math.min(Math.max(missing, 1), MoldUdp64.MAX_MESSAGE_COUNT);
        request.clear();
        request.putLong(0, h.sessionHigh());
        request.putShort(8, (short)h.sessionLow());
        request.putLong(MoldUdp64.SEQUENCE_NUMBER_OFFSET, expected);
        request.putShort(MoldUdp64.MESSAGE_COUNT_OFFSET, (short)count);
        try
        {
            rtx.send(request, recovery.server());
        }
        catch (final IOException ex)
        {
            sendErrors++; // a try without progress; sent again after the interval
        }
        requests++;
        tries++;
        inFlight = true;
        sentNs = nowNs;
    }

    /** Stops recovering for good: releases what is held across the hole; the gap stays open. */
    private void giveUp()
    {
        gaveUp = true;
        recovering = false;
        inFlight = false;
        while (heldHead != heldTail)
        {
            final int slot = heldHead % holdPacketsCap;
            heldHead++;
            deliverHeld(heldOffset[slot], heldLength[slot]);
        }
        heldHead = 0;
        heldTail = 0;
        holdEnd = 0;
    }

    /** True while a gap is being recovered (packets held). */
    public boolean recovering()
    {
        return recovering;
    }

    /** True once recovery was abandoned (the gap stays open). */
    public boolean gaveUp()
    {
        return gaveUp;
    }

    public long requests()
    {
        return requests;
    }

    public long replies()
    {
        return replies;
    }

    public long recoveredGaps()
    {
        return recoveredGaps;
    }

    public long heldPackets()
    {
        return heldPackets;
    }

    /** Messages obtained from the retransmission server (sequence numbers filled). */
    public long recoveredMessages()
    {
        return recoveredMessages;
    }

    /** Gap events reported to the controller (each opened the feed-wide gap). */
    public long gapEvents()
    {
        return gapEvents;
    }

    public MoldUdp64Sequencer sequencer()
    {
        return sequencer;
    }

    public BookEngine engine()
    {
        return engine;
    }

    @Override
    public long records()
    {
        return records;
    }

    @Override
    public long lostRecords()
    {
        return 0;
    }

    @Override
    public String describe()
    {
        final StringBuilder sb = new StringBuilder(where).append(" (").append(packets).append(" packets, ")
            .append(engine.messages()).append(" messages");
        if (recovery != null)
        {
            sb.append(", ").append(recoveredGaps).append(" gaps recovered, ").append(requests).append(" retransmission requests");
            if (recovering)
            {
                sb.append(", RECOVERING from ").append(started ? sequencer.expected() : 1);
            }
            if (gaveUp)
            {
                sb.append(", recovery GAVE UP");
            }
        }
        if (sequencer.gap() || recovering)
        {
            sb.append(", GAP");
        }
        return sb.append(')').toString();
    }

    @Override
    public void close()
    {
        try
        {
            ch.close();
            if (rtx != null)
            {
                rtx.close();
            }
        }
        catch (final IOException ex)
        {
            // closing anyway
        }
    }
}
