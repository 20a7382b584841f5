package io.nanotick.controller.md;

/**
 * Latest top of book, last trade and data-quality state per stock locate, in primitive arrays
 * indexed by locate (ITCH locates are u16). Written only by the hot thread.
 */
public final class MarketState
{
    public static final int MAX_LOCATES = 65_536;

    /** ring.h NT_FLAG_* bits relevant to trading. */
    public static final int FLAG_STALE = 0x0001;
    public static final int FLAG_GAP = 0x0002;

    /** ring.h NT_EVT_* codes. */
    public static final int EVT_GAP = 1;
    public static final int EVT_GAP_RECOVERED = 2;
    public static final int EVT_LINE_DOWN = 3;
    public static final int EVT_LINE_UP = 4;
    public static final int EVT_END_OF_SESSION = 5;

    private final long[] bidPx = new long[MAX_LOCATES];
    private final long[] bidQty = new long[MAX_LOCATES];
    private final long[] askPx = new long[MAX_LOCATES];
    private final long[] askQty = new long[MAX_LOCATES];
    private final int[] flags = new int[MAX_LOCATES];
    private final long[] lastUpdateNs = new long[MAX_LOCATES];
    private final long[] lastTradePx = new long[MAX_LOCATES];
    private final long[] updates = new long[MAX_LOCATES];

    private boolean feedGap;
    private boolean feedDown;
    private long tobRecords;
    private long tradeRecords;
    private long eventRecords;
    private long gapEvents;
    private long gapMessages;
    private long staleRecords;
    private long lappedRecords;

    public void onTopOfBook(
        final int locate,
        final long bidPx,
        final long bidQty,
        final long askPx,
        final long askQty,
        final int flags,
        final long nowNs)
    {
        this.bidPx[locate] = bidPx;
        this.bidQty[locate] = bidQty;
        this.askPx[locate] = askPx;
        this.askQty[locate] = askQty;
        this.flags[locate] = flags;
        this.lastUpdateNs[locate] = nowNs;
        updates[locate]++;
        tobRecords++;
        if ((flags & FLAG_STALE) != 0)
        {
            staleRecords++;
        }
    }

    public void onTrade(final int locate, final long price, final long nowNs)
    {
        lastTradePx[locate] = price;
        tradeRecords++;
    }

    public void onFeedEvent(final int event, final int locate, final long count, final long nowNs)
    {
        eventRecords++;
        switch (event)
        {
            case EVT_GAP:
                feedGap = true;
                gapEvents++;
                gapMessages += count;
                break;
            case EVT_GAP_RECOVERED:
                feedGap = false;
                break;
            case EVT_LINE_DOWN:
                feedDown = true;
                break;
            case EVT_LINE_UP:
                feedDown = false;
                break;
            default:
                break;
        }
    }

    /** Records lost by the market-data consumer to lapping (the ring reader reports them). */
    public void onLapped(final long lostRecords)
    {
        lappedRecords += lostRecords;
        feedGap = true;
        gapEvents++;
    }

    /** Clears a feed-wide gap once the book has been rebuilt (snapshot or recovery). */
    public void clearGap()
    {
        feedGap = false;
    }

    public long bidPx(final int locate)
    {
        return bidPx[locate];
    }

    public long bidQty(final int locate)
    {
        return bidQty[locate];
    }

    public long askPx(final int locate)
    {
        return askPx[locate];
    }

    public long askQty(final int locate)
    {
        return askQty[locate];
    }

    public int flags(final int locate)
    {
        return flags[locate];
    }

    public long lastUpdateNs(final int locate)
    {
        return lastUpdateNs[locate];
    }

    public long lastTradePx(final int locate)
    {
        return lastTradePx[locate];
    }

    public long updates(final int locate)
    {
        return updates[locate];
    }

    public boolean hasTwoSided(final int locate)
    {
        return bidPx[locate] > 0 && askPx[locate] > 0 && bidQty[locate] > 0 && askQty[locate] > 0;
    }

    /** Twice the mid price (integer, no rounding); 0 if either side is empty. */
    public long mid2(final int locate)
    {
        return hasTwoSided(locate) ? bidPx[locate] + askPx[locate] : 0;
    }

    /** Mark price: mid if two-sided, else last trade, else the one side present. */
    public long markPx(final int locate)
    {
        if (hasTwoSided(locate))
        {
            return (bidPx[locate] + askPx[locate]) / 2;
        }
        if (lastTradePx[locate] > 0)
        {
            return lastTradePx[locate];
        }
        return bidPx[locate] > 0 ? bidPx[locate] : askPx[locate];
    }

    public boolean feedGap()
    {
        return feedGap;
    }

    public boolean feedDown()
    {
        return feedDown;
    }

    public long tobRecords()
    {
        return tobRecords;
    }

    public long tradeRecords()
    {
        return tradeRecords;
    }

    public long eventRecords()
    {
        return eventRecords;
    }

    public long gapEvents()
    {
        return gapEvents;
    }

    public long gapMessages()
    {
        return gapMessages;
    }

    public long staleRecords()
    {
        return staleRecords;
    }

    public long lappedRecords()
    {
        return lappedRecords;
    }
}
