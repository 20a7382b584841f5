"""HDL (virtual card) top-of-book CSV vs the reference model's: the only allowed
differences are rows the HDL flags STALE, and STALE is transient (the card refills
its level cache from the order table in the background and then writes a record
carrying the ordinal of the last message applied: docs/hdl.md, "Refill").
  - every HDL row not flagged STALE is the model's top of book as of its msg;
  - every model row is the HDL's row at that msg, unless the HDL had the locate
    STALE at that point;
  - an HDL row at a msg without a model row only right after a STALE row;
  - flags equal the model row's, unless the row follows a STALE row.
    python cmp_hdl.py MODEL.csv HDL.csv   exit 0 (prints "equal (...)"), 1 (the first differences)
"""
import sys
from bisect import bisect_right
ref = open(sys.argv[1]).read().split("\n")
hdl = open(sys.argv[2]).read().split("\n")
if ref[0] != hdl[0]:
    print("header differs: %r vs %r" % (ref[0], hdl[0])); sys.exit(1)
def rows(lines):
    per = {}
    for line in lines[1:]:
        if line:
            f = line.split(",")
            per.setdefault(f[1], []).append((int(f[0]), ",".join(f[2:6]), f[6] if len(f) > 6 else "", line))
    return per
M, H = rows(ref), rows(hdl)
bad = []
n_cmp = n_stale = 0
stale_end = []
for loc in sorted(set(M) | set(H), key=int):
    m, h = M.get(loc, []), H.get(loc, [])
    m_msg = [r[0] for r in m]
    h_msg = [r[0] for r in h]
    m_at = {r[0]: r for r in m}
    for i, (msg, vals, fl, line) in enumerate(h):
        if "STALE" in fl:
            n_stale += 1
            continue
        k = bisect_right(m_msg, msg)
        want = m[k - 1][1] if k else "0,0,0,0"
        mr = m_at.get(msg)
        if vals != want:
            bad.append("hdl row %s: model top of book %s" % (line, want))
        elif mr is not None and i > 0 and h[i - 1][0] == msg and "STALE" not in h[i - 1][2]:
            bad.append("hdl row %s: a second row for one message" % line)
        elif mr is None and not (i > 0 and "STALE" in h[i - 1][2]):
            bad.append("hdl row %s: no model row at that message and the row before is not STALE" % line)
        elif mr is not None and mr[2] != fl and not (i > 0 and "STALE" in h[i - 1][2]):
            bad.append("hdl row %s: flags differ from the model row %s" % (line, mr[3]))
        n_cmp += 1
        if len(bad) > 5:
            break
    for msg, vals, fl, line in m:
        k = bisect_right(h_msg, msg)
        if k and "STALE" in h[k - 1][2]:
            continue     # the HDL flagged this locate STALE at that point
        if not k or h[k - 1][0] != msg or h[k - 1][1] != vals:
            bad.append("model row %s: the HDL has %s" % (line, h[k - 1][3] if k else "no row"))
        if len(bad) > 5:
            break
    if h and "STALE" in h[-1][2]:
        stale_end.append(loc)
    if len(bad) > 5:
        break
if bad:
    print("; ".join(bad[:5])); sys.exit(1)
print("equal (%d HDL rows compared, %d STALE rows, %d locates STALE at the end)" % (n_cmp, n_stale, len(stale_end)))
