package io.nanotick.ouch;

import static io.nanotick.ouch.Vectors.bytes;
import static io.nanotick.ouch.Vectors.of;
import static io.nanotick.ouch.Vectors.seg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Vectors written by hand from the NASDAQ OUCH 5.0 message layouts (field
 * order and widths), not produced by the encoder under test.
 */
class OuchTest {
    // Enter Order: 'O', UserRefNum 1, Side 'B', Quantity 100, Symbol "AAPL    ", Price 150.2500 (1502500),
    // TIF '0' day, Display 'Y', Capacity 'A', ISO 'N', CrossType 'N', ClOrdID "ORD1" + 10 spaces, AppendageLength 0
    static final byte[] ENTER = of("hex:4F 00000001 42 00000064", "AAPL    ", "hex:00000000 0016ED24 30 59 41 4E 4E",
            "ORD1          ", "hex:0000");
    // Replace Order: 'U', OrigUserRefNum 1, UserRefNum 2, Quantity 50, Price 150.2400 (1502400),
    // TIF '3' IOC, Display 'Y', ISO 'N', ClOrdID "ORD2", AppendageLength 0
    static final byte[] REPLACE = of("hex:55 00000001 00000002 00000032 00000000 0016ECC0 33 59 4E",
            "ORD2          ", "hex:0000");
    // Cancel Order: 'X', UserRefNum 2, Quantity 0 (cancel all)
    static final byte[] CANCEL = of("hex:58 00000002 00000000");
    // System Event: 'S', Timestamp 34200000000000 (09:30) = 0x00001F1ACED9F000, EventCode 'S'
    static final byte[] SYSTEM_EVENT = of("hex:53 00001F1A CED9F000 53");
    // Order Accepted: 'A', Timestamp 1, UserRefNum 1, Side 'B', Quantity 100, Symbol AAPL, Price 1502500, TIF '0',
    // Display 'Y', OrderReferenceNumber 0x0102030405060708, Capacity 'A', ISO 'N', Cross 'N', State 'L', ClOrdID, 0
    static final byte[] ACCEPTED = of("hex:41 0000000000000001 00000001 42 00000064", "AAPL    ",
            "hex:00000000 0016ED24 30 59 0102030405060708 41 4E 4E 4C", "ORD1          ", "hex:0000");
    // Order Replaced: 'U', Timestamp 2, Orig 1, New 2, Side 'B', Qty 50, AAPL, Price 1502400, TIF '3', Display 'Y',
    // OrderRef 9, Capacity 'A', ISO 'N', Cross 'N', State 'L', ClOrdID "ORD2", 0
    static final byte[] REPLACED = of("hex:55 0000000000000002 00000001 00000002 42 00000032", "AAPL    ",
            "hex:00000000 0016ECC0 33 59 0000000000000009 41 4E 4E 4C", "ORD2          ", "hex:0000");
    // Order Canceled: 'C', Timestamp 3, UserRefNum 2, Quantity 50, Reason 'I'
    static final byte[] CANCELED = of("hex:43 0000000000000003 00000002 00000032 49");
    // Order Executed: 'E', Timestamp 4, UserRefNum 1, Quantity 40, Price 1502500, Liquidity 'R', Match 77, 0
    static final byte[] EXECUTED = of("hex:45 0000000000000004 00000001 00000028 00000000 0016ED24 52 000000000000004D 0000");
    // Order Rejected: 'J', Timestamp 5, UserRefNum 3, Reason 0x0017 (Invalid Symbol), ClOrdID "BAD"
    static final byte[] REJECTED = of("hex:4A 0000000000000005 00000003 0017", "BAD           ");

    // Modify Order: 'M', UserRefNum 7, Side 'T' (sell short), Quantity 300 (0x12C)
    static final byte[] MODIFY = of("hex:4D 00000007 54 0000012C");
    // Account Query: 'Q' alone
    static final byte[] ACCOUNT_QUERY = of("hex:51");
    // Order Modified: 'M', Timestamp 34200000000001 (0x00001F1ACED9F001), UserRefNum 7, Side 'T', Quantity 300
    static final byte[] MODIFIED = of("hex:4D 00001F1ACED9F001 00000007 54 0000012C");
    // Account Query Response: 'Q', Timestamp 6, NextUserRefNum 8
    static final byte[] ACCOUNT_QUERY_RESPONSE = of("hex:51 0000000000000006 00000008");

    private final MemorySegment buf = Arena.ofAuto().allocate(512);

    @Test
    void modifyOrder() {
        assertEquals(10, MODIFY.length);
        Ouch.ModifyOrder m = new Ouch.ModifyOrder().wrap(seg(MODIFY), 0);
        assertEquals(Ouch.MODIFY_ORDER, m.type());
        assertEquals(7, m.userRefNum());
        assertEquals(Ouch.SIDE_SELL_SHORT, m.side());
        assertEquals(300, m.quantity());
        assertEquals(Ouch.MODIFY_ORDER, Ouch.validateInbound(m.segment(), 0, 10));
        assertEquals(0, Ouch.validateInbound(m.segment(), 0, 9), "too short");
        assertEquals(0, Ouch.validateInbound(seg(of("hex:4D 00000007 54 0000012C 00")), 0, 11), "too long");
        new Ouch.ModifyOrder().wrapForEncode(buf, 5).userRefNum(7).side(Ouch.SIDE_SELL_SHORT).quantity(300);
        assertArrayEquals(MODIFY, bytes(buf, 5, 10));
        assertEquals(0, buf.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 4), "nothing written before");
        assertEquals(0, buf.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 15), "nothing written after");
    }

    @Test
    void accountQuery() {
        assertEquals(1, ACCOUNT_QUERY.length);
        assertEquals(Ouch.ACCOUNT_QUERY, Ouch.validateInbound(seg(ACCOUNT_QUERY), 0, 1));
        assertEquals(0, Ouch.validateInbound(seg(of("hex:51 00")), 0, 2), "anything after the type is malformed");
        new Ouch.AccountQuery().wrapForEncode(buf, 0);
        assertArrayEquals(ACCOUNT_QUERY, bytes(buf, 0, 1));
    }

    @Test
    void orderModified() {
        assertEquals(18, MODIFIED.length);
        Ouch.OrderModified m = new Ouch.OrderModified().wrap(seg(MODIFIED), 0);
        assertEquals(Ouch.ORDER_MODIFIED, m.type());
        assertEquals(34_200_000_000_001L, m.timestamp());
        assertEquals(7, m.userRefNum());
        assertEquals('T', m.side());
        assertEquals(300, m.quantity());
        new Ouch.OrderModified().wrapForEncode(buf, 0).timestamp(34_200_000_000_001L).userRefNum(7)
                .side(Ouch.SIDE_SELL_SHORT).quantity(300);
        assertArrayEquals(MODIFIED, bytes(buf, 0, 18));
    }

    @Test
    void accountQueryResponse() {
        assertEquals(13, ACCOUNT_QUERY_RESPONSE.length);
        Ouch.AccountQueryResponse m = new Ouch.AccountQueryResponse().wrap(seg(ACCOUNT_QUERY_RESPONSE), 0);
        assertEquals(Ouch.ACCOUNT_QUERY_RESPONSE, m.type());
        assertEquals(6, m.timestamp());
        assertEquals(8, m.nextUserRefNum());
        new Ouch.AccountQueryResponse().wrapForEncode(buf, 0).timestamp(6).nextUserRefNum(8);
        assertArrayEquals(ACCOUNT_QUERY_RESPONSE, bytes(buf, 0, 13));
    }

    @Test
    void lengthsMatchTheSpec() {
        assertEquals(47, ENTER.length);
        assertEquals(40, REPLACE.length);
        assertEquals(9, CANCEL.length);
        assertEquals(10, SYSTEM_EVENT.length);
        assertEquals(64, ACCEPTED.length);
        assertEquals(68, REPLACED.length);
        assertEquals(18, CANCELED.length);
        assertEquals(36, EXECUTED.length);
        assertEquals(29, REJECTED.length);
    }

    @Test
    void enterOrder() {
        Ouch.EnterOrder m = new Ouch.EnterOrder().wrap(seg(ENTER), 0);
        assertEquals(1, m.userRefNum());
        assertEquals('B', m.side());
        assertEquals(100, m.quantity());
        assertEquals(Wire.symbolKey("AAPL"), m.symbolKey());
        assertEquals(1_502_500L, m.price());
        assertEquals(Ouch.TIF_DAY, m.timeInForce());
        assertEquals('Y', m.display());
        assertEquals('A', m.capacity());
        assertEquals('N', m.interMarketSweep());
        assertEquals('N', m.crossType());
        assertEquals("ORD1", Wire.alpha(m.segment(), m.clOrdIdOffset(), 14));
        assertEquals(47, m.length());
        assertEquals(Ouch.ENTER_ORDER, Ouch.validateInbound(m.segment(), 0, 47));

        new Ouch.EnterOrder().wrapForEncode(buf, 3).userRefNum(1).side(Ouch.SIDE_BUY).quantity(100).symbol("AAPL")
                .price(1_502_500L).timeInForce(Ouch.TIF_DAY).display(Ouch.DISPLAY_VISIBLE)
                .capacity(Ouch.CAPACITY_AGENCY).interMarketSweep(Ouch.ISO_NOT_ELIGIBLE).crossType(Ouch.CROSS_NONE)
                .clOrdId("ORD1");
        assertArrayEquals(ENTER, bytes(buf, 3, 47));
    }

    @Test
    void enterOrderWithAppendageValidates() {
        // AppendageLength 3 + one tag-value appendage (length 2, tag 0x01, value 0x00)
        byte[] v = of("hex:4F 00000001 42 00000064", "AAPL    ", "hex:00000000 0016ED24 30 59 41 4E 4E",
                "ORD1          ", "hex:0003 02 01 00");
        assertEquals(Ouch.ENTER_ORDER, Ouch.validateInbound(seg(v), 0, 50));
        assertEquals(0, Ouch.validateInbound(seg(v), 0, 49));
        assertEquals(0, Ouch.validateInbound(seg(ENTER), 0, 46));
        assertEquals(0, Ouch.validateInbound(seg(of("hex:5A 00")), 0, 2));
    }

    @Test
    void replaceOrder() {
        Ouch.ReplaceOrder m = new Ouch.ReplaceOrder().wrap(seg(REPLACE), 0);
        assertEquals(1, m.origUserRefNum());
        assertEquals(2, m.userRefNum());
        assertEquals(50, m.quantity());
        assertEquals(1_502_400L, m.price());
        assertEquals(Ouch.TIF_IOC, m.timeInForce());
        assertEquals(Ouch.REPLACE_ORDER, Ouch.validateInbound(m.segment(), 0, 40));
        new Ouch.ReplaceOrder().wrapForEncode(buf, 0).origUserRefNum(1).userRefNum(2).quantity(50).price(1_502_400L)
                .timeInForce(Ouch.TIF_IOC).display(Ouch.DISPLAY_VISIBLE).interMarketSweep(Ouch.ISO_NOT_ELIGIBLE)
                .clOrdId("ORD2");
        assertArrayEquals(REPLACE, bytes(buf, 0, 40));
    }

    @Test
    void cancelOrder() {
        Ouch.CancelOrder m = new Ouch.CancelOrder().wrap(seg(CANCEL), 0);
        assertEquals(2, m.userRefNum());
        assertEquals(0, m.quantity());
        new Ouch.CancelOrder().wrapForEncode(buf, 0).userRefNum(2).quantity(0);
        assertArrayEquals(CANCEL, bytes(buf, 0, 9));
    }

    @Test
    void systemEvent() {
        new Ouch.SystemEvent().wrapForEncode(buf, 0).timestamp(34_200_000_000_000L).eventCode(Ouch.EVENT_START_OF_DAY);
        assertArrayEquals(SYSTEM_EVENT, bytes(buf, 0, 10));
    }

    @Test
    void orderAccepted() {
        MemorySegment src = seg(ENTER);
        new Ouch.OrderAccepted().wrapForEncode(buf, 0).timestamp(1).userRefNum(1).side(Ouch.SIDE_BUY).quantity(100)
                .symbolKey(Wire.symbolKey("AAPL")).price(1_502_500L).timeInForce(Ouch.TIF_DAY)
                .display(Ouch.DISPLAY_VISIBLE).orderReferenceNumber(0x0102030405060708L)
                .capacity(Ouch.CAPACITY_AGENCY).interMarketSweep(Ouch.ISO_NOT_ELIGIBLE).crossType(Ouch.CROSS_NONE)
                .orderState(Ouch.STATE_LIVE).clOrdId(src, 31);
        assertArrayEquals(ACCEPTED, bytes(buf, 0, 64));
        Ouch.OrderAccepted m = new Ouch.OrderAccepted().wrap(seg(ACCEPTED), 0);
        assertEquals(0x0102030405060708L, m.orderReferenceNumber());
        assertEquals('L', m.orderState());
        assertEquals(64, m.length());
    }

    @Test
    void orderReplaced() {
        new Ouch.OrderReplaced().wrapForEncode(buf, 0).timestamp(2).origUserRefNum(1).userRefNum(2)
                .side(Ouch.SIDE_BUY).quantity(50).symbolKey(Wire.symbolKey("AAPL")).price(1_502_400L)
                .timeInForce(Ouch.TIF_IOC).display(Ouch.DISPLAY_VISIBLE).orderReferenceNumber(9)
                .capacity(Ouch.CAPACITY_AGENCY).interMarketSweep(Ouch.ISO_NOT_ELIGIBLE).crossType(Ouch.CROSS_NONE)
                .orderState(Ouch.STATE_LIVE).clOrdId("ORD2");
        assertArrayEquals(REPLACED, bytes(buf, 0, 68));
        Ouch.OrderReplaced m = new Ouch.OrderReplaced().wrap(seg(REPLACED), 0);
        assertEquals(1, m.origUserRefNum());
        assertEquals(2, m.userRefNum());
        assertEquals(9, m.orderReferenceNumber());
    }

    @Test
    void orderCanceled() {
        new Ouch.OrderCanceled().wrapForEncode(buf, 0).timestamp(3).userRefNum(2).quantity(50)
                .reason(Ouch.CANCEL_IMMEDIATE_OR_CANCEL);
        assertArrayEquals(CANCELED, bytes(buf, 0, 18));
        Ouch.OrderCanceled m = new Ouch.OrderCanceled().wrap(seg(CANCELED), 0);
        assertEquals('I', m.reason());
        assertEquals(50, m.quantity());
    }

    @Test
    void orderExecuted() {
        new Ouch.OrderExecuted().wrapForEncode(buf, 0).timestamp(4).userRefNum(1).quantity(40).price(1_502_500L)
                .liquidityFlag(Ouch.LIQUIDITY_REMOVED).matchNumber(77);
        assertArrayEquals(EXECUTED, bytes(buf, 0, 36));
        Ouch.OrderExecuted m = new Ouch.OrderExecuted().wrap(seg(EXECUTED), 0);
        assertEquals(40, m.quantity());
        assertEquals(77, m.matchNumber());
        assertEquals('R', m.liquidityFlag());
    }

    @Test
    void orderRejected() {
        new Ouch.OrderRejected().wrapForEncode(buf, 0).timestamp(5).userRefNum(3).reason(Ouch.REJECT_INVALID_SYMBOL)
                .clOrdId("BAD");
        assertArrayEquals(REJECTED, bytes(buf, 0, 29));
        assertEquals(0x17, new Ouch.OrderRejected().wrap(seg(REJECTED), 0).reason());
    }

    @Test
    void numericFields() {
        MemorySegment s = seg(of("  12  "));
        assertEquals(12, Wire.getNumeric(s, 0, 6));
        assertEquals(0, Wire.getNumeric(seg(of("    ")), 0, 4));
        assertEquals(-1, Wire.getNumeric(seg(of(" 1 2")), 0, 4));
        assertEquals("AAPL", Wire.symbolOf(Wire.symbolKey("AAPL")));
    }
}
