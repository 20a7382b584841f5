"""NASDAQ BinaryFILE framing: each message is a 2-byte big-endian length
followed by that many bytes of ITCH message.

API
    read_messages(path_or_bytes, counters=None) -> iterator of message bytes
        a length of 0 is skipped and counted 'empty_block'; a length running
        past the end of the file ends reading, counted 'truncated_block'.
    write_messages(path, messages)
    frame(messages) -> bytes
"""

import struct

__all__ = ["read_messages", "write_messages", "frame"]


def read_messages(src, counters=None):
    if isinstance(src, (bytes, bytearray, memoryview)):
        data = bytes(src)
    else:
        with open(src, "rb") as f:
            data = f.read()
    if counters is None:
        counters = {}
    off = 0
    n = len(data)
    while off < n:
        if off + 2 > n:
            counters["truncated_block"] = counters.get("truncated_block", 0) + 1
            return
        ln = (data[off] << 8) | data[off + 1]
        off += 2
        if ln == 0:
            counters["empty_block"] = counters.get("empty_block", 0) + 1
            continue
        if off + ln > n:
            counters["truncated_block"] = counters.get("truncated_block", 0) + 1
            return
        yield data[off:off + ln]
        off += ln


def frame(messages):
    return b"".join(struct.pack(">H", len(m)) + m for m in messages)


def write_messages(path, messages):
    with open(path, "wb") as f:
        for m in messages:
            f.write(struct.pack(">H", len(m)))
            f.write(m)
