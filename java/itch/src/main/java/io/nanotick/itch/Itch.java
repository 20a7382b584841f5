package io.nanotick.itch;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * ITCH 5.0 constants and small big-endian helpers shared by the flyweights.
 */
public final class Itch
{
    private static final int[] LENGTHS = new int[256];

    static
    {
        LENGTHS['S'] = SystemEventMessage.LENGTH;
        LENGTHS['R'] = StockDirectoryMessage.LENGTH;
        LENGTHS['H'] = StockTradingActionMessage.LENGTH;
        LENGTHS['Y'] = RegShoRestrictionMessage.LENGTH;
        LENGTHS['L'] = MarketParticipantPositionMessage.LENGTH;
        LENGTHS['V'] = MwcbDeclineLevelMessage.LENGTH;
        LENGTHS['W'] = MwcbStatusMessage.LENGTH;
        LENGTHS['K'] = IpoQuotingPeriodUpdateMessage.LENGTH;
        LENGTHS['J'] = LuldAuctionCollarMessage.LENGTH;
        LENGTHS['h'] = OperationalHaltMessage.LENGTH;
        LENGTHS['A'] = AddOrderMessage.LENGTH;
        LENGTHS['F'] = AddOrderMpidMessage.LENGTH;
        LENGTHS['E'] = OrderExecutedMessage.LENGTH;
        LENGTHS['C'] = OrderExecutedWithPriceMessage.LENGTH;
        LENGTHS['X'] = OrderCancelMessage.LENGTH;
        LENGTHS['D'] = OrderDeleteMessage.LENGTH;
        LENGTHS['U'] = OrderReplaceMessage.LENGTH;
        LENGTHS['P'] = TradeMessage.LENGTH;
        LENGTHS['Q'] = CrossTradeMessage.LENGTH;
        LENGTHS['B'] = BrokenTradeMessage.LENGTH;
        LENGTHS['I'] = NoiiMessage.LENGTH;
        LENGTHS['N'] = RetailPriceImprovementIndicatorMessage.LENGTH;
        LENGTHS['O'] = DirectListingPriceDiscoveryMessage.LENGTH;
    }

    /** The "buy/sell indicator" values. */
    public static final byte BUY = 'B';
    public static final byte SELL = 'S';

    private Itch()
    {
    }

    /** Fixed length of an ITCH 5.0 message type, or 0 if the type is unknown. */
    public static int messageLength(final byte type)
    {
        return LENGTHS[type & 0xFF];
    }

    public static long getUInt48(final DirectBuffer buffer, final int index)
    {
        return ((buffer.getShort(index, BIG_ENDIAN) & 0xFFFFL) << 32) | (buffer.getInt(index + 2, BIG_ENDIAN) & 0xFFFF_FFFFL);
    }

    public static void putUInt48(final MutableDirectBuffer buffer, final int index, final long value)
    {
        buffer.putShort(index, (short)(value >>> 32), BIG_ENDIAN);
        buffer.putInt(index + 2, (int)value, BIG_ENDIAN);
    }

    /** Up to 8 alpha bytes as a big-endian packed long. */
    public static long getAlphaRaw(final DirectBuffer buffer, final int index, final int length)
    {
        long v = 0;
        for (int i = 0; i < length; i++)
        {
            v = (v << 8) | (buffer.getByte(index + i) & 0xFF);
        }
        return v;
    }

    public static void putAlphaRaw(final MutableDirectBuffer buffer, final int index, final int length, final long value)
    {
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(index + i, (byte)(value >>> (8 * (length - 1 - i))));
        }
    }

    /** Alpha field as a String with trailing spaces removed (allocates). */
    public static String getAlpha(final DirectBuffer buffer, final int index, final int length)
    {
        int end = length;
        while (end > 0 && buffer.getByte(index + end - 1) == ' ')
        {
            end--;
        }
        final byte[] b = new byte[end];
        buffer.getBytes(index, b);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes {@code value} as ASCII, space padded on the right, cut to {@code length}. */
    public static void putAlpha(final MutableDirectBuffer buffer, final int index, final int length, final CharSequence value)
    {
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(index + i, i < value.length() ? (byte)value.charAt(i) : (byte)' ');
        }
    }
}
