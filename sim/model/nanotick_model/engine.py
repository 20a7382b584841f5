"""The reference engine: input file -> sequenced ITCH messages -> book ->
top-of-book rows and trade prints.

API
    Engine(on_tob=None, on_trade=None, port=None, line_b_port=None, on_event=None)
        .run(path)                 pcap or BinaryFILE, chosen by the pcap magic
        .run_pcap(path) / .run_binaryfile(path)
        .feed_payload(udp_payload, line=0)   one MoldUDP64 packet
        .feed_message(raw, mold_seq=0, line=0) one ITCH message (delivered)
        .counters()                dict: every counter (frames, drops, sequencer, book, decoder)
        .sequencer, .book, .ordinal
    on_tob(TobRecord) / on_trade(TradeRecord) / on_event(FeedEventRecord) are
    called as records are produced (events: gap, session, end_of_session).
    bbo(path) -> (tob_records, trade_records, counters)  convenience, in memory.
    TOB_CSV_HEADER, write_csv(...)

Rules
    * msg ordinal: 1-based count of ITCH messages delivered to the decoder
      after sequencing (BinaryFILE: every non-empty message of the file),
      including unknown types and known types of the wrong length (those
      are then ignored and counted 'unknown_type' / 'bad_length').
    * after each whole message, if the touched locate's (bid px, bid qty,
      ask px, ask qty) differs from its previous value (initially 0,0,0,0)
      one TobRecord is produced.
    * flags: GAP on every record after the first sequence gap (sticky);
      STALE in the CSV when an aggregate does not fit in u32 (the ring
      record saturates it).
"""

import sys

from . import binaryfile, itch, mold, pcap
from .book import (Book, TobRecord, TradeRecord, FeedEventRecord, NT_FLAG_GAP, NT_FLAG_BID_CHANGED,
                   NT_FLAG_ASK_CHANGED, NT_FLAG_LINE_B)

__all__ = ["Engine", "bbo", "TOB_CSV_HEADER", "TRADE_CSV_HEADER", "detect_format"]

TOB_CSV_HEADER = "msg,locate,bid_px,bid_qty,ask_px,ask_qty,flags"
TRADE_CSV_HEADER = TradeRecord.CSV_HEADER


def detect_format(path):
    """'pcap', 'pcapng' or 'binaryfile' by the first 4 bytes."""
    with open(path, "rb") as f:
        head = f.read(4)
    if pcap.is_pcap(head):
        return "pcap"
    if pcap.is_pcapng(head):
        return "pcapng"
    return "binaryfile"


class Engine:
    def __init__(self, on_tob=None, on_trade=None, port=None, line_b_port=None, on_event=None):
        self.on_tob = on_tob
        self.on_event = on_event
        self.on_trade = on_trade
        self.port = port
        self.line_b_port = line_b_port
        self.book = Book()
        self.sequencer = mold.Sequencer()
        self.ordinal = 0
        self.last = {}
        self.frames = 0
        self.drops = {}
        self.decode = {"unknown_type": 0, "bad_length": 0, "tob_rows": 0, "trade_rows": 0,
                       "binaryfile_empty_block": 0, "binaryfile_truncated": 0,
                       "bad_mold_header": 0}
        self.msg_types = {}

    # -- one ITCH message ---------------------------------------------------
    def feed_message(self, raw, mold_seq=0, line=0):
        self.ordinal += 1
        t = chr(raw[0])
        self.msg_types[t] = self.msg_types.get(t, 0) + 1
        n = itch.LENGTHS.get(t)
        if n is None:
            self.decode["unknown_type"] += 1
            return
        if len(raw) != n:
            self.decode["bad_length"] += 1
            return
        m = itch.decode(raw)
        loc, trade = self.book.apply(m)
        flags = NT_FLAG_GAP if self.sequencer.gap else 0
        if line == 1:
            flags |= NT_FLAG_LINE_B
        if trade is not None:
            self.decode["trade_rows"] += 1
            if self.on_trade is not None:
                self.on_trade(TradeRecord(trade.msg_type, flags, trade.locate, trade.side,
                                          trade.printable, trade.price, trade.shares,
                                          m["timestamp"], trade.match_number, self.ordinal))
        if loc is None:
            return
        cur = self.book.tob(loc)
        prev = self.last.get(loc, (0, 0, 0, 0))
        if cur == prev:
            return
        self.last[loc] = cur
        if cur[0] != prev[0] or cur[1] != prev[1]:
            flags |= NT_FLAG_BID_CHANGED
        if cur[2] != prev[2] or cur[3] != prev[3]:
            flags |= NT_FLAG_ASK_CHANGED
        self.decode["tob_rows"] += 1
        if self.on_tob is not None:
            self.on_tob(TobRecord(t, flags, loc, cur[0], cur[1], cur[2], cur[3],
                                  m["timestamp"], mold_seq, self.ordinal))

    # -- one MoldUDP64 packet ---------------------------------------------
    def feed_payload(self, payload, line=0):
        try:
            pkt = mold.parse_packet(payload)
        except mold.MoldError:
            self.decode["bad_mold_header"] += 1
            return
        n_events = len(self.sequencer.events)
        delivered = self.sequencer.feed(pkt, line)
        if self.on_event is not None:
            for ev in self.sequencer.events[n_events:]:
                f = NT_FLAG_GAP if self.sequencer.gap else 0
                self.on_event(FeedEventRecord.from_event(ev, self.ordinal, f))
        for seq, raw in delivered:
            self.feed_message(raw, seq, line)

    # -- whole inputs -------------------------------------------------------
    def run_pcap(self, path):
        for fr in pcap.read_pcap(path):
            self.frames += 1
            r = pcap.parse_frame(fr.data, fr.orig_len, self.drops, self.port)
            if r is None:
                continue
            payload, dport = r
            line = 1 if (self.line_b_port is not None and dport == self.line_b_port) else 0
            self.feed_payload(payload, line)

    def run_binaryfile(self, path):
        c = {}
        for raw in binaryfile.read_messages(path, c):
            self.feed_message(raw)
        self.decode["binaryfile_empty_block"] += c.get("empty_block", 0)
        self.decode["binaryfile_truncated"] += c.get("truncated_block", 0)

    def run(self, path):
        fmt = detect_format(path)
        if fmt == "pcapng":
            raise pcap.PcapError("%s: pcapng is not supported; convert it: editcap -F pcap IN OUT"
                                 % path)
        if fmt == "pcap":
            self.run_pcap(path)
        else:
            self.run_binaryfile(path)
        return self

    def counters(self):
        out = {"frames": self.frames, "messages": self.ordinal}
        for k in pcap.DROP_CAUSES + pcap.SKIP_CAUSES:
            out["frame." + k] = self.drops.get(k, 0)
        for k, v in self.sequencer.counters.items():
            out["mold." + k] = v
        for k, v in self.decode.items():
            out["decode." + k] = v
        for k, v in self.book.counters.items():
            out["book." + k] = v
        out["book.live_orders"] = len(self.book.orders)
        for k in sorted(self.msg_types):
            name = k if k.isascii() and k.isalnum() else "0x%02x" % ord(k)
            out["type." + name] = self.msg_types[k]
        return out


def bbo(path, port=None):
    """Run the model over a file; returns (tob_records, trade_records, counters)."""
    tobs, trades = [], []
    e = Engine(tobs.append, trades.append, port=port)
    e.run(path)
    return tobs, trades, e.counters()


def write_events(f, events):
    f.write("kind,session,expected,received,count,line\n")
    for ev in events:
        f.write("%s,%s,%d,%d,%d,%d\n" % (ev.kind, ev.session.decode("latin-1").rstrip(),
                                         ev.expected, ev.received, ev.count, ev.line))


def print_counters(counters, f=sys.stderr):
    for k, v in counters.items():
        f.write("%s=%d\n" % (k, v))
