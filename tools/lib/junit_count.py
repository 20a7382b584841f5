#!/usr/bin/env python3
"""Count tests in JUnit XML reports (Surefire, pytest --junitxml).

usage: junit_count.py FILE_OR_DIR...   -> prints "passed failed skipped"
A directory is searched for TEST-*.xml and *.xml files.
"""
import os
import sys
import xml.etree.ElementTree as ET


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for dirpath, _, names in os.walk(p):
                for n in names:
                    if n.endswith(".xml") and (n.startswith("TEST-") or "surefire" not in dirpath):
                        yield os.path.join(dirpath, n)
        elif os.path.isfile(p):
            yield p


def main():
    passed = failed = skipped = 0
    for f in files(sys.argv[1:]):
        try:
            root = ET.parse(f).getroot()
        except ET.ParseError:
            failed += 1
            continue
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        for s in suites:
            for case in s.iter("testcase"):
                if case.find("failure") is not None or case.find("error") is not None:
                    failed += 1
                elif case.find("skipped") is not None:
                    skipped += 1
                else:
                    passed += 1
    print(passed, failed, skipped)


if __name__ == "__main__":
    main()
