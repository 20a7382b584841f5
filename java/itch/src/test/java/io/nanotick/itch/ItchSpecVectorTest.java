package io.nanotick.itch;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Byte vectors written by hand from the field tables of the NASDAQ
 * TotalView-ITCH 5.0 specification (section 1.3 onward): each vector is decoded
 * (every field checked) and re-encoded with the setters (must give the same bytes).
 * Common header of every vector: stock locate 0x1234, tracking number 2,
 * timestamp 0x123456789abc ns.
 */
class ItchSpecVectorTest
{
    private static final String HDR = "1234 0002 123456789abc";
    private static final String AAPL = "4141504c20202020";
    private static final long TS = 0x1234_5678_9ABCL;

    /** Decodes {@code hex} and returns the flyweight the decoder handed over (copied by wrapping again). */
    private static ItchMessage decode(final String hex)
    {
        final UnsafeBuffer b = Hex.buffer(hex);
        final AtomicReference<ItchMessage> got = new AtomicReference<>();
        final ItchDecoder d = new ItchDecoder();
        final ItchHandler h = (ItchHandler)java.lang.reflect.Proxy.newProxyInstance(
            ItchHandler.class.getClassLoader(), new Class<?>[]{ItchHandler.class},
            (proxy, method, args) ->
            {
                got.set((ItchMessage)args[0]);
                return null;
            });
        assertTrue(d.decode(b, 0, b.capacity(), h), "decoded");
        final ItchMessage m = got.get();
        assertNotNull(m);
        assertEquals(b.capacity(), m.length(), "fixed length of type " + (char)m.type());
        assertEquals(Itch.messageLength(m.type()), m.length());
        assertEquals(0x1234, m.stockLocate());
        assertEquals(2, m.trackingNumber());
        assertEquals(TS, m.timestamp());
        return m;
    }

    /** Encodes with {@code fill} into a fresh buffer and compares with the vector. */
    private static <M extends ItchMessage> void encodes(final String hex, final M m, final Consumer<M> fill)
    {
        final byte[] expected = Hex.bytes(hex);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[expected.length + 8]);
        b.setMemory(0, b.capacity(), (byte)0x77);
        m.wrap(b, 3);
        b.putByte(3, m.type());
        m.putStockLocate(0x1234);
        m.putTrackingNumber(2);
        m.putTimestamp(TS);
        fill.accept(m);
        assertEquals(Hex.of(new UnsafeBuffer(expected), 0, expected.length), Hex.of(b, 3, expected.length));
        assertEquals((byte)0x77, b.getByte(2), "no write before");
        assertEquals((byte)0x77, b.getByte(3 + expected.length), "no write after");
    }

    @Test
    void systemEvent()
    {
        final String v = "53" + HDR + "4f";
        final SystemEventMessage m = (SystemEventMessage)decode(v);
        assertEquals('O', m.eventCode());
        encodes(v, new SystemEventMessage(), x -> x.eventCode((byte)'O'));
    }

    @Test
    void stockDirectory()
    {
        final String v = "52" + HDR + AAPL + "51 4e 00000064 4e 43 5a20 50 4e 4e 31 4e 00000001 4e";
        final StockDirectoryMessage m = (StockDirectoryMessage)decode(v);
        assertEquals("AAPL", m.stock());
        assertEquals(0x4141504c20202020L, m.stockRaw());
        assertEquals('Q', m.marketCategory());
        assertEquals('N', m.financialStatusIndicator());
        assertEquals(100, m.roundLotSize());
        assertEquals('N', m.roundLotsOnly());
        assertEquals('C', m.issueClassification());
        assertEquals("Z", m.issueSubType());
        assertEquals('P', m.authenticity());
        assertEquals('N', m.shortSaleThresholdIndicator());
        assertEquals('N', m.ipoFlag());
        assertEquals('1', m.luldReferencePriceTier());
        assertEquals('N', m.etpFlag());
        assertEquals(1, m.etpLeverageFactor());
        assertEquals('N', m.inverseIndicator());
        encodes(v, new StockDirectoryMessage(), x -> x.stock("AAPL").marketCategory((byte)'Q').financialStatusIndicator((byte)'N')
            .roundLotSize(100).roundLotsOnly((byte)'N').issueClassification((byte)'C').issueSubType("Z").authenticity((byte)'P')
            .shortSaleThresholdIndicator((byte)'N').ipoFlag((byte)'N').luldReferencePriceTier((byte)'1').etpFlag((byte)'N')
            .etpLeverageFactor(1).inverseIndicator((byte)'N'));
    }

    @Test
    void stockTradingAction()
    {
        final String v = "48" + HDR + AAPL + "54 20 20202020";
        final StockTradingActionMessage m = (StockTradingActionMessage)decode(v);
        assertEquals("AAPL", m.stock());
        assertEquals('T', m.tradingState());
        assertEquals(' ', m.reserved());
        assertEquals("", m.reason());
        encodes(v, new StockTradingActionMessage(), x -> x.stock("AAPL").tradingState((byte)'T').reserved((byte)' ').reason(""));
    }

    @Test
    void regSho()
    {
        final String v = "59" + HDR + AAPL + "30";
        final RegShoRestrictionMessage m = (RegShoRestrictionMessage)decode(v);
        assertEquals("AAPL", m.stock());
        assertEquals('0', m.regShoAction());
        encodes(v, new RegShoRestrictionMessage(), x -> x.stock("AAPL").regShoAction((byte)'0'));
    }

    @Test
    void marketParticipantPosition()
    {
        final String v = "4c" + HDR + "4e495445" + AAPL + "59 4e 41";
        final MarketParticipantPositionMessage m = (MarketParticipantPositionMessage)decode(v);
        assertEquals("NITE", m.mpid());
        assertEquals("AAPL", m.stock());
        assertEquals('Y', m.primaryMarketMaker());
        assertEquals('N', m.marketMakerMode());
        assertEquals('A', m.marketParticipantState());
        encodes(v, new MarketParticipantPositionMessage(), x -> x.mpid("NITE").stock("AAPL").primaryMarketMaker((byte)'Y')
            .marketMakerMode((byte)'N').marketParticipantState((byte)'A'));
    }

    @Test
    void mwcbDeclineLevel()
    {
        final String v = "56" + HDR + "0000000174876e80 00000002540be400 00000003b9aca000";
        final MwcbDeclineLevelMessage m = (MwcbDeclineLevelMessage)decode(v);
        assertEquals(6_250_000_000L, m.level1());
        assertEquals(10_000_000_000L, m.level2());
        assertEquals(16_000_000_000L, m.level3());
        encodes(v, new MwcbDeclineLevelMessage(), x -> x.level1(6_250_000_000L).level2(10_000_000_000L).level3(16_000_000_000L));
    }

    @Test
    void mwcbStatus()
    {
        final String v = "57" + HDR + "31";
        assertEquals('1', ((MwcbStatusMessage)decode(v)).breachedLevel());
        encodes(v, new MwcbStatusMessage(), x -> x.breachedLevel((byte)'1'));
    }

    @Test
    void ipoQuotingPeriodUpdate()
    {
        final String v = "4b" + HDR + AAPL + "0000a8c0 41 000f4240";
        final IpoQuotingPeriodUpdateMessage m = (IpoQuotingPeriodUpdateMessage)decode(v);
        assertEquals("AAPL", m.stock());
        assertEquals(43200, m.ipoQuotationReleaseTime());
        assertEquals('A', m.ipoQuotationReleaseQualifier());
        assertEquals(1_000_000, m.ipoPrice());
        encodes(v, new IpoQuotingPeriodUpdateMessage(), x -> x.stock("AAPL").ipoQuotationReleaseTime(43200)
            .ipoQuotationReleaseQualifier((byte)'A').ipoPrice(1_000_000));
    }

    @Test
    void luldAuctionCollar()
    {
        final String v = "4a" + HDR + AAPL + "000f4240 00100590 000e7ef0 00000001";
        final LuldAuctionCollarMessage m = (LuldAuctionCollarMessage)decode(v);
        assertEquals(1_000_000, m.auctionCollarReferencePrice());
        assertEquals(1_050_000, m.upperAuctionCollarPrice());
        assertEquals(950_000, m.lowerAuctionCollarPrice());
        assertEquals(1, m.auctionCollarExtension());
        encodes(v, new LuldAuctionCollarMessage(), x -> x.stock("AAPL").auctionCollarReferencePrice(1_000_000)
            .upperAuctionCollarPrice(1_050_000).lowerAuctionCollarPrice(950_000).auctionCollarExtension(1));
    }

    @Test
    void operationalHalt()
    {
        final String v = "68" + HDR + AAPL + "51 48";
        final OperationalHaltMessage m = (OperationalHaltMessage)decode(v);
        assertEquals('h', m.messageType());
        assertEquals('Q', m.marketCode());
        assertEquals('H', m.operationalHaltAction());
        encodes(v, new OperationalHaltMessage(), x -> x.stock("AAPL").marketCode((byte)'Q').operationalHaltAction((byte)'H'));
    }

    @Test
    void addOrder()
    {
        final String v = "41" + HDR + "0000000000000457 42 00000064" + AAPL + "0016e360";
        final AddOrderMessage m = (AddOrderMessage)decode(v);
        assertEquals(1111, m.orderReferenceNumber());
        assertEquals('B', m.buySellIndicator());
        assertEquals(100, m.shares());
        assertEquals("AAPL", m.stock());
        assertEquals(1_500_000, m.price());
        encodes(v, new AddOrderMessage(), x -> x.orderReferenceNumber(1111).buySellIndicator(Itch.BUY).shares(100).stock("AAPL").price(1_500_000));
    }

    @Test
    void addOrderMpid()
    {
        final String v = "46" + HDR + "0000000000000457 53 ffffffff" + AAPL + "fffffffe 4e495445";
        final AddOrderMpidMessage m = (AddOrderMpidMessage)decode(v);
        assertEquals(1111, m.orderReferenceNumber());
        assertEquals('S', m.buySellIndicator());
        assertEquals(0xFFFF_FFFFL, m.shares(), "u32 stays unsigned");
        assertEquals(0xFFFF_FFFEL, m.price(), "u32 stays unsigned");
        assertEquals("NITE", m.attribution());
        encodes(v, new AddOrderMpidMessage(), x -> x.orderReferenceNumber(1111).buySellIndicator(Itch.SELL).shares(0xFFFF_FFFFL)
            .stock("AAPL").price(0xFFFF_FFFEL).attribution("NITE"));
    }

    @Test
    void orderExecuted()
    {
        final String v = "45" + HDR + "0000000000000457 00000032 0000000000010001";
        final OrderExecutedMessage m = (OrderExecutedMessage)decode(v);
        assertEquals(1111, m.orderReferenceNumber());
        assertEquals(50, m.executedShares());
        assertEquals(0x10001, m.matchNumber());
        encodes(v, new OrderExecutedMessage(), x -> x.orderReferenceNumber(1111).executedShares(50).matchNumber(0x10001));
    }

    @Test
    void orderExecutedWithPrice()
    {
        final String v = "43" + HDR + "0000000000000457 00000019 0000000000010002 59 0016e3c4";
        final OrderExecutedWithPriceMessage m = (OrderExecutedWithPriceMessage)decode(v);
        assertEquals(25, m.executedShares());
        assertEquals(0x10002, m.matchNumber());
        assertEquals('Y', m.printable());
        assertEquals(1_500_100, m.executionPrice());
        encodes(v, new OrderExecutedWithPriceMessage(), x -> x.orderReferenceNumber(1111).executedShares(25).matchNumber(0x10002)
            .printable((byte)'Y').executionPrice(1_500_100));
    }

    @Test
    void orderCancel()
    {
        final String v = "58" + HDR + "0000000000000457 0000000a";
        final OrderCancelMessage m = (OrderCancelMessage)decode(v);
        assertEquals(1111, m.orderReferenceNumber());
        assertEquals(10, m.cancelledShares());
        encodes(v, new OrderCancelMessage(), x -> x.orderReferenceNumber(1111).cancelledShares(10));
    }

    @Test
    void orderDelete()
    {
        final String v = "44" + HDR + "8000000000000457";
        final OrderDeleteMessage m = (OrderDeleteMessage)decode(v);
        assertEquals(0x8000_0000_0000_0457L, m.orderReferenceNumber(), "64-bit reference, top bit set");
        encodes(v, new OrderDeleteMessage(), x -> x.orderReferenceNumber(0x8000_0000_0000_0457L));
    }

    @Test
    void orderReplace()
    {
        final String v = "55" + HDR + "0000000000000457 0000000000000458 000000c8 0016e2fc";
        final OrderReplaceMessage m = (OrderReplaceMessage)decode(v);
        assertEquals(1111, m.originalOrderReferenceNumber());
        assertEquals(1112, m.newOrderReferenceNumber());
        assertEquals(200, m.shares());
        assertEquals(1_499_900, m.price());
        encodes(v, new OrderReplaceMessage(), x -> x.originalOrderReferenceNumber(1111).newOrderReferenceNumber(1112).shares(200).price(1_499_900));
    }

    @Test
    void trade()
    {
        final String v = "50" + HDR + "0000000000000000 53 0000012c" + AAPL + "0016e360 0000000000010003";
        final TradeMessage m = (TradeMessage)decode(v);
        assertEquals(0, m.orderReferenceNumber());
        assertEquals('S', m.buySellIndicator());
        assertEquals(300, m.shares());
        assertEquals("AAPL", m.stock());
        assertEquals(1_500_000, m.price());
        assertEquals(0x10003, m.matchNumber());
        encodes(v, new TradeMessage(), x -> x.orderReferenceNumber(0).buySellIndicator(Itch.SELL).shares(300).stock("AAPL")
            .price(1_500_000).matchNumber(0x10003));
    }

    @Test
    void crossTrade()
    {
        final String v = "51" + HDR + "00000000000186a0" + AAPL + "0016e360 0000000000010004 4f";
        final CrossTradeMessage m = (CrossTradeMessage)decode(v);
        assertEquals(100_000, m.shares());
        assertEquals("AAPL", m.stock());
        assertEquals(1_500_000, m.crossPrice());
        assertEquals(0x10004, m.matchNumber());
        assertEquals('O', m.crossType());
        encodes(v, new CrossTradeMessage(), x -> x.shares(100_000).stock("AAPL").crossPrice(1_500_000).matchNumber(0x10004).crossType((byte)'O'));
    }

    @Test
    void brokenTrade()
    {
        final String v = "42" + HDR + "0000000000010003";
        assertEquals(0x10003, ((BrokenTradeMessage)decode(v)).matchNumber());
        encodes(v, new BrokenTradeMessage(), x -> x.matchNumber(0x10003));
    }

    @Test
    void noii()
    {
        final String v = "49" + HDR + "00000000000003e8 00000000000001f4 42" + AAPL + "0016e360 0016e3c4 0016e2fc 4f 4c";
        final NoiiMessage m = (NoiiMessage)decode(v);
        assertEquals(1000, m.pairedShares());
        assertEquals(500, m.imbalanceShares());
        assertEquals('B', m.imbalanceDirection());
        assertEquals("AAPL", m.stock());
        assertEquals(1_500_000, m.farPrice());
        assertEquals(1_500_100, m.nearPrice());
        assertEquals(1_499_900, m.currentReferencePrice());
        assertEquals('O', m.crossType());
        assertEquals('L', m.priceVariationIndicator());
        encodes(v, new NoiiMessage(), x -> x.pairedShares(1000).imbalanceShares(500).imbalanceDirection((byte)'B').stock("AAPL")
            .farPrice(1_500_000).nearPrice(1_500_100).currentReferencePrice(1_499_900).crossType((byte)'O').priceVariationIndicator((byte)'L'));
    }

    @Test
    void rpii()
    {
        final String v = "4e" + HDR + AAPL + "42";
        final RetailPriceImprovementIndicatorMessage m = (RetailPriceImprovementIndicatorMessage)decode(v);
        assertEquals("AAPL", m.stock());
        assertEquals('B', m.interestFlag());
        encodes(v, new RetailPriceImprovementIndicatorMessage(), x -> x.stock("AAPL").interestFlag((byte)'B'));
    }

    @Test
    void directListingPriceDiscovery()
    {
        final String v = "4f" + HDR + AAPL + "59 000f4240 001e8480 0016e360 00001b2c3d4e5f60 000f4240 001e8480";
        final DirectListingPriceDiscoveryMessage m = (DirectListingPriceDiscoveryMessage)decode(v);
        assertEquals('Y', m.openEligibilityStatus());
        assertEquals(1_000_000, m.minimumAllowablePrice());
        assertEquals(2_000_000, m.maximumAllowablePrice());
        assertEquals(1_500_000, m.nearExecutionPrice());
        assertEquals(0x1b2c3d4e5f60L, m.nearExecutionTime());
        assertEquals(1_000_000, m.lowerPriceRangeCollar());
        assertEquals(2_000_000, m.upperPriceRangeCollar());
        encodes(v, new DirectListingPriceDiscoveryMessage(), x -> x.stock("AAPL").openEligibilityStatus((byte)'Y')
            .minimumAllowablePrice(1_000_000).maximumAllowablePrice(2_000_000).nearExecutionPrice(1_500_000)
            .nearExecutionTime(0x1b2c3d4e5f60L).lowerPriceRangeCollar(1_000_000).upperPriceRangeCollar(2_000_000));
    }

    @Test
    void specLengthTable()
    {
        // Lengths from the specification's message tables, independent of the generated classes.
        final String types = "SRHYLVWKJhAFECXDUPQBINO";
        final int[] lengths = {12, 39, 25, 20, 26, 35, 12, 28, 35, 21, 36, 40, 31, 36, 23, 19, 35, 44, 40, 19, 50, 20, 48};
        for (int i = 0; i < types.length(); i++)
        {
            assertEquals(lengths[i], Itch.messageLength((byte)types.charAt(i)), "type " + types.charAt(i));
        }
        int known = 0;
        for (int t = 0; t < 256; t++)
        {
            if (Itch.messageLength((byte)t) != 0)
            {
                known++;
            }
        }
        assertEquals(types.length(), known);
    }

    @Test
    void badInputIsCountedNotThrown()
    {
        final ItchDecoder d = new ItchDecoder();
        final ItchHandler h = new ItchHandler()
        {
        };
        final UnsafeBuffer add = Hex.buffer("41" + HDR + "0000000000000457 42 00000064" + AAPL + "0016e360" + "ffff");
        assertFalse(d.decode(add, 0, 0, h));
        assertEquals(1, d.empty());
        assertFalse(d.decode(add, 0, 35, h), "shorter than the spec length");
        assertFalse(d.decode(add, 0, 38, h), "longer than the spec length");
        assertEquals(2, d.badLength());
        assertFalse(d.decode(Hex.buffer("7a 0000"), 0, 3, h));
        assertEquals(1, d.unknownType());
        assertTrue(d.decode(add, 0, 36, h));
        assertEquals(1, d.decoded());
    }
}
