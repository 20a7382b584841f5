"""Compare a virtual-card (HDL) top-of-book CSV with the reference model's.

Rule (docs/virtual-card.md): rows the card flags STALE are the only allowed
differences.  Every HDL row not flagged STALE must equal the model's row for
the same (msg, locate) -- values and GAP flag -- and every model row must be
in the HDL CSV unless the card's last row for that locate before it was
STALE (the card stopped trusting that locate's book).  Without STALE rows
this is plain byte equality.  After a STALE row the card may write a row
that ends the STALE interval at a msg without a model row, or a second row
for the same msg (a level-cache refill: hdl/nt_book_engine.v, docs/hdl.md
"Refill"): its values must be the model's top of book as of that msg.

    python csvcmp.py HDL.csv MODEL.csv      exit 0 equal, 1 different
"""
import sys

HEADER = "msg,locate,bid_px,bid_qty,ask_px,ask_qty,flags"


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    if b"\r" in raw:
        raise ValueError("%s: CR in file" % path)
    lines = raw.decode().split("\n")
    if lines[-1] != "":
        raise ValueError("%s: no final LF" % path)
    lines = lines[:-1]
    if not lines or lines[0] != HEADER:
        raise ValueError("%s: bad header %r" % (path, lines[0] if lines else ""))
    rows = []
    for ln in lines[1:]:
        p = ln.split(",")
        if len(p) != 7 or ln != ln.strip():
            raise ValueError("%s: bad row %r" % (path, ln))
        rows.append((int(p[0]), int(p[1]), tuple(int(x) for x in p[2:6]),
                     set(p[6].split("|")) - {""}))
    return rows


def compare(hdl_path, model_path, max_errors=20):
    """Returns (errors, stats)."""
    return compare_rows(read(hdl_path), read(model_path), max_errors)


def compare_rows(hdl, model, max_errors=20):
    """Rows: (msg, locate, values tuple, set of flag words).  Returns (errors, stats)."""
    errors = []
    stats = dict(hdl_rows=len(hdl), model_rows=len(model),
                 stale=sum(1 for r in hdl if "STALE" in r[3]), matched=0)
    mrows = {(r[0], r[1]): r for r in model}
    import bisect
    m_by_loc = {}
    for r in model:
        m_by_loc.setdefault(r[1], []).append(r)
    m_ords = {loc: [r[0] for r in rs] for loc, rs in m_by_loc.items()}
    hkeys = set()
    last = 0
    stale_now = {}
    for r in hdl:
        key = (r[0], r[1])
        if r[0] < last:
            errors.append("hdl msg ordinals go backwards at %s" % (key,))
        last = r[0]
        was_stale = stale_now.get(r[1], False)
        stale_now[r[1]] = "STALE" in r[3]
        if key in hkeys and not was_stale:
            errors.append("hdl has two rows for %s" % (key,))
        hkeys.add(key)
        if "STALE" in r[3]:
            continue
        m = mrows.get(key)
        if was_stale:
            # ends a STALE interval (a refill): the model's values as of this msg
            i = bisect.bisect_right(m_ords.get(r[1], []), r[0])
            want = m_by_loc[r[1]][i - 1][2][:4] if i else (0, 0, 0, 0)
            if r[2][:4] != want:
                errors.append("row %s after STALE: hdl %s model %s" % (key, r[2][:4], want))
            else:
                stats["matched"] += 1
            continue
        if m is None:
            errors.append("hdl row %s %s %s: no model row" % (key, r[2], sorted(r[3])))
        elif m[2] != r[2] or ("GAP" in m[3]) != ("GAP" in r[3]) or "STALE" in m[3]:
            errors.append("row %s: hdl %s %s model %s %s" % (key, r[2], sorted(r[3]), m[2], sorted(m[3])))
        else:
            stats["matched"] += 1
    # model rows the card did not produce
    by_loc = {}
    for r in hdl:
        by_loc.setdefault(r[1], []).append(r)
    import bisect
    ords = {loc: [r[0] for r in rs] for loc, rs in by_loc.items()}
    for m in model:
        key = (m[0], m[1])
        if key in hkeys:
            continue
        rs = by_loc.get(m[1], [])
        i = bisect.bisect_left(ords.get(m[1], []), m[0])
        if i > 0 and "STALE" in rs[i - 1][3]:
            continue
        errors.append("model row %s %s %s missing from the hdl" % (key, m[2], sorted(m[3])))
    return errors[:max_errors] + (["... %d more" % (len(errors) - max_errors)]
                                  if len(errors) > max_errors else []), stats


if __name__ == "__main__":
    errs, st = compare(sys.argv[1], sys.argv[2])
    print(" ".join("%s=%d" % kv for kv in st.items()))
    for e in errs:
        print(e)
    sys.exit(1 if errs else 0)
