package io.nanotick.ring;

import java.io.IOException;
import java.nio.file.Path;

/** A ring file that is not a valid Nanotick ring; the message names the file and the field. */
public class RingFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String field;

    public RingFormatException(final Path path, final String field, final String detail)
    {
        super(path + ": field " + field + " " + detail);
        this.path = path;
        this.field = field;
    }

    /** The ring file. */
    public Path path()
    {
        return path;
    }

    /** The header field that is wrong (C field name of ring.h, or "file size"). */
    public String field()
    {
        return field;
    }
}
