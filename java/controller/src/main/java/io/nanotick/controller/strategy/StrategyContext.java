package io.nanotick.controller.strategy;

import io.nanotick.controller.md.MarketState;

/** What a strategy can see and do. */
public interface StrategyContext
{
    MarketState market();

    OrderSink orders();

    /** Signed position (shares) of the whole controller in the locate. */
    long position(int locate);
}
