"""MoldUDP64 1.00 downstream packets and the Nanotick sequencing rules.

Downstream packet (all integers big-endian):

    Session (10, alpha)  Sequence Number (u64)  Message Count (u16)
    then Message Count blocks of  Message Length (u16) + message bytes

Sequence Number is the number of the first message in the packet.  Count 0 is
a heartbeat (Sequence Number = next expected), count 0xFFFF is End of Session.

API
    HEADER_LEN = 20, HEARTBEAT = 0, END_OF_SESSION = 0xFFFF
    parse_packet(payload) -> MoldPacket or raises MoldError (payload < 20 bytes)
    build_packet(session, seq, messages, count=None) -> bytes
    Sequencer().feed(pkt, line=0) -> [(mold_seq, message_bytes), ...] delivered
        .events   list of Event(kind, session, expected, received, count, line)
        .gap      True once any gap was seen (sticky: offline, no recovery)
        .counters dict of counts (see Sequencer docstring)

Message blocks inside a packet (MoldPacket.blocks, MoldPacket.malformed):
  * a block of length 0 occupies its sequence number, is not a message
    (never delivered) and is counted 'empty_block';
  * a block whose length runs past the end of the payload ends parsing:
    it and every later block of the packet are lost ('truncated_block');
  * fewer complete blocks than Message Count: the missing ones are lost
    (also 'truncated_block'); bytes after Message Count blocks are ignored
    and counted 'trailing_bytes' (the packet is still used).
"""

import struct
from collections import namedtuple

__all__ = ["HEADER_LEN", "HEARTBEAT", "END_OF_SESSION", "MoldError", "MoldPacket",
           "parse_packet", "build_packet", "Sequencer", "Event"]

HEADER_LEN = 20
HEARTBEAT = 0
END_OF_SESSION = 0xFFFF
_HDR = struct.Struct(">10sQH")


class MoldError(ValueError):
    pass


class MoldPacket:
    """session (10 bytes), seq, count, blocks [(index, bytes)], counters found."""

    __slots__ = ("session", "seq", "count", "blocks", "empty_blocks", "lost_blocks",
                 "trailing_bytes")

    def __init__(self, session, seq, count):
        self.session = session
        self.seq = seq
        self.count = count
        self.blocks = []         # [(index in packet, message bytes)], non-empty messages
        self.empty_blocks = 0    # zero-length blocks
        self.lost_blocks = 0     # blocks missing or running past the payload
        self.trailing_bytes = 0  # bytes after the last counted block

    @property
    def is_heartbeat(self):
        return self.count == HEARTBEAT

    @property
    def is_end_of_session(self):
        return self.count == END_OF_SESSION

    def __repr__(self):
        return "MoldPacket(session=%r, seq=%d, count=%d, blocks=%d)" % (
            self.session, self.seq, self.count, len(self.blocks))


def parse_packet(payload):
    """Parse a MoldUDP64 downstream packet (the UDP payload)."""
    if len(payload) < HEADER_LEN:
        raise MoldError("MoldUDP64 packet shorter than its 20-byte header (%d)" % len(payload))
    session, seq, count = _HDR.unpack_from(payload, 0)
    p = MoldPacket(bytes(session), seq, count)
    if count in (HEARTBEAT, END_OF_SESSION):
        p.trailing_bytes = len(payload) - HEADER_LEN
        return p
    off = HEADER_LEN
    end = len(payload)
    for i in range(count):
        if off + 2 > end:
            p.lost_blocks = count - i
            return p
        n = (payload[off] << 8) | payload[off + 1]
        off += 2
        if n == 0:
            p.empty_blocks += 1
            continue
        if off + n > end:
            p.lost_blocks = count - i
            return p
        p.blocks.append((i, bytes(payload[off:off + n])))
        off += n
    p.trailing_bytes = end - off
    return p


def build_packet(session, seq, messages, count=None):
    """Build a downstream packet.  count defaults to len(messages); pass
    HEARTBEAT or END_OF_SESSION (with no messages) for those packets."""
    if isinstance(session, str):
        session = session.encode("ascii")
    if len(session) > 10:
        raise MoldError("session longer than 10 bytes")
    session = session.ljust(10, b" ")
    if count is None:
        count = len(messages)
    out = [_HDR.pack(session, seq, count)]
    for m in messages:
        out.append(struct.pack(">H", len(m)))
        out.append(m)
    return b"".join(out)


Event = namedtuple("Event", "kind session expected received count line")
# kind: 'gap' (expected, received: first missing and the seq that arrived;
#       count = received - expected), 'session' (new session seen),
#       'end_of_session'


class Sequencer:
    """The sequencing rules every Nanotick engine implements.

    Per session:
      * a session id never seen before starts a new session (event 'session');
        its first data packet sets the expected sequence number.  Packets of a
        session seen earlier but no longer current are dropped ('old_session').
      * heartbeat (count 0): nothing delivered, sequencing unchanged
        ('heartbeats').
      * end of session (count 0xFFFF): the session ends (event
        'end_of_session', once); later packets of it are dropped
        ('after_end').
      * seq + count <= expected: duplicate, dropped ('duplicates').
      * seq < expected < seq + count: only messages with seq >= expected are
        delivered ('overlaps'; this is also A/B arbitration: the first copy
        of each sequence number wins).
      * seq > expected: gap event (expected, received=seq), the packet is
        delivered and .gap stays True for the rest of the input ('gaps').
      * expected becomes seq + count (count from the header, even when some
        blocks were malformed: those sequence numbers are lost, not gaps).
    Lines (0 = A, 1 = B) are only recorded in events and counters.
    """

    def __init__(self):
        self.session = None
        self.expected = None
        self.ended = False
        self.seen_sessions = set()
        self.gap = False
        self.events = []
        self.counters = {
            "packets": 0, "heartbeats": 0, "duplicates": 0, "overlaps": 0, "gaps": 0,
            "gap_messages": 0, "old_session": 0, "after_end": 0, "sessions": 0,
            "end_of_session": 0, "delivered": 0, "empty_block": 0, "truncated_block": 0,
            "trailing_bytes": 0,
        }

    def feed(self, pkt, line=0):
        """Sequence one packet; returns the delivered [(mold_seq, bytes)]."""
        c = self.counters
        c["packets"] += 1
        if pkt.session != self.session:
            if pkt.session in self.seen_sessions:
                c["old_session"] += 1
                return []
            self.seen_sessions.add(pkt.session)
            self.session = pkt.session
            self.expected = None
            self.ended = False
            c["sessions"] += 1
            self.events.append(Event("session", pkt.session, 0, pkt.seq, 0, line))
        if self.ended:
            c["after_end"] += 1
            return []
        if pkt.count == HEARTBEAT:
            c["heartbeats"] += 1
            return []
        if pkt.count == END_OF_SESSION:
            self.ended = True
            c["end_of_session"] += 1
            self.events.append(Event("end_of_session", pkt.session, self.expected or 0,
                                     pkt.seq, 0, line))
            return []
        if self.expected is None:
            self.expected = pkt.seq
        end = pkt.seq + pkt.count
        if end <= self.expected:
            c["duplicates"] += 1
            return []
        if pkt.seq > self.expected:
            c["gaps"] += 1
            c["gap_messages"] += pkt.seq - self.expected
            self.gap = True
            self.events.append(Event("gap", pkt.session, self.expected, pkt.seq,
                                     pkt.seq - self.expected, line))
        elif pkt.seq < self.expected:
            c["overlaps"] += 1
        first = self.expected
        self.expected = end
        c["empty_block"] += pkt.empty_blocks
        c["truncated_block"] += pkt.lost_blocks
        if pkt.trailing_bytes:
            c["trailing_bytes"] += 1
        out = [(pkt.seq + i, m) for i, m in pkt.blocks if pkt.seq + i >= first]
        c["delivered"] += len(out)
        return out
