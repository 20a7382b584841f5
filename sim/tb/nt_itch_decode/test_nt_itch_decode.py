"""nt_itch_decode: every book, trade and system message type encoded by the
reference model's ITCH codec (written from the spec tables) with random
field values; the decoded fields must equal the model's decode().  Unknown
types and known types of the wrong length decode to OP_NONE; every message
gets the next ordinal."""
import os
import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, ReadOnly

from nanotick_model import itch

MSG_BYTES = 48
OP = {"A": 1, "F": 1, "E": 2, "C": 3, "X": 4, "D": 5, "U": 6, "P": 7, "Q": 8, "S": 9}


def rand_msg(rnd, t):
    kw = dict(locate=rnd.randrange(1 << 16), tracking=rnd.randrange(1 << 16),
              timestamp=rnd.randrange(1 << 48))
    for name, kind in itch.FIELDS[t]:
        if kind in ("u32", "price4"):
            kw[name] = rnd.randrange(1 << 32)
        elif kind == "u64" or kind == "price8":
            kw[name] = rnd.randrange(1 << 64)
        elif kind == "u16":
            kw[name] = rnd.randrange(1 << 16)
        elif kind == "u8":
            kw[name] = rnd.randrange(256)
        elif kind == "c":
            kw[name] = rnd.choice("BSYN")
    return itch.encode(t, **kw)


@cocotb.test()
async def test_types(dut):
    rnd = random.Random(8)
    cocotb.start_soon(Clock(dut.clk, 4, unit="ns").start())
    dut.s_valid.value = 0
    dut.m_ready.value = 1
    dut.rst.value = 1
    await ClockCycles(dut.clk, 3)
    dut.rst.value = 0
    ordinal = 0
    for i in range(600):
        t = rnd.choice(list(OP) + ["R", "H", "B", "I", "N", "L"])
        raw = rand_msg(rnd, t)
        k = rnd.random()
        if k < 0.05:
            raw = raw + b"x"             # wrong length
        elif k < 0.08:
            raw = b"z" + raw[1:]         # unknown type
        await FallingEdge(dut.clk)
        dut.s_valid.value = 1
        dut.s_evt.value = 0
        dut.s_msg.value = int.from_bytes(raw[:MSG_BYTES].ljust(MSG_BYTES, b"\0"), "little")
        dut.s_len.value = len(raw)
        dut.s_mold_seq.value = i
        dut.s_line.value = 0
        dut.s_stamp.value = 0
        await FallingEdge(dut.clk)
        dut.s_valid.value = 0
        await ReadOnly()
        ordinal += 1
        assert int(dut.m_valid.value) == 1
        assert int(dut.m_ordinal.value) == ordinal
        good = chr(raw[0]) in itch.LENGTHS and len(raw) == itch.LENGTHS[chr(raw[0])]
        op = int(dut.m_op.value)
        if not good or chr(raw[0]) not in OP:
            assert op == 0, "type %r len %d: op %d" % (raw[:1], len(raw), op)
            continue
        m = itch.decode(raw)
        assert op == OP[t]
        assert int(dut.m_locate.value) == m["locate"]
        assert int(dut.m_ts.value) == m["timestamp"]
        if t in "AF":
            assert (int(dut.m_ref.value), chr(int(dut.m_side.value)), int(dut.m_shares.value),
                    int(dut.m_price.value)) == (m["order_ref"], m["side"], m["shares"], m["price"])
        elif t == "E":
            assert (int(dut.m_ref.value), int(dut.m_shares.value), int(dut.m_match.value)) == \
                (m["order_ref"], m["executed_shares"], m["match_number"])
        elif t == "C":
            assert (int(dut.m_ref.value), int(dut.m_shares.value), int(dut.m_match.value),
                    chr(int(dut.m_printable.value)), int(dut.m_price.value)) == \
                (m["order_ref"], m["executed_shares"], m["match_number"], m["printable"],
                 m["execution_price"])
        elif t == "X":
            assert (int(dut.m_ref.value), int(dut.m_shares.value)) == (m["order_ref"], m["cancelled_shares"])
        elif t == "D":
            assert int(dut.m_ref.value) == m["order_ref"]
        elif t == "U":
            assert (int(dut.m_ref.value), int(dut.m_ref2.value), int(dut.m_shares.value),
                    int(dut.m_price.value)) == (m["original_order_ref"], m["new_order_ref"],
                                                m["shares"], m["price"])
        elif t == "P":
            assert (int(dut.m_ref.value), chr(int(dut.m_side.value)), int(dut.m_shares.value),
                    int(dut.m_price.value), int(dut.m_match.value)) == \
                (m["order_ref"], m["side"], m["shares"], m["price"], m["match_number"])
        elif t == "Q":
            assert (int(dut.m_shares.value), int(dut.m_price.value), int(dut.m_match.value)) == \
                (m["shares"], m["cross_price"], m["match_number"])
        elif t == "S":
            assert chr(int(dut.m_printable.value)) == m["event_code"]


def test_nt_itch_decode():
    import ntrun
    ntrun.run("nt_itch_decode", "test_nt_itch_decode", os.path.dirname(os.path.abspath(__file__)),
              params={"MSG_BYTES": MSG_BYTES})
