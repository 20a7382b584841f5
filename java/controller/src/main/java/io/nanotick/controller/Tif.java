package io.nanotick.controller;

/** OUCH 5.0 Time In Force bytes used by the controller. */
public final class Tif
{
    public static final byte DAY = '0';
    public static final byte IOC = '3';

    private Tif()
    {
    }
}
