package io.nanotick.ring;

import java.lang.management.ManagementFactory;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.nanotick.ring.RingAbi.*;
import static org.junit.jupiter.api.Assertions.*;

/** Producer and consumer in one process: record flyweights, exact lapping, full CMD ring, no allocation. */
class RingInProcessTest
{
    private Path path;

    @AfterEach
    void cleanup() throws Exception
    {
        if (path != null)
        {
            Files.deleteIfExists(path);
        }
    }

    @Test
    void everyRecordTypeRoundTripsThroughItsFlyweight() throws Exception
    {
        path = NativeTools.shmPath("types");
        try (Ring pr = Rings.create(path, RING_KIND_CMD, 16, "types");
            Ring cr = Rings.open(path, RING_KIND_CMD))
        {
            final CmdRingProducer p = new CmdRingProducer(pr);
            final RingConsumer c = new RingConsumer(cr);
            final MemorySegment s = p.segment();

            new TradeRecord().wrap(s, p.tryClaim()).reset().msgType('C').flags(FLAG_REPLAY).locate(65535).side('S')
                .printable('N').price(4_294_967_295L).shares(Long.MAX_VALUE).itchTs(1).matchNumber(2).msgOrdinal(3)
                .ingressTs(4);
            p.commit();
            new FeedEventRecord().wrap(s, p.tryClaim()).reset().event(EVT_GAP).locate(7).line(0xFF).expectedSeq(10)
                .receivedSeq(15).count(5).aux(9).msgOrdinal(11).ingressTs(12);
            p.commit();
            new OrderRequestRecord().wrap(s, p.tryClaim()).reset().action(ORD_ENTER).locate(3).side('B').tif('3')
                .userRefNum(77).quantity(100).price(-1_234_500L).symbol(0x2020204C5041414CL).origUserRefNum(0)
                .display('Y').capacity('A').strategyId(9).intentTs(123).triggerSeq(456);
            p.commit();
            new OrderEventRecord().wrap(s, p.tryClaim()).reset().event(OEV_EXECUTED).locate(3).side('B')
                .liquidity('R').userRefNum(77).quantity(40).price(1_234_500L).orderRef(99).origUserRefNum(76)
                .reason(0xFFFF).venueTs(5).ingressTs(6);
            p.commit();

            assertEquals(RingConsumer.RECORD, c.poll());
            final TradeRecord t = new TradeRecord().wrap(c.record(), c.recordOffset());
            assertEquals(1, t.seq());
            assertEquals(REC_TRADE, t.type());
            assertEquals('C', t.msgType());
            assertEquals(FLAG_REPLAY, t.flags());
            assertEquals(65535, t.locate());
            assertEquals('S', t.side());
            assertEquals('N', t.printable());
            assertEquals(4_294_967_295L, t.price());
            assertEquals(Long.MAX_VALUE, t.shares());
            assertEquals(2, t.matchNumber());
            // raw bytes, as C reads them: little endian, price at offset 16
            assertEquals((byte)0xFF, c.record().get(U8, c.recordOffset() + 16));
            assertEquals((byte)0xFF, c.record().get(U8, c.recordOffset() + 13));

            assertEquals(RingConsumer.RECORD, c.poll());
            final FeedEventRecord e = new FeedEventRecord().wrap(c.record(), c.recordOffset());
            assertEquals(REC_FEED_EVENT, e.type());
            assertEquals(EVT_GAP, e.event());
            assertEquals(0xFF, e.line());
            assertEquals(5, e.count());
            assertEquals(15, e.receivedSeq());

            assertEquals(RingConsumer.RECORD, c.poll());
            final OrderRequestRecord o = new OrderRequestRecord().wrap(c.record(), c.recordOffset());
            assertEquals(REC_ORDER_REQUEST, o.type());
            assertEquals(ORD_ENTER, o.action());
            assertEquals(-1_234_500L, o.price());
            assertEquals('L', c.record().get(U8, c.recordOffset() + 32)); // symbol "LAAPL   " starts at offset 32
            assertEquals(456, o.triggerSeq());

            assertEquals(RingConsumer.RECORD, c.poll());
            final OrderEventRecord v = new OrderEventRecord().wrap(c.record(), c.recordOffset());
            assertEquals(REC_ORDER_EVENT, v.type());
            assertEquals(OEV_EXECUTED, v.event());
            assertEquals(0xFFFF, v.reason());
            assertEquals(76, v.origUserRefNum());
            assertEquals(6, v.ingressTs());

            assertEquals(RingConsumer.EMPTY, c.poll());
        }
    }

    /**
     * Paused at k while n records are written.  With prod_index published (the producer's heartbeat or
     * publishIndex(): what an idle producer does) lost must be exactly n - C/2 - k (resync at prod_index - C/2).
     * Without, prod_index lags by up to PROD_INDEX_EVERY - 1 records (ring.h): the consumer resyncs at most that
     * much earlier, so it loses at most that many fewer; either way it reads a contiguous tail ending at n, and
     * got + lost + read == n.
     */
    @Test
    void lappedConsumerCountsExactlyWhatItLost() throws Exception
    {
        final long[][] cases = { { 64, 10, 1000 }, { 1024, 1024, 1024 * 5 + 77 }, { 8, 0, 9 }, { 4096, 3, 4100 }, { 4096, 3, 4099 + 4096 } };
        for (final boolean published : new boolean[] { true, false })
        {
            for (final long[] k : cases)
            {
                lapCase(k[0], k[1], k[2], published);
            }
        }
    }

    private void lapCase(final long cap, final long paused, final long n, final boolean published) throws Exception
    {
        path = NativeTools.shmPath("lap");
        final String what = "case " + cap + "/" + paused + "/" + n + (published ? " published" : " lagging");
        try (Ring pr = Rings.create(path, RING_KIND_MD, cap, "lap"); Ring cr = Rings.open(path, RING_KIND_MD))
        {
            final MdRingProducer p = new MdRingProducer(pr);
            final RingConsumer c = new RingConsumer(cr);
            final TobRecord w = new TobRecord();
            final TobRecord r = new TobRecord();
            long i = 0, got = 0;
            for (; i < paused; i++)
            {
                RingPattern.fill(w.wrap(p.segment(), p.claim()), i, 0);
                p.commit();
            }
            while (c.poll() == RingConsumer.RECORD)
            {
                r.wrap(c.record(), c.recordOffset());
                assertTrue(RingPattern.check(r));
                got++;
            }
            assertEquals(paused, got, what);
            for (; i < n; i++)
            {
                RingPattern.fill(w.wrap(p.segment(), p.claim()), i, 0);
                p.commit();
            }
            if (published)
            {
                p.publishIndex();
                assertEquals(n, pr.prodIndex(), what);
            }
            else
            {
                assertTrue(n - pr.prodIndex() < PROD_INDEX_EVERY, what + ": prod_index " + pr.prodIndex());
            }
            assertEquals(RingConsumer.LAPPED, c.poll(), what);
            final long exact = n - cap / 2 - paused;
            if (published)
            {
                assertEquals(exact, c.lostRecords(), "lost, " + what);
            }
            else
            {
                assertTrue(c.lostRecords() <= exact && c.lostRecords() > exact - PROD_INDEX_EVERY,
                    "lost " + c.lostRecords() + ", " + what);
            }
            assertEquals(1, c.lappedEvents(), what);
            assertEquals(c.lostRecords(), pr.consLostRecords(), "published in the header");
            long after = 0;
            int rc;
            while ((rc = c.poll()) == RingConsumer.RECORD)
            {
                r.wrap(c.record(), c.recordOffset());
                assertEquals(paused + c.lostRecords() + after + 1, r.seq(), what);
                assertTrue(RingPattern.check(r));
                after++;
            }
            assertEquals(RingConsumer.EMPTY, rc);
            assertEquals(n, got + after + c.lostRecords(), what);
            assertTrue(after >= cap / 2 && after <= cap, what + ": read " + after);
        }
        Files.deleteIfExists(path);
    }

    /** As ring_test_basic's test_overwrites_and_consumer_heartbeat: the same numbers from the same rule. */
    @Test
    void producerCountsOverwritesAndConsumerHeartbeats() throws Exception
    {
        path = NativeTools.shmPath("ovw");
        try (Ring pr = Rings.create(path, RING_KIND_MD, 64, "ovw"); Ring cr = Rings.open(path, RING_KIND_MD))
        {
            final MdRingProducer p = new MdRingProducer(pr);
            final RingConsumer c = new RingConsumer(cr);
            final TobRecord w = new TobRecord();
            assertEquals(0, cr.consHeartbeatNs());
            final long t0 = System.nanoTime();
            assertEquals(RingConsumer.EMPTY, c.poll());
            assertTrue(cr.consHeartbeatNs() >= t0 && cr.consHeartbeatNs() <= System.nanoTime(), "heartbeat set");
            for (long i = 0; i < 1000; i++) // a consumer that keeps up: nothing overwritten unread
            {
                RingPattern.fill(w.wrap(p.segment(), p.claim()), i, 0);
                p.commit();
                assertEquals(RingConsumer.RECORD, c.poll());
            }
            assertEquals(0, cr.prodOverwrites());
            assertEquals(RingConsumer.EMPTY, c.poll()); // publishes 1000
            for (long i = 1000; i < 2000; i++) // records 1000 .. 1935 are overwritten unread
            {
                RingPattern.fill(w.wrap(p.segment(), p.claim()), i, 0);
                p.commit();
            }
            p.close();
            assertEquals(936, cr.prodOverwrites());
        }
    }

    @Test
    void fullCommandRingRejectsAndNeverOverwrites() throws Exception
    {
        path = NativeTools.shmPath("full");
        try (Ring pr = Rings.create(path, RING_KIND_CMD, 8, "full"); Ring cr = Rings.open(path, RING_KIND_CMD))
        {
            final CmdRingProducer p = new CmdRingProducer(pr);
            final RingConsumer c = new RingConsumer(cr);
            final TobRecord w = new TobRecord();
            final TobRecord r = new TobRecord();
            for (long i = 0; i < 8; i++)
            {
                RingPattern.fill(w.wrap(p.segment(), p.tryClaim()), i, 0);
                assertEquals(i, p.commit());
            }
            for (int t = 0; t < 5; t++)
            {
                assertEquals(-1, p.tryClaim(), "a full ring must reject");
            }
            assertEquals(5, p.fullCount());
            assertEquals(5, pr.prodFullCount());
            assertEquals(8, pr.prodIndex());
            for (long i = 0; i < 3; i++)
            {
                assertEquals(RingConsumer.RECORD, c.poll());
                r.wrap(c.record(), c.recordOffset());
                assertEquals(i + 1, r.seq());
                assertTrue(RingPattern.check(r));
            }
            // records 0 and 1 are done; record 2 is still being read in place: two free slots, not three
            for (long i = 8; i < 10; i++)
            {
                final long off = p.tryClaim();
                assertTrue(off > 0, "space after consuming");
                RingPattern.fill(w.wrap(p.segment(), off), i, 0);
                p.commit();
            }
            assertEquals(-1, p.tryClaim(), "the record the consumer holds must not be overwritten");
            assertEquals(3, r.seq());
            assertTrue(RingPattern.check(r), "record 2 intact while held");
            c.publishPosition(); // done with record 2
            final long off10 = p.tryClaim();
            assertTrue(off10 > 0);
            RingPattern.fill(w.wrap(p.segment(), off10), 10, 0);
            p.commit();
            assertEquals(-1, p.tryClaim());
            for (long i = 3; i < 11; i++)
            {
                assertEquals(RingConsumer.RECORD, c.poll());
                r.wrap(c.record(), c.recordOffset());
                assertEquals(i + 1, r.seq());
                assertTrue(RingPattern.check(r), "record " + i + " intact");
            }
            assertEquals(RingConsumer.EMPTY, c.poll());
        }
    }

    @Test
    void hotPathAllocatesNothing() throws Exception
    {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (final int kind : new int[] { RING_KIND_MD, RING_KIND_CMD })
        {
            path = NativeTools.shmPath("alloc");
            try (Ring pr = Rings.create(path, kind, 1024, "alloc"); Ring cr = Rings.open(path, kind))
            {
                final MdRingProducer p = kind == RING_KIND_MD ? new MdRingProducer(pr) : new CmdRingProducer(pr);
                final RingConsumer c = new RingConsumer(cr);
                final TobRecord w = new TobRecord();
                final TobRecord r = new TobRecord();
                long bad = pump(p, c, w, r, 0, 3_000_000); // warm up (JIT)
                final long before = mx.getCurrentThreadAllocatedBytes();
                bad += pump(p, c, w, r, 3_000_000, 2_000_000);
                final long allocated = mx.getCurrentThreadAllocatedBytes() - before;
                assertEquals(0, bad);
                assertTrue(allocated < 1024, "kind " + kind + ": 2M records allocated " + allocated + " bytes");
            }
            Files.deleteIfExists(path);
        }
    }

    private static long pump(final MdRingProducer p, final RingConsumer c, final TobRecord w, final TobRecord r,
        final long from, final long n)
    {
        long bad = 0;
        for (long i = from; i < from + n; i++)
        {
            RingPattern.fill(w.wrap(p.segment(), p.claim()), i, i);
            p.commit();
            if ((i & 3) == 3)
            {
                while (c.poll() == RingConsumer.RECORD)
                {
                    bad += RingPattern.check(r.wrap(c.record(), c.recordOffset())) ? 0 : 1;
                }
            }
        }
        return bad;
    }
}
