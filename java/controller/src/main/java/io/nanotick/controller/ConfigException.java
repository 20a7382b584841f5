package io.nanotick.controller;

/** A bad configuration: the message names the offending key and value. */
public final class ConfigException extends Exception
{
    private static final long serialVersionUID = 1L;

    public ConfigException(final String key, final String value, final String why)
    {
        super("config: key '" + key + "' value '" + value + "': " + why);
    }

    public ConfigException(final String message)
    {
        super(message);
    }
}
