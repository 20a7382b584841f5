package io.nanotick.controller.oms;

import java.util.ArrayList;
import java.util.List;

final class RecordingGateway implements OrderGateway, OrderListener
{
    final List<String> log = new ArrayList<>();

    @Override
    public void enter(final long userRef, final int locate, final byte side, final long quantity, final long price, final byte tif,
        final int strategyId, final long nowNs)
    {
        log.add("O#" + userRef + " " + (char)side + " " + quantity + "@" + price);
    }

    @Override
    public void replace(final long origUserRef, final long newUserRef, final long quantity, final long price, final long nowNs)
    {
        log.add("U#" + origUserRef + "->#" + newUserRef + " " + quantity + "@" + price);
    }

    @Override
    public void cancel(final long userRef, final long quantity, final long nowNs)
    {
        log.add("X#" + userRef);
    }

    @Override
    public void onFill(final int strategyId, final long userRef, final int locate, final byte side, final long price, final long quantity,
        final byte liquidity, final long nowNs)
    {
        log.add("fill s" + strategyId + " #" + userRef + " " + quantity + "@" + price);
    }

    @Override
    public void onClosed(final int strategyId, final long userRef, final byte state, final long nowNs)
    {
        log.add("closed #" + userRef + " " + (char)state);
    }

    List<String> drain()
    {
        final List<String> out = new ArrayList<>(log);
        log.clear();
        return out;
    }
}
