package io.nanotick.controller.console;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Console -> hot thread. A lock-free queue (no lock is ever shared with the hot thread: the hot
 * thread only polls it, non-blocking), replies come back through a volatile field of the command
 * that the console thread waits on by parking.
 */
public final class CommandQueue
{
    private final ConcurrentLinkedQueue<Command> queue = new ConcurrentLinkedQueue<>();

    /** Console side: submits and waits for the reply (up to timeoutMs). */
    public String call(final String line, final long timeoutMs)
    {
        final Command c = new Command(line);
        queue.offer(c);
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        String r;
        while ((r = c.reply()) == null)
        {
            if (System.nanoTime() > deadline)
            {
                return "error: the hot thread did not answer within " + timeoutMs + " ms";
            }
            LockSupport.parkNanos(100_000);
        }
        return r;
    }

    /** Hot side: runs at most one pending command. Returns 1 if one ran. */
    public int poll(final CommandProcessor processor)
    {
        final Command c = queue.poll();
        if (c == null)
        {
            return 0;
        }
        String reply;
        try
        {
            reply = processor.execute(c.line);
        }
        catch (final RuntimeException ex)
        {
            reply = "error: " + ex;
        }
        c.reply(reply);
        return 1;
    }
}
