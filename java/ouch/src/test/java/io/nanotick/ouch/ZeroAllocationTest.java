package io.nanotick.ouch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Encoding and decoding OUCH/SoupBinTCP messages allocates nothing. */
class ZeroAllocationTest {
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private final MemorySegment buf = Arena.ofAuto().allocate(4096);
    private final Ouch.EnterOrder enter = new Ouch.EnterOrder();
    private final Ouch.OrderAccepted acc = new Ouch.OrderAccepted();
    private final Ouch.OrderExecuted exec = new Ouch.OrderExecuted();
    private final SoupBinTcp.Packet p = new SoupBinTcp.Packet();

    private long round(int i) {
        int h = SoupBinTcp.putDataHeader(buf, 0, SoupBinTcp.UNSEQUENCED_DATA, Ouch.EnterOrder.LENGTH);
        enter.wrapForEncode(buf, h).userRefNum(i).side(Ouch.SIDE_BUY).quantity(100).symbol("AAPL").price(1_000_000L + i)
                .timeInForce(Ouch.TIF_DAY).display(Ouch.DISPLAY_VISIBLE).capacity(Ouch.CAPACITY_AGENCY)
                .interMarketSweep(Ouch.ISO_NOT_ELIGIBLE).crossType(Ouch.CROSS_NONE).clOrdId("X");
        p.wrap(buf, 0);
        long sum = p.type() + Ouch.validateInbound(buf, p.payloadOffset(), p.payloadLength());
        enter.wrap(buf, p.payloadOffset());
        acc.wrapForEncode(buf, 100).timestamp(i).userRefNum(enter.userRefNum()).side(enter.side())
                .quantity(enter.quantity()).symbolKey(enter.symbolKey()).price(enter.price())
                .clOrdId(buf, enter.clOrdIdOffset()).orderReferenceNumber(i);
        exec.wrapForEncode(buf, 200).timestamp(i).userRefNum(i).quantity(10).price(acc.price()).matchNumber(i);
        sum += SoupBinTcp.putLoginRequest(buf, 300, "nt", "pw", "", i);
        sum += p.wrap(buf, 300).requestedSequence();
        sum += p.usernameEquals("nt") ? 1 : 0;
        return sum + exec.price() + acc.orderReferenceNumber();
    }

    @Test
    void codecAllocatesNothing() {
        long s = 0;
        for (int i = 0; i < 100_000; i++) {
            s += round(i);
        }
        long before = allocated();
        for (int i = 0; i < 300_000; i++) {
            s += round(i);
        }
        long bytes = allocated() - before;
        assertTrue(s != 0);
        assertTrue(bytes < 1024, "300k encode/decode rounds allocated " + bytes + " bytes");
    }
}
