// RingToCsv -- read an MD ring filled by nanotick-dpdk with the Java consumer
// (io.nanotick.ring, Panama) and write its top-of-book records as the
// canonical CSV.  Used by tools/suites/15-feed.sh:
//   java -cp java/ring/target/classes native/dpdk/RingToCsv.java RING OUT.csv
// Must run before any other consumer of the ring (it starts at cons_index).
import io.nanotick.ring.Ring;
import io.nanotick.ring.RingAbi;
import io.nanotick.ring.RingConsumer;
import io.nanotick.ring.Rings;
import io.nanotick.ring.TobRecord;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;

public class RingToCsv
{
    public static void main(final String[] args) throws Exception
    {
        try (Ring ring = Rings.open(Path.of(args[0]), RingAbi.RING_KIND_MD);
             BufferedWriter out = Files.newBufferedWriter(Path.of(args[1])))
        {
            final RingConsumer c = new RingConsumer(ring);
            final TobRecord tob = new TobRecord();
            out.write("msg,locate,bid_px,bid_qty,ask_px,ask_qty,flags\n");
            long n = 0;
            while (true)
            {
                final int r = c.poll();
                if (r == RingConsumer.LAPPED)
                {
                    System.err.println("RingToCsv: lapped, lost " + c.lostRecords());
                    System.exit(1);
                }
                if (r == RingConsumer.EMPTY)
                {
                    if (c.position() >= ring.prodIndex())
                    {
                        break; // the producer closed the ring before we started
                    }
                    continue;
                }
                n++;
                tob.wrap(c.record(), 0);
                if (c.record().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 8) != RingAbi.REC_TOB)
                {
                    continue;
                }
                final int f = tob.flags();
                final String words = ((f & 2) != 0 ? "GAP" : "") + ((f & 2) != 0 && (f & 1) != 0 ? "|" : "") +
                    ((f & 1) != 0 ? "STALE" : "");
                out.write(tob.msgOrdinal() + "," + tob.locate() + "," + tob.bidPx() + "," + tob.bidQty() + "," +
                    tob.askPx() + "," + tob.askQty() + "," + words + "\n");
            }
            System.err.println("RingToCsv: " + n + " records read with io.nanotick.ring.RingConsumer");
        }
    }
}
