#!/usr/bin/env python3
"""greenlight scan --repo/--rev/--base/--changed-only/--baseline and `greenlight baseline`, run as
a user would against a repository with history (renames, deletions, a branch, an annotated tag, a
bare clone). Asserts findings, new/fixed/unchanged counts, exit codes, and that nothing in the
repository changes."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from git_fixture import git, make_repo, tree_hash  # noqa: E402

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))

passed = 0
failures = []


def check(name, condition, detail=""):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(f"{name}: {detail}")


def scan(*args, cwd=None):
    run = subprocess.run([BIN, "scan", "--target", "1.25", *args], capture_output=True, text=True, cwd=cwd)
    return run


def scan_json(*args, cwd=None):
    run = scan("--format", "json", *args, cwd=cwd)
    try:
        return run.returncode, json.loads(run.stdout), run.stderr
    except json.JSONDecodeError:
        return run.returncode, None, run.stderr + run.stdout


def described(report):
    """The API findings (lint rules evolve separately; their counts are checked by set arithmetic)."""
    return sorted(f'{f["ruleId"]} {f["kind"]} {f["name"]} {f["file"]}:{f["line"]}' for f in report["findings"]
                  if f["ruleId"].startswith("API"))


def expected_counts(repo, head, base):
    """new/fixed/unchanged computed here from two full scans' fingerprints."""
    _, at_head, _ = scan_json("--repo", repo, "--rev", head)
    _, at_base, _ = scan_json("--repo", repo, "--rev", base)
    h = {f["fingerprint"] for f in at_head["findings"]}
    b = {f["fingerprint"] for f in at_base["findings"]}
    return len(h - b), len(b - h), len(h & b)


def main():
    if shutil.which("git") is None:
        print("SKIP: the git command line builds the fixture repository and is not installed")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        repo, c = make_repo(tmp)
        # The working tree differs from every commit; scans of revisions must ignore it.
        with open(os.path.join(repo, "apps/web/service.yaml"), "w") as f:
            f.write("apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: dirty\n")
        before = tree_hash(repo)

        code, report, err = scan_json("--repo", repo, "--rev", "v1")
        check("tag v1 findings", report and described(report) == [
            "API101 CronJob nightly old/cron.yaml:1", "API101 PodDisruptionBudget db apps/db/pdb.yaml:1"],
            report and described(report) or err)
        check("tag v1 exit", code == 1, code)

        code, report, err = scan_json("--repo", repo, "--rev", c["c2"])
        check("c2 findings", report and described(report) == ["API101 PodDisruptionBudget db apps/database/pdb.yaml:3"],
              report and described(report) or err)

        code, report, err = scan_json("--repo", repo, "--rev", "feature", "--base", "main")
        check("PR new findings", report and described(report) == [
            "API101 Ingress web apps/web/ingress.yaml:1", "API102 HorizontalPodAutoscaler web apps/web/hpa.yaml:1"],
            report and described(report) or err)
        comparison = report and report.get("comparison") or {}
        counts = (comparison.get("new"), comparison.get("fixed"), comparison.get("unchanged"))
        check("PR counts", counts == expected_counts(repo, "feature", c["c2"]), (counts, expected_counts(repo, "feature", c["c2"])))
        check("PR counts vs findings", report and comparison.get("new") == len(report["findings"]), comparison)
        check("PR against merge base", c["c2"][:12] in comparison.get("against", ""), comparison)

        code, report, err = scan_json("--repo", repo, "--rev", c["c2"], "--base", "v1")
        comparison = report and report.get("comparison") or {}
        check("rename is not new", report and described(report) == [], report and described(report) or err)
        check("deleted cron is fixed", [f["name"] for f in comparison.get("fixedFindings", [])] == ["nightly"], comparison)
        counts = (comparison.get("new"), comparison.get("fixed"), comparison.get("unchanged"))
        check("fixed counts", counts == expected_counts(repo, c["c2"], "v1"), (counts, expected_counts(repo, c["c2"], "v1")))
        check("no new errors exits 0", code == 0 or any(f["severity"] == "error" for f in report["findings"]), code)

        code, report, err = scan_json("--repo", repo, "--rev", "feature", "--base", "main", "--changed-only")
        check("changed-only scans changed files", report and report["summary"]["files"] == 2,
              report and report["summary"] or err)
        check("changed-only findings", report and described(report) == [
            "API101 Ingress web apps/web/ingress.yaml:1", "API102 HorizontalPodAutoscaler web apps/web/hpa.yaml:1"],
            report and described(report) or err)

        # Text summary states the counts.
        run = scan("--repo", repo, "--rev", "feature", "--base", "main")
        new, fixed, unchanged = expected_counts(repo, "feature", c["c2"])
        check("text summary counts", f"{new} new, {fixed} fixed, {unchanged} unchanged" in run.stdout, run.stdout)

        # Bare clone: same answers.
        bare = os.path.join(tmp, "bare.git")
        subprocess.run(["git", "clone", "-q", "--bare", repo, bare], check=True, capture_output=True)
        code, report, err = scan_json("--repo", bare, "--rev", "v1")
        check("bare clone", report and len(described(report)) == 2, err)
        code, report, err = scan_json("--repo", bare, "--rev", "feature", "--base", "main")
        check("bare clone PR mode", report and len(described(report)) == 2, err)

        # --repo defaults to the current directory when --base is given.
        code, report, err = scan_json("--rev", "feature", "--base", "main", cwd=repo)
        check("--base implies --repo .", report and len(described(report)) == 2, err)

        # Baselines: record main, then the feature branch shows only what it adds.
        baseline = os.path.join(tmp, "out", "baseline.json")
        os.makedirs(os.path.dirname(baseline))
        run = subprocess.run([BIN, "baseline", "--target", "1.25", "--repo", repo, "--rev", "main",
                              "--output", baseline], capture_output=True, text=True)
        check("baseline exit", run.returncode == 0, run.stderr)
        data = json.load(open(baseline)) if os.path.exists(baseline) else {}
        check("baseline entries", [e["name"] for e in data.get("findings", []) if e["ruleId"].startswith("API")] == ["db"], data)
        code, report, err = scan_json("--repo", repo, "--rev", "feature", "--baseline", baseline)
        check("baseline hides", report and described(report) == [
            "API101 Ingress web apps/web/ingress.yaml:1", "API102 HorizontalPodAutoscaler web apps/web/hpa.yaml:1"],
            report and described(report) or err)
        check("baseline counts", report and report["comparison"]["new"] == len(report["findings"]) and
              report["comparison"]["unchanged"] == len(data.get("findings", [])), report and report.get("comparison"))
        code, report, err = scan_json("--repo", repo, "--rev", "v1", "--baseline", baseline)
        check("baseline: cron is new at v1, db unchanged", report and described(report) ==
              ["API101 CronJob nightly old/cron.yaml:1"], report and described(report))
        # A baseline made at v1 sees the cron job fixed at main.
        run = subprocess.run([BIN, "baseline", "--target", "1.25", "--repo", repo, "--rev", "v1",
                              "--output", baseline], capture_output=True, text=True)
        code, report, err = scan_json("--repo", repo, "--rev", "main", "--baseline", baseline)
        check("baseline fixed entries", report and [f["name"] for f in report["comparison"]["fixedFindings"]
                                                     if f["ruleId"].startswith("API")] == ["nightly"],
              report and report.get("comparison"))

        # A baseline kept in the scanned folder is greenlight's data, not a manifest to scan.
        on_disk = os.path.join(tmp, "on-disk")
        os.makedirs(on_disk)
        with open(os.path.join(on_disk, "cron.yaml"), "w") as f:
            f.write("apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: nightly}\n")
        kept = os.path.join(on_disk, ".greenlight-baseline.json")
        run = subprocess.run([BIN, "baseline", "--target", "1.25", "--output", kept, on_disk],
                             capture_output=True, text=True)
        code, report, err = scan_json("--baseline", kept, on_disk)
        check("baseline in the scanned folder is not scanned",
              report and report["summary"]["files"] == 1 and report["comparison"]["unchanged"] >= 1,
              report and (report["summary"], report.get("comparison")))

        # Errors: unknown revision, not a repository, --changed-only without --base.
        run = scan("--repo", repo, "--rev", "no-such-ref")
        check("unknown rev exit 2", run.returncode == 2 and "no-such-ref" in run.stderr, run.stderr)
        run = scan("--repo", tmp, "--rev", "main")
        check("not a repo exit 2", run.returncode == 2 and "cannot open git repository" in run.stderr, run.stderr)
        run = scan("--repo", repo, "--changed-only")
        check("changed-only needs base", run.returncode == 2 and "--changed-only needs --base" in run.stderr, run.stderr)

        # .greenlight.yaml is read from the tree of --rev: target and rule settings apply.
        work2 = os.path.join(tmp, "configured")
        subprocess.run(["git", "clone", "-q", repo, work2], check=True)
        git(work2, "checkout", "-q", "-b", "configured", "origin/feature")
        with open(os.path.join(work2, ".greenlight.yaml"), "w") as f:
            f.write('target: "1.25"\ndisable: [deprecated-api-version]\noverrides:\n'
                    '  - paths: ["apps/database/**"]\n    severity: {API101: warning}\n')
        git(work2, "add", "-A")
        git(work2, "commit", "-qm", "config")
        run = subprocess.run([BIN, "scan", "--repo", work2, "--rev", "configured", "--format", "json"],
                             capture_output=True, text=True)
        report = json.loads(run.stdout) if run.stdout else None
        check("config from the tree: target, disable, per-path severity", report and report["target"] == "1.25" and
              sorted((f["ruleId"], f["name"], f["severity"]) for f in report["findings"] if f["ruleId"].startswith("API")) ==
              [("API101", "db", "warning"), ("API101", "web", "error")], run.stderr or (report and report["findings"]))
        with open(os.path.join(work2, ".greenlight.yaml"), "w") as f:
            f.write('target: "1.25"\ntargett: "1.26"\n')
        git(work2, "commit", "-qam", "typo")
        run = subprocess.run([BIN, "scan", "--repo", work2, "--rev", "configured"], capture_output=True, text=True)
        check("config typo: exit 2 naming key and line", run.returncode == 2 and
              ".greenlight.yaml:2:1: unknown key 'targett'" in run.stderr, run.stderr)

        check("working tree, index and .git unchanged", tree_hash(repo) == before)
        check("HEAD still main", git(repo, "rev-parse", "--abbrev-ref", "HEAD") == "main")
    print(f"{passed} passed, {len(failures)} failed")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
