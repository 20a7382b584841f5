package io.nanotick.controller.strategy;

import io.nanotick.controller.Side;
import io.nanotick.controller.Tif;
import io.nanotick.controller.md.MarketState;

/** Common plumbing: identity, parameters, running flag, default no-op callbacks. */
public abstract class AbstractStrategy implements Strategy
{
    protected final String name;
    protected final int id;
    protected final Params params = new Params();
    protected StrategyContext ctx;
    protected MarketState market;
    protected OrderSink orders;
    protected boolean running;

    protected AbstractStrategy(final String name, final int id)
    {
        if (id < 1 || id > 255)
        {
            throw new IllegalArgumentException("strategy id must be 1..255 (OUCH strategy_id byte): " + id);
        }
        this.name = name;
        this.id = id;
    }

    public final void bind(final StrategyContext ctx)
    {
        this.ctx = ctx;
        this.market = ctx.market();
        this.orders = ctx.orders();
        onParamsChanged();
    }

    @Override
    public final String name()
    {
        return name;
    }

    @Override
    public final int id()
    {
        return id;
    }

    @Override
    public final Params params()
    {
        return params;
    }

    @Override
    public final boolean running()
    {
        return running;
    }

    @Override
    public final String set(final String param, final String value)
    {
        final String err = params.set(param, value);
        if (err == null)
        {
            onParamsChanged();
        }
        return err;
    }

    // ------------------------------------------------------------------ helpers the strategies share

    /** The stock-locate parameter of a single-symbol strategy (the same name, range and help in each). */
    protected final int defineLocate()
    {
        return params.define("locate", 1, 1, 65_535, "stock locate");
    }

    /** Twice the mid when the update is for the strategy's own locate and its book is two-sided, else 0. */
    protected final long ownMid2(final int locate, final int own)
    {
        return locate == own ? market.mid2(locate) : 0;
    }

    /** True when qty more on side keeps the position within +-maxPosition should it fill. */
    protected final boolean withinPosition(final int locate, final byte side, final long qty, final long maxPosition)
    {
        final long position = ctx.position(locate);
        return side == Side.BUY ? position + qty <= maxPosition : position - qty >= -maxPosition;
    }

    /** Takes liquidity: an IOC at the far touch (a buy at the best ask, a sell at the best bid); the sink's answer. */
    protected final long takeIoc(final int locate, final byte side, final long qty, final long nowNs)
    {
        final long px = side == Side.BUY ? market.askPx(locate) : market.bidPx(locate);
        return orders.enter(id, locate, side, px, qty, Tif.IOC, nowNs);
    }

    /** Copies parameters into primitive fields. */
    protected abstract void onParamsChanged();

    @Override
    public void start(final long nowNs)
    {
        running = true;
    }

    @Override
    public void stop(final long nowNs)
    {
        running = false;
        orders.cancelAll(id, nowNs);
        onStopped(nowNs);
    }

    /** Resets working-order bookkeeping after stop. */
    protected void onStopped(final long nowNs)
    {
    }

    @Override
    public void onTopOfBook(final int locate, final long nowNs)
    {
    }

    @Override
    public void onTrade(final int locate, final byte restingSide, final long price, final long quantity, final long nowNs)
    {
    }

    @Override
    public void onFill(final long userRef, final int locate, final byte side, final long price, final long quantity, final long nowNs)
    {
    }

    @Override
    public void onOrderClosed(final long userRef, final long nowNs)
    {
    }

    @Override
    public void onTimer(final long nowNs)
    {
    }
}
