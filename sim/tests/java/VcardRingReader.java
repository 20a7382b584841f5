import io.nanotick.ring.FeedEventRecord;
import io.nanotick.ring.Ring;
import io.nanotick.ring.RingConsumer;
import io.nanotick.ring.Rings;
import io.nanotick.ring.TobRecord;
import io.nanotick.ring.TradeRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test consumer for the virtual card (sim/tests): attaches to a market-data ring with the Foundation's
 * Panama reader (java/ring RingConsumer), reads every record while the card writes, until the producer
 * closes the ring, and writes one text line per record:
 * <pre>
 *   tob,SEQ,ORDINAL,LOCATE,BID_PX,BID_QTY,ASK_PX,ASK_QTY,FLAGS,MSG_TYPE,MOLD_SEQ,ITCH_TS
 *   trade,SEQ,ORDINAL,LOCATE,MSG_TYPE,SIDE,PRICE,SHARES,MATCH,FLAGS
 *   event,SEQ,ORDINAL,EVENT,EXPECTED,RECEIVED,COUNT,LINE,FLAGS
 *   lapped,LOST
 *   end,RECORDS,LOST,PROD_INDEX
 * </pre>
 *   java -cp DIR VcardRingReader RING OUT.txt [PAUSE_EVERY]   (DIR: java/ring sources + this file, compiled)
 * PAUSE_EVERY: sleep 1 ms after every that many records (a slow consumer, to be lapped).
 */
public final class VcardRingReader
{
    public static void main(final String[] args) throws Exception
    {
        final Path path = Path.of(args[0]);
        final Ring ring = openWhenReady(path);
        final RingConsumer c = new RingConsumer(ring);
        final TobRecord tob = new TobRecord().wrap(c.record(), 0);
        final TradeRecord trade = new TradeRecord().wrap(c.record(), 0);
        final FeedEventRecord evt = new FeedEventRecord().wrap(c.record(), 0);
        long records = 0;
        long lastLost = 0;
        long idle = 0;
        final long pauseEvery = args.length > 2 ? Long.parseLong(args[2]) : 0;
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[1])))
        {
            while (true)
            {
                final int rc = c.poll();
                if (rc == RingConsumer.RECORD)
                {
                    records++;
                    idle = 0;
                    if (pauseEvery > 0 && records % pauseEvery == 0)
                    {
                        Thread.sleep(1);
                    }
                    switch (tob.type())
                    {
                        case 1 -> w.write("tob," + tob.seq() + "," + tob.msgOrdinal() + "," + tob.locate() + "," +
                            tob.bidPx() + "," + tob.bidQty() + "," + tob.askPx() + "," + tob.askQty() + "," +
                            tob.flags() + "," + (char)tob.msgType() + "," + tob.moldSeq() + "," + tob.itchTs() + "\n");
                        case 2 -> w.write("trade," + trade.seq() + "," + trade.msgOrdinal() + "," + trade.locate() +
                            "," + (char)trade.msgType() + "," + trade.side() + "," + trade.price() + "," +
                            trade.shares() + "," + trade.matchNumber() + "," + trade.flags() + "\n");
                        case 3 -> w.write("event," + evt.seq() + "," + evt.msgOrdinal() + "," + evt.event() + "," +
                            evt.expectedSeq() + "," + evt.receivedSeq() + "," + evt.count() + "," + evt.line() + "," +
                            evt.flags() + "\n");
                        default -> w.write("unknown," + tob.seq() + "," + tob.type() + "\n");
                    }
                }
                else if (rc == RingConsumer.LAPPED)
                {
                    w.write("lapped," + (c.lostRecords() - lastLost) + "\n");
                    lastLost = c.lostRecords();
                }
                else if (c.isDrained())
                {
                    break;
                }
                else if (++idle > 100_000)
                {
                    if (ring.isStale() || ring.isReplaced())
                    {
                        w.write("stale\n");
                        break;
                    }
                    Thread.onSpinWait();
                    if (idle > 200_000)
                    {
                        Thread.sleep(1);
                    }
                }
            }
            w.write("end," + records + "," + c.lostRecords() + "," + ring.prodIndex() + "\n");
        }
        c.close();
    }

    private static Ring openWhenReady(final Path path) throws Exception
    {
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (true)
        {
            try
            {
                return Rings.open(path, 1);
            }
            catch (final IOException ex)
            {
                if (System.nanoTime() > deadline)
                {
                    throw ex;
                }
                Thread.sleep(2);
            }
        }
    }
}
