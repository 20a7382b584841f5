package io.nanotick.itch;

/**
 * Receives decoded ITCH 5.0 messages from {@link ItchDecoder}.  The message
 * flyweight is only valid during the call.  Every method defaults to doing
 * nothing, so a handler implements only what it needs.
 */
public interface ItchHandler
{
    default void onSystemEvent(final SystemEventMessage m)
    {
    }

    default void onStockDirectory(final StockDirectoryMessage m)
    {
    }

    default void onStockTradingAction(final StockTradingActionMessage m)
    {
    }

    default void onRegShoRestriction(final RegShoRestrictionMessage m)
    {
    }

    default void onMarketParticipantPosition(final MarketParticipantPositionMessage m)
    {
    }

    default void onMwcbDeclineLevel(final MwcbDeclineLevelMessage m)
    {
    }

    default void onMwcbStatus(final MwcbStatusMessage m)
    {
    }

    default void onIpoQuotingPeriodUpdate(final IpoQuotingPeriodUpdateMessage m)
    {
    }

    default void onLuldAuctionCollar(final LuldAuctionCollarMessage m)
    {
    }

    default void onOperationalHalt(final OperationalHaltMessage m)
    {
    }

    default void onAddOrder(final AddOrderMessage m)
    {
    }

    default void onAddOrderMpid(final AddOrderMpidMessage m)
    {
    }

    default void onOrderExecuted(final OrderExecutedMessage m)
    {
    }

    default void onOrderExecutedWithPrice(final OrderExecutedWithPriceMessage m)
    {
    }

    default void onOrderCancel(final OrderCancelMessage m)
    {
    }

    default void onOrderDelete(final OrderDeleteMessage m)
    {
    }

    default void onOrderReplace(final OrderReplaceMessage m)
    {
    }

    default void onTrade(final TradeMessage m)
    {
    }

    default void onCrossTrade(final CrossTradeMessage m)
    {
    }

    default void onBrokenTrade(final BrokenTradeMessage m)
    {
    }

    default void onNoii(final NoiiMessage m)
    {
    }

    default void onRetailPriceImprovementIndicator(final RetailPriceImprovementIndicatorMessage m)
    {
    }

    default void onDirectListingPriceDiscovery(final DirectListingPriceDiscoveryMessage m)
    {
    }
}
