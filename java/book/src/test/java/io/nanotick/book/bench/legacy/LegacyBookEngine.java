package io.nanotick.book.bench.legacy;

import io.nanotick.book.TopOfBookListener;
import io.nanotick.book.TradeListener;

import io.nanotick.itch.AddOrderMessage;
import io.nanotick.itch.CrossTradeMessage;
import io.nanotick.itch.Itch;
import io.nanotick.itch.ItchMessage;
import io.nanotick.itch.MoldUdp64Listener;
import io.nanotick.itch.OrderCancelMessage;
import io.nanotick.itch.OrderDeleteMessage;
import io.nanotick.itch.OrderExecutedMessage;
import io.nanotick.itch.OrderExecutedWithPriceMessage;
import io.nanotick.itch.OrderReplaceMessage;
import io.nanotick.itch.TradeMessage;
import org.agrona.DirectBuffer;

/**
 * The Java book engine as it was before session 2 (commit 81d2de6), kept only as the
 * "before" baseline of the benchmarks.
 *
 *
 * The Java book engine: in-order ITCH messages (from {@link io.nanotick.itch.FeedReplay}
 * or any {@link MoldUdp64Listener} source) into {@link LegacyOrderBook}, and one
 * {@link TopOfBookListener} call each time the touched locate's (best bid px,
 * best bid shares, best ask px, best ask shares) differs from its previous value
 * (initially all 0) after a whole message.  Every delivered message counts in the
 * ordinal, including unknown types and wrong lengths (then ignored and counted).
 * The GAP flag is set on every row after the first sequence gap.
 * No allocation in steady state; never throws on bad input.
 */
public final class LegacyBookEngine implements MoldUdp64Listener
{
    private final LegacyOrderBook book;
    private final TopOfBookListener tobListener;
    private final TradeListener tradeListener;

    private final AddOrderMessage add = new AddOrderMessage();
    private final OrderExecutedMessage executed = new OrderExecutedMessage();
    private final OrderExecutedWithPriceMessage executedWithPrice = new OrderExecutedWithPriceMessage();
    private final OrderCancelMessage cancel = new OrderCancelMessage();
    private final OrderDeleteMessage delete = new OrderDeleteMessage();
    private final OrderReplaceMessage replace = new OrderReplaceMessage();
    private final TradeMessage trade = new TradeMessage();
    private final CrossTradeMessage crossTrade = new CrossTradeMessage();


    private long ordinal;
    private boolean gap;
    private long unknownType;
    private long badLength;
    private long rows;
    private long trades;

    public LegacyBookEngine(final LegacyOrderBook book, final TopOfBookListener tobListener, final TradeListener tradeListener)
    {
        this.book = book;
        this.tobListener = tobListener;
        this.tradeListener = tradeListener;
    }

    public LegacyBookEngine(final TopOfBookListener tobListener)
    {
        this(new LegacyOrderBook(), tobListener, null);
    }

    @Override
    public void onGap(final long expected, final long received)
    {
        gap = true;
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length, final long sequenceNumber)
    {
        final long msg = ++ordinal;
        final byte type = buffer.getByte(offset);
        final int fixed = Itch.messageLength(type);
        if (fixed == 0)
        {
            unknownType++;
            return;
        }
        if (length != fixed)
        {
            badLength++;
            return;
        }
        final ItchMessage m;
        final int locate;
        switch (type)
        {
            case 'A', 'F' ->
            {
                // F is A plus a trailing attribution: same field offsets
                m = add;
                add.wrap(buffer, offset);
                locate = book.add(add.orderReferenceNumber(), add.stockLocate(), add.buySellIndicator(), add.price(), add.shares());
            }
            case 'E' ->
            {
                m = executed;
                executed.wrap(buffer, offset);
                locate = book.reduce(executed.orderReferenceNumber(), executed.executedShares());
                if (locate >= 0 && tradeListener != null)
                {
                    trades++;
                    tradeListener.onTrade(msg, type, flags(), locate, book.lastSide(), book.lastPrice(),
                        executed.executedShares(), executed.matchNumber(), (byte)'Y');
                }
            }
            case 'C' ->
            {
                m = executedWithPrice;
                executedWithPrice.wrap(buffer, offset);
                locate = book.reduce(executedWithPrice.orderReferenceNumber(), executedWithPrice.executedShares());
                if (locate >= 0 && tradeListener != null)
                {
                    trades++;
                    tradeListener.onTrade(msg, type, flags(), locate, book.lastSide(), executedWithPrice.executionPrice(),
                        executedWithPrice.executedShares(), executedWithPrice.matchNumber(), executedWithPrice.printable());
                }
            }
            case 'X' ->
            {
                m = cancel;
                cancel.wrap(buffer, offset);
                locate = book.reduce(cancel.orderReferenceNumber(), cancel.cancelledShares());
            }
            case 'D' ->
            {
                m = delete;
                delete.wrap(buffer, offset);
                locate = book.delete(delete.orderReferenceNumber());
            }
            case 'U' ->
            {
                m = replace;
                replace.wrap(buffer, offset);
                locate = book.replace(replace.originalOrderReferenceNumber(), replace.newOrderReferenceNumber(),
                    replace.shares(), replace.price());
            }
            case 'P' ->
            {
                if (tradeListener != null)
                {
                    trade.wrap(buffer, offset);
                    trades++;
                    tradeListener.onTrade(msg, type, flags(), trade.stockLocate(), trade.buySellIndicator(), trade.price(),
                        trade.shares(), trade.matchNumber(), (byte)'Y');
                }
                return;
            }
            case 'Q' ->
            {
                if (tradeListener != null)
                {
                    crossTrade.wrap(buffer, offset);
                    trades++;
                    tradeListener.onTrade(msg, type, flags(), crossTrade.stockLocate(), (byte)0, crossTrade.crossPrice(),
                        crossTrade.shares(), crossTrade.matchNumber(), (byte)'Y');
                }
                return;
            }
            default ->
            {
                return;
            }
        }
        if (locate < 0)
        {
            return;
        }
        // Only the side the message changed can differ from what was last published (every
        // change is checked right after its message), so compare just that side: its
        // published values live in the same object as its levels.
        final int index = book.touched();
        final boolean ask = (index & 1) != 0;
        final long[] side = book.sideLevels(index);
        final long px = LegacyLevels.bestPrice(side, ask);
        final long qty = LegacyLevels.bestQty(side);
        if (px == side[LegacyLevels.SHOWN_PRICE] && qty == side[LegacyLevels.SHOWN_QTY])
        {
            return;
        }
        side[LegacyLevels.SHOWN_PRICE] = px;
        side[LegacyLevels.SHOWN_QTY] = qty;
        final long[] other = book.sideLevels(index ^ 1);
        final long opx = other == null ? 0 : other[LegacyLevels.SHOWN_PRICE];
        final long oqty = other == null ? 0 : other[LegacyLevels.SHOWN_QTY];
        rows++;
        final int flags = flags() | (ask ? TopOfBookListener.FLAG_ASK_CHANGED : TopOfBookListener.FLAG_BID_CHANGED);
        if (ask)
        {
            tobListener.onTopOfBook(msg, type, flags, locate, opx, oqty, px, qty, m.timestamp(), sequenceNumber);
        }
        else
        {
            tobListener.onTopOfBook(msg, type, flags, locate, px, qty, opx, oqty, m.timestamp(), sequenceNumber);
        }
    }

    private int flags()
    {
        return gap ? TopOfBookListener.FLAG_GAP : 0;
    }

    public LegacyOrderBook book()
    {
        return book;
    }

    /** Messages delivered so far (the last ordinal). */
    public long messages()
    {
        return ordinal;
    }

    public long unknownType()
    {
        return unknownType;
    }

    public long badLength()
    {
        return badLength;
    }

    public long rows()
    {
        return rows;
    }

    public long trades()
    {
        return trades;
    }
}
