package io.nanotick.ring;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Java end of {@code tools/nanotick ring-demo}: attaches to a ring (waiting for it to appear), reads it
 * until the producer closes it, checks that sequence words advance by one except where LAPPED accounted for
 * the jump, and prints the rate once a second.
 * <pre>
 *   java -cp java/ring/target/classes io.nanotick.ring.RingDemoConsumer PATH [md|cmd]
 * </pre>
 */
public final class RingDemoConsumer
{
    private RingDemoConsumer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 1)
        {
            System.err.println("usage: RingDemoConsumer PATH [md|cmd]");
            System.exit(2);
        }
        final Path path = Path.of(args[0]);
        final int kind = args.length > 1 ? ("cmd".equals(args[1]) ? RingAbi.RING_KIND_CMD : RingAbi.RING_KIND_MD) : 0;
        final Ring ring = openWhenReady(path, kind);
        System.out.printf("java consumer: attached to %s (%s ring \"%s\", %d slots, epoch 0x%016x, producer pid %d)%n",
            path, ring.kind() == RingAbi.RING_KIND_MD ? "MD" : "CMD", ring.name(), ring.capacity(), ring.epoch(),
            Integer.toUnsignedLong(ring.producerPid()));
        final RingConsumer c = new RingConsumer(ring);
        final TobRecord r = new TobRecord();
        long records = 0, errors = 0, expect = c.position(), pending = 0, lastLost = 0;
        long lastRecords = 0, lastLostPrinted = 0;
        final long t0 = System.nanoTime();
        long nextPrint = t0 + 1_000_000_000L;
        long idle = 0;
        while (true)
        {
            final int rc = c.poll();
            if (rc == RingConsumer.RECORD)
            {
                final long idx = r.wrap(c.record(), c.recordOffset()).seq() - 1;
                if (idx != expect + pending)
                {
                    errors++;
                }
                expect = idx + 1;
                pending = 0;
                records++;
                idle = 0;
                if ((records & 0xFFFF) != 0)
                {
                    continue;
                }
            }
            else if (rc == RingConsumer.LAPPED)
            {
                pending += c.lostRecords() - lastLost;
                lastLost = c.lostRecords();
                continue;
            }
            else if (c.isDrained())
            {
                break;
            }
            else if (++idle > 1_000_000 && ring.isStale())
            {
                System.out.println("java consumer: producer is gone (stale ring)");
                errors++;
                break;
            }
            final long now = System.nanoTime();
            if (now >= nextPrint)
            {
                System.out.printf("java consumer: %,12d records/s  total %,13d  lost %,12d (+%,d)  laps %d%n",
                    records - lastRecords, records, c.lostRecords(), c.lostRecords() - lastLostPrinted,
                    c.lappedEvents());
                lastRecords = records;
                lastLostPrinted = c.lostRecords();
                nextPrint = now + 1_000_000_000L;
            }
        }
        final double secs = (System.nanoTime() - t0) / 1e9;
        final long produced = ring.prodIndex();
        System.out.printf("java consumer: done: %,d records in %.2f s (%,.0f/s), %,d lost in %d laps, " +
            "records + lost = %,d = producer's %,d, sequence errors %d%n", records, secs, records / secs,
            c.lostRecords(), c.lappedEvents(), records + c.lostRecords(), produced, errors);
        c.close();
        System.exit(errors == 0 && records + c.lostRecords() == produced ? 0 : 1);
    }

    private static Ring openWhenReady(final Path path, final int kind) throws Exception
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (true)
        {
            try
            {
                return Rings.open(path, kind);
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
