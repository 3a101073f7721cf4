#!/usr/bin/env python3
"""`greenlight report` for the sample GitOps repo from 1.22 to 1.25 (the classic three-hop
blue/green) with a fixed --date, in every format, against testdata/golden/report/. Also checks
the facts the report must state. GREENLIGHT_UPDATE_SNAPSHOTS=1 rewrites the goldens."""
import json
import os
import subprocess
import sys

from support import run_test_functions

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
ARGS = ["report", "--from", "1.22", "--to", "1.25", "--date", "2024-03-01", "testdata/gitops-sample"]
GOLDEN = {"markdown": "gitops-sample-1.22-1.25.md", "json": "gitops-sample-1.22-1.25.json",
          "html": "gitops-sample-1.22-1.25.html"}


def render(fmt):
    r = subprocess.run([BIN, *ARGS, "--format", fmt], capture_output=True, text=True, cwd=SRC)
    assert r.returncode == 0, (fmt, r.returncode, r.stderr)
    return r.stdout


def test_goldens():
    for fmt, name in GOLDEN.items():
        out = render(fmt)
        path = os.path.join(SRC, "testdata/golden/report", name)
        if os.environ.get("GREENLIGHT_UPDATE_SNAPSHOTS") == "1":
            with open(path, "w", encoding="utf-8") as f:
                f.write(out)
        with open(path, encoding="utf-8") as f:
            assert out == f.read(), f"{fmt} output differs from testdata/golden/report/{name}"


def test_facts():
    doc = json.loads(render("json"))
    assert doc["strategy"]["recommendation"] == "blue/green"
    assert [h["to"] for h in doc["hops"]] == ["1.23", "1.24", "1.25"]
    last = doc["hops"][2]["removedApis"]
    assert {(h["kind"], h["apiVersion"]) for h in last} >= {("CronJob", "batch/v1beta1"),
                                                              ("PodDisruptionBudget", "policy/v1beta1")}
    assert all(h["file"] and h["line"] > 0 for h in last)
    cal = {c["version"]: c for c in doc["calendar"]}
    assert cal["1.25"]["daysToEndOfStandardSupport"] == 61 and cal["1.25"]["phase"] == "standard"
    assert cal["1.22"]["phase"] == "extended"
    addons = {a["name"]: a for a in doc["addons"]}
    expected = {"cluster-autoscaler": "upgrade", "cert-manager": "upgrade", "ingress-nginx": "upgrade",
                "aws-load-balancer-controller": "ok", "metrics-server": "ok", "external-dns": "ok"}
    for name, status in expected.items():
        assert addons[name]["status"] == status, (name, addons[name])
    assert addons["cert-manager"]["breaksAt"] == "1.23"
    checklist = " ".join(doc["checklist"])
    for words in ["TTL", "--txt-owner-id", "set", "Weights plan", "Rollback"]:
        assert words in checklist, words


def test_one_clean_hop_is_in_place_and_unknown_versions_are_said():
    r = subprocess.run([BIN, "report", "--from", "1.29", "--to", "1.30", "--date", "2025-01-01", "--format", "json",
                        "testdata/gitops-sample/platform/metrics-server"], capture_output=True, text=True, cwd=SRC)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["strategy"]["recommendation"] == "in-place", doc["strategy"]
    assert all("TTL" not in item for item in doc["checklist"]), doc["checklist"]
    r = subprocess.run([BIN, "report", "--from", "1.34", "--to", "1.36", "--date", "2026-11-23",
                        "testdata/gitops-sample/platform/metrics-server"], capture_output=True, text=True, cwd=SRC)
    assert r.returncode == 0, r.stderr
    assert "| **1.36** | not in the EKS calendar |" in r.stdout, r.stdout


def test_usage_errors():
    for args, text in [(["--from", "1.25", "--to", "1.22"], "newer"), (["--date", "2024-02-30"], "--date"),
                       (["--format", "pdf"], "--format")]:
        r = subprocess.run([BIN, "report", *(["--from", "1.22", "--to", "1.25"] if args[0] != "--from" else []),
                            *args, "testdata/gitops-sample/platform"], capture_output=True, text=True, cwd=SRC)
        assert r.returncode == 2 and text in r.stderr, (args, r.returncode, r.stderr)


def main():
    tests = [test_goldens, test_facts, test_one_clean_hop_is_in_place_and_unknown_versions_are_said,
             test_usage_errors]
    return run_test_functions(tests)


if __name__ == "__main__":
    sys.exit(main())
