package io.nanotick.controller.strategy;

final class StrategyTestSupport
{
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;

    private StrategyTestSupport()
    {
    }

    static <T extends AbstractStrategy> T bind(final T s, final RecordingSink sink, final String... kv)
    {
        s.bind(sink);
        for (int i = 0; i < kv.length; i += 2)
        {
            final String err = s.set(kv[i], kv[i + 1]);
            if (err != null)
            {
                throw new IllegalArgumentException(err);
            }
        }
        return s;
    }
}
