package io.nanotick.controller.md;

import io.nanotick.controller.Controller;

/** A market-data source the hot loop polls. */
public interface FeedSource extends AutoCloseable
{
    /** Delivers up to limit records to the controller; returns how many. */
    int poll(Controller c, long nowNs, int limit);

    long records();

    /** Records lost to lapping (MD ring), 0 otherwise. */
    long lostRecords();

    String describe();

    @Override
    default void close()
    {
    }
}
