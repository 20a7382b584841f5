"""The command line: tools/nanotick.d/bbo and gen, python -m nanotick_model."""

import hashlib
import os
import subprocess
import sys

from conftest import MODEL, ROOT

BBO = os.path.join(ROOT, "tools", "nanotick.d", "bbo")
GEN = os.path.join(ROOT, "tools", "nanotick.d", "gen")


def sh(*args):
    env = dict(os.environ, PYTHONPATH=MODEL)
    return subprocess.run(["bash"] + list(args), capture_output=True, text=True, env=env)


def test_bbo_model_end_to_end(tmp):
    itch_path = tmp / "s.itch"
    r = sh(GEN, "--seed", "5", "--messages", "3000", "--locates", "4", "--out", str(itch_path))
    assert r.returncode == 0, r.stderr
    out, tr, ev = tmp / "o.csv", tmp / "t.csv", tmp / "e.csv"
    r = sh(BBO, "--engine", "model", "--in", str(itch_path), "--out", str(out),
           "--trades", str(tr), "--events", str(ev), "--stats")
    assert r.returncode == 0, r.stderr
    assert "messages=3000" in r.stderr.splitlines()
    raw = out.read_bytes()
    assert raw.startswith(b"msg,locate,bid_px,bid_qty,ask_px,ask_qty,flags\n")
    assert b"\r" not in raw and b" " not in raw and raw.endswith(b"\n")
    lines = raw.decode().splitlines()
    assert len(lines) > 100 and all(len(x.split(",")) == 7 for x in lines)
    assert tr.read_text().startswith("msg,locate,type,side,price,shares,match,printable,flags\n")
    assert ev.read_text() == "kind,session,expected,received,count,line\n"


def test_bbo_errors(tmp):
    r = sh(BBO, "--engine", "model", "--in", str(tmp / "missing.pcap"), "--out", str(tmp / "o"))
    assert r.returncode == 2 and "does not exist" in r.stderr
    r = sh(BBO, "--engine", "nosuch", "--in", BBO, "--out", str(tmp / "o"))
    assert r.returncode == 2 and "unknown engine" in r.stderr
    r = sh(BBO, "--in", BBO, "--out", str(tmp / "o"))
    assert r.returncode == 2 and "--engine" in r.stderr
    png = tmp / "x.pcapng"
    png.write_bytes(b"\x0a\x0d\x0d\x0a" + bytes(40))
    r = sh(BBO, "--engine", "model", "--in", str(png), "--out", str(tmp / "o"))
    assert r.returncode == 2 and "pcapng" in r.stderr


def test_gen_is_deterministic(tmp):
    digests = []
    for i, seed in enumerate(("9", "9", "10")):
        p = tmp / ("g%d.pcap" % i)
        r = sh(GEN, "--seed", seed, "--messages", "2000", "--locates", "3", "--out", str(p),
               "--ab", "--loss-a", "0.1", "--loss-b", "0.1", "--hostile")
        assert r.returncode == 0, r.stderr
        digests.append(hashlib.sha256(p.read_bytes()).hexdigest())
    assert digests[0] == digests[1] != digests[2]


def test_python_m_help():
    r = subprocess.run([sys.executable, "-m", "nanotick_model", "--help"], capture_output=True,
                       text=True, cwd=MODEL)
    assert r.returncode == 0 and "bbo" in r.stdout
