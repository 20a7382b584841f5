"""Shared cocotb runner for the benches in sim/tb/<module>/ (Icarus, -g2012)."""
import os
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
HDL = os.path.join(ROOT, "hdl")
sys.path.insert(0, os.path.join(ROOT, "sim", "model"))


def run(toplevel, test_module, test_dir, params=None, name=None, testcase=None):
    """Build hdl/*.v with `toplevel` on Icarus, run the cocotb module, fail
    the calling pytest test if any cocotb test failed."""
    from cocotb_tools.runner import get_runner
    sources = sorted(os.path.join(HDL, f) for f in os.listdir(HDL) if f.endswith(".v"))
    build = os.path.join(os.environ.get("NT_BUILD", os.path.join(ROOT, "build")), "hdl-sim",
                         name or toplevel)
    r = get_runner("icarus")
    r.build(sources=sources, hdl_toplevel=toplevel, parameters=params or {}, build_dir=build,
            always=True, timescale=("1ns", "1ps"))
    xml = os.path.join(build, "results.xml")
    if os.path.exists(xml):
        os.remove(xml)
    r.test(hdl_toplevel=toplevel, test_module=test_module, testcase=testcase, build_dir=build,
           test_dir=test_dir, results_xml=xml,
           extra_env={"PYTHONPATH": os.pathsep.join([test_dir, os.path.dirname(os.path.abspath(__file__)),
                                                     os.path.join(ROOT, "sim", "model")])})
    tree = ET.parse(xml)
    cases = list(tree.iter("testcase"))
    fails = [tc.get("name") for tc in cases if tc.find("failure") is not None
             or tc.find("error") is not None]
    assert cases, "no cocotb test ran"
    assert not fails, "failed: %s" % fails
