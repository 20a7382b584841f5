package io.nanotick.controller.strategy;

/**
 * The strategy SPI. Every callback runs on the hot thread; implementations keep primitive state,
 * allocate nothing and emit orders through {@link StrategyContext#orders()}. Order events arrive
 * for the strategy's own orders only.
 */
public interface Strategy
{
    String type();

    String name();

    int id();

    Params params();

    boolean running();

    /** Validates and applies one parameter; returns null or an error message. */
    String set(String param, String value);

    void start(long nowNs);

    /** Stops quoting: cancels the strategy's working orders. */
    void stop(long nowNs);

    void onTopOfBook(int locate, long nowNs);

    void onTrade(int locate, byte restingSide, long price, long quantity, long nowNs);

    /** One execution of the strategy's order userRef (side and price of the fill). */
    void onFill(long userRef, int locate, byte side, long price, long quantity, long nowNs);

    /** The order is closed (fully filled, canceled, rejected, or replaced away). */
    void onOrderClosed(long userRef, long nowNs);

    void onTimer(long nowNs);
}
