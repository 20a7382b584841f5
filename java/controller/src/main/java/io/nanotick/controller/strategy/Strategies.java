package io.nanotick.controller.strategy;

import java.util.List;

/** Factory of strategy types by name (config key strategy.NAME.type). */
public final class Strategies
{
    public static final List<String> TYPES = List.of(
        MarketMaker.TYPE, Momentum.TYPE, LiquidationCascade.TYPE, PingPong.TYPE, PairsArbitrage.TYPE,
        BookImbalance.TYPE, ScheduleExecution.TWAP, ScheduleExecution.VWAP);

    private Strategies()
    {
    }

    /** Creates a strategy, or returns null for an unknown type. */
    public static AbstractStrategy create(final String type, final String name, final int id)
    {
        switch (type)
        {
            case MarketMaker.TYPE: return new MarketMaker(name, id);
            case Momentum.TYPE: return new Momentum(name, id);
            case LiquidationCascade.TYPE: return new LiquidationCascade(name, id);
            case PingPong.TYPE: return new PingPong(name, id);
            case PairsArbitrage.TYPE: return new PairsArbitrage(name, id);
            case BookImbalance.TYPE: return new BookImbalance(name, id);
            case ScheduleExecution.TWAP: return new ScheduleExecution(ScheduleExecution.TWAP, name, id);
            case ScheduleExecution.VWAP: return new ScheduleExecution(ScheduleExecution.VWAP, name, id);
            default: return null;
        }
    }
}
