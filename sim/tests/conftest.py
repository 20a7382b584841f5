"""Fixtures for the virtual-card end-to-end tests (sim/tests).

The card is sim/build/vcard (built by sim/vcard/build.sh on first use); the
oracle is the Python reference model (sim/model); the consumer is the
Foundation's Panama ring reader (java/ring) driven by
sim/tests/java/VcardRingReader.java.
"""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("NT_ROOT") or os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "sim", "model"))
sys.path.insert(0, HERE)

VCARD = os.path.join(ROOT, "sim", "build", "vcard")
DATA = os.path.join(ROOT, "..", "shared", "data")


@pytest.fixture(scope="session")
def vcard(tmp_path_factory):
    """The card binary, built if needed, copied for this session (a rebuild
    by someone else meanwhile cannot change it under the tests)."""
    r = subprocess.run(["bash", os.path.join(ROOT, "sim", "vcard", "build.sh")],
                       capture_output=True, text=True)
    assert r.returncode == 0, "virtual card build failed:\n" + r.stderr[-3000:]
    copy = os.path.join(str(tmp_path_factory.mktemp("vcard")), "vcard")
    shutil.copy2(VCARD, copy)
    return copy


def _jdk():
    r = subprocess.run(["bash", "-c", "source %s/tools/lib/common.sh; nt_find_jdk" % ROOT],
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


@pytest.fixture(scope="session")
def java_reader(tmp_path_factory):
    """argv prefix running VcardRingReader (RING OUT.txt appended by the caller).
    The Foundation's reader (java/ring/src/main/java, no dependencies beyond
    the JDK) is compiled with javac into this session's own directory, so a
    concurrent Maven build of java/ring/target cannot pull classes away from
    under a running test."""
    jdk = _jdk()
    if not jdk:
        pytest.skip("no JDK 25")
    srcs = []
    for d, _, names in os.walk(os.path.join(ROOT, "java", "ring", "src", "main", "java")):
        srcs += [os.path.join(d, n) for n in names if n.endswith(".java")]
    assert srcs, "java/ring sources not found"
    out = str(tmp_path_factory.mktemp("reader"))
    r = subprocess.run([os.path.join(jdk, "bin", "javac"), "-nowarn", "-d", out] + sorted(srcs) +
                       [os.path.join(HERE, "java", "VcardRingReader.java")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    flags = subprocess.run(["bash", "-c", "source %s/tools/lib/common.sh; nt_jvm_flags" % ROOT],
                           capture_output=True, text=True).stdout.split()
    return [os.path.join(jdk, "bin", "java")] + flags + ["-cp", out, "VcardRingReader"]


class ShmPaths:
    """Unique /dev/shm names for one test; removed afterwards."""

    def __init__(self, tag):
        self.tag = tag
        self.paths = []
        self.dir = "/dev/shm"

    def __call__(self, name):
        p = "%s/nt-vcard-test-%d-%s-%s" % (self.dir, os.getpid(), self.tag, name)
        self.paths.append(p)
        if os.path.exists(p):
            os.unlink(p)
        return p

    def cleanup(self):
        for p in self.paths:
            for q in (p,):
                if os.path.exists(q):
                    os.unlink(q)


@pytest.fixture
def shm(request):
    s = ShmPaths(request.node.name.replace("[", "_").replace("]", "").replace("/", "_")[:40])
    yield s
    s.cleanup()


def run(argv, timeout=600, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kw)


def stats(stderr):
    """name=value lines of vcard --stats."""
    out = {}
    for ln in stderr.splitlines():
        if "=" in ln and " " not in ln:
            k, v = ln.split("=", 1)
            try:
                out[k] = int(v)
            except ValueError:
                pass
    return out


def gen(tmp, name, *args):
    """Generated stream via the model's CLI; returns the path."""
    path = os.path.join(str(tmp), name)
    r = run([sys.executable, "-m", "nanotick_model", "gen", "--out", path] + [str(a) for a in args],
            cwd=os.path.join(ROOT, "sim", "model"))
    assert r.returncode == 0, r.stderr
    return path


def model_csv(tmp, path, name, *args):
    out = os.path.join(str(tmp), name)
    r = run([sys.executable, "-m", "nanotick_model", "bbo", "--in", path, "--out", out] + list(args),
            cwd=os.path.join(ROOT, "sim", "model"))
    assert r.returncode == 0, r.stderr
    return out
