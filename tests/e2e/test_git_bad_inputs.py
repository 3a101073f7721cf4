#!/usr/bin/env python3
"""Broken git inputs (issue 17) on the real binary and real git repositories: a corrupt blob, a
corrupt folder (tree object), a missing revision, a shallow clone, a submodule and a blob over
--max-input-size. Each is an error naming the revision and the path, exit 2, and every other
file of the revision is still scanned (its finding reported)."""
import json
import os
import subprocess
import sys
import tempfile
import zlib

from git_fixture import CRON, PDB
from support import run_test_functions

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
ENV = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1", HOME=tempfile.gettempdir())


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True, env=ENV).stdout.strip()


def make_repo(path, files):
    os.makedirs(path)
    git(path, "init", "-q", "-b", "main")
    for name, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(path, name)) or path, exist_ok=True)
        with open(os.path.join(path, name), "w") as f:
            f.write(text)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "manifests")
    return path


def scan(*args):
    r = subprocess.run([BIN, "scan", "--target", "1.25", "--format", "json", *args], capture_output=True,
                       text=True, timeout=120)
    return r, (json.loads(r.stdout) if r.stdout.strip() else None)


def reported(out, path):
    return any(f["file"] == path and f["ruleId"] not in ("GL001", "GL002") for f in out["findings"])


def error_for(out, path):
    return [e for e in out["errors"] if e["file"] == path]


def object_file(repo, oid):
    return os.path.join(repo, ".git", "objects", oid[:2], oid[2:])


def corrupt(repo, oid):
    path = object_file(repo, oid)
    os.chmod(path, 0o644)
    with open(path, "wb") as f:
        f.write(zlib.compress(b"blob 9999\x00not what the header says")[:20])


def test_corrupt_blob_and_folder_are_named_and_the_rest_scanned():
    with tempfile.TemporaryDirectory() as d:
        repo = make_repo(os.path.join(d, "repo"), {"good.yaml": PDB, "bad.yaml": CRON, "folder/inner.yaml": CRON,
                                                  "other/ok.yaml": CRON.replace("nightly", "hourly")})
        corrupt(repo, git(repo, "rev-parse", "HEAD:bad.yaml"))
        corrupt(repo, git(repo, "rev-parse", "HEAD:folder"))
        r, out = scan("--repo", repo, "--rev", "main")
        assert r.returncode == 2, (r.returncode, r.stderr)
        rev = f"'{git(repo, 'rev-parse', 'main')[:12]}'"
        bad = error_for(out, "bad.yaml")
        assert bad and rev in bad[0]["message"] and "corrupt" in bad[0]["message"], out["errors"]
        folder = error_for(out, "folder/")
        assert folder and rev in folder[0]["message"] and "corrupt" in folder[0]["message"], out["errors"]
        assert reported(out, "good.yaml") and reported(out, "other/ok.yaml"), out["findings"]


def test_missing_revision_names_it():
    with tempfile.TemporaryDirectory() as d:
        repo = make_repo(os.path.join(d, "repo"), {"good.yaml": PDB})
        r, _ = scan("--repo", repo, "--rev", "no-such-branch")
        assert r.returncode == 2, r.returncode
        assert "no-such-branch" in r.stderr, r.stderr


def test_shallow_clone_says_history_is_missing():
    with tempfile.TemporaryDirectory() as d:
        repo = make_repo(os.path.join(d, "repo"), {"good.yaml": PDB})
        with open(os.path.join(repo, "more.yaml"), "w") as f:
            f.write(CRON)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "more")
        shallow = os.path.join(d, "shallow")
        subprocess.run(["git", "clone", "-q", "--depth", "1", "file://" + repo, shallow], check=True, env=ENV,
                       capture_output=True)
        r, out = scan("--repo", shallow)
        assert r.returncode == 1 and reported(out, "good.yaml"), (r.returncode, r.stderr)
        r, _ = scan("--repo", shallow, "--rev", "HEAD~1")
        assert r.returncode == 2 and "HEAD~1" in r.stderr and "shallow clone" in r.stderr, r.stderr
        r, _ = scan("--repo", shallow, "--base", "HEAD~1")
        assert r.returncode == 2 and "shallow clone" in r.stderr, r.stderr


def test_submodule_is_named_not_skipped_silently():
    with tempfile.TemporaryDirectory() as d:
        sub = make_repo(os.path.join(d, "sub"), {"inner.yaml": CRON})
        repo = make_repo(os.path.join(d, "repo"), {"good.yaml": PDB})
        git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "vendor/sub")
        git(repo, "commit", "-q", "-m", "submodule")
        r, out = scan("--repo", repo)
        assert r.returncode == 2, (r.returncode, r.stderr)
        err = error_for(out, "vendor/sub/")
        rev = f"'{git(repo, 'rev-parse', 'HEAD')[:12]}'"
        assert err and "submodule" in err[0]["message"] and rev in err[0]["message"], out["errors"]
        assert reported(out, "good.yaml")
        # Excluding the submodule's folder is the documented way to accept it.
        r, out = scan("--repo", repo, "--exclude", "vendor/sub/**")
        assert r.returncode == 1 and not out["errors"], (r.returncode, out["errors"])


def test_blob_over_the_size_limit_is_named_with_its_revision():
    with tempfile.TemporaryDirectory() as d:
        big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n" + "".join(
            f"  k{i}: {'x' * 100}\n" for i in range(20000))
        repo = make_repo(os.path.join(d, "repo"), {"good.yaml": PDB, "big.yaml": big})
        r, out = scan("--repo", repo, "--max-input-size", "1M")
        assert r.returncode == 2, (r.returncode, r.stderr)
        err = error_for(out, "big.yaml")
        rev = f"'{git(repo, 'rev-parse', 'HEAD')[:12]}'"
        assert err and rev in err[0]["message"] and "1 MiB" in err[0]["message"], out["errors"]
        assert reported(out, "good.yaml")
        r, out = scan("--repo", repo, "--max-input-size", "8M")
        assert r.returncode == 1 and not out["errors"], out["errors"]


if __name__ == "__main__":
    if not os.path.exists(BIN):
        print(f"SKIP: {BIN} not built")
        sys.exit(77)
    sys.exit(run_test_functions([
        test_corrupt_blob_and_folder_are_named_and_the_rest_scanned,
        test_missing_revision_names_it,
        test_shallow_clone_says_history_is_missing,
        test_submodule_is_named_not_skipped_silently,
        test_blob_over_the_size_limit_is_named_with_its_revision,
    ]))
