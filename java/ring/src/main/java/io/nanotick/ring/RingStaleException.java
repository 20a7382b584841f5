package io.nanotick.ring;

import java.nio.file.Path;

/** A LIVE ring whose producer is gone (crashed without closing it): never read as new data. */
public final class RingStaleException extends RingFormatException
{
    private static final long serialVersionUID = 1L;

    public RingStaleException(final Path path, final String field, final String detail)
    {
        super(path, field, detail);
    }
}
