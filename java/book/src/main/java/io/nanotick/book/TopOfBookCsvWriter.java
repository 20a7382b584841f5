package io.nanotick.book;

import java.io.OutputStream;

/**
 * Writes the canonical top-of-book CSV shared by every engine:
 * {@code msg,locate,bid_px,bid_qty,ask_px,ask_qty,flags}, LF endings, exact
 * 64-bit aggregates; flags GAP (after a sequence gap) and STALE (an aggregate
 * above 2^32-1, which the 64-byte ring record would saturate).  No allocation per row.
 */
public final class TopOfBookCsvWriter implements TopOfBookListener, AutoCloseable
{
    public static final String HEADER = "msg,locate,bid_px,bid_qty,ask_px,ask_qty,flags";
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private final CsvOut out;

    public TopOfBookCsvWriter(final OutputStream out)
    {
        this.out = new CsvOut(out);
        this.out.ascii(HEADER).eol();
    }

    @Override
    public void onTopOfBook(final long msgOrdinal, final byte msgType, final int flags, final int locate,
                            final long bidPx, final long bidQty, final long askPx, final long askQty,
                            final long timestamp, final long moldSeq)
    {
        final boolean stale = (flags & FLAG_STALE) != 0 || bidQty > U32_MAX || askQty > U32_MAX || bidQty < 0 || askQty < 0;
        out.num(msgOrdinal).comma().num(locate).comma().num(bidPx).comma().num(bidQty).comma()
            .num(askPx).comma().num(askQty).comma().flags((flags & FLAG_GAP) != 0, stale).eol();
    }

    public void flush()
    {
        out.flush();
    }

    @Override
    public void close()
    {
        out.close();
    }
}
