#!/usr/bin/env python3
"""greenlight parity end to end: the blue/green fixture compared between two git revisions of one
repository (DIR@REV, read with libgit2) gives the same differences as the folders on disk; the
overlay of the blue side (greenlight overlay) compared with blue shows no differences, only
permitted conversions; and the overlay compared with green reports exactly what blue vs green
reports (the conversion is transparent to parity)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from git_fixture import git, tree_hash  # noqa: E402
from support import run_test_functions  # noqa: E402

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
BLUE = os.path.join(SRC, "testdata/parity/blue")
GREEN = os.path.join(SRC, "testdata/parity/green")
CONFIG = os.path.join(SRC, "testdata/parity/greenlight.yaml")


def parity(*args, cwd=None):
    run = subprocess.run([BIN, "parity", "--format", "json", *args], capture_output=True, text=True,
                         cwd=cwd or SRC)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"not JSON (exit {run.returncode}): {run.stdout}\n{run.stderr}")
    return run.returncode, report


def described(report):
    """What a difference says, without where the files sit."""
    return sorted((d["ruleId"], d["kind"], d["namespace"], d["name"], d["field"],
                   (d["blue"] or {}).get("value"), (d["green"] or {}).get("value"))
                  for d in report["differences"])


def planted(report):
    return sorted((d["ruleId"], d["kind"], d["name"]) for d in report["differences"])


EXPECTED = sorted([
    ("PAR601", "Deployment", "billing-api"),
    ("PAR601", "Service", "billing-api"),
    ("PAR602", "ConfigMap", "karpenter-global-settings"),
    ("PAR603", "Deployment", "shop-web"),
    ("PAR604", "Deployment", "shop-worker"),
    ("PAR612", "Service", "shop-web"),
])


def test_folders_report_exactly_the_planted_differences():
    code, report = parity("--blue", BLUE, "--green", GREEN, "--config", CONFIG)
    assert code == 1, f"exit {code}"
    assert planted(report) == EXPECTED, planted(report)
    assert report["summary"]["permitted"]["convertedObjects"] == 4, report["summary"]
    assert report["summary"]["permitted"]["ignored"] == 1, report["summary"]


def copy_side(side, repo):
    target = os.path.join(repo, "cluster")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(side, target)


def test_two_git_revisions_compare_like_the_folders():
    if shutil.which("git") is None:
        print("skip: git not installed")
        return
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "gitops")
        os.makedirs(repo)
        git(repo, "init", "-q", "-b", "main")
        copy_side(BLUE, repo)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "blue: the 1.22 cluster")
        blue_rev = git(repo, "rev-parse", "HEAD")
        copy_side(GREEN, repo)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "green: the 1.25 cluster")
        git(repo, "tag", "green")
        before = tree_hash(repo)
        code, from_git = parity("--blue", f"{repo}@{blue_rev[:10]}", "--green", f"{repo}@green",
                                "--config", CONFIG)
        _, from_disk = parity("--blue", BLUE, "--green", GREEN, "--config", CONFIG)
        assert code == 1, f"exit {code}"
        assert described(from_git) == described(from_disk), (described(from_git), described(from_disk))
        files = {d["blue"]["file"] for d in from_git["differences"] if d["blue"]}
        assert all(f.startswith(blue_rev[:10] + ":cluster/") for f in files), files
        image = next(d for d in from_git["differences"] if d["ruleId"] == "PAR603")
        assert image["green"]["file"] == "green:cluster/apps/shop/deployment.yaml", image["green"]
        assert image["green"]["line"] == 23, image["green"]
        assert tree_hash(repo) == before, "parity changed the repository"
        # A folder inside the work tree names the repository around it and limits the listing.
        code, from_folder = parity("--blue", f"{repo}/cluster@{blue_rev[:10]}", "--green",
                                   f"{repo}/cluster/apps@green", "--config", CONFIG)
        assert code == 1, f"exit {code}"
        extra = {(d["ruleId"], d["name"]) for d in from_folder["differences"]} - \
            {(d["ruleId"], d["name"]) for d in from_disk["differences"]}
        assert extra == {("PAR601", "external-dns")}, extra  # platform/ is outside cluster/apps
        code, same = parity("--blue", f"{repo}@green", "--green", f"{repo}@HEAD")
        assert code == 0 and same["differences"] == [], same["differences"]
        bad = subprocess.run([BIN, "parity", "--blue", f"{repo}@no-such-rev", "--green", f"{repo}@HEAD"],
                             capture_output=True, text=True)
        assert bad.returncode == 2, f"a missing revision exits {bad.returncode}"
        assert "--blue: cannot resolve revision 'no-such-rev'" in bad.stderr, bad.stderr


def overlay_of_blue(tmp):
    run = subprocess.run([BIN, "overlay", "--target", "1.25", "--out", tmp, BLUE], capture_output=True,
                         text=True)
    assert run.returncode in (0, 1), f"overlay exit {run.returncode}: {run.stderr}"
    out = os.path.join(tmp, "1.25")
    assert os.path.isdir(out), run.stdout
    return out


def test_overlay_of_blue_differs_from_blue_only_by_permitted_conversions():
    with tempfile.TemporaryDirectory() as tmp:
        overlay = overlay_of_blue(tmp)
        code, report = parity("--blue", BLUE, "--green", overlay, "--target", "1.25")
        assert code == 0, f"exit {code}"
        assert report["differences"] == [], described(report)
        assert report["summary"]["matched"] == report["blue"]["objects"] == 11, report["summary"]
        assert report["blue"]["convertedObjects"] == 4, report["blue"]
        assert report["green"]["convertedObjects"] == 0, report["green"]


def test_overlay_of_blue_against_green_reports_what_blue_does():
    with tempfile.TemporaryDirectory() as tmp:
        overlay = overlay_of_blue(tmp)
        _, from_overlay = parity("--blue", overlay, "--green", GREEN, "--config", CONFIG)
        _, from_blue = parity("--blue", BLUE, "--green", GREEN, "--config", CONFIG)
        assert described(from_overlay) == described(from_blue), described(from_overlay)


def test_fail_on_and_output_file():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "parity.md")
        run = subprocess.run([BIN, "parity", "--blue", BLUE, "--green", GREEN, "--config", CONFIG,
                              "--format", "markdown", "--output", out, "--fail-on", "none"],
                             capture_output=True, text=True, cwd=SRC)
        assert run.returncode == 0 and run.stdout == "", (run.returncode, run.stdout)
        with open(out) as f:
            text = f.read()
        assert "| 🔴 error | `PAR601` missing-on-green |" in text, text


if __name__ == "__main__":
    sys.exit(run_test_functions([
        test_folders_report_exactly_the_planted_differences,
        test_two_git_revisions_compare_like_the_folders,
        test_overlay_of_blue_differs_from_blue_only_by_permitted_conversions,
        test_overlay_of_blue_against_green_reports_what_blue_does,
        test_fail_on_and_output_file,
    ]))
