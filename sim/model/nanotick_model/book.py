"""Full-depth order book: the Nanotick book rules, exact at any depth.

State
    orders   dict order_ref -> Order(locate, side, price, shares)
    levels   dict (locate, side) -> Levels (price -> aggregate shares, sorted prices)

Rules (shared by every engine)
    A/F  add ref -> (locate, side, price, shares).  Ref already live: ignored,
         counted 'dup_add' (the existing order stays).  Shares 0: ignored,
         counted 'zero_shares'.  Side not 'B'/'S': ignored, 'bad_side'.
    E, C, X  reduce the order's shares by at most what remains (more is
         clamped and counted 'clamp'); at 0 the order is removed.
    D    removes the order.
    U    removes the original and adds new_ref with the original's locate and
         side and the new price and shares.  Unknown original: ignored,
         counted 'unknown_ref', new_ref NOT added.  new_ref already live (after
         the original was removed): not added, 'dup_add'.  New shares 0: not
         added, 'zero_shares'.
    E/C/X/D/U of an unknown ref: ignored, counted 'unknown_ref'.
    Updates use the locate and side stored with the order, not the
    message's locate.  Order reference 0 is a normal reference.
    A price level exists while its aggregate is > 0.

    Book.apply(msg) -> (locate or None, trade or None)
        msg is an itch.decode() dict.  locate: the one locate whose book the
        message touched (the caller compares its top of book with the last
        one).  trade: Trade(...) for E and C against a live order and for
        P and Q (E: the resting order's price; C: the execution price).
    Book.tob(locate) -> (bid_px, bid_qty, ask_px, ask_qty), empty side 0, 0.
    Book.depth(locate, side) -> [(price, shares)] best first.

Records mirroring native/include/nanotick/ring.h:
    TobRecord, TradeRecord  with .pack(seq=0) -> 64 bytes little-endian
    (u32 quantities saturate and set NT_FLAG_STALE, as the ring does).
"""

import bisect
import struct
from collections import namedtuple

__all__ = ["Book", "Order", "Levels", "Trade", "TobRecord", "TradeRecord",
           "NT_FLAG_STALE", "NT_FLAG_GAP", "NT_FLAG_BID_CHANGED", "NT_FLAG_ASK_CHANGED",
           "NT_FLAG_LINE_B", "NT_REC_TOB", "NT_REC_TRADE", "NT_REC_FEED_EVENT", "FeedEventRecord",
           "flags_words"]

NT_REC_TOB = 1
NT_REC_TRADE = 2
NT_REC_FEED_EVENT = 3
NT_EVT_GAP = 1
NT_EVT_END_OF_SESSION = 5
NT_EVT_SESSION = 7
NT_EVT_LATE_BAD_FRAME = 10  # the card in cut-through mode only (offline engines see whole frames)
NT_FLAG_STALE = 0x0001
NT_FLAG_GAP = 0x0002
NT_FLAG_BID_CHANGED = 0x0004
NT_FLAG_ASK_CHANGED = 0x0008
NT_FLAG_LINE_B = 0x0010
U32_MAX = 0xFFFFFFFF


def flags_words(flags):
    """CSV flags column: '|'-joined words from {GAP, STALE}, GAP first."""
    w = []
    if flags & NT_FLAG_GAP:
        w.append("GAP")
    if flags & NT_FLAG_STALE:
        w.append("STALE")
    return "|".join(w)


class Order:
    __slots__ = ("locate", "side", "price", "shares")

    def __init__(self, locate, side, price, shares):
        self.locate = locate
        self.side = side
        self.price = price
        self.shares = shares

    def __repr__(self):
        return "Order(%d, %s, %d, %d)" % (self.locate, self.side, self.price, self.shares)


class Levels:
    """One side of one locate: price -> aggregate shares, prices kept sorted."""

    __slots__ = ("qty", "prices")

    def __init__(self):
        self.qty = {}
        self.prices = []  # ascending

    def add(self, price, shares):
        q = self.qty.get(price)
        if q is None:
            self.qty[price] = shares
            bisect.insort(self.prices, price)
        else:
            self.qty[price] = q + shares

    def remove(self, price, shares):
        q = self.qty[price] - shares
        if q < 0:
            raise AssertionError("level %d went negative" % price)
        if q == 0:
            del self.qty[price]
            i = bisect.bisect_left(self.prices, price)
            del self.prices[i]
        else:
            self.qty[price] = q


Trade = namedtuple("Trade", "msg_type locate side price shares match_number printable")


class Book:
    def __init__(self):
        self.orders = {}
        self.levels = {}
        self.counters = {"adds": 0, "executes": 0, "cancels": 0, "deletes": 0, "replaces": 0,
                         "removed": 0, "unknown_ref": 0, "dup_add": 0, "clamp": 0,
                         "zero_shares": 0, "bad_side": 0, "trades": 0}

    # -- helpers -------------------------------------------------------
    def _side(self, locate, side):
        k = (locate, side)
        lv = self.levels.get(k)
        if lv is None:
            lv = self.levels[k] = Levels()
        return lv

    def _add(self, ref, locate, side, price, shares):
        c = self.counters
        if side not in ("B", "S"):
            c["bad_side"] += 1
            return False
        if ref in self.orders:
            c["dup_add"] += 1
            return False
        if shares == 0:
            c["zero_shares"] += 1
            return False
        self.orders[ref] = Order(locate, side, price, shares)
        self._side(locate, side).add(price, shares)
        return True

    def _reduce(self, o, ref, n):
        if n > o.shares:
            self.counters["clamp"] += 1
            n = o.shares
        self._side(o.locate, o.side).remove(o.price, n)
        o.shares -= n
        if o.shares == 0:
            del self.orders[ref]
            self.counters["removed"] += 1

    def _delete(self, o, ref):
        self._side(o.locate, o.side).remove(o.price, o.shares)
        del self.orders[ref]
        self.counters["removed"] += 1

    # -- the rules -----------------------------------------------------
    def apply(self, m):
        t = m["type"]
        c = self.counters
        if t == "A" or t == "F":
            c["adds"] += 1
            if self._add(m["order_ref"], m["locate"], m["side"], m["price"], m["shares"]):
                return m["locate"], None
            return None, None
        if t == "E" or t == "C" or t == "X" or t == "D" or t == "U":
            ref = m["original_order_ref"] if t == "U" else m["order_ref"]
            o = self.orders.get(ref)
            if o is None:
                c["unknown_ref"] += 1
                return None, None
            loc = o.locate
            trade = None
            if t == "E":
                c["executes"] += 1
                trade = Trade("E", loc, o.side, o.price, m["executed_shares"],
                              m["match_number"], "Y")
                self._reduce(o, ref, m["executed_shares"])
            elif t == "C":
                c["executes"] += 1
                trade = Trade("C", loc, o.side, m["execution_price"], m["executed_shares"],
                              m["match_number"], m["printable"])
                self._reduce(o, ref, m["executed_shares"])
            elif t == "X":
                c["cancels"] += 1
                self._reduce(o, ref, m["cancelled_shares"])
            elif t == "D":
                c["deletes"] += 1
                self._delete(o, ref)
            else:
                c["replaces"] += 1
                self._delete(o, ref)
                self._add(m["new_order_ref"], loc, o.side, m["price"], m["shares"])
            if trade is not None:
                c["trades"] += 1
            return loc, trade
        if t == "P":
            c["trades"] += 1
            return None, Trade("P", m["locate"], m["side"], m["price"], m["shares"],
                               m["match_number"], "Y")
        if t == "Q":
            c["trades"] += 1
            return None, Trade("Q", m["locate"], "", m["cross_price"], m["shares"],
                               m["match_number"], "Y")
        return None, None

    # -- queries -------------------------------------------------------
    def tob(self, locate):
        b = self.levels.get((locate, "B"))
        a = self.levels.get((locate, "S"))
        if b is not None and b.prices:
            bp = b.prices[-1]
            bq = b.qty[bp]
        else:
            bp = bq = 0
        if a is not None and a.prices:
            ap = a.prices[0]
            aq = a.qty[ap]
        else:
            ap = aq = 0
        return bp, bq, ap, aq

    def depth(self, locate, side):
        lv = self.levels.get((locate, side))
        if lv is None:
            return []
        ps = reversed(lv.prices) if side == "B" else lv.prices
        return [(p, lv.qty[p]) for p in ps]


_TOB = struct.Struct("<QBBHHHIIIIQQQQ")
_TRADE = struct.Struct("<QBBHHBBIIQQQQQ")


class TobRecord:
    """struct nt_rec_tob (ring.h), with exact 64-bit quantities kept here."""

    __slots__ = ("msg_type", "flags", "locate", "bid_px", "bid_qty", "ask_px", "ask_qty",
                 "itch_ts", "mold_seq", "msg_ordinal", "ingress_ts")

    def __init__(self, msg_type, flags, locate, bid_px, bid_qty, ask_px, ask_qty,
                 itch_ts=0, mold_seq=0, msg_ordinal=0, ingress_ts=0):
        self.msg_type = msg_type
        self.flags = flags
        self.locate = locate
        self.bid_px = bid_px
        self.bid_qty = bid_qty
        self.ask_px = ask_px
        self.ask_qty = ask_qty
        self.itch_ts = itch_ts
        self.mold_seq = mold_seq
        self.msg_ordinal = msg_ordinal
        self.ingress_ts = ingress_ts

    def csv_flags(self):
        f = self.flags
        if self.bid_qty > U32_MAX or self.ask_qty > U32_MAX:
            f |= NT_FLAG_STALE
        return flags_words(f)

    def csv(self):
        return "%d,%d,%d,%d,%d,%d,%s" % (self.msg_ordinal, self.locate, self.bid_px, self.bid_qty,
                                          self.ask_px, self.ask_qty, self.csv_flags())

    def pack(self, seq=0):
        f = self.flags
        bq, aq = self.bid_qty, self.ask_qty
        if bq > U32_MAX:
            bq, f = U32_MAX, f | NT_FLAG_STALE
        if aq > U32_MAX:
            aq, f = U32_MAX, f | NT_FLAG_STALE
        return _TOB.pack(seq, NT_REC_TOB, ord(self.msg_type), f, self.locate, 0,
                         self.bid_px, bq, self.ask_px, aq, self.itch_ts, self.mold_seq,
                         self.msg_ordinal, self.ingress_ts)

    def __repr__(self):
        return "TobRecord(%s)" % self.csv()


class TradeRecord:
    """struct nt_rec_trade (ring.h)."""

    __slots__ = ("msg_type", "flags", "locate", "side", "printable", "price", "shares",
                 "itch_ts", "match_number", "msg_ordinal", "ingress_ts")

    CSV_HEADER = "msg,locate,type,side,price,shares,match,printable,flags"

    def __init__(self, msg_type, flags, locate, side, printable, price, shares,
                 itch_ts=0, match_number=0, msg_ordinal=0, ingress_ts=0):
        self.msg_type = msg_type
        self.flags = flags
        self.locate = locate
        self.side = side
        self.printable = printable
        self.price = price
        self.shares = shares
        self.itch_ts = itch_ts
        self.match_number = match_number
        self.msg_ordinal = msg_ordinal
        self.ingress_ts = ingress_ts

    def csv(self):
        return "%d,%d,%s,%s,%d,%d,%d,%s,%s" % (
            self.msg_ordinal, self.locate, self.msg_type, self.side, self.price, self.shares,
            self.match_number, self.printable, flags_words(self.flags))

    def pack(self, seq=0):
        return _TRADE.pack(seq, NT_REC_TRADE, ord(self.msg_type), self.flags, self.locate,
                           ord(self.side) if self.side else 0, ord(self.printable), self.price, 0,
                           self.shares, self.itch_ts, self.match_number, self.msg_ordinal,
                           self.ingress_ts)

    def __repr__(self):
        return "TradeRecord(%s)" % self.csv()


class FeedEventRecord:
    """struct nt_rec_feed_event (ring.h) for the sequencer's events:
    kind 'gap' -> NT_EVT_GAP, 'session' -> NT_EVT_SESSION,
    'end_of_session' -> NT_EVT_END_OF_SESSION.  msg_ordinal = messages
    delivered before the event."""

    __slots__ = ("event", "flags", "line", "expected_seq", "received_seq", "count", "aux",
                 "msg_ordinal", "ingress_ts")

    KINDS = {"gap": NT_EVT_GAP, "session": NT_EVT_SESSION, "end_of_session": NT_EVT_END_OF_SESSION}

    def __init__(self, event, flags=0, line=0, expected_seq=0, received_seq=0, count=0, aux=0,
                 msg_ordinal=0, ingress_ts=0):
        self.event = event
        self.flags = flags
        self.line = line
        self.expected_seq = expected_seq
        self.received_seq = received_seq
        self.count = count
        self.aux = aux
        self.msg_ordinal = msg_ordinal
        self.ingress_ts = ingress_ts

    @classmethod
    def from_event(cls, ev, msg_ordinal, flags=0):
        return cls(cls.KINDS[ev.kind], flags, ev.line, ev.expected, ev.received, ev.count, 0,
                   msg_ordinal)

    def pack(self, seq=0):
        return _EVENT.pack(seq, NT_REC_FEED_EVENT, self.event, self.flags, 0, self.line, 0,
                           self.expected_seq, self.received_seq, self.count, self.aux,
                           self.msg_ordinal, self.ingress_ts)

    def __repr__(self):
        return "FeedEventRecord(event=%d, expected=%d, received=%d, count=%d, msg=%d)" % (
            self.event, self.expected_seq, self.received_seq, self.count, self.msg_ordinal)


_EVENT = struct.Struct("<QBBHHBBQQQQQQ")
assert _TOB.size == 64 and _TRADE.size == 64 and _EVENT.size == 64
