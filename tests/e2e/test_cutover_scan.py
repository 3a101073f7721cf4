#!/usr/bin/env python3
"""`greenlight scan --blue B --green G` runs the cross-cluster cutover checks (CUT5xx) next to the
per-object ones: each CUT50N fires on its bad pair of clusters and on no good pair, with rule
metadata in SARIF, and half a pair is a usage error."""
import json
import os
import subprocess
import sys

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
LINT = os.path.join(SRC, "testdata", "cutover", "lint")


def scan(case, kind, fmt="json"):
    d = os.path.join(LINT, case, kind)
    return subprocess.run([BIN, "scan", "--target", "1.25", "--format", fmt,
                           "--blue", os.path.join(d, "blue.yaml"), "--green", os.path.join(d, "green.yaml")],
                          capture_output=True, text=True)


def main():
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        passed, failed = passed + ok, failed + (not ok)
        if not ok:
            print("FAIL:", what)

    cases = sorted(os.listdir(LINT))
    check(len(cases) >= 7, f"expected the 7 CUT50N fixtures, found {cases}")
    for case in cases:
        for kind in ("bad", "good"):
            run = scan(case, kind)
            cut = sorted({f["ruleId"] for f in json.loads(run.stdout)["findings"] if f["ruleId"].startswith("CUT")})
            if kind == "bad":
                check(cut == [case], f"{case}/bad: CUT findings {cut}")
            else:
                check(cut == [], f"{case}/good: CUT findings {cut}")
    sarif = json.loads(scan("CUT501", "bad", "sarif").stdout)
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    check("CUT501" in rules, f"SARIF rules lack CUT501: {sorted(rules)}")
    half = subprocess.run([BIN, "scan", "--target", "1.25", "--blue", os.path.join(LINT, "CUT501", "bad", "blue.yaml"),
                           os.path.join(LINT, "CUT501", "bad")], capture_output=True, text=True)
    check(half.returncode == 2 and "give both --blue and --green" in half.stderr,
          f"--blue alone: exit {half.returncode}, {half.stderr!r}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
