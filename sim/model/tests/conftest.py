"""Shared test set-up: the model package on sys.path, data locations."""

import os
import shutil
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.dirname(HERE)
ROOT = os.environ.get("NT_ROOT") or os.path.dirname(os.path.dirname(MODEL))
sys.path.insert(0, MODEL)

SHARED = os.path.join(ROOT, "..", "shared", "data")
PCAPS = os.path.join(SHARED, "nasdaq-itch50-pcaps")
BINFILE = os.path.join(SHARED, "nasdaq-binaryfile", "head-of-day-1000.itch")


def need(path):
    if not os.path.exists(path):
        pytest.skip("test data %s not present" % path)
    return path


def need_tshark():
    t = shutil.which("tshark")
    if t is None:
        pytest.skip("tshark not installed")
    return t


@pytest.fixture
def tmp(tmp_path):
    return tmp_path
