package io.nanotick.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Thread placement through the FFM linker (no JNI): pin the calling thread to one CPU (sched_setaffinity) and
 * switch it to SCHED_FIFO and back (sched_setscheduler).  The downcall handles and the argument memory are made
 * once, when the class is initialised (making a handle generates classes: ~100 ms, which must not happen in a
 * measured phase).  The two calls share one argument buffer, so they are {@code synchronized}: two threads pinning
 * themselves at once (JMH runs the producer's and the consumer's {@code @Setup} concurrently) would otherwise race
 * on the mask, and both could end up on the same CPU.
 */
public final class Affinity
{
    private static final MethodHandle SET_AFFINITY;
    private static final MethodHandle SET_SCHEDULER;
    private static final MemorySegment ARGS = Arena.global().allocate(256, 64); // [0,128) cpu mask, [128,132) param

    static
    {
        final Linker linker = Linker.nativeLinker();
        SET_AFFINITY = linker.downcallHandle(linker.defaultLookup().find("sched_setaffinity").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        SET_SCHEDULER = linker.downcallHandle(linker.defaultLookup().find("sched_setscheduler").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }

    private Affinity()
    {
    }

    /** Pin the calling thread to cpu; false (thread stays unpinned) if the call failed or cpu &lt; 0. */
    public static synchronized boolean pin(final int cpu)
    {
        if (cpu < 0)
        {
            return false;
        }
        try
        {
            final MemorySegment mask = ARGS.asSlice(0, 128);
            mask.fill((byte)0);
            mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte)(1 << (cpu % 8)));
            return (int)SET_AFFINITY.invokeExact(0, 128L, mask) == 0;
        }
        catch (final Throwable t)
        {
            System.err.println("affinity: cannot pin to cpu " + cpu + ": " + t);
            return false;
        }
    }

    /**
     * Make the calling thread SCHED_FIFO at {@code priority} (1..99; 0 = back to SCHED_OTHER).  Needs root or
     * CAP_SYS_NICE; returns false if refused.
     */
    public static synchronized boolean realtime(final int priority)
    {
        try
        {
            final MemorySegment param = ARGS.asSlice(128, 4);
            param.set(ValueLayout.JAVA_INT, 0, priority);
            return (int)SET_SCHEDULER.invokeExact(0, priority > 0 ? 1 /* SCHED_FIFO */ : 0 /* SCHED_OTHER */,
                param) == 0;
        }
        catch (final Throwable t)
        {
            System.err.println("affinity: cannot set realtime priority " + priority + ": " + t);
            return false;
        }
    }
}
