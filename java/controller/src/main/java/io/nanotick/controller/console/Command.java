package io.nanotick.controller.console;

/** One operator command on its way to the hot thread; the hot thread sets the reply. */
public final class Command
{
    final String line;
    private volatile String reply;

    public Command(final String line)
    {
        this.line = line;
    }

    public String line()
    {
        return line;
    }

    void reply(final String reply)
    {
        this.reply = reply;
    }

    /** The reply, or null while the hot thread has not run it yet. */
    public String reply()
    {
        return reply;
    }
}
