package io.nanotick.controller.venue;

import io.nanotick.controller.Controller;
import io.nanotick.controller.oms.OrderGateway;

/** An order venue: takes requests (OrderGateway) and is polled for its events on the hot thread. */
public interface Venue extends OrderGateway, AutoCloseable
{
    /** Delivers up to limit venue events to the controller; returns how many. */
    int poll(Controller c, int limit);

    String describe();

    @Override
    default void close()
    {
    }
}
