#!/usr/bin/env python3
"""Generates the ITCH 5.0 message flyweights (src/main/java/io/nanotick/itch/*Message.java)
from the field tables of the NASDAQ TotalView-ITCH 5.0 specification.

    python3 java/itch/codegen/gen_messages.py     (rewrites the sources; commit the result)

Field kinds: c1 = 1-byte alpha/char, u16, u32, ts48 = 6-byte timestamp, u64,
a4/a8 = space-padded alpha (4 or 8 bytes), p4 = Price(4) (u32), p8 = Price(8) (u64).
Every message starts with type(1) stockLocate(2) trackingNumber(2) timestamp(6).
"""
import os

MSGS = [
    # type, class name, spec name, fields after the common 11-byte header
    ('S', 'SystemEvent', 'System Event', [('eventCode', 'c1')]),
    ('R', 'StockDirectory', 'Stock Directory', [
        ('stock', 'a8'), ('marketCategory', 'c1'), ('financialStatusIndicator', 'c1'),
        ('roundLotSize', 'u32'), ('roundLotsOnly', 'c1'), ('issueClassification', 'c1'),
        ('issueSubType', 'a2'), ('authenticity', 'c1'), ('shortSaleThresholdIndicator', 'c1'),
        ('ipoFlag', 'c1'), ('luldReferencePriceTier', 'c1'), ('etpFlag', 'c1'),
        ('etpLeverageFactor', 'u32'), ('inverseIndicator', 'c1')]),
    ('H', 'StockTradingAction', 'Stock Trading Action', [
        ('stock', 'a8'), ('tradingState', 'c1'), ('reserved', 'c1'), ('reason', 'a4')]),
    ('Y', 'RegShoRestriction', 'Reg SHO Short Sale Price Test Restricted Indicator', [
        ('stock', 'a8'), ('regShoAction', 'c1')]),
    ('L', 'MarketParticipantPosition', 'Market Participant Position', [
        ('mpid', 'a4'), ('stock', 'a8'), ('primaryMarketMaker', 'c1'), ('marketMakerMode', 'c1'),
        ('marketParticipantState', 'c1')]),
    ('V', 'MwcbDeclineLevel', 'MWCB Decline Level', [
        ('level1', 'p8'), ('level2', 'p8'), ('level3', 'p8')]),
    ('W', 'MwcbStatus', 'MWCB Status', [('breachedLevel', 'c1')]),
    ('K', 'IpoQuotingPeriodUpdate', 'IPO Quoting Period Update', [
        ('stock', 'a8'), ('ipoQuotationReleaseTime', 'u32'), ('ipoQuotationReleaseQualifier', 'c1'),
        ('ipoPrice', 'p4')]),
    ('J', 'LuldAuctionCollar', 'LULD Auction Collar', [
        ('stock', 'a8'), ('auctionCollarReferencePrice', 'p4'), ('upperAuctionCollarPrice', 'p4'),
        ('lowerAuctionCollarPrice', 'p4'), ('auctionCollarExtension', 'u32')]),
    ('h', 'OperationalHalt', 'Operational Halt', [
        ('stock', 'a8'), ('marketCode', 'c1'), ('operationalHaltAction', 'c1')]),
    ('A', 'AddOrder', 'Add Order (no MPID attribution)', [
        ('orderReferenceNumber', 'u64'), ('buySellIndicator', 'c1'), ('shares', 'u32'),
        ('stock', 'a8'), ('price', 'p4')]),
    ('F', 'AddOrderMpid', 'Add Order with MPID Attribution', [
        ('orderReferenceNumber', 'u64'), ('buySellIndicator', 'c1'), ('shares', 'u32'),
        ('stock', 'a8'), ('price', 'p4'), ('attribution', 'a4')]),
    ('E', 'OrderExecuted', 'Order Executed', [
        ('orderReferenceNumber', 'u64'), ('executedShares', 'u32'), ('matchNumber', 'u64')]),
    ('C', 'OrderExecutedWithPrice', 'Order Executed With Price', [
        ('orderReferenceNumber', 'u64'), ('executedShares', 'u32'), ('matchNumber', 'u64'),
        ('printable', 'c1'), ('executionPrice', 'p4')]),
    ('X', 'OrderCancel', 'Order Cancel', [
        ('orderReferenceNumber', 'u64'), ('cancelledShares', 'u32')]),
    ('D', 'OrderDelete', 'Order Delete', [('orderReferenceNumber', 'u64')]),
    ('U', 'OrderReplace', 'Order Replace', [
        ('originalOrderReferenceNumber', 'u64'), ('newOrderReferenceNumber', 'u64'),
        ('shares', 'u32'), ('price', 'p4')]),
    ('P', 'Trade', 'Trade (non-cross)', [
        ('orderReferenceNumber', 'u64'), ('buySellIndicator', 'c1'), ('shares', 'u32'),
        ('stock', 'a8'), ('price', 'p4'), ('matchNumber', 'u64')]),
    ('Q', 'CrossTrade', 'Cross Trade', [
        ('shares', 'u64'), ('stock', 'a8'), ('crossPrice', 'p4'), ('matchNumber', 'u64'),
        ('crossType', 'c1')]),
    ('B', 'BrokenTrade', 'Broken Trade / Order Execution', [('matchNumber', 'u64')]),
    ('I', 'Noii', 'Net Order Imbalance Indicator (NOII)', [
        ('pairedShares', 'u64'), ('imbalanceShares', 'u64'), ('imbalanceDirection', 'c1'),
        ('stock', 'a8'), ('farPrice', 'p4'), ('nearPrice', 'p4'), ('currentReferencePrice', 'p4'),
        ('crossType', 'c1'), ('priceVariationIndicator', 'c1')]),
    ('N', 'RetailPriceImprovementIndicator', 'Retail Price Improvement Indicator (RPII)', [
        ('stock', 'a8'), ('interestFlag', 'c1')]),
    ('O', 'DirectListingPriceDiscovery', 'Direct Listing with Capital Raising Price Discovery', [
        ('stock', 'a8'), ('openEligibilityStatus', 'c1'), ('minimumAllowablePrice', 'p4'),
        ('maximumAllowablePrice', 'p4'), ('nearExecutionPrice', 'p4'), ('nearExecutionTime', 'u64'),
        ('lowerPriceRangeCollar', 'p4'), ('upperPriceRangeCollar', 'p4')]),
]

SIZE = {'c1': 1, 'u16': 2, 'u32': 4, 'ts48': 6, 'u64': 8, 'a2': 2, 'a4': 4, 'a8': 8, 'p4': 4, 'p8': 8}
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'main', 'java', 'io', 'nanotick', 'itch')


def accessors(name, kind, off):
    c = name[0].upper() + name[1:]
    const = ''.join('_' + ch if ch.isupper() else ch.upper() for ch in name).lstrip('_')
    if name[0].isdigit():
        const = name.upper()
    const = const.replace('LEVEL1', 'LEVEL_1').replace('LEVEL2', 'LEVEL_2').replace('LEVEL3', 'LEVEL_3')
    o = f'    public static final int {const}_OFFSET = {off};\n\n'
    if kind == 'c1':
        o += (f'    public byte {name}() {{ return buffer.getByte(offset + {off}); }}\n\n'
              f'    public {{cls}} {name}(final byte value) {{ mutable.putByte(offset + {off}, value); return this; }}\n\n')
    elif kind in ('u32', 'p4'):
        o += (f'    /** Unsigned 32-bit{" price, 4 implied decimals" if kind == "p4" else ""}. */\n'
              f'    public long {name}() {{ return buffer.getInt(offset + {off}, BIG_ENDIAN) & 0xFFFF_FFFFL; }}\n\n'
              f'    public {{cls}} {name}(final long value) {{ mutable.putInt(offset + {off}, (int)value, BIG_ENDIAN); return this; }}\n\n')
    elif kind in ('u64', 'p8'):
        o += (f'    /** Unsigned 64-bit{" price, 8 implied decimals" if kind == "p8" else ""} (compare with Long.compareUnsigned). */\n'
              f'    public long {name}() {{ return buffer.getLong(offset + {off}, BIG_ENDIAN); }}\n\n'
              f'    public {{cls}} {name}(final long value) {{ mutable.putLong(offset + {off}, value, BIG_ENDIAN); return this; }}\n\n')
    elif kind in ('a2', 'a4', 'a8'):
        n = SIZE[kind]
        o += (f'    /** Raw alpha bytes, big-endian packed (zero-allocation compare key). */\n'
              f'    public long {name}Raw() {{ return Itch.getAlphaRaw(buffer, offset + {off}, {n}); }}\n\n'
              f'    public {{cls}} {name}Raw(final long value) {{ Itch.putAlphaRaw(mutable, offset + {off}, {n}, value); return this; }}\n\n'
              f'    /** Alpha field with trailing spaces removed (allocates: not for hot paths). */\n'
              f'    public String {name}() {{ return Itch.getAlpha(buffer, offset + {off}, {n}); }}\n\n'
              f'    /** Writes {n} ASCII bytes, space padded on the right (longer values are cut). */\n'
              f'    public {{cls}} {name}(final CharSequence value) {{ Itch.putAlpha(mutable, offset + {off}, {n}, value); return this; }}\n\n')
    else:
        raise ValueError(kind)
    return o


def gen(t, cls, spec, fields):
    off = 11
    body = ''
    for name, kind in fields:
        body += accessors(name, kind, off).replace('{cls}', cls + 'Message')
        off += SIZE[kind]
    length = off
    tc = f"'{t}'"
    src = f'''/* Generated by java/itch/codegen/gen_messages.py from the ITCH 5.0 specification: do not edit. */
package io.nanotick.itch;

import static java.nio.ByteOrder.BIG_ENDIAN;

/**
 * ITCH 5.0 "{spec}" message (type {tc}, {length} bytes): zero-allocation flyweight.
 */
public final class {cls}Message extends ItchMessage
{{
    public static final byte TYPE = {tc};
    public static final int LENGTH = {length};

    @Override
    public byte type() {{ return TYPE; }}

    @Override
    public int length() {{ return LENGTH; }}

    /** Wraps {{@code buffer}} at {{@code offset}}, writes the message type and returns this, for encoding. */
    public {cls}Message wrapForEncode(final org.agrona.MutableDirectBuffer buffer, final int offset)
    {{
        wrap(buffer, offset);
        buffer.putByte(offset, TYPE);
        return this;
    }}

    public {cls}Message stockLocate(final int value) {{ putStockLocate(value); return this; }}

    public {cls}Message trackingNumber(final int value) {{ putTrackingNumber(value); return this; }}

    public {cls}Message timestamp(final long value) {{ putTimestamp(value); return this; }}

{body.rstrip()}
}}
'''
    with open(os.path.join(OUT, cls + 'Message.java'), 'w') as f:
        f.write(src)
    return length


lens = {}
for t, cls, spec, fields in MSGS:
    lens[t] = (cls, gen(t, cls, spec, fields))
for t, (cls, n) in lens.items():
    print(t, cls, n)
