package io.nanotick.controller.md;

import io.nanotick.controller.Controller;
import io.nanotick.ring.FeedEventRecord;
import io.nanotick.ring.Ring;
import io.nanotick.ring.RingAbi;
import io.nanotick.ring.RingConsumer;
import io.nanotick.ring.Rings;
import io.nanotick.ring.TobRecord;
import io.nanotick.ring.TradeRecord;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads an MD ring (ring.h) with the java/ring seqlock consumer and turns records into
 * controller callbacks. nowNs passed on is the local System.nanoTime() at consumption (the
 * record's ingress stamp may be card cycles); lapping is reported as lost records and opens a gap.
 */
public final class RingFeed implements FeedSource
{
    private final Ring ring;
    private final RingConsumer consumer;
    private final TobRecord tob = new TobRecord();
    private final TradeRecord trade = new TradeRecord();
    private final FeedEventRecord event = new FeedEventRecord();
    private final Path path;
    private long records;
    private long lastLost;

    public RingFeed(final Path path) throws IOException
    {
        this.path = path;
        this.ring = Rings.open(path, RingAbi.RING_KIND_MD);
        this.consumer = new RingConsumer(ring);
    }

    @Override
    public int poll(final Controller c, final long nowNs, final int limit)
    {
        int n = 0;
        while (n < limit)
        {
            final int r = consumer.poll();
            if (r == RingConsumer.EMPTY)
            {
                break;
            }
            if (r == RingConsumer.LAPPED)
            {
                final long lost = consumer.lostRecords();
                c.market().onLapped(lost - lastLost);
                lastLost = lost;
                continue;
            }
            n++;
            records++;
            final int type = consumer.record().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 8) & 0xFF;
            switch (type)
            {
                case RingAbi.REC_TOB:
                    tob.wrap(consumer.record(), 0);
                    c.onTopOfBook(tob.locate(), tob.bidPx(), tob.bidQty(), tob.askPx(), tob.askQty(), tob.flags(), nowNs);
                    break;
                case RingAbi.REC_TRADE:
                    trade.wrap(consumer.record(), 0);
                    c.onTrade(trade.locate(), (byte)trade.side(), trade.price(), trade.shares(), nowNs);
                    break;
                case RingAbi.REC_FEED_EVENT:
                    event.wrap(consumer.record(), 0);
                    c.onFeedEvent(event.event(), event.locate(), event.expectedSeq(), event.receivedSeq(), event.count(), nowNs);
                    break;
                default:
                    break;
            }
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
        return consumer.lostRecords();
    }

    @Override
    public String describe()
    {
        return "ring:" + path;
    }

    @Override
    public void close()
    {
        consumer.close();
        ring.close();
    }
}
