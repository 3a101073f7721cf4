"""Helpers for the git end-to-end tests: a small GitOps repository with history, made with the
git command line (the gtest suite builds its repositories with libgit2), and a tree hash that
proves a scan left the working tree, index and .git untouched."""
import hashlib
import os
import subprocess

PDB = """apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: db
  namespace: data
spec:
  minAvailable: 1
"""
CRON = """apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
  namespace: ops
"""
HPA = """apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
"""
INGRESS = """apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: web
  namespace: shop
"""
SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
"""


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_SYSTEM=os.devnull)
    out = subprocess.run(["git", "-C", repo, *args], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {out.stderr}")
    return out.stdout.strip()


def write(repo, path, text):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


def make_repo(root):
    """main: c1 (tag v1: svc, PDB, CronJob) -> c2 (PDB renamed and shifted, CronJob deleted);
    branch feature from c2 adds an HPA and a v1beta1 Ingress; main then adds a ConfigMap.
    Returns the repo path and the commit ids."""
    repo = os.path.join(root, "repo")
    os.makedirs(repo)
    git(repo, "init", "-q", "-b", "main")
    write(repo, "apps/web/service.yaml", SERVICE)
    write(repo, "apps/db/pdb.yaml", PDB)
    write(repo, "old/cron.yaml", CRON)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "initial")
    git(repo, "tag", "-a", "v1", "-m", "v1")
    c1 = git(repo, "rev-parse", "HEAD")
    os.makedirs(os.path.join(repo, "apps/database"))
    git(repo, "mv", "apps/db/pdb.yaml", "apps/database/pdb.yaml")
    write(repo, "apps/database/pdb.yaml", "# moved\n\n" + PDB)
    git(repo, "rm", "-q", "old/cron.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "move db, drop cron")
    c2 = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-qb", "feature")
    write(repo, "apps/web/hpa.yaml", HPA)
    write(repo, "apps/web/ingress.yaml", INGRESS)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "autoscale web")
    c3 = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "main")
    write(repo, "apps/web/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "settings")
    c4 = git(repo, "rev-parse", "HEAD")
    return repo, {"c1": c1, "c2": c2, "c3": c3, "c4": c4}


def tree_hash(root):
    """Hash of every path, mode and byte under root, .git included."""
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            digest.update(os.path.relpath(path, root).encode() + b"\0")
            if os.path.islink(path):
                digest.update(os.readlink(path).encode())
            else:
                with open(path, "rb") as f:
                    digest.update(f.read())
            digest.update(str(os.lstat(path).st_mode).encode() + b"\0")
    return digest.hexdigest()
