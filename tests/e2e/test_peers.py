#!/usr/bin/env python3
"""The peers' own fixtures (../shared/peers: pluto, kube-no-trouble, kubepug) scanned by
greenlight: it finds at least everything each peer expects (EXPECTED.md in each folder), and every
case where greenlight says something different is listed below with the reason.
Skips (exit 77) where ../shared is absent."""
import json
import os
import subprocess
import sys

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
PEERS = os.path.join(SRC, "..", "shared", "peers")
KNT = "kube-no-trouble/fixtures/"


def scan(paths, target, *extra):
    run = subprocess.run([BIN, "scan", "--target", target, "--format", "json", *extra,
                          *[os.path.join(PEERS, p) for p in paths]], capture_output=True, text=True)
    return run.returncode, json.loads(run.stdout) if run.stdout else {}


def api_rows(report):
    return sorted((f["ruleId"], f["kind"], f["apiVersion"], f["namespace"] or "", f["name"] or "")
                  for f in report.get("findings", []) if f["ruleId"].startswith("API"))


# (paths, target, expected exit, expected API findings (rule, kind, apiVersion, namespace, name),
#  extra flags). A comment on a case explains where greenlight differs from the peer.
CASES = [
    # pluto: pkg/finder testdata and e2e assets.
    (["pluto/pkg/finder/testdata/deployment-extensions-v1beta1.yaml"], "1.25", 1,
     [("API101", "Deployment", "extensions/v1beta1", "yaml-namespace", "utilities")], []),
    (["pluto/pkg/finder/testdata/deployment-extensions-v1beta1.json"], "1.25", 1,
     [("API101", "Deployment", "extensions/v1beta1", "json-namespace", "utilities")], []),
    # Plain text that mentions extensions/v1beta1 is a YAML scalar, not an object: no API finding
    # and no input error (pluto agrees), but an input that gave no object is not "clean": GL008,
    # exit 1 at the default --fail-on (pluto exits 0 here).
    (["pluto/pkg/finder/testdata/other.txt"], "1.25", 1, [], []),
    (["pluto/e2e/tests/assets/deprecated116/deployment-extensions-v1beta1.yaml"], "1.16", 1,
     [("API101", "Deployment", "extensions/v1beta1", "", "utilities")], []),
    # pluto's "--target-versions k8s=v1.8.0 -> no output": extensions/v1beta1 Deployment is
    # deprecated in 1.8 by the k8s.io/api markers our catalog follows (pluto says 1.9), so
    # greenlight warns at 1.8 and is silent at 1.7.
    (["pluto/e2e/tests/assets/deprecated116/deployment-extensions-v1beta1.yaml"], "1.7", 0, [], []),
    (["pluto/e2e/tests/assets/non-deprecated/deployment-apps-v1.yaml"], "1.16", 0, [], []),
    # kind: List with two items at 1.15: exactly the deprecated item, not yet removed.
    (["pluto/e2e/tests/assets/list/list-deployment-deprecated-and-non-deprecated.yaml"], "1.15", 0,
     [("API102", "Deployment", "extensions/v1beta1", "", "utilities")], []),
    (["pluto/e2e/tests/assets/list/list-deployment-non-deprecated.yaml"], "1.25", 0, [], []),
    # The unrendered chart: pluto skips its templates silently; greenlight reports each template
    # document that is not YAML before rendering as GL003 (info) and still catches the literal
    # `apiVersion: extensions/v1beta1` Deployment by the template heuristic (exit 1; its name is
    # templated, so unknown). Rendered through `helm template ... | greenlight scan -`, the same
    # Deployment is caught with its name (below).
    (["pluto/e2e/tests/assets/chart"], "1.25", 1,
     [("API101", "Deployment", "extensions/v1beta1", "", "")], []),
    # pluto's Helm-release Secret (what detect-helm reads from a cluster): greenlight decodes the
    # release record as pluto does (issue 19) and reports the Deployment of its manifest, in the
    # release's namespace.
    (["pluto/e2e/tests/assets/helm3/secret.json"], "1.25", 1,
     [("API101", "Deployment", "extensions/v1beta1", "demo2", "test-helm3chart-v1beta1")], []),
    # kubepug docs: at 1.22 the Ingress is deleted and the PSPs deprecated.
    (["kubepug/test/testdata/manifests/ingress.yaml"], "1.22", 1,
     [("API101", "Ingress", "extensions/v1beta1", "blabla", "bla")], []),
    (["kubepug/test/testdata/manifests/psp1.yaml"], "1.22", 0,
     [("API102", "PodSecurityPolicy", "policy/v1beta1", "", "restrictive"),
      ("API102", "PodSecurityPolicy", "policy/v1beta1", "", "restrictive2")], []),
    # kubepug's EXPECTED.md calls psp2.yaml identical to psp1.yaml; it is not: its second PSP is
    # named restrictive4, and greenlight reports what the file holds.
    (["kubepug/test/testdata/manifests/psp2.yaml"], "1.25", 1,
     [("API101", "PodSecurityPolicy", "policy/v1beta1", "", "restrictive"),
      ("API101", "PodSecurityPolicy", "policy/v1beta1", "", "restrictive4")], []),
    # kubent's custom-resource case: not built in, found with a user catalog (the equivalent of
    # kubent's -a Issuer.v1alpha2.cert-manager.io).
    ([KNT + "issuer-v1alpha2.yaml"], "1.25", 0, [], []),
    ([KNT + "issuer-v1alpha2.yaml"], "1.34", 1,
     [("API101", "Issuer", "cert-manager.io/v1alpha2", "sandbox", "selfsigned-issuer")],
     ["--extra-catalog", os.path.join(SRC, "testdata", "catalog", "extra-crds.yaml")]),
    # kubent's multi-document fixture: both objects, in file order.
    ([KNT + "deployment-v1beta1-and-ingress-v1beta1.yaml"], "1.22", 1,
     [("API101", "Deployment", "apps/v1beta1", "", None), ("API101", "Ingress", "extensions/v1beta1", "", None)], []),
    # kubent's cluster collector reads kubectl.kubernetes.io/last-applied-configuration from live
    # objects; so does greenlight (issue 19): the objects are apps/v1 / networking.k8s.io/v1, their
    # annotations name the removed versions, and those are reported, as kubent reports them.
    ([KNT + "fake-deployment-v1beta1-with-annotation.yaml"], "1.25", 1,
     [("API101", "Deployment", "apps/v1beta1", "default", "nginx-deployment-old")], []),
    ([KNT + "fake-ingress-v1beta1-with-annotation.yaml"], "1.25", 1,
     [("API101", "Ingress", "extensions/v1beta1", "default", "test-ingress")], []),
    # CSI snapshotter CRDs (snapshot.storage.k8s.io/v1beta1) are not built-in APIs; kubent lists
    # them "to be removed in future" without a version. greenlight has them in the example user
    # catalog only.
    ([KNT + "volumesnapshot-v1beta1.yaml"], "1.25", 0, [], []),
    ([KNT + "meow.txt"], "1.25", 1, [], []),  # no object: GL008, as above
]

# Every other kubent fixture holds one built-in deprecated object: at 1.33 each is reported once.


def main():
    if not os.path.isdir(PEERS):
        print("SKIP: ../shared/peers is not beside this checkout (a user's clone has none)")
        return 77
    passed, failed = 0, 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL:", what)

    for paths, target, exit_code, expected, extra in CASES:
        code, report = scan(paths, target, *extra)
        rows = api_rows(report)
        if exit_code is not None:
            check(code == exit_code, f"{paths} at {target}: exit {code}, expected {exit_code}")
        if expected is not None:
            names_known = all(e[4] is not None for e in expected)
            got = rows if names_known else [r[:4] + (None,) for r in rows]
            check(sorted(got, key=str) == sorted(expected, key=str),
                  f"{paths} at {target}: got {rows}, expected {expected}")
    code, report = scan(["pluto/e2e/tests/assets/chart"], "1.25")
    unrendered = [f for f in report["findings"] if f["ruleId"] == "GL003"]
    check(len(unrendered) == 2, f"chart: expected 2 GL003 template documents, got {report['findings']}")
    # The same chart rendered (helm's output for it, as pluto's e2e pipes it) is what scan is for.
    rendered = ("---\n# Source: helm3chart/templates/deployment-deprecated.yaml\n"
                "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: release-name-helm3chart-v1beta1\n"
                "---\n# Source: helm3chart/templates/deployment.yaml\n"
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: release-name-helm3chart\n")
    run = subprocess.run([BIN, "scan", "--target", "1.25", "--format", "json", "-"], input=rendered,
                         capture_output=True, text=True)
    found = json.loads(run.stdout)["findings"]
    check(run.returncode == 1 and len(found) == 1 and found[0]["name"] == "release-name-helm3chart-v1beta1"
          and found[0]["template"] == "helm3chart/templates/deployment-deprecated.yaml",
          f"rendered chart via stdin: {found}")
    special = {"issuer-v1alpha2.yaml", "deployment-v1beta1-and-ingress-v1beta1.yaml",
               "fake-deployment-v1beta1-with-annotation.yaml", "fake-ingress-v1beta1-with-annotation.yaml",
               "fake-deployment-v1beta1-no-annotation.yaml", "fake-deployment-v1beta1-with-kapp-annotation.yaml",
               "volumesnapshot-v1beta1.yaml", "volumesnapshotclass-v1beta1.yaml",
               "volumesnapshotcontent-v1beta1.yaml", "meow.txt", "expected-json-output.json",
               "expected-json-output-labels.json"}
    for name in sorted(os.listdir(os.path.join(PEERS, KNT))):
        if name in special:
            continue
        code, report = scan([KNT + name], "1.33")
        rows = api_rows(report)
        check(len(rows) == 1 and code in (0, 1), f"{name}: expected one finding at 1.33, got {rows} (exit {code})")
    # pluto's inline cases: {} and "foo: bar" are no objects, so nothing was scanned (GL008: exit 1
    # where pluto exits 0, and 0 with --fail-on none); "*." is a parse error (exit 2).
    for text, want in (("{}\n", 1), ("foo: bar\n", 1), ("", 1), ("*.\n", 2)):
        run = subprocess.run([BIN, "scan", "--target", "1.25", "-"], input=text, capture_output=True, text=True)
        check(run.returncode == want, f"stdin {text!r}: exit {run.returncode}, expected {want}")
        if want == 1:
            check("nothing was scanned in standard input" in run.stderr, f"stdin {text!r}: no GL008 warning: {run.stderr}")
            lenient = subprocess.run([BIN, "scan", "--target", "1.25", "--fail-on", "none", "-"], input=text,
                                     capture_output=True, text=True)
            check(lenient.returncode == 0, f"stdin {text!r} --fail-on none: exit {lenient.returncode}, expected 0")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
