package io.nanotick.book;

import io.nanotick.itch.AddOrderMessage;
import io.nanotick.itch.AddOrderMpidMessage;
import io.nanotick.itch.MoldUdp64Packet;
import io.nanotick.itch.OrderCancelMessage;
import io.nanotick.itch.OrderDeleteMessage;
import io.nanotick.itch.OrderExecutedMessage;
import io.nanotick.itch.OrderExecutedWithPriceMessage;
import io.nanotick.itch.OrderReplaceMessage;
import io.nanotick.itch.PcapWriter;
import io.nanotick.itch.SystemEventMessage;
import io.nanotick.itch.TradeMessage;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * A seeded, book-heavy ITCH stream for benchmarks and the allocation test (the
 * cross-engine CSV tests use the reference model's generator instead).  Orders
 * cluster around a random-walking mid price per locate (skewed locate choice);
 * the mix is ~45% adds (10% F), 22% deletes, 10% cancels, 10% executes (E/C),
 * 8% replaces, 5% others (P trades, S).  The stream ENDS WITH AN EMPTY BOOK
 * (a delete for every order still live), so it can be replayed again and again
 * into the same engine; it holds exactly {@code total} messages.
 */
public final class SyntheticItch
{
    private final byte[] binaryFile;
    private final int messages;

    private SyntheticItch(final byte[] binaryFile, final int messages)
    {
        this.binaryFile = binaryFile;
        this.messages = messages;
    }

    public byte[] binaryFile()
    {
        return binaryFile;
    }

    /** Total messages, including the closing deletes. */
    public int messages()
    {
        return messages;
    }

    public static SyntheticItch generate(final long seed, final int total, final int locates)
    {
        return generate(seed, total, locates, Integer.MAX_VALUE);
    }

    /** As {@link #generate(long, int, int)}, with adds turned into deletes while {@code maxLive} orders are live. */
    public static SyntheticItch generate(final long seed, final int total, final int locates, final int maxLive)
    {
        final int n = total;
        final SplittableRandom rnd = new SplittableRandom(seed);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[(n + n / 2 + 16) * 42]);
        int at = 0;
        int count = 0;
        final long[] liveRef = new long[n + 1];
        final int[] liveLocate = new int[n + 1];
        final byte[] liveSide = new byte[n + 1];
        int live = 0;
        final long[] mid = new long[locates + 1];
        for (int l = 1; l <= locates; l++)
        {
            mid[l] = 100_0000L + rnd.nextInt(1000) * 100L;
        }
        long nextRef = 1;
        long ts = 34_200_000_000_000L;
        long match = 1;
        final AddOrderMessage a = new AddOrderMessage();
        final AddOrderMpidMessage f = new AddOrderMpidMessage();
        final OrderDeleteMessage d = new OrderDeleteMessage();
        final OrderCancelMessage x = new OrderCancelMessage();
        final OrderExecutedMessage e = new OrderExecutedMessage();
        final OrderExecutedWithPriceMessage c = new OrderExecutedWithPriceMessage();
        final OrderReplaceMessage u = new OrderReplaceMessage();
        final TradeMessage p = new TradeMessage();
        final SystemEventMessage s = new SystemEventMessage();
        while (count + live < total)
        {
            ts += 1 + rnd.nextInt(2000);
            final int r = rnd.nextInt(100);
            final boolean canAdd = count + live + 2 <= total && live < maxLive; // an add costs two messages (it and its closing delete)
            if (canAdd && (live == 0 || r < 45))
            {
                final int loc = Math.min(1 + rnd.nextInt(locates), 1 + rnd.nextInt(locates));
                if (rnd.nextInt(8) == 0)
                {
                    mid[loc] += (rnd.nextInt(3) - 1) * 100L;
                }
                final boolean buy = rnd.nextBoolean();
                final long px = mid[loc] + (buy ? -1 : 1) * (1 + (long)Math.abs(rnd.nextGaussian() * 8)) * 100L;
                final long qty = 100L * (1 + rnd.nextInt(10));
                final long ref = nextRef;
                nextRef += 1 + rnd.nextInt(3);
                final boolean mpid = rnd.nextInt(10) == 0;
                final int len = mpid ? AddOrderMpidMessage.LENGTH : AddOrderMessage.LENGTH;
                out.putShort(at, (short)len, ByteOrder.BIG_ENDIAN);
                if (mpid)
                {
                    f.wrapForEncode(out, at + 2).stockLocate(loc).timestamp(ts).orderReferenceNumber(ref)
                        .buySellIndicator(buy ? (byte)'B' : (byte)'S').shares(qty).stockRaw(0x5359_4d30_3030_3030L + loc)
                        .price(px).attribution("NTCK");
                }
                else
                {
                    a.wrapForEncode(out, at + 2).stockLocate(loc).timestamp(ts).orderReferenceNumber(ref)
                        .buySellIndicator(buy ? (byte)'B' : (byte)'S').shares(qty).stockRaw(0x5359_4d30_3030_3030L + loc).price(px);
                }
                at += 2 + len;
                liveRef[live] = ref;
                liveLocate[live] = loc;
                liveSide[live] = buy ? (byte)'B' : (byte)'S';
                live++;
            }
            else if (live > 0 && r < 95)
            {
                final int k = rnd.nextInt(live);
                final long ref = liveRef[k];
                final int loc = liveLocate[k];
                boolean gone = false;
                if (r < 67)
                {
                    out.putShort(at, (short)OrderDeleteMessage.LENGTH, ByteOrder.BIG_ENDIAN);
                    d.wrapForEncode(out, at + 2).stockLocate(loc).timestamp(ts).orderReferenceNumber(ref);
                    at += 2 + OrderDeleteMessage.LENGTH;
                    gone = true;
                }
                else if (r < 77)
                {
                    out.putShort(at, (short)OrderCancelMessage.LENGTH, ByteOrder.BIG_ENDIAN);
                    x.wrapForEncode(out, at + 2).stockLocate(loc).timestamp(ts).orderReferenceNumber(ref).cancelledShares(100);
                    at += 2 + OrderCancelMessage.LENGTH;
                    // the order may or may not be gone: keep it live, the book clamps / ignores as the rules say
                }
                else if (r < 87)
                {
                    if (rnd.nextBoolean())
                    {
                        out.putShort(at, (short)OrderExecutedMessage.LENGTH, ByteOrder.BIG_ENDIAN);
                        e.wrapForEncode(out, at + 2).stockLocate(loc).timestamp(ts).orderReferenceNumber(ref)
                            .executedShares(100).matchNumber(match++);
                        at += 2 + OrderExecutedMessage.LENGTH;
                    }
                    else
                    {
                        out.putShort(at, (short)OrderExecutedWithPriceMessage.LENGTH, ByteOrder.BIG_ENDIAN);
                        c.wrapForEncode(out, at + 2).stockLocate(loc).timestamp(ts).orderReferenceNumber(ref)
                            .executedShares(100).matchNumber(match++).printable((byte)'Y').executionPrice(mid[loc]);
                        at += 2 + OrderExecutedWithPriceMessage.LENGTH;
                    }
                }
                else
                {
                    final long newRef = nextRef;
                    nextRef += 1;
                    final long px = mid[loc] + (liveSide[k] == 'B' ? -1 : 1) * (1 + rnd.nextInt(10)) * 100L;
                    out.putShort(at, (short)OrderReplaceMessage.LENGTH, ByteOrder.BIG_ENDIAN);
                    u.wrapForEncode(out, at + 2).stockLocate(loc).timestamp(ts).originalOrderReferenceNumber(ref)
                        .newOrderReferenceNumber(newRef).shares(100L * (1 + rnd.nextInt(10))).price(px);
                    at += 2 + OrderReplaceMessage.LENGTH;
                    liveRef[k] = newRef;
                }
                if (gone)
                {
                    live--;
                    liveRef[k] = liveRef[live];
                    liveLocate[k] = liveLocate[live];
                    liveSide[k] = liveSide[live];
                }
            }
            else if (r < 99)
            {
                final int loc = 1 + rnd.nextInt(locates);
                out.putShort(at, (short)TradeMessage.LENGTH, ByteOrder.BIG_ENDIAN);
                p.wrapForEncode(out, at + 2).stockLocate(loc).timestamp(ts).orderReferenceNumber(0).buySellIndicator((byte)'B')
                    .shares(100).stockRaw(0x5359_4d30_3030_3030L + loc).price(mid[loc]).matchNumber(match++);
                at += 2 + TradeMessage.LENGTH;
            }
            else
            {
                out.putShort(at, (short)SystemEventMessage.LENGTH, ByteOrder.BIG_ENDIAN);
                s.wrapForEncode(out, at + 2).stockLocate(0).timestamp(ts).eventCode((byte)'Q');
                at += 2 + SystemEventMessage.LENGTH;
            }
            count++;
        }
        // close the book: delete everything still live (some may already be gone: unknown refs, ignored)
        for (int k = 0; k < live; k++)
        {
            out.putShort(at, (short)OrderDeleteMessage.LENGTH, ByteOrder.BIG_ENDIAN);
            d.wrapForEncode(out, at + 2).stockLocate(liveLocate[k]).timestamp(ts).orderReferenceNumber(liveRef[k]);
            at += 2 + OrderDeleteMessage.LENGTH;
            count++;
        }
        if (count != total)
        {
            throw new IllegalStateException(count + " != " + total);
        }
        final byte[] bytes = new byte[at];
        out.getBytes(0, bytes);
        return new SyntheticItch(bytes, count);
    }

    /** The same messages as a pcap of MoldUDP64 packets (session {@code session}, from sequence 1). */
    public byte[] pcap(final String session) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(binaryFile.length * 2);
        final UnsafeBuffer src = new UnsafeBuffer(binaryFile);
        final UnsafeBuffer pkt = new UnsafeBuffer(new byte[2048]);
        final MoldUdp64Packet p = new MoldUdp64Packet();
        long seq = 1;
        try (PcapWriter w = new PcapWriter(bytes))
        {
            int at = 0;
            long ts = 0;
            p.wrapForEncode(pkt, 0, 1400).session(session).sequenceNumber(seq);
            while (at < binaryFile.length)
            {
                final int len = src.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                if (!p.append(src, at + 2, len))
                {
                    w.writeUdp(ts += 1000, pkt, 0, p.length());
                    seq += p.messageCount();
                    p.wrapForEncode(pkt, 0, 1400).session(session).sequenceNumber(seq);
                    p.append(src, at + 2, len);
                }
                at += 2 + len;
            }
            if (p.messageCount() > 0)
            {
                w.writeUdp(ts + 1000, pkt, 0, p.length());
            }
        }
        return bytes.toByteArray();
    }
}
