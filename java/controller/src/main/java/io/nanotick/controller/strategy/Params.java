package io.nanotick.controller.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * Named, bounded strategy parameters. Numbers are doubles with an inclusive [min, max] range;
 * text parameters (e.g. a VWAP profile) are validated by the owning strategy. Set from config at
 * start-up and from the console at run time (on the hot thread, via the command queue); strategies
 * copy values into primitive fields in {@link AbstractStrategy#onParamsChanged()}.
 */
public final class Params
{
    private final List<String> names = new ArrayList<>();
    private final List<String> help = new ArrayList<>();
    private double[] values = new double[0];
    private double[] mins = new double[0];
    private double[] maxs = new double[0];
    private String[] texts = new String[0];
    private boolean[] isText = new boolean[0];

    /** Validates a text value: returns null when fine, else a reason. */
    @FunctionalInterface
    public interface TextCheck
    {
        String check(String value);
    }

    private TextCheck[] checks = new TextCheck[0];

    public int define(final String name, final double value, final double min, final double max, final String what)
    {
        final int i = grow(name, what);
        values[i] = value;
        mins[i] = min;
        maxs[i] = max;
        return i;
    }

    public int defineText(final String name, final String value, final TextCheck check, final String what)
    {
        final int i = grow(name, what);
        isText[i] = true;
        texts[i] = value;
        checks[i] = check;
        return i;
    }

    private int grow(final String name, final String what)
    {
        if (names.contains(name))
        {
            throw new IllegalArgumentException("duplicate parameter " + name);
        }
        names.add(name);
        help.add(what);
        final int n = names.size();
        values = java.util.Arrays.copyOf(values, n);
        mins = java.util.Arrays.copyOf(mins, n);
        maxs = java.util.Arrays.copyOf(maxs, n);
        texts = java.util.Arrays.copyOf(texts, n);
        isText = java.util.Arrays.copyOf(isText, n);
        checks = java.util.Arrays.copyOf(checks, n);
        return n - 1;
    }

    public double get(final int index)
    {
        return values[index];
    }

    public long getLong(final int index)
    {
        return (long)values[index];
    }

    public String text(final int index)
    {
        return texts[index];
    }

    public List<String> names()
    {
        return names;
    }

    public int indexOf(final String name)
    {
        return names.indexOf(name);
    }

    /** Sets name to value; returns null on success or an error message (nothing changes on error). */
    public String set(final String name, final String value)
    {
        return apply(name, value, true);
    }

    /** Validates without changing anything; returns null or the error set() would give. */
    public String check(final String name, final String value)
    {
        return apply(name, value, false);
    }

    private String apply(final String name, final String value, final boolean assign)
    {
        final int i = names.indexOf(name);
        if (i < 0)
        {
            return "unknown parameter '" + name + "' (have: " + String.join(", ", names) + ")";
        }
        if (isText[i])
        {
            final String why = checks[i] == null ? null : checks[i].check(value);
            if (why != null)
            {
                return "parameter '" + name + "' value '" + value + "': " + why;
            }
            if (assign)
            {
                texts[i] = value;
            }
            return null;
        }
        final double v;
        try
        {
            v = Double.parseDouble(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            return "parameter '" + name + "' value '" + value + "': not a number";
        }
        if (!(v >= mins[i] && v <= maxs[i]))
        {
            return "parameter '" + name + "' value '" + value + "': out of range [" + fmt(mins[i]) + ", " + fmt(maxs[i]) + "]";
        }
        if (assign)
        {
            values[i] = v;
        }
        return null;
    }

    public String describe(final int i)
    {
        final String v = isText[i] ? texts[i] : fmt(values[i]);
        final String range = isText[i] ? "" : " [" + fmt(mins[i]) + ".." + fmt(maxs[i]) + "]";
        return names.get(i) + "=" + v + range + "  " + help.get(i);
    }

    static String fmt(final double v)
    {
        if (v == Math.rint(v) && Math.abs(v) < 1e15)
        {
            return Long.toString((long)v);
        }
        return Double.toString(v);
    }
}
