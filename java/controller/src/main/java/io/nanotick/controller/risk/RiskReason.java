package io.nanotick.controller.risk;

/** Why pre-trade risk refused an intent. Codes are stable (journal, metrics). */
public final class RiskReason
{
    public static final int OK = 0;
    public static final int KILLED = 1;
    public static final int STOPPED = 2;
    public static final int BAD_ORDER = 3;
    public static final int MAX_QTY = 4;
    public static final int MAX_NOTIONAL = 5;
    public static final int MAX_POSITION = 6;
    public static final int MAX_GROSS = 7;
    public static final int PRICE_COLLAR = 8;
    public static final int NO_REFERENCE = 9;
    public static final int THROTTLE = 10;
    public static final int MAX_OPEN_ORDERS = 11;
    public static final int STALE_BOOK = 12;
    public static final int GAP = 13;
    public static final int DATA_TOO_OLD = 14;
    public static final int DUPLICATE = 15;
    public static final int SELF_TRADE = 16;
    public static final int UNKNOWN_ORDER = 17;
    public static final int NOT_REDUCING = 18;
    public static final int VENUE_DOWN = 19;
    public static final int COUNT = 20;

    private static final String[] NAMES = {
        "ok", "killed", "stopped", "bad_order", "max_qty", "max_notional", "max_position", "max_gross",
        "price_collar", "no_reference", "throttle", "max_open_orders", "stale_book", "gap", "data_too_old",
        "duplicate", "self_trade", "unknown_order", "not_reducing", "venue_down"};

    private RiskReason()
    {
    }

    public static String name(final int reason)
    {
        return reason >= 0 && reason < COUNT ? NAMES[reason] : "reason_" + reason;
    }
}
