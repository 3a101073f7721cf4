#!/usr/bin/env python3
"""End-to-end: `greenlight overlay` through the real binary and the real `kubectl kustomize`.

The kustomize layout of the sample GitOps repo's plain YAML (plus the conversion fixtures of
testdata/overlay) must build with `kubectl kustomize`, and the objects it yields must equal the
objects of the files layout of the same inputs. Also: inputs are never modified, a non-empty
output needs --force, running twice gives identical bytes, --dry-run writes nothing and prints
a unified diff, and a manifest name like ../../x cannot leave the output folder.
Skips (exit 77) when kubectl is not installed.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

from support import Tally

ROOT = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BINARY = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(ROOT, "build", "greenlight")))
SAMPLE = os.path.join(ROOT, "testdata", "gitops-sample")
TARGET = "1.25"

TALLY = Tally()
check = TALLY.check


def run(*args):
    return subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True)


def tree_digest(root):
    digest = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                digest[os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
    return digest


def objects_in_files(root):
    """Every Kubernetes object of every YAML/JSON file under root (Lists expanded)."""
    out = []
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml", ".json")):
                continue
            with open(os.path.join(folder, name)) as f:
                for doc in yaml.safe_load_all(f):
                    out.extend(expand(doc))
    return out


def expand(doc):
    if not isinstance(doc, dict) or "apiVersion" not in doc or "kind" not in doc:
        return []
    if doc["apiVersion"].startswith("kustomize.config.k8s.io/"):
        return []
    if doc["kind"].endswith("List") and isinstance(doc.get("items"), list):
        return [i for item in doc["items"] for i in expand(item)]
    return [doc]


def key(obj):
    meta = obj.get("metadata") or {}
    return (obj["apiVersion"], obj["kind"], meta.get("namespace") or "", meta.get("name") or "")


def inputs(tmp):
    """The sample's plain YAML that kustomize can hold together (no duplicate objects): the
    kustomize base, the platform add-ons that exist once, and the overlay fixtures whose
    objects are unique."""
    chosen = [os.path.join(SAMPLE, "kustomize", "base")]
    for part in ["ingress-nginx", "cert-manager", "metrics-server", "rbac-list.yaml", "priorityclass.json",
                 "namespaces.yaml"]:
        path = os.path.join(SAMPLE, "platform", part)
        if os.path.exists(path):
            chosen.append(path)
    fixtures = os.path.join(tmp, "fixtures")
    for case in ["ingress-extensions", "hpa-v2beta1", "crd-v1beta1", "webhooks-v1beta1", "endpointslice",
                 "same-schema", "cronjob-pdb", "psp"]:
        shutil.copytree(os.path.join(ROOT, "testdata", "overlay", case, "input"), os.path.join(fixtures, case))
    chosen.append(fixtures)
    return chosen


def main():
    if shutil.which("kubectl") is None:
        print("SKIP: kubectl is not installed")
        return 77
    if not os.path.isdir(os.path.join(SAMPLE, "kustomize")):
        print("SKIP: testdata/gitops-sample is not there")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        ins = inputs(tmp)
        before = {p: tree_digest(p) if os.path.isdir(p) else open(p, "rb").read() for p in ins}

        files_out = os.path.join(tmp, "files")
        r = run(BINARY, "overlay", "--target", TARGET, "--out", files_out, *ins)
        check(r.returncode in (0, 1), "files layout runs", r.stdout + r.stderr)
        kust_out = os.path.join(tmp, "kust")
        r = run(BINARY, "overlay", "--target", TARGET, "--out", kust_out, "--layout", "kustomize", *ins)
        check(r.returncode in (0, 1), "kustomize layout runs", r.stdout + r.stderr)
        check("converted CustomResourceDefinition/backups.ops.example.com" in r.stdout, "report names conversions",
              r.stdout)

        built = subprocess.run(["kubectl", "kustomize", os.path.join(kust_out, TARGET)], capture_output=True,
                               text=True)
        check(built.returncode == 0, "kubectl kustomize builds the layout", built.stderr)
        from_kustomize = [o for d in yaml.safe_load_all(built.stdout) for o in expand(d)]
        from_files = objects_in_files(os.path.join(files_out, TARGET))
        k_map = {key(o): o for o in from_kustomize}
        f_map = {key(o): o for o in from_files}
        check(len(k_map) == len(from_kustomize) and len(f_map) == len(from_files), "object ids are unique")
        check(sorted(k_map) == sorted(f_map), "same objects in both layouts",
              f"only kustomize: {sorted(set(k_map) - set(f_map))}\nonly files: {sorted(set(f_map) - set(k_map))}")
        for k in sorted(set(k_map) & set(f_map)):
            check(k_map[k] == f_map[k], f"object {k} is the same in both layouts", f"{k_map[k]}\n!=\n{f_map[k]}")
        check(len(k_map) >= 25, "the comparison covers many objects", str(len(k_map)))
        check(not any(o["kind"] == "PodSecurityPolicy" for o in from_kustomize), "no PodSecurityPolicy is written")

        scan = run(BINARY, "scan", "--target", TARGET, "--format", "json", os.path.join(files_out, TARGET))
        check('"API101"' not in scan.stdout, "the files layout has no removed API at the target", scan.stdout[:2000])

        after = {p: tree_digest(p) if os.path.isdir(p) else open(p, "rb").read() for p in ins}
        check(before == after, "inputs are never modified")

        # A non-empty output needs --force; with it, the same bytes come out again.
        first = tree_digest(files_out)
        r = run(BINARY, "overlay", "--target", TARGET, "--out", files_out, *ins)
        check(r.returncode == 2 and "--force" in r.stderr, "non-empty output refused without --force", r.stderr)
        r = run(BINARY, "overlay", "--target", TARGET, "--out", files_out, "--force", *ins)
        check(r.returncode in (0, 1), "--force overwrites", r.stderr)
        check(tree_digest(files_out) == first, "running twice gives identical output")

        # --dry-run writes nothing and prints a unified diff.
        dry_out = os.path.join(tmp, "dry")
        r = run(BINARY, "overlay", "--target", TARGET, "--out", dry_out, "--dry-run",
                os.path.join(SAMPLE, "kustomize", "base"))
        check(not os.path.exists(dry_out), "--dry-run writes nothing")
        check("+apiVersion: networking.k8s.io/v1\n" in r.stdout and "\n-apiVersion: networking.k8s.io/v1beta1\n"
              in r.stdout and "@@ " in r.stdout, "--dry-run prints a unified diff", r.stdout)

        # The --dry-run diff, applied with patch, turns a copy of the inputs into the overlay.
        if shutil.which("patch"):
            work = os.path.join(tmp, "patched")
            shutil.copytree(os.path.join(SAMPLE, "kustomize", "base"), os.path.join(work, "base"))
            diff = subprocess.run([BINARY, "overlay", "--target", TARGET, "--out", os.path.join(tmp, "unused"),
                                   "--dry-run", "base"], cwd=work, capture_output=True, text=True)
            applied = subprocess.run(["patch", "-p1", "-s"], cwd=work, input=diff.stdout, capture_output=True,
                                     text=True)
            check(applied.returncode == 0, "the --dry-run diff applies with patch -p1", applied.stdout + applied.stderr)
            real = os.path.join(tmp, "real")
            run(BINARY, "overlay", "--target", TARGET, "--out", real, os.path.join(SAMPLE, "kustomize", "base"))
            check(tree_digest(os.path.join(work, "base")) == tree_digest(os.path.join(real, TARGET)),
                  "patched inputs equal the written overlay")

        # An output folder inside an input folder is never read back as input.
        nested_in = os.path.join(tmp, "repo")
        shutil.copytree(os.path.join(SAMPLE, "kustomize", "base"), nested_in)
        for _ in range(2):
            r = run(BINARY, "overlay", "--target", TARGET, "--out", os.path.join(nested_in, "overlays"), "--force",
                    nested_in)
        check(r.returncode == 0 and not os.path.exists(os.path.join(nested_in, "overlays", TARGET, "overlays")),
              "the output folder is not mirrored into itself", r.stdout + r.stderr)

        # Names from manifests cannot leave the output folder.
        evil = os.path.join(tmp, "evil")
        os.makedirs(evil)
        with open(os.path.join(evil, "ing.yaml"), "w") as f:
            f.write("apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: ../../../x\n"
                    "  namespace: ../..\nspec:\n  backend:\n    serviceName: a\n    servicePort: 80\n")
        evil_out = os.path.join(tmp, "nested", "out")
        r = run(BINARY, "overlay", "--target", TARGET, "--out", evil_out, "--layout", "kustomize", evil)
        check(r.returncode == 0, "traversal names are written", r.stdout + r.stderr)
        written = sorted(os.path.relpath(os.path.join(d, n), tmp) for d, _, ns in os.walk(tmp) for n in ns
                         if os.path.getmtime(os.path.join(d, n)) and d.startswith(os.path.join(tmp, "nested")))
        check(written == [os.path.join("nested", "out", TARGET, "converted", "ingress-x.yaml"),
                          os.path.join("nested", "out", TARGET, "kustomization.yaml")],
              "a name like ../../x stays inside the output folder", str(written))
        check(not os.path.exists(os.path.join(tmp, "x")) and not os.path.exists(os.path.join(tmp, "x.yaml")),
              "nothing is written outside the output folder")

        # A bad --layout is a usage error with a suggestion.
        r = run(BINARY, "overlay", "--target", TARGET, "--out", os.path.join(tmp, "bad"), "--layout", "kustomise",
                evil)
        check(r.returncode == 2 and "did you mean 'kustomize'" in r.stderr, "bad --layout", r.stderr)
    return TALLY.finish()


if __name__ == "__main__":
    sys.exit(main())
