"""Nanotick reference model: NASDAQ TotalView-ITCH 5.0 over MoldUDP64.

Pure Python 3.11 standard library, written from the NASDAQ specifications;
obviously correct rather than fast.  Every Nanotick engine (HDL, C, Java) is
tested against it.  See docs/reference-model.md.

Modules
    itch        ITCH 5.0 message layouts, decode(), encode()
    mold        MoldUDP64 packets, Sequencer (A/B arbitration, gaps)
    pcap        classic pcap read/write, Ethernet/802.1Q/IPv4/UDP frames
    binaryfile  NASDAQ BinaryFILE framing
    book        full-depth Book, TobRecord / TradeRecord (ring.h records)
    engine      Engine: file -> records; bbo(path)
    gen         seeded stream generator

Command line (from sim/model, or with sim/model on sys.path):
    python -m nanotick_model bbo --in FILE --out OUT.csv [--trades T.csv] [--events E.csv] [--stats]
    python -m nanotick_model gen --seed S --messages N --locates L --out F.itch|F.pcap [...]
"""

from . import binaryfile, book, engine, gen, itch, mold, pcap  # noqa: F401
from .book import Book, TobRecord, TradeRecord  # noqa: F401
from .engine import Engine, bbo, TOB_CSV_HEADER, TRADE_CSV_HEADER  # noqa: F401
from .mold import Sequencer  # noqa: F401

__all__ = ["binaryfile", "book", "engine", "gen", "itch", "mold", "pcap", "Book", "TobRecord",
           "TradeRecord", "Engine", "bbo", "Sequencer", "TOB_CSV_HEADER", "TRADE_CSV_HEADER"]
