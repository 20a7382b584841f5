package io.nanotick.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Pins the calling thread to one CPU: sched_setaffinity(0, ...) through the FFM linker (no JNI). */
public final class Affinity
{
    private Affinity()
    {
    }

    /**
     * Make the calling thread SCHED_FIFO at {@code priority} (1..99; 0 = back to SCHED_OTHER).  Needs root or
     * CAP_SYS_NICE; returns false if refused.
     */
    public static boolean realtime(final int priority)
    {
        try
        {
            final Linker linker = Linker.nativeLinker();
            final MethodHandle h = linker.downcallHandle(
                linker.defaultLookup().find("sched_setscheduler").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS));
            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment param = arena.allocate(ValueLayout.JAVA_INT);
                param.set(ValueLayout.JAVA_INT, 0, priority);
                return (int)h.invokeExact(0, priority > 0 ? 1 /* SCHED_FIFO */ : 0 /* SCHED_OTHER */, param) == 0;
            }
        }
        catch (final Throwable t)
        {
            System.err.println("affinity: cannot set realtime priority " + priority + ": " + t);
            return false;
        }
    }

    /** Returns true if pinned; false (and the thread stays unpinned) if the call failed or cpu < 0. */
    public static boolean pin(final int cpu)
    {
        if (cpu < 0)
        {
            return false;
        }
        try
        {
            final Linker linker = Linker.nativeLinker();
            final MethodHandle h = linker.downcallHandle(
                linker.defaultLookup().find("sched_setaffinity").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS));
            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment mask = arena.allocate(128);
                mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte)(1 << (cpu % 8)));
                return (int)h.invokeExact(0, 128L, mask) == 0;
            }
        }
        catch (final Throwable t)
        {
            System.err.println("affinity: cannot pin to cpu " + cpu + ": " + t);
            return false;
        }
    }
}
