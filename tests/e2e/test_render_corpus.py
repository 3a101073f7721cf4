#!/usr/bin/env python3
"""scan --render against the real-repository corpus (../shared/corpus): for every `helm template`
and `kubectl kustomize` output the corpus holds whose source folder it also holds as committed
files, greenlight renders that folder itself and must produce the same objects (apiVersion, kind,
name), with no render error. Two cases differ for reasons the test asserts instead:
- podinfo@9299a2d charts/podinfo: the corpus left out the chart's _helpers.tpl, so helm cannot
  render it: a GL005 naming the chart, and nothing rendered.
- microservices-demo kustomize: the folder also holds kustomizations of its own under tests/,
  which are rendered too: every expected object is there, plus theirs.
- eks-blueprints-workloads@0c7e9e2 teams/team-geordie/dev: the charts ho11y and yelb inside it
  get their values from the Applications the parent chart renders, whose repoURL is not mapped
  here; on their own they fail (two GL005 naming them), and the parent's objects are equal.
Also checks the corpus's Argo CD app-of-apps (eks-blueprints-workloads): Applications that an
app-of-apps chart renders replace that folder's render on its own. Skips (77) where
../shared/corpus, helm or kubectl is missing."""
import collections
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET

from support import Tally

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
ARCHIVE = os.path.join(SRC, "..", "shared", "corpus", "corpus.tar.xz")
HELPERS_DROPPED = ("stefanprodan+podinfo@9299a2d", "charts/podinfo")
NESTED_ROOTS = ("GoogleCloudPlatform+microservices-demo@34ffea9", "kustomize")
VALUES_FROM_PARENT = ("aws-samples+eks-blueprints-workloads@0c7e9e2", "teams/team-geordie/dev")


def scan(folder, target, fmt):
    return subprocess.run([BIN, "scan", "--render", "--quiet", "--target", target, "--format", fmt,
                           "--fail-on", "none", folder], capture_output=True, text=True, timeout=300)


def rendered_objects(folder, target):
    """(apiVersion, kind, name) of every object the scan checked (JUnit: one case per object)."""
    run = scan(folder, target, "junit")
    objects = collections.Counter()
    for case in ET.fromstring(run.stdout).iter("testcase"):
        parts = re.sub(r" \(line \d+\)$", "", case.get("name")).split(" ", 2)
        if len(parts) == 3:  # "apiVersion Kind [namespace/]name"; input problems have no object
            objects[(parts[0], parts[1], parts[2].split("/")[-1])] += 1
    return objects


def truth_by_file(root):
    truth = collections.defaultdict(collections.Counter)
    with open(os.path.join(root, "ground-truth.jsonl")) as f:
        for line in f:
            row = json.loads(line)
            if "apiVersion" in row:
                truth[row["file"]][(row["apiVersion"], row["kind"], row["name"] or "(unnamed)")] += 1
    return truth


def check_rendered_outputs(root, tally):
    truth = truth_by_file(root)
    with open(os.path.join(root, "MANIFEST.tsv")) as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["type"] in ("helm", "kustomize") and r["status"] == "ok"]
    compared = 0
    for row in rows:
        tree = row["repo"].replace("/", "+") + "@" + row["commit"][:7]
        folder = os.path.join(root, "manifests", "raw", tree) if row["source"] == "." else \
            os.path.join(root, "manifests", "raw", tree, row["source"])
        if not os.path.isdir(folder):
            continue  # the corpus holds this output, not its sources
        compared += 1
        version = re.search(r"--kube-version (\d+\.\d+)", row["args"] or "")
        target = version.group(1) if version else "1.29"
        expected = truth[row["output"].removeprefix("manifests/")]
        got = rendered_objects(folder, target)
        report = json.loads(scan(folder, target, "json").stdout)
        failures = [f["message"] for f in report["findings"] if f["ruleId"] == "GL005"]
        what = f"{row['type']} {tree} {row['source']}"
        if (tree, row["source"]) == HELPERS_DROPPED:
            tally.check(len(failures) == 1 and "charts/podinfo" in failures[0] and not got, what, failures)
        elif (tree, row["source"]) == VALUES_FROM_PARENT:
            named = sorted(m.split(":")[0].rsplit("/", 1)[-1] for m in failures)
            tally.check(got == expected and named == ["ho11y", "yelb"], what,
                        f"missing {dict(expected - got)}\nextra {dict(got - expected)}\nfailures {failures}")
        elif (tree, row["source"]) == NESTED_ROOTS:
            nested = [u["unit"] for u in report["renderUnits"] if "/kustomize/tests/" in u["unit"]]
            tally.check(not failures and not (expected - got) and len(nested) == 3, what,
                        f"missing {expected - got}, nested {nested}, failures {failures}")
        else:
            tally.check(got == expected and not failures, what,
                        f"missing {dict(expected - got)}\nextra {dict(got - expected)}\nfailures {failures}")
    tally.check(compared == 41, "outputs compared", compared)


def check_app_of_apps(root, tally):
    repo = os.path.join(root, "git", "eks-blueprints-workloads")
    run = subprocess.run([BIN, "scan", "--render", "--quiet", "--target", "1.30", "--format", "json", "--repo", repo,
                          "--repo-map", f"https://github.com/aws-samples/ssp-eks-workloads={repo}"],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    units = sorted((u["unit"], u["path"]) for u in report["renderUnits"])
    expected = sorted([(f"chart envs/{env}", f"envs/{env}") for env in ("dev", "prod", "test")] +
                      [(f"Application argocd/team-riker (from chart envs/{env})", f"teams/team-riker/{env}")
                       for env in ("dev", "prod", "test")])
    tally.check(units == expected, "app-of-apps units", units)
    remote = [f["message"] for f in report["findings"] if f["ruleId"] == "GL006"]
    tally.check(len(remote) == 1 and "CarmenAPuccio/GeoLocationAPI" in remote[0], "remote source left out", remote)


def main():
    if not os.path.exists(ARCHIVE):
        print("skipped: ../shared/corpus is not beside this checkout (a user's clone has none)")
        return 77
    missing = [tool for tool in ("helm", "kubectl") if shutil.which(tool) is None]
    if missing:
        print(f"skipped: {', '.join(missing)} not on PATH (ci/setup.sh installs helm into .tools/bin)")
        return 77
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(ARCHIVE) as tar:
            tar.extractall(tmp)
        root = os.path.join(tmp, "corpus")
        check_rendered_outputs(root, tally)
        check_app_of_apps(root, tally)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
