package io.nanotick.book;

import java.io.OutputStream;

/** Trade prints CSV, as the reference model's {@code --trades}: {@code msg,locate,type,side,price,shares,match,printable,flags}. */
public final class TradeCsvWriter implements TradeListener, AutoCloseable
{
    public static final String HEADER = "msg,locate,type,side,price,shares,match,printable,flags";

    private final CsvOut out;

    public TradeCsvWriter(final OutputStream out)
    {
        this.out = new CsvOut(out);
        this.out.ascii(HEADER).eol();
    }

    @Override
    public void onTrade(final long msgOrdinal, final byte msgType, final int flags, final int locate, final byte side,
                        final long price, final long shares, final long matchNumber, final byte printable)
    {
        out.num(msgOrdinal).comma().num(locate).comma().put(msgType).comma();
        if (side != 0)
        {
            out.put(side);
        }
        out.comma().num(price).comma().num(shares).comma().num(matchNumber).comma().put(printable).comma()
            .flags((flags & TopOfBookListener.FLAG_GAP) != 0, false).eol();
    }

    @Override
    public void close()
    {
        out.close();
    }
}
