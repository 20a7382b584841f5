package io.nanotick.controller.md;

import io.nanotick.book.BookEngine;
import io.nanotick.book.OrderBook;
import io.nanotick.controller.Controller;
import io.nanotick.itch.MoldUdp64Sequencer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * ITCH 5.0 over MoldUDP64 multicast straight into the controller, in software: a non-blocking
 * DatagramChannel, java/itch's MoldUdp64Sequencer and java/book's BookEngine (full-depth book,
 * top-of-book and trade callbacks). A sequence gap opens a feed-wide gap (no new orders) that
 * stays open: there is no retransmission request yet. Joining mid-session, orders added before
 * the join are unknown to the book until they are gone (the book fills in as the flow turns over).
 */
public final class ItchFeed implements FeedSource
{
    private final DatagramChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
    private final UnsafeBuffer ubuf = new UnsafeBuffer(buf);
    private final MoldUdp64Sequencer sequencer = new MoldUdp64Sequencer();
    private final BookEngine engine;
    private final String where;
    private Controller c;
    private long nowNs;
    private long records;
    private long packets;
    private boolean gapReported;

    public ItchFeed(final String group, final int port, final String iface) throws IOException
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
        where = "itch " + group + ":" + port + " on " + iface;
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
                sequencer.onPacket(ubuf, 0, buf.position(), engine);
                if (sequencer.gap() && !gapReported)
                {
                    gapReported = true;
                    c.onFeedEvent(MarketState.EVT_GAP, 0, sequencer.expected(), 0, 1, nowNs);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("ITCH feed " + where + ": " + ex.getMessage(), ex);
        }
        return n;
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
        return where + " (" + packets + " packets, " + engine.messages() + " messages" + (sequencer.gap() ? ", GAP" : "") + ")";
    }

    @Override
    public void close()
    {
        try
        {
            ch.close();
        }
        catch (final IOException ex)
        {
            // closing anyway
        }
    }
}
