#!/usr/bin/env python3
"""The real-repository corpus in ../shared/corpus, scanned at 1.25, agrees with its independent
ground truth: every deprecated/removed object is reported with its file, document, List item,
apiVersion, kind, namespace and name, nothing else is, and every document the truth marks as
unparsable is reported as an input problem (GL001/GL002) or an unrendered template (GL003).
Objects guessed from unrendered Helm templates (unrenderedTemplate: true) are not objects of the
truth; they must lie in documents the truth marks as unparsable, and are counted apart.
Skips (exit 77) where ../shared is absent, as in a user's clone."""
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
ARCHIVE = os.path.join(SRC, "..", "shared", "corpus", "corpus.tar.xz")
TARGETS = ["1.16", "1.22", "1.25", "1.26", "1.33"]


def key(d):
    return (d["file"], d["doc"], d.get("item"), d["apiVersion"], d["kind"],
            d.get("namespace") or "", d.get("name") or "")


def status_at(row, target):
    t = tuple(int(x) for x in target.split("."))
    ver = lambda v: tuple(int(x) for x in v.split("."))
    if row["removed_in"] and ver(row["removed_in"]) <= t:
        return "error"
    if row["deprecated_in"] and ver(row["deprecated_in"]) <= t:
        return "warning"
    return None


def main():
    if not os.path.exists(ARCHIVE):
        print("SKIP: ../shared/corpus is not beside this checkout (a user's clone has none)")
        return 77
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(ARCHIVE) as tar:
            tar.extractall(tmp)
        root = os.path.join(tmp, "corpus")
        truth = [json.loads(l) for l in open(os.path.join(root, "ground-truth.jsonl"))]
        objects = [r for r in truth if "error" not in r]
        errors = {(r["file"], r["doc"]) for r in truth if "error" in r}
        for target in TARGETS:
            run = subprocess.run([BIN, "scan", "--target", target, "--format", "json", "."],
                                 cwd=os.path.join(root, "manifests"), capture_output=True, text=True)
            if run.returncode != 2:
                failures.append(f"{target}: exit {run.returncode}, expected 2 (the corpus has broken files)")
            report = json.loads(run.stdout)
            found = Counter()
            found_problems = set()
            guessed = []
            for f in report["findings"]:
                if f["ruleId"] in ("API101", "API102") and f.get("unrenderedTemplate"):
                    guessed.append((f["file"], f["document"]))
                elif f["ruleId"] in ("API101", "API102"):
                    found[(f["file"], f["document"], f["item"], f["apiVersion"], f["kind"],
                           f["namespace"] or "", f["name"] or "", f["severity"])] += 1
                elif f["ruleId"] in ("GL001", "GL002", "GL003"):
                    found_problems.add((f["file"], f["document"] if f["document"] is not None else 0))
            expected = Counter()
            for r in objects:
                s = status_at(r, target)
                if s:
                    expected[key(r) + (s,)] += 1
            missing = expected - found
            extra = found - expected
            for m in sorted(missing, key=str)[:10]:
                failures.append(f"{target}: missed {m}")
            for e in sorted(extra, key=str)[:10]:
                failures.append(f"{target}: reported but not in truth {e}")
            if found_problems != errors:
                for e in sorted(errors - found_problems)[:10]:
                    failures.append(f"{target}: truth says unparsable, not reported: {e}")
                for e in sorted(found_problems - errors)[:10]:
                    failures.append(f"{target}: reported unparsable, truth parsed it: {e}")
            for g in sorted(set(guessed) - errors)[:10]:
                failures.append(f"{target}: template heuristic reported in a document the truth parsed: {g}")
            if report["summary"]["objects"] != len(objects):
                failures.append(f"{target}: {report['summary']['objects']} objects, truth has {len(objects)}")
            print(f"target {target}: {sum(found.values())} findings, truth {sum(expected.values())}; "
                  f"{len(found_problems)} unparsable documents, truth {len(errors)}; "
                  f"{len(guessed)} findings on objects guessed in unrendered templates")
    for f in failures:
        print("FAIL:", f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
