package io.nanotick.ring;

import java.lang.foreign.StructLayout;

/**
 * The ring file header (struct nt_ring_header, 512 bytes, four 128-byte lines): its layout and the byte
 * offsets of its fields, for code that reads headers directly (monitors, tools).  Use {@link Ring}'s
 * accessors for the acquire/release ones.
 */
public final class RingHeader
{
    private RingHeader()
    {
    }

    public static final StructLayout LAYOUT = RingAbi.RING_HEADER;

    // line 0: identity
    public static final long MAGIC = RingAbi.H_MAGIC;
    public static final long ABI_VERSION = RingAbi.H_ABI_VERSION;
    public static final long RECORD_SIZE = RingAbi.H_RECORD_SIZE;
    public static final long CAPACITY = RingAbi.H_CAPACITY;
    public static final long KIND = RingAbi.H_KIND;
    public static final long STATE = RingAbi.H_STATE;
    public static final long EPOCH = RingAbi.H_EPOCH;
    public static final long CREATED_NS = RingAbi.H_CREATED_NS;
    public static final long PRODUCER_PID = RingAbi.H_PRODUCER_PID;
    public static final long DATA_OFFSET = RingAbi.H_DATA_OFFSET;
    public static final long NAME = RingAbi.H_NAME;
    // line 1: producer
    public static final long PROD_INDEX = RingAbi.H_PROD_INDEX;
    public static final long PROD_HEARTBEAT_NS = RingAbi.H_PROD_HEARTBEAT_NS;
    public static final long PROD_FULL_COUNT = RingAbi.H_PROD_FULL_COUNT;
    public static final long PROD_OVERWRITES = RingAbi.H_PROD_OVERWRITES;
    // line 2: consumer
    public static final long CONS_INDEX = RingAbi.H_CONS_INDEX;
    public static final long CONS_HEARTBEAT_NS = RingAbi.H_CONS_HEARTBEAT_NS;
    public static final long CONS_LAPPED_EVENTS = RingAbi.H_CONS_LAPPED_EVENTS;
    public static final long CONS_LOST_RECORDS = RingAbi.H_CONS_LOST_RECORDS;
    public static final long CONSUMER_PID = RingAbi.H_CONSUMER_PID;
}
