package io.nanotick.ring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The contract: what the C compiler makes of ring.h (native/build/ring_layout prints every struct's sizeof
 * and every field's offsetof/sizeof, and every NT_* constant) must equal the Java layouts and constants of
 * {@link RingAbi}.  Any drift fails the build.
 */
class RingLayoutContractTest
{
    record CField(String name, long offset, long size)
    {
    }

    private static final Map<String, Long> C_STRUCTS = new LinkedHashMap<>();
    private static final Map<String, List<CField>> C_FIELDS = new LinkedHashMap<>();
    private static final Map<String, String> C_CONSTS = new TreeMap<>();

    @BeforeAll
    static void runLayoutProgram() throws Exception
    {
        final NativeTools.Proc p = NativeTools.start("ring_layout");
        try
        {
            assertEquals(0, p.waitFor(30), "ring_layout failed (its field list is out of date?): " + p.err());
            for (final String line : p.out().split("\n"))
            {
                final String[] t = line.trim().split(" ");
                switch (t[0])
                {
                    case "struct" ->
                    {
                        C_STRUCTS.put(t[1], Long.parseLong(t[2]));
                        C_FIELDS.put(t[1], new ArrayList<>());
                    }
                    case "field" -> C_FIELDS.get(t[1]).add(new CField(t[2], Long.parseLong(t[3]), Long.parseLong(t[4])));
                    case "const" -> C_CONSTS.put(t[1], t[2]);
                    default -> fail("unexpected line from ring_layout: " + line);
                }
            }
        }
        finally
        {
            p.cleanup();
        }
        assertEquals(6, C_STRUCTS.size(), "structs printed by ring_layout");
    }

    @Test
    void everyCStructHasAJavaLayoutWithTheSameFields()
    {
        final Map<String, StructLayout> java = new TreeMap<>();
        for (final StructLayout l : RingAbi.ALL_LAYOUTS)
        {
            java.put(l.name().orElseThrow(), l);
        }
        assertEquals(new TreeSet<>(C_STRUCTS.keySet()), java.keySet(), "struct names");
        for (final Map.Entry<String, Long> s : C_STRUCTS.entrySet())
        {
            final StructLayout jl = java.get(s.getKey());
            assertEquals(s.getValue().longValue(), jl.byteSize(), s.getKey() + ": sizeof vs Java byteSize");
            final List<CField> cf = C_FIELDS.get(s.getKey());
            final List<MemoryLayout> members = jl.memberLayouts();
            assertEquals(cf.size(), members.size(), s.getKey() + ": number of fields");
            long javaOffset = 0;
            for (int i = 0; i < cf.size(); i++)
            {
                final CField c = cf.get(i);
                final MemoryLayout m = members.get(i);
                final String where = s.getKey() + "." + c.name();
                assertEquals(c.name(), m.name().orElse("?"), s.getKey() + ": field #" + i + " name");
                assertEquals(c.offset(), javaOffset, where + ": offsetof vs Java offset");
                assertEquals(c.size(), m.byteSize(), where + ": sizeof vs Java byteSize");
                javaOffset += m.byteSize();
            }
        }
    }

    @Test
    void headerLinesAreWhereRingHSaysAndJavaOffsetsAgree()
    {
        // producer and consumer indices each on their own 128-byte line
        assertEquals(0, RingAbi.H_PROD_INDEX % RingAbi.RING_LINE);
        assertEquals(0, RingAbi.H_CONS_INDEX % RingAbi.RING_LINE);
        assertNotEquals(RingAbi.H_PROD_INDEX / RingAbi.RING_LINE, RingAbi.H_CONS_INDEX / RingAbi.RING_LINE);
        assertNotEquals(RingAbi.H_MAGIC / RingAbi.RING_LINE, RingAbi.H_PROD_INDEX / RingAbi.RING_LINE);
        final Map<String, Long> off = new TreeMap<>();
        for (final CField f : C_FIELDS.get("nt_ring_header"))
        {
            off.put(f.name(), f.offset());
        }
        assertEquals(off.get("prod_index"), RingAbi.H_PROD_INDEX);
        assertEquals(off.get("cons_index"), RingAbi.H_CONS_INDEX);
        assertEquals(off.get("prod_heartbeat_ns"), RingAbi.H_PROD_HEARTBEAT_NS);
        assertEquals(off.get("epoch"), RingAbi.H_EPOCH);
        assertEquals(off.get("consumer_pid"), RingAbi.H_CONSUMER_PID);
    }

    @Test
    void everyConstantMatches() throws Exception
    {
        final Map<String, String> java = new TreeMap<>();
        for (final Field f : RingAbi.class.getDeclaredFields())
        {
            final int mod = f.getModifiers();
            if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && Modifier.isFinal(mod) &&
                (f.getType() == int.class || f.getType() == long.class))
            {
                final long v = f.getType() == int.class ? Integer.toUnsignedLong(f.getInt(null)) : f.getLong(null);
                java.put("NT_" + f.getName(), Long.toUnsignedString(v));
            }
        }
        assertEquals(C_CONSTS.keySet(), java.keySet(), "constant names (C vs Java)");
        for (final Map.Entry<String, String> c : C_CONSTS.entrySet())
        {
            assertEquals(c.getValue(), java.get(c.getKey()), c.getKey());
        }
    }

    @Test
    void layoutProgramCoversEveryDefineOfRingH() throws Exception
    {
        final String h = Files.readString(NativeTools.ROOT.resolve("native/include/nanotick/ring.h"));
        final Matcher m = Pattern.compile("(?m)^#define\\s+(NT_[A-Z0-9_]+)\\s+\\S").matcher(h);
        final TreeSet<String> defines = new TreeSet<>();
        while (m.find())
        {
            defines.add(m.group(1));
        }
        defines.remove("NT_STATIC_ASSERT");
        assertTrue(defines.size() > 40, "found the defines: " + defines);
        assertEquals(defines, new TreeSet<>(C_CONSTS.keySet()), "#defines of ring.h vs constants printed by ring_layout");
    }
}
