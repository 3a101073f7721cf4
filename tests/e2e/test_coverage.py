#!/usr/bin/env python3
"""Nothing skipped silently (issue 14): every file under the inputs ends in exactly one
disposition; the same tree gives the same findings and coverage however it is named (".", "./",
"sub/..", relative from elsewhere, absolute, through a symlink, --repo . --rev HEAD); an input
that gave no object fails the scan (GL008); upper-case extensions and symlinked folders are said
(GL007). The invariant is checked on every tree of ../shared/corpus (disk and git modes) and on
testdata. Needs helm and kubectl for the --render cases (skips them, saying why, without);
skips the corpus part where ../shared is absent."""
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from support import run_test_functions  # noqa: E402

SRC = os.path.abspath(os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd()))
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
ARCHIVE = os.path.join(SRC, "..", "shared", "corpus", "corpus.tar.xz")
FIXTURE = os.path.join(SRC, "testdata", "coverage", "chart-in-subfolder")
ENV = dict(os.environ, PATH=os.path.join(SRC, ".tools", "bin") + os.pathsep + os.environ.get("PATH", ""))
HAVE_TOOLS = all(shutil.which(t, path=ENV["PATH"]) for t in ("helm", "kubectl"))
DISPOSITIONS = {"scanned", "rendered", "not-manifest", "excluded", "skipped"}


def scan(args, cwd=SRC):
    run = subprocess.run([BIN, "scan", "--target", "1.25", "--format", "json", "--explain-coverage", "-q"] + args,
                         cwd=cwd, capture_output=True, text=True, env=ENV)
    report = json.loads(run.stdout) if run.stdout.strip() else {}
    return run.returncode, report, run.stderr


def explained(stderr):
    """The --explain-coverage lines: {path: (disposition, detail)}; asserts one line per file."""
    files = {}
    for line in stderr.splitlines():
        if not line.startswith("  "):
            continue
        parts = line.strip().split("\t")
        assert parts[0] in DISPOSITIONS, f"unknown disposition in {line!r}"
        assert parts[1] not in files, f"{parts[1]} accounted for twice"
        files[parts[1]] = (parts[0], parts[2] if len(parts) > 2 else "")
    return files


def relative(path, root):
    root = root.rstrip("/")
    if root in ("", "."):
        return path
    return path[len(root) + 1:] if path.startswith(root + "/") else path


def normalised(report, root):
    """Findings and coverage with file names relative to the scanned root."""
    prefix = "" if root.rstrip("/") in ("", ".") else root.rstrip("/") + "/"
    findings = sorted((f["ruleId"], relative(f["file"], root), f["line"], f["kind"], f.get("name") or "",
                       (f.get("renderUnit") or "").replace(" " + prefix, " ") if prefix else f.get("renderUnit") or "")
                      for f in report["findings"])
    coverage = {k: v for k, v in report["coverage"].items() if k != "notScanned"}
    not_scanned = sorted((relative(e["file"], root), e["disposition"]) for e in report["coverage"]["notScanned"])
    return findings, coverage, not_scanned


def files_on_disk(root):
    count = 0
    for folder, dirs, names in os.walk(root):
        if ".git" in dirs:
            dirs.remove(".git")
        count += len(names) + sum(1 for d in dirs if os.path.islink(os.path.join(folder, d)))
    return count


def check_invariant(report, stderr, expected_files, what):
    coverage = report["coverage"]
    files = explained(stderr)
    assert coverage["files"] == expected_files == len(files), \
        f"{what}: coverage {coverage['files']}, explained {len(files)}, on disk {expected_files}"
    parts = sum(coverage[k] for k in ("scanned", "rendered", "notManifests", "excluded", "skipped"))
    assert parts == coverage["files"], f"{what}: dispositions add up to {parts}, not {coverage['files']}"
    listed = {e["file"] for e in coverage["notScanned"]}
    others = {p for p, (d, _) in files.items() if d not in ("scanned", "rendered")}
    assert listed == others, f"{what}: JSON notScanned differs from --explain-coverage: {listed ^ others}"


def git_copy(source, into):
    shutil.copytree(source, into, symlinks=True)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "fixture"]):
        subprocess.run(["git"] + args, cwd=into, check=True, capture_output=True)


def test_every_name_of_the_tree_gives_the_same_findings():
    if not HAVE_TOOLS:
        print("  skipped: helm or kubectl not on PATH (ci/setup.sh installs helm into .tools/bin)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        link = os.path.join(tmp, "through-link")
        os.symlink(FIXTURE, link)
        repo = os.path.join(tmp, "repo")
        git_copy(FIXTURE, repo)
        rel_fixture = os.path.relpath(FIXTURE, SRC)
        forms = [
            ("dot", FIXTURE, ["."], "."),
            ("dot-slash", FIXTURE, ["./"], "."),
            ("sub-dot-dot", FIXTURE, ["apps/.."], "."),
            ("relative from elsewhere", SRC, [rel_fixture], rel_fixture),
            ("absolute", "/", [FIXTURE], FIXTURE),
            ("through a symlink", tmp, ["through-link"], "through-link"),
            ("--repo . --rev HEAD", repo, ["--repo", ".", "--rev", "HEAD"], "."),
        ]
        results = {}
        for name, cwd, args, root in forms:
            code, report, stderr = scan(["--render"] + args, cwd=cwd)
            assert code == 1, f"{name}: exit {code}, expected 1 (removed APIs)\n{stderr}"
            check_invariant(report, stderr, files_on_disk(FIXTURE), name)
            results[name] = normalised(report, root)
        first_name, first = next(iter(results.items()))
        rules = {(f[0], f[1]) for f in first[0]}
        assert ("API101", "apps/mychart/templates/cronjob.yaml") in rules, first[0]
        assert ("API101", "plain/ingress.yaml") in rules, first[0]
        assert first[1]["rendered"] == 5 and first[1]["renderUnits"] == 1, first[1]
        for name, got in results.items():
            assert got == first, f"{name} differs from {first_name}:\n{got}\n{first}"


def test_nothing_scanned_is_not_clean():
    folder = os.path.join(SRC, "testdata", "coverage", "no-manifests")
    code, report, stderr = scan([folder])
    assert code == 1, f"exit {code}, expected 1"
    assert [f["ruleId"] for f in report["findings"]] == ["GL008"], report["findings"]
    assert "warning: nothing was scanned in" in stderr, stderr
    check_invariant(report, stderr, 2, "no-manifests")
    code, _, _ = scan(["--fail-on", "none", folder])
    assert code == 0, f"--fail-on none: exit {code}"
    # Everything excluded is nothing scanned too.
    code, report, _ = scan(["--exclude", "**", FIXTURE])
    assert code == 1 and "GL008" in {f["ruleId"] for f in report["findings"]}, report["findings"]
    assert report["coverage"]["excluded"] == report["coverage"]["files"] == files_on_disk(FIXTURE)


def test_skipped_files_are_said():
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(FIXTURE, os.path.join(tmp, "tree"))
        tree = os.path.join(tmp, "tree")
        shutil.copy(os.path.join(tree, "plain", "ingress.yaml"), os.path.join(tree, "plain", "LOUD.YAML"))
        os.symlink(os.path.join(tree, "plain"), os.path.join(tree, "linked-folder"))
        code, report, stderr = scan([tree])
        skipped = sorted(f["file"] for f in report["findings"] if f["ruleId"] == "GL007")
        assert skipped == [tree + "/linked-folder", tree + "/plain/LOUD.YAML"], report["findings"]
        files = explained(stderr)
        assert files[tree + "/plain/LOUD.YAML"][0] == "skipped", files
        assert files[tree + "/apps/mychart/templates/cronjob.yaml"][0] == "scanned", files  # GL003 heuristic
        assert files[tree + "/apps/mychart/Chart.yaml"][0] == "not-manifest", files
        check_invariant(report, stderr, files_on_disk(tree), "skipped")


def test_invariant_on_testdata_disk_and_git():
    for name in ("gitops-sample", "render/per-version", "render/failing", "bad-input", "coverage"):
        folder = os.path.join(SRC, "testdata", name)
        code, report, stderr = scan([folder])
        check_invariant(report, stderr, files_on_disk(folder), f"testdata/{name}")
    if HAVE_TOOLS:
        folder = os.path.join(SRC, "testdata", "gitops-sample")
        _, report, stderr = scan(["--render", folder])
        check_invariant(report, stderr, files_on_disk(folder), "gitops-sample --render")
        assert report["coverage"]["rendered"] > 0, report["coverage"]
        # Skipped only: the chart variant for Kubernetes 1.22 when rendering for 1.25 (GL006 says so).
        skipped = [e["file"] for e in report["coverage"]["notScanned"] if e["disposition"] == "skipped"]
        assert skipped and all("/charts/catalog-api-1.22/" in f for f in skipped), skipped
        assert any(f["ruleId"] == "GL006" and "catalog-api-1.22" in f["message"] for f in report["findings"])
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "sample")
        git_copy(os.path.join(SRC, "testdata", "gitops-sample"), repo)
        _, report, stderr = scan(["--repo", repo, "--rev", "HEAD"])
        check_invariant(report, stderr, files_on_disk(repo), "gitops-sample at HEAD")


def test_invariant_on_the_corpus_disk_and_git():
    if not os.path.exists(ARCHIVE):
        print(f"  skipped: {ARCHIVE} not found")
        return
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(ARCHIVE) as tar:
            tar.extractall(tmp, members=[m for m in tar.getmembers()
                                         if m.name.startswith(("corpus/manifests/raw/", "corpus/git/"))])
        raw = os.path.join(tmp, "corpus", "manifests", "raw")
        trees = sorted(os.listdir(raw))
        assert len(trees) >= 10, trees
        for tree in trees:
            folder = os.path.join(raw, tree)
            _, report, stderr = scan([folder])
            check_invariant(report, stderr, files_on_disk(folder), tree)
            assert report["coverage"]["scanned"] > 0, f"{tree}: nothing scanned"
        git_root = os.path.join(tmp, "corpus", "git")
        for name in sorted(os.listdir(git_root)):
            repo = os.path.join(git_root, name)
            if not os.path.isdir(os.path.join(repo, ".git")):
                continue
            _, report, stderr = scan(["--repo", repo, "--rev", "HEAD"])
            tracked = subprocess.run(["git", "ls-tree", "-r", "--name-only", "HEAD"], cwd=repo,
                                     capture_output=True, text=True, check=True).stdout.split()
            check_invariant(report, stderr, len(tracked), f"git {name}")
            # The work tree at HEAD is the same content: the same findings and coverage.
            _, on_disk, _ = scan([repo])
            assert normalised(on_disk, repo) == normalised(report, "."), f"git {name}: disk and git differ"


if __name__ == "__main__":
    sys.exit(run_test_functions([
        test_every_name_of_the_tree_gives_the_same_findings,
        test_nothing_scanned_is_not_clean,
        test_skipped_files_are_said,
        test_invariant_on_testdata_disk_and_git,
        test_invariant_on_the_corpus_disk_and_git,
    ]))
