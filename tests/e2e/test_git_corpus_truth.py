#!/usr/bin/env python3
"""Scans every first-parent revision of the two real git histories in ../shared/corpus straight
from the object database (--repo --rev) and compares with the per-commit ground truth
(git/NAME.truth/COMMIT.jsonl): the API findings at 1.25 must equal the truth's removed/deprecated
objects at every commit. Then pull-request mode between each commit and its parent must report
exactly the objects the commit adds (eks-blueprints-workloads: 5cac1ed adds three
networking.k8s.io/v1beta1 Ingresses, 7e7aacb removes them), --changed-only must read only the
files the commit changed, and the repositories must be byte-identical afterwards.
Skips (exit 77) where ../shared is absent."""
import csv
from collections import Counter
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from git_fixture import tree_hash  # noqa: E402

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
ARCHIVE = os.path.join(SRC, "..", "shared", "corpus", "corpus.tar.xz")
TARGET = (1, 25)

passed = 0
failures = []


def check(name, condition, detail=""):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(f"{name}: {str(detail)[:1500]}")


def ver(v):
    return tuple(int(x) for x in v.split("."))


def truth_at(truth_dir, commit):
    """Expected API findings: (file, doc, item, apiVersion, kind, namespace, name, severity)."""
    expected = set()
    for line in open(os.path.join(truth_dir, commit + ".jsonl")):
        row = json.loads(line)
        if "error" in row:
            continue
        severity = None
        if row["removed_in"] and ver(row["removed_in"]) <= TARGET:
            severity = "error"
        elif row["deprecated_in"] and ver(row["deprecated_in"]) <= TARGET:
            severity = "warning"
        if severity:
            expected.add((row["file"], row["doc"], row["item"], row["apiVersion"], row["kind"],
                          row["namespace"] or "", row["name"] or "", severity))
    return expected


def found(report):
    return {(f["file"], f["document"], f["item"], f["apiVersion"], f["kind"], f["namespace"] or "",
             f["name"] or "", f["severity"]) for f in report["findings"] if f["ruleId"] in ("API101", "API102")}


def found_list(report):
    return [(f["file"], f["document"], f["item"], f["apiVersion"], f["kind"], f["namespace"] or "",
             f["name"] or "", f["severity"]) for f in report["findings"] if f["ruleId"] in ("API101", "API102")]


def scan(repo, *args):
    out = subprocess.run([BIN, "scan", "--target", "1.25", "--format", "json", "--repo", repo, *args],
                         capture_output=True, text=True)
    try:
        return out.returncode, json.loads(out.stdout), out.stderr
    except json.JSONDecodeError:
        return out.returncode, None, out.stderr


def identity(k):
    return k[3:7]  # apiVersion, kind, namespace, name: what a fingerprint keeps of an API finding


def parity(tmp):
    """The whole manifest corpus committed to a repository: scanning the commit from the object
    database gives exactly the disk scan's findings and counts (symlinks, a dangling one, UTF-16,
    Helm templates included)."""
    with tarfile.open(ARCHIVE) as tar:
        tar.extractall(tmp, members=[m for m in tar.getmembers() if m.name.startswith("corpus/manifests/")])
    root = os.path.join(tmp, "corpus", "manifests")
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_GLOBAL=os.devnull)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "corpus"]):
        subprocess.run(["git", "-C", root, *args], env=env, check=True, capture_output=True)
    runs = {}
    for label, extra in (("disk", ["."]), ("git", ["--repo", ".", "--rev", "HEAD"])):
        out = subprocess.run([BIN, "scan", "--target", "1.25", "--format", "json", *extra], cwd=root,
                             capture_output=True, text=True)
        runs[label] = (out.returncode, json.loads(out.stdout))
    # Unreadable files are GL002 in both; only the wording differs (a dangling symlink in a tree
    # is named as such, the disk walk reports the failed read).
    key = lambda r: sorted((f["ruleId"], f["file"], f["line"], f["column"], "" if f["ruleId"] == "GL002" else f["message"])
                           for f in r["findings"])
    disk, git_scan = runs["disk"][1], runs["git"][1]
    check("corpus committed: git scan equals disk scan", key(disk) == key(git_scan),
          {"only disk": sorted(set(key(disk)) - set(key(git_scan)))[:5],
           "only git": sorted(set(key(git_scan)) - set(key(disk)))[:5]})
    check("corpus committed: same counts", disk["summary"] == git_scan["summary"], (disk["summary"], git_scan["summary"]))
    check("corpus committed: same exit code", runs["disk"][0] == runs["git"][0], (runs["disk"][0], runs["git"][0]))


def main():
    if not os.path.exists(ARCHIVE):
        print("SKIP: ../shared/corpus is not beside this checkout (a user's clone has none)")
        return 77
    if shutil.which("git") is None:
        print("SKIP: the git command line commits the corpus for the parity check and is not installed")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(ARCHIVE) as tar:
            tar.extractall(tmp, members=[m for m in tar.getmembers() if m.name.startswith("corpus/git/")])
        git_root = os.path.join(tmp, "corpus", "git")
        for name in ("eks-blueprints-workloads", "flux2-kustomize-helm-example"):
            repo = os.path.join(git_root, name)
            truth_dir = os.path.join(git_root, name + ".truth")
            before = tree_hash(repo)
            revisions = list(csv.DictReader(open(os.path.join(git_root, name + ".revisions.tsv")), delimiter="\t"))
            upstream = {r["commit"]: r["upstream"][:7] for r in revisions}
            at = {}
            for rev in revisions:
                commit = rev["commit"]
                code, report, err = scan(repo, "--rev", commit)
                if report is None:
                    check(f"{name}@{upstream[commit]}: scan", False, err)
                    continue
                expected = truth_at(truth_dir, commit)
                got = found(report)
                at[commit] = got
                check(f"{name}@{upstream[commit]}: findings equal the truth", got == expected,
                      {"missing": sorted(expected - got), "extra": sorted(got - expected)})
                check(f"{name}@{upstream[commit]}: object count",
                      report["summary"]["objects"] == int(rev["objects"]) or int(rev["objects"]) == 0,
                      (report["summary"]["objects"], rev["objects"]))
            for rev in revisions:
                commit, parent = rev["commit"], rev["parent"]
                if parent == "-" or commit not in at or parent not in at:
                    continue
                code, report, err = scan(repo, "--rev", commit, "--base", parent)
                if report is None:
                    check(f"{name}@{upstream[commit]}: PR scan", False, err)
                    continue
                # Copies of one object in several folders share a fingerprint: compare as multisets.
                head_ids = Counter(identity(k) for k in at[commit])
                parent_ids = Counter(identity(k) for k in at[parent])
                added = head_ids - parent_ids
                new = Counter(identity(k) for k in found_list(report))
                check(f"{name}@{upstream[commit]}: PR mode reports what the commit adds", new == added,
                      {"new": sorted(new.items()), "expected": sorted(added.items())})
                removed = parent_ids - head_ids
                fixed = Counter((f["apiVersion"], f["kind"], f["namespace"], f["name"])
                                for f in report["comparison"]["fixedFindings"] if f["ruleId"] in ("API101", "API102"))
                check(f"{name}@{upstream[commit]}: PR mode reports what the commit removes", fixed == removed,
                      {"fixed": sorted(fixed.items()), "expected": sorted(removed.items())})
                changed_path = os.path.join(truth_dir, commit + ".changed")
                changed = [l.strip() for l in open(changed_path) if l.strip()] if os.path.exists(changed_path) else []
                code, report, err = scan(repo, "--rev", commit, "--base", parent, "--changed-only")
                manifests = [p for p in changed if p.endswith((".yaml", ".yml", ".json"))]
                check(f"{name}@{upstream[commit]}: --changed-only reads only changed files",
                      report is not None and report["summary"]["files"] <= len(manifests) and
                      Counter(identity(k) for k in found_list(report)) == added,
                      (report and report["summary"]["files"], len(manifests), err))
            if name == "eks-blueprints-workloads":
                by_upstream = {r["upstream"][:7]: r["commit"] for r in revisions}
                adds = by_upstream.get("5cac1ed")
                ingresses = [k for k in at.get(adds, ()) if k[3] == "networking.k8s.io/v1beta1"]
                check("5cac1ed adds three v1beta1 Ingresses", len(ingresses) == 3, ingresses)
                removes = by_upstream.get("7e7aacb")
                if removes:
                    code, report, err = scan(repo, "--rev", removes, "--base", adds)
                    check("7e7aacb fixes them", report is not None and
                          len([f for f in report["comparison"]["fixedFindings"]
                               if f["ruleId"] == "API101" and f["apiVersion"] == "networking.k8s.io/v1beta1"]) == 3, report and report["comparison"])
            check(f"{name}: repository untouched", tree_hash(repo) == before)
        parity(tmp)
    print(f"{passed} passed, {len(failures)} failed")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
