package io.nanotick.itch;

import org.agrona.DirectBuffer;

/**
 * Dispatches one ITCH 5.0 message to an {@link ItchHandler} through reusable
 * flyweights: no allocation.  Bad input never throws: an empty message, an
 * unknown type, or a message whose length differs from its type's fixed
 * length (shorter or longer) is counted and skipped, as in every Nanotick engine.
 */
public final class ItchDecoder
{
    private final SystemEventMessage systemEvent = new SystemEventMessage();
    private final StockDirectoryMessage stockDirectory = new StockDirectoryMessage();
    private final StockTradingActionMessage stockTradingAction = new StockTradingActionMessage();
    private final RegShoRestrictionMessage regShoRestriction = new RegShoRestrictionMessage();
    private final MarketParticipantPositionMessage marketParticipantPosition = new MarketParticipantPositionMessage();
    private final MwcbDeclineLevelMessage mwcbDeclineLevel = new MwcbDeclineLevelMessage();
    private final MwcbStatusMessage mwcbStatus = new MwcbStatusMessage();
    private final IpoQuotingPeriodUpdateMessage ipoQuotingPeriodUpdate = new IpoQuotingPeriodUpdateMessage();
    private final LuldAuctionCollarMessage luldAuctionCollar = new LuldAuctionCollarMessage();
    private final OperationalHaltMessage operationalHalt = new OperationalHaltMessage();
    private final AddOrderMessage addOrder = new AddOrderMessage();
    private final AddOrderMpidMessage addOrderMpid = new AddOrderMpidMessage();
    private final OrderExecutedMessage orderExecuted = new OrderExecutedMessage();
    private final OrderExecutedWithPriceMessage orderExecutedWithPrice = new OrderExecutedWithPriceMessage();
    private final OrderCancelMessage orderCancel = new OrderCancelMessage();
    private final OrderDeleteMessage orderDelete = new OrderDeleteMessage();
    private final OrderReplaceMessage orderReplace = new OrderReplaceMessage();
    private final TradeMessage trade = new TradeMessage();
    private final CrossTradeMessage crossTrade = new CrossTradeMessage();
    private final BrokenTradeMessage brokenTrade = new BrokenTradeMessage();
    private final NoiiMessage noii = new NoiiMessage();
    private final RetailPriceImprovementIndicatorMessage retailPriceImprovementIndicator = new RetailPriceImprovementIndicatorMessage();
    private final DirectListingPriceDiscoveryMessage directListingPriceDiscovery = new DirectListingPriceDiscoveryMessage();

    private long decoded;
    private long empty;
    private long unknownType;
    private long badLength;

    /**
     * Decodes the message in {@code buffer[offset, offset + length)}.
     *
     * @return true if it was dispatched to the handler, false if it was counted and skipped.
     */
    public boolean decode(final DirectBuffer buffer, final int offset, final int length, final ItchHandler handler)
    {
        if (length <= 0)
        {
            empty++;
            return false;
        }
        final byte type = buffer.getByte(offset);
        final int fixed = Itch.messageLength(type);
        if (fixed == 0)
        {
            unknownType++;
            return false;
        }
        if (length != fixed)
        {
            badLength++;
            return false;
        }
        decoded++;
        switch (type)
        {
            case 'S' ->
            {
                systemEvent.wrap(buffer, offset);
                handler.onSystemEvent(systemEvent);
            }
            case 'R' ->
            {
                stockDirectory.wrap(buffer, offset);
                handler.onStockDirectory(stockDirectory);
            }
            case 'H' ->
            {
                stockTradingAction.wrap(buffer, offset);
                handler.onStockTradingAction(stockTradingAction);
            }
            case 'Y' ->
            {
                regShoRestriction.wrap(buffer, offset);
                handler.onRegShoRestriction(regShoRestriction);
            }
            case 'L' ->
            {
                marketParticipantPosition.wrap(buffer, offset);
                handler.onMarketParticipantPosition(marketParticipantPosition);
            }
            case 'V' ->
            {
                mwcbDeclineLevel.wrap(buffer, offset);
                handler.onMwcbDeclineLevel(mwcbDeclineLevel);
            }
            case 'W' ->
            {
                mwcbStatus.wrap(buffer, offset);
                handler.onMwcbStatus(mwcbStatus);
            }
            case 'K' ->
            {
                ipoQuotingPeriodUpdate.wrap(buffer, offset);
                handler.onIpoQuotingPeriodUpdate(ipoQuotingPeriodUpdate);
            }
            case 'J' ->
            {
                luldAuctionCollar.wrap(buffer, offset);
                handler.onLuldAuctionCollar(luldAuctionCollar);
            }
            case 'h' ->
            {
                operationalHalt.wrap(buffer, offset);
                handler.onOperationalHalt(operationalHalt);
            }
            case 'A' ->
            {
                addOrder.wrap(buffer, offset);
                handler.onAddOrder(addOrder);
            }
            case 'F' ->
            {
                addOrderMpid.wrap(buffer, offset);
                handler.onAddOrderMpid(addOrderMpid);
            }
            case 'E' ->
            {
                orderExecuted.wrap(buffer, offset);
                handler.onOrderExecuted(orderExecuted);
            }
            case 'C' ->
            {
                orderExecutedWithPrice.wrap(buffer, offset);
                handler.onOrderExecutedWithPrice(orderExecutedWithPrice);
            }
            case 'X' ->
            {
                orderCancel.wrap(buffer, offset);
                handler.onOrderCancel(orderCancel);
            }
            case 'D' ->
            {
                orderDelete.wrap(buffer, offset);
                handler.onOrderDelete(orderDelete);
            }
            case 'U' ->
            {
                orderReplace.wrap(buffer, offset);
                handler.onOrderReplace(orderReplace);
            }
            case 'P' ->
            {
                trade.wrap(buffer, offset);
                handler.onTrade(trade);
            }
            case 'Q' ->
            {
                crossTrade.wrap(buffer, offset);
                handler.onCrossTrade(crossTrade);
            }
            case 'B' ->
            {
                brokenTrade.wrap(buffer, offset);
                handler.onBrokenTrade(brokenTrade);
            }
            case 'I' ->
            {
                noii.wrap(buffer, offset);
                handler.onNoii(noii);
            }
            case 'N' ->
            {
                retailPriceImprovementIndicator.wrap(buffer, offset);
                handler.onRetailPriceImprovementIndicator(retailPriceImprovementIndicator);
            }
            case 'O' ->
            {
                directListingPriceDiscovery.wrap(buffer, offset);
                handler.onDirectListingPriceDiscovery(directListingPriceDiscovery);
            }
            default -> throw new IllegalStateException("unreachable: length table and switch disagree");
        }
        return true;
    }

    public long decoded()
    {
        return decoded;
    }

    public long empty()
    {
        return empty;
    }

    public long unknownType()
    {
        return unknownType;
    }

    /** Known type, length different from the specification's. */
    public long badLength()
    {
        return badLength;
    }
}
