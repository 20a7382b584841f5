package io.nanotick.book.bench;

import io.nanotick.book.TopOfBookListener;
import io.nanotick.itch.Itch;
import io.nanotick.itch.MoldUdp64Listener;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The comparison point for the benchmark: the way open-source Java books are
 * commonly written (HashMap of orders, a TreeMap of price levels per locate and
 * side, boxed keys and values), with the same rules and the same top-of-book
 * change detection as {@link io.nanotick.book.BookEngine}.
 */
public final class TreeMapBookEngine implements MoldUdp64Listener
{
    private record Order(int locate, boolean ask, long price, long shares)
    {
    }

    private final Map<Long, Order> orders = new HashMap<>();
    private final Map<Integer, TreeMap<Long, Long>> bids = new HashMap<>();
    private final Map<Integer, TreeMap<Long, Long>> asks = new HashMap<>();
    private final Map<Integer, long[]> last = new HashMap<>();
    private final TopOfBookListener listener;
    private long ordinal;

    public TreeMapBookEngine(final TopOfBookListener listener)
    {
        this.listener = listener;
    }

    private TreeMap<Long, Long> side(final int locate, final boolean ask)
    {
        return (ask ? asks : bids).computeIfAbsent(locate,
            l -> ask ? new TreeMap<>() : new TreeMap<>(Collections.reverseOrder()));
    }

    private void level(final Order o, final long delta)
    {
        side(o.locate, o.ask).merge(o.price, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    private boolean add(final long ref, final int locate, final byte side, final long price, final long shares)
    {
        if ((side != 'B' && side != 'S') || orders.containsKey(ref) || shares == 0)
        {
            return false;
        }
        final Order o = new Order(locate, side == 'S', price, shares);
        orders.put(ref, o);
        level(o, shares);
        return true;
    }

    private int reduce(final long ref, final long n)
    {
        final Order o = orders.get(ref);
        if (o == null)
        {
            return -1;
        }
        final long take = Math.min(n, o.shares);
        level(o, -take);
        if (take == o.shares)
        {
            orders.remove(ref);
        }
        else
        {
            orders.put(ref, new Order(o.locate, o.ask, o.price, o.shares - take));
        }
        return o.locate;
    }

    @Override
    public void onMessage(final DirectBuffer b, final int off, final int length, final long seq)
    {
        final long msg = ++ordinal;
        final byte type = b.getByte(off);
        if (Itch.messageLength(type) != length)
        {
            return;
        }
        final ByteOrder be = ByteOrder.BIG_ENDIAN;
        final int locate;
        switch (type)
        {
            case 'A', 'F' ->
            {
                final int loc = b.getShort(off + 1, be) & 0xFFFF;
                locate = add(b.getLong(off + 11, be), loc, b.getByte(off + 19), b.getInt(off + 32, be) & 0xFFFF_FFFFL,
                    b.getInt(off + 20, be) & 0xFFFF_FFFFL) ? loc : -1;
            }
            case 'E', 'C', 'X' -> locate = reduce(b.getLong(off + 11, be), b.getInt(off + 19, be) & 0xFFFF_FFFFL);
            case 'D' ->
            {
                final Order o = orders.remove(b.getLong(off + 11, be));
                if (o != null)
                {
                    level(o, -o.shares);
                }
                locate = o == null ? -1 : o.locate;
            }
            case 'U' ->
            {
                final Order o = orders.remove(b.getLong(off + 11, be));
                if (o != null)
                {
                    level(o, -o.shares);
                    add(b.getLong(off + 19, be), o.locate, o.ask ? (byte)'S' : (byte)'B', b.getInt(off + 31, be) & 0xFFFF_FFFFL,
                        b.getInt(off + 27, be) & 0xFFFF_FFFFL);
                }
                locate = o == null ? -1 : o.locate;
            }
            default -> locate = -1;
        }
        if (locate < 0)
        {
            return;
        }
        final TreeMap<Long, Long> bid = side(locate, false);
        final TreeMap<Long, Long> ask = side(locate, true);
        final Map.Entry<Long, Long> bb = bid.firstEntry();
        final Map.Entry<Long, Long> ba = ask.firstEntry();
        final long[] now = {bb == null ? 0 : bb.getKey(), bb == null ? 0 : bb.getValue(),
            ba == null ? 0 : ba.getKey(), ba == null ? 0 : ba.getValue()};
        final long[] prev = last.get(locate);
        if (prev != null ? java.util.Arrays.equals(prev, now) : (now[0] | now[1] | now[2] | now[3]) == 0)
        {
            return;
        }
        last.put(locate, now);
        listener.onTopOfBook(msg, type, 0, locate, now[0], now[1], now[2], now[3], 0, seq);
    }
}
