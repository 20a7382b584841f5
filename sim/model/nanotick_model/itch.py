"""NASDAQ TotalView-ITCH 5.0 messages: layouts, decode, encode.

Written from the NASDAQ "TotalView-ITCH 5.0" specification tables.  Every
message starts with the same 11-byte header:

    Message Type (1, alpha)  Stock Locate (2)  Tracking Number (2)  Timestamp (6, ns since midnight)

All integers are big-endian and unsigned.  Prices are Price(4) with four
implied decimals (ITCH integer prices); the MWCB levels are Price(8) with
eight implied decimals.  Alpha fields are left-justified, space-padded ASCII.

API
    LENGTHS[t]            exact length in bytes of message type t (a 1-char str)
    FIELDS[t]             [(name, kind), ...] after the header, in wire order
    decode(buf) -> dict   {'type', 'locate', 'tracking', 'timestamp', <fields>}
                          alpha fields are bytes (unstripped); raises ItchError
                          on an unknown type or a length that is not LENGTHS[t]
    encode(t, **fields)   -> bytes; missing fields are 0 / spaces
    msg_type(buf)         the type character of a raw message ('' if empty)
"""

import struct

__all__ = ["LENGTHS", "FIELDS", "NAMES", "ItchError", "decode", "encode", "msg_type"]


class ItchError(ValueError):
    """An unknown message type or a message whose length is wrong."""


# kind -> (struct code, size).  'ts' is handled by the header.
_KINDS = {
    "u8": ("B", 1),
    "u16": ("H", 2),
    "u32": ("I", 4),
    "u64": ("Q", 8),
    "price4": ("I", 4),
    "price8": ("Q", 8),
    "c": ("c", 1),       # single alpha character, as a 1-char str
}


def _alpha(n):
    return ("%ds" % n, n)


# Field tables (after the 11-byte header), straight from the spec, section 1.x.
_SPEC = {
    # 1.1 System Event
    "S": ("system_event", 12, [("event_code", "c")]),
    # 1.2.1 Stock Directory
    "R": ("stock_directory", 39, [
        ("stock", "a8"), ("market_category", "c"), ("financial_status", "c"),
        ("round_lot_size", "u32"), ("round_lots_only", "c"), ("issue_classification", "c"),
        ("issue_subtype", "a2"), ("authenticity", "c"), ("short_sale_threshold", "c"),
        ("ipo_flag", "c"), ("luld_ref_price_tier", "c"), ("etp_flag", "c"),
        ("etp_leverage_factor", "u32"), ("inverse_indicator", "c")]),
    # 1.2.2 Stock Trading Action
    "H": ("stock_trading_action", 25, [
        ("stock", "a8"), ("trading_state", "c"), ("reserved", "c"), ("reason", "a4")]),
    # 1.2.3 Reg SHO Short Sale Price Test Restricted Indicator
    "Y": ("reg_sho_restriction", 20, [("stock", "a8"), ("reg_sho_action", "c")]),
    # 1.2.4 Market Participant Position
    "L": ("market_participant_position", 26, [
        ("mpid", "a4"), ("stock", "a8"), ("primary_market_maker", "c"),
        ("market_maker_mode", "c"), ("market_participant_state", "c")]),
    # 1.2.5.1 MWCB Decline Level
    "V": ("mwcb_decline_level", 35, [
        ("level1", "price8"), ("level2", "price8"), ("level3", "price8")]),
    # 1.2.5.2 MWCB Status
    "W": ("mwcb_status", 12, [("breached_level", "c")]),
    # 1.2.6 IPO Quoting Period Update
    "K": ("ipo_quoting_period_update", 28, [
        ("stock", "a8"), ("ipo_release_time", "u32"), ("ipo_release_qualifier", "c"),
        ("ipo_price", "price4")]),
    # 1.2.7 LULD Auction Collar
    "J": ("luld_auction_collar", 35, [
        ("stock", "a8"), ("auction_collar_ref_price", "price4"),
        ("upper_auction_collar_price", "price4"), ("lower_auction_collar_price", "price4"),
        ("auction_collar_extension", "u32")]),
    # 1.2.8 Operational Halt
    "h": ("operational_halt", 21, [
        ("stock", "a8"), ("market_code", "c"), ("operational_halt_action", "c")]),
    # 1.3.1 Add Order - No MPID Attribution
    "A": ("add_order", 36, [
        ("order_ref", "u64"), ("side", "c"), ("shares", "u32"), ("stock", "a8"),
        ("price", "price4")]),
    # 1.3.2 Add Order with MPID Attribution
    "F": ("add_order_mpid", 40, [
        ("order_ref", "u64"), ("side", "c"), ("shares", "u32"), ("stock", "a8"),
        ("price", "price4"), ("attribution", "a4")]),
    # 1.4.1 Order Executed
    "E": ("order_executed", 31, [
        ("order_ref", "u64"), ("executed_shares", "u32"), ("match_number", "u64")]),
    # 1.4.2 Order Executed With Price
    "C": ("order_executed_with_price", 36, [
        ("order_ref", "u64"), ("executed_shares", "u32"), ("match_number", "u64"),
        ("printable", "c"), ("execution_price", "price4")]),
    # 1.4.3 Order Cancel
    "X": ("order_cancel", 23, [("order_ref", "u64"), ("cancelled_shares", "u32")]),
    # 1.4.4 Order Delete
    "D": ("order_delete", 19, [("order_ref", "u64")]),
    # 1.4.5 Order Replace
    "U": ("order_replace", 35, [
        ("original_order_ref", "u64"), ("new_order_ref", "u64"), ("shares", "u32"),
        ("price", "price4")]),
    # 1.5.1 Trade Message (Non-Cross)
    "P": ("trade", 44, [
        ("order_ref", "u64"), ("side", "c"), ("shares", "u32"), ("stock", "a8"),
        ("price", "price4"), ("match_number", "u64")]),
    # 1.5.2 Cross Trade
    "Q": ("cross_trade", 40, [
        ("shares", "u64"), ("stock", "a8"), ("cross_price", "price4"),
        ("match_number", "u64"), ("cross_type", "c")]),
    # 1.5.3 Broken Trade / Order Execution
    "B": ("broken_trade", 19, [("match_number", "u64")]),
    # 1.6 Net Order Imbalance Indicator (NOII)
    "I": ("noii", 50, [
        ("paired_shares", "u64"), ("imbalance_shares", "u64"), ("imbalance_direction", "c"),
        ("stock", "a8"), ("far_price", "price4"), ("near_price", "price4"),
        ("current_ref_price", "price4"), ("cross_type", "c"),
        ("price_variation_indicator", "c")]),
    # 1.7 Retail Price Improvement Indicator (RPII)
    "N": ("retail_interest", 20, [("stock", "a8"), ("interest_flag", "c")]),
    # 1.8 Direct Listing with Capital Raise Price Discovery
    "O": ("dlcr_price_discovery", 48, [
        ("stock", "a8"), ("open_eligibility_status", "c"), ("min_allowable_price", "price4"),
        ("max_allowable_price", "price4"), ("near_execution_price", "price4"),
        ("near_execution_time", "u64"), ("lower_price_range_collar", "price4"),
        ("upper_price_range_collar", "price4")]),
}

# Header: type(1) locate(2) tracking(2) timestamp(6) = ts high 16 bits + low 32 bits.
_HEADER = ">cHHHI"
HEADER_LEN = 11

NAMES = {t: spec[0] for t, spec in _SPEC.items()}
LENGTHS = {t: spec[1] for t, spec in _SPEC.items()}
FIELDS = {t: list(spec[2]) for t, spec in _SPEC.items()}
_STRUCTS = {}
_DEFAULTS = {}


def _build():
    for t, (_, length, fields) in _SPEC.items():
        fmt = _HEADER
        for name, kind in fields:
            if kind.startswith("a"):
                code, _n = _alpha(int(kind[1:]))
            else:
                code, _n = _KINDS[kind]
            fmt += code
        st = struct.Struct(fmt)
        if st.size != length:  # the tables above must add up to the spec lengths
            raise AssertionError("ITCH %s: fields sum to %d, spec says %d" % (t, st.size, length))
        _STRUCTS[t] = st
        d = {}
        for name, kind in fields:
            if kind.startswith("a"):
                d[name] = b" " * int(kind[1:])
            elif kind == "c":
                d[name] = " "
            else:
                d[name] = 0
        _DEFAULTS[t] = d


_build()


def msg_type(buf):
    """The type character of a raw message, '' for an empty one."""
    return chr(buf[0]) if buf else ""


def decode(buf):
    """Decode one raw ITCH message (without framing) into a dict.

    Raises ItchError for an unknown type or a length other than the spec's.
    """
    if not buf:
        raise ItchError("empty message")
    t = chr(buf[0])
    st = _STRUCTS.get(t)
    if st is None:
        raise ItchError("unknown message type %r" % t)
    if len(buf) != st.size:
        raise ItchError("message %r has length %d, spec says %d" % (t, len(buf), st.size))
    vals = st.unpack(bytes(buf))
    out = {"type": t, "locate": vals[1], "tracking": vals[2],
           "timestamp": (vals[3] << 32) | vals[4]}
    for (name, kind), v in zip(FIELDS[t], vals[5:]):
        if kind == "c":
            v = v.decode("latin-1")
        out[name] = v
    return out


def _alpha_bytes(v, n):
    if isinstance(v, str):
        v = v.encode("latin-1")
    if len(v) > n:
        raise ItchError("alpha field longer than %d: %r" % (n, v))
    return v.ljust(n, b" ")


def encode(t, locate=0, tracking=0, timestamp=0, **fields):
    """Encode message type t; unknown field names raise ItchError."""
    st = _STRUCTS.get(t)
    if st is None:
        raise ItchError("unknown message type %r" % t)
    vals = dict(_DEFAULTS[t])
    for k, v in fields.items():
        if k not in vals:
            raise ItchError("message %r has no field %r" % (t, k))
        vals[k] = v
    if not 0 <= timestamp < (1 << 48):
        raise ItchError("timestamp out of range")
    args = [t.encode("latin-1"), locate, tracking, timestamp >> 32, timestamp & 0xFFFFFFFF]
    for name, kind in FIELDS[t]:
        v = vals[name]
        if kind.startswith("a"):
            v = _alpha_bytes(v, int(kind[1:]))
        elif kind == "c":
            v = v.encode("latin-1") if isinstance(v, str) else bytes(v)
            if len(v) != 1:
                raise ItchError("field %r must be one character" % name)
        args.append(v)
    try:
        return st.pack(*args)
    except struct.error as e:
        raise ItchError("message %r: %s" % (t, e))
