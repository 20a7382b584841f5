package io.nanotick.book;

import io.nanotick.itch.FeedReplay;
import io.nanotick.itch.MoldUdp64Sequencer;
import io.nanotick.itch.UdpFrameDecoder;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bbo --engine java}: a capture (pcap or BinaryFILE) to the canonical
 * top-of-book CSV.
 * <pre>
 *   BboMain --in FILE --out OUT.csv [--trades T.csv] [--port P] [--stats]
 * </pre>
 * Exit 0 on success, 2 on a usage or input error (message on stderr).
 */
public final class BboMain
{
    private BboMain()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.err));
    }

    static int run(final String[] args, final PrintStream err)
    {
        String in = null;
        String out = null;
        String trades = null;
        int port = 0;
        boolean stats = false;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--in" -> in = args[++i];
                    case "--out" -> out = args[++i];
                    case "--trades" -> trades = args[++i];
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--stats" -> stats = true;
                    case "-h", "--help" ->
                    {
                        err.println("usage: bbo --engine java --in FILE --out OUT.csv [--trades T.csv] [--port P] [--stats]");
                        return 0;
                    }
                    default ->
                    {
                        err.println("bbo-java: unknown option " + args[i]);
                        return 2;
                    }
                }
            }
        }
        catch (final ArrayIndexOutOfBoundsException | NumberFormatException ex)
        {
            err.println("bbo-java: bad arguments: " + ex.getMessage());
            return 2;
        }
        if (in == null || out == null)
        {
            err.println("usage: bbo --engine java --in FILE --out OUT.csv [--trades T.csv] [--port P] [--stats]");
            return 2;
        }
        final Path inPath = Path.of(in);
        if (!Files.isRegularFile(inPath))
        {
            err.println("bbo-java: no such input file: " + in);
            return 2;
        }
        final FeedReplay replay = new FeedReplay(port);
        try (TopOfBookCsvWriter tob = new TopOfBookCsvWriter(open(out));
             TradeCsvWriter tradeCsv = trades == null ? null : new TradeCsvWriter(open(trades)))
        {
            final BookEngine engine = new BookEngine(new OrderBook(), tob, tradeCsv);
            replay.replay(inPath, engine);
            if (stats)
            {
                printStats(err, replay, engine);
            }
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            err.println("bbo-java: " + in + ": " + ex.getMessage());
            return 2;
        }
        return 0;
    }

    private static OutputStream open(final String path) throws IOException
    {
        return new BufferedOutputStream(Files.newOutputStream(Path.of(path)), 1 << 16);
    }

    private static void printStats(final PrintStream err, final FeedReplay replay, final BookEngine engine)
    {
        err.println("frames=" + replay.pcapReader().frames());
        err.println("messages=" + engine.messages());
        for (int c = 1; c < UdpFrameDecoder.CAUSE_NAMES.length; c++)
        {
            err.println("frame." + UdpFrameDecoder.CAUSE_NAMES[c] + "=" + replay.frames(c));
        }
        err.println("frame.port_filtered=" + replay.filteredFrames());
        final MoldUdp64Sequencer s = replay.sequencer();
        err.println("mold.packets=" + s.packets());
        err.println("mold.heartbeats=" + s.heartbeats());
        err.println("mold.duplicates=" + s.duplicates());
        err.println("mold.overlaps=" + s.overlaps());
        err.println("mold.gaps=" + s.gaps());
        err.println("mold.gap_messages=" + s.gapMessages());
        err.println("mold.old_session=" + s.oldSession());
        err.println("mold.after_end=" + s.afterEnd());
        err.println("mold.sessions=" + s.sessions());
        err.println("mold.end_of_session=" + s.endOfSessions());
        err.println("mold.delivered=" + s.delivered());
        err.println("mold.empty_block=" + s.emptyBlocks());
        err.println("mold.truncated_block=" + s.truncatedBlocks());
        err.println("mold.trailing_bytes=" + s.trailingBytes());
        err.println("decode.unknown_type=" + engine.unknownType());
        err.println("decode.bad_length=" + engine.badLength());
        err.println("decode.tob_rows=" + engine.rows());
        err.println("decode.trade_rows=" + engine.trades());
        err.println("decode.bad_mold_header=" + s.badHeader());
        err.println("decode.binaryfile_empty_block=" + replay.binaryFileReader().empty());
        err.println("decode.binaryfile_truncated=" + replay.binaryFileReader().truncated());
        final OrderBook b = engine.book();
        err.println("book.adds=" + b.adds());
        err.println("book.removed=" + b.removed());
        err.println("book.unknown_ref=" + b.unknownRef());
        err.println("book.dup_add=" + b.dupAdd());
        err.println("book.clamp=" + b.clamp());
        err.println("book.zero_shares=" + b.zeroShares());
        err.println("book.bad_side=" + b.badSide());
        err.println("book.live_orders=" + b.liveOrders());
    }
}
