#!/usr/bin/env python3
"""`greenlight addons` on the real binary: the fixture of add-ons at versions incompatible with
1.29 (plus inventory files) against its recorded JSON (the documented contract), exit codes, the
table, and errors naming the file. GREENLIGHT_UPDATE_SNAPSHOTS=1 rewrites the expected JSON."""
import json
import os
import subprocess
import sys
import tempfile

from support import run_test_functions

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
FIXTURE = ["--inventory", "testdata/addons/inventory-describe-addon.json",
           "--inventory", "testdata/addons/inventory-list.yaml", "testdata/addons/incompatible-1.29"]
EXPECTED = os.path.join(SRC, "testdata/addons/expected-1.29.json")


def run(*args):
    return subprocess.run([BIN, "addons", *args], capture_output=True, text=True, cwd=SRC)


def test_json_contract():
    r = run("--target", "1.29", "--format", "json", *FIXTURE)
    assert r.returncode == 1, (r.returncode, r.stderr)  # add-ons need upgrades
    if os.environ.get("GREENLIGHT_UPDATE_SNAPSHOTS") == "1":
        with open(EXPECTED, "w", encoding="utf-8") as f:
            f.write(r.stdout)
    with open(EXPECTED, encoding="utf-8") as f:
        assert r.stdout == f.read(), "output differs from testdata/addons/expected-1.29.json"
    doc = json.loads(r.stdout)
    assert doc["schemaVersion"] == 1 and doc["target"] == "1.29"
    by_name = {a["name"]: a for a in doc["addons"]}
    for a in doc["addons"]:
        assert set(a) == {"name", "version", "status", "supported", "recommended", "reason", "source",
                          "locations"}, a
        assert a["status"] in {"ok", "upgrade", "unsupported", "unknown"}
    for name in ["coredns", "kube-proxy", "vpc-cni", "cluster-autoscaler", "karpenter", "cert-manager",
                 "ingress-nginx", "istio"]:
        assert by_name[name]["status"] == "upgrade", (name, by_name[name])
    assert by_name["kube-proxy"]["version"] == "1.25.16-minimal-eksbuild.22"
    assert by_name["kube-proxy"]["recommended"] == "v1.29.11-eksbuild.2"
    assert by_name["vpc-cni"]["locations"] == [{"file": "testdata/addons/inventory-describe-addon.json", "line": 3}]
    assert by_name["aws-ebs-csi-driver"]["version"] is None and by_name["aws-ebs-csi-driver"]["status"] == "unknown"
    assert by_name["eks-pod-identity-agent"]["status"] == "unknown"  # not in the matrix
    assert by_name["metrics-server"]["status"] == "ok"
    # Issue 20: digest-only images are listed, unknown, with the reason (ebs-csi by repository,
    # a renamed mirror of metrics-server by container name).
    assert "cannot be read from a digest" in by_name["aws-ebs-csi-driver"]["reason"], by_name["aws-ebs-csi-driver"]
    digest_rows = [a for a in doc["addons"] if a["name"] == "metrics-server" and a["version"] is None]
    assert len(digest_rows) == 1 and digest_rows[0]["status"] == "unknown", doc["addons"]
    assert "cannot be read from a digest" in digest_rows[0]["reason"], digest_rows[0]


def test_table_and_exit_codes():
    r = run("--target", "1.25", "testdata/gitops-sample/platform")
    assert r.returncode == 1, r.stderr
    assert "cluster-autoscaler" in r.stdout and "upgrade to >= 1.25.0" in r.stdout, r.stdout
    ok = run("--target", "1.25", "testdata/gitops-sample/platform/metrics-server")
    assert ok.returncode == 0 and " ok " in ok.stdout, (ok.returncode, ok.stdout)


def test_scan_reports_incompatible_addons():
    r = subprocess.run([BIN, "scan", "--target", "1.29", "--format", "json", "testdata/addons/incompatible-1.29"],
                       capture_output=True, text=True, cwd=SRC)
    assert r.returncode == 1, (r.returncode, r.stderr)
    findings = json.loads(r.stdout)["findings"]
    add201 = {f["name"] for f in findings if f["ruleId"] == "ADD201"}
    add202 = {f["name"] for f in findings if f["ruleId"] == "ADD202"}
    # Argo CD 2.8 is tested on 1.24 - 1.27 (issue 20: a tested range is the documented one).
    assert add201 == {"coredns", "kube-proxy", "cluster-autoscaler", "karpenter", "cert-manager",
                      "ingress-nginx-controller", "istiod", "argocd-application-controller"}, add201
    # Digest-only images: EBS CSI by repository, metrics-server by container name.
    assert add202 == {"ebs-csi-node", "resource-metrics"}, add202
    digest = [f for f in findings if f["ruleId"] == "ADD202"]
    assert all("cannot be read from a digest" in f["message"] for f in digest), digest


def test_errors_name_the_file():
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "inv.yaml")
        with open(bad, "w") as f:
            f.write("- name: coredns\n  version: latest\n")
        r = run("--target", "1.29", "--inventory", bad)
        assert r.returncode == 2 and "inv.yaml:2" in r.stderr, (r.returncode, r.stderr)
    r = run("--target", "1.29", "--format", "tabel", "testdata/addons")
    assert r.returncode == 2 and "did you mean 'table'" in r.stderr, r.stderr
    r = run("--target", "banana", "testdata/addons")
    assert r.returncode == 2 and "--target" in r.stderr, r.stderr


def main():
    tests = [test_json_contract, test_table_and_exit_codes, test_scan_reports_incompatible_addons,
             test_errors_name_the_file]
    return run_test_functions(tests)


if __name__ == "__main__":
    sys.exit(main())
