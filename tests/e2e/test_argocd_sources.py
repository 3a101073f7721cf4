#!/usr/bin/env python3
"""Every source kind an Argo CD Application can have, in every position (issue 14, items 3-4):
testdata/argocd-sources (see its README) is copied into a git repository whose remotes are
origin and a mirror, then scanned with --render from disk and as --repo DIR --rev HEAD. Each
removed API must be reported once, naming the Application that deploys it (renderUnit for
charts and kustomizations, application for directory sources) and the namespace Argo CD would
apply it in; repoURLs spelt as ssh, scp-like, upper-case host or trailing '/' are the same
repository; other repositories and Helm repositories are GL006, never silent. Needs helm and
kubectl (skips, saying why, without them)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from support import run_test_functions  # noqa: E402

SRC = os.path.abspath(os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd()))
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
FIXTURE = os.path.join(SRC, "testdata", "argocd-sources")
ENV = dict(os.environ, PATH=os.path.join(SRC, ".tools", "bin") + os.pathsep + os.environ.get("PATH", ""),
           GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@example.com")
HAVE_TOOLS = all(shutil.which(t, path=ENV["PATH"]) for t in ("helm", "kubectl"))

# file (relative to the repository), kind, name -> (rule, namespace, deployed by, how)
EXPECTED = {
    ("workloads/dir/cronjob.yaml", "CronJob", "nightly-report"): ("team-a", "Application argocd/dir-app", "application"),
    ("workloads/dir/nested/pdb.yaml", "PodDisruptionBudget", "api"): ("team-a", "Application argocd/dir-app", "application"),
    ("workloads/kust/cronjob.yaml", "CronJob", "cleanup"): ("team-b", "Application argocd/kust-app", "renderUnit"),
    ("charts/web/templates/pdb.yaml", "PodDisruptionBudget", "web"): ("web", "Application argocd/helm-app", "renderUnit"),
    ("workloads/multi-kust/hpa.yaml", "HorizontalPodAutoscaler", "worker"): ("team-c", "Application argocd/multi-app", "renderUnit"),
    ("workloads/multi-dir/csidriver.yaml", "CSIDriver", "example.csi.k8s.io"): ("", "Application argocd/multi-app", "application"),
    ("workloads/set/alpha/cronjob.yaml", "CronJob", "alpha-sync"): ("alpha", "Application argocd/set-alpha (from ApplicationSet argocd/per-folder)", "application"),
    ("workloads/set/beta/cronjob.yaml", "CronJob", "beta-sync"): ("beta", "Application argocd/set-beta (from ApplicationSet argocd/per-folder)", "application"),
    ("workloads/from-chart/ingress.yaml", "Ingress", "from-chart"): ("from-chart", "Application argocd/from-chart (from Application argocd/child-apps)", "application"),
    ("workloads/mirror/ingress.yaml", "Ingress", "mirrored"): ("mirror", "Application argocd/mirror-app", "application"),
    # excluded by dir-app's directory.exclude: a plain file of the tree, no Application
    ("workloads/dir/skip/old.yaml", "Ingress", "old"): ("", "", None),
}


def git(repo, *args):
    subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, env=ENV)


def make_repo(tmp):
    repo = os.path.join(tmp, "platform-gitops")
    shutil.copytree(FIXTURE, repo)
    git(repo, "init", "-q")
    git(repo, "remote", "add", "origin", "https://github.com/example/platform-gitops.git")
    git(repo, "remote", "add", "mirror", "https://gitlab.example.com/mirror/platform-gitops.git")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "fixture")
    return repo


def scan(args, cwd):
    run = subprocess.run([BIN, "scan", "--render", "-q", "--target", "1.25", "--format", "json"] + args,
                         cwd=cwd, capture_output=True, text=True, env=ENV, timeout=300)
    assert run.stdout.strip(), f"no report (exit {run.returncode}):\n{run.stderr}"
    return run.returncode, json.loads(run.stdout), run.stderr


def api_findings(report):
    """{(file, kind, name): (namespace, renderUnit, application)} of the removed-API findings;
    asserts each object is reported once."""
    out = {}
    for f in report["findings"]:
        if not f["ruleId"].startswith("API"):
            continue
        key = (f["file"], f["kind"], f.get("name") or "")
        assert key not in out, f"{key} reported twice"
        out[key] = (f.get("namespace") or "", f.get("renderUnit") or "", f.get("application") or "")
    return out


def check_report(report, what):
    got = api_findings(report)
    assert set(got) == set(EXPECTED), f"{what}: objects differ:\n  missing {set(EXPECTED) - set(got)}\n  extra {set(got) - set(EXPECTED)}"
    for key, (namespace, deployer, how) in EXPECTED.items():
        ns, unit, app = got[key]
        assert ns == namespace, f"{what}: {key} namespace {ns!r}, expected {namespace!r}"
        if how == "renderUnit":
            assert unit == deployer and app == "", f"{what}: {key} rendered by {unit!r} / {app!r}, expected {deployer!r}"
        elif how == "application":
            assert app == deployer and unit == "", f"{what}: {key} deployed by {app!r} / {unit!r}, expected {deployer!r}"
        else:
            assert unit == "" and app == "", f"{what}: {key} names {unit!r} / {app!r}, expected no Application"
    skipped = [f["message"] for f in report["findings"] if f["ruleId"] == "GL006"]
    assert any("other-org/elsewhere" in m and "elsewhere" in m for m in skipped), f"{what}: {skipped}"
    assert any("charts.example.com" in m and "podinfo" in m for m in skipped), f"{what}: {skipped}"
    assert not any("platform-gitops" in m for m in skipped), f"{what}: a spelling of the repository was not matched: {skipped}"


def test_disk_and_revision_agree():
    if not HAVE_TOOLS:
        print("  skipped: helm or kubectl not on PATH (ci/setup.sh installs helm into .tools/bin)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(tmp)
        code, disk, stderr = scan(["."], cwd=repo)
        assert code == 1, f"exit {code}, expected 1 (removed APIs)\n{stderr}"
        check_report(disk, "disk")
        code, rev, stderr = scan(["--repo", ".", "--rev", "HEAD"], cwd=repo)
        assert code == 1, f"exit {code}, expected 1\n{stderr}"
        check_report(rev, "--repo . --rev HEAD")
        assert api_findings(disk) == api_findings(rev)


def test_text_and_sarif_name_the_application():
    if not HAVE_TOOLS:
        print("  skipped: helm or kubectl not on PATH (ci/setup.sh installs helm into .tools/bin)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(tmp)
        text = subprocess.run([BIN, "scan", "--render", "-q", "--target", "1.25", "--no-color", "."], cwd=repo,
                              capture_output=True, text=True, env=ENV, timeout=300).stdout
        rows = [line for line in text.splitlines() if "workloads/dir/cronjob.yaml" in line]
        assert rows and all("(Application argocd/dir-app)" in row and "team-a" in row for row in rows), text
        assert "deployed by: Application argocd/mirror-app (directory source)" in text, text
        sarif = json.loads(subprocess.run([BIN, "scan", "--render", "-q", "--target", "1.25", "--format", "sarif", "."],
                                          cwd=repo, capture_output=True, text=True, env=ENV, timeout=300).stdout)
        apps = {r.get("properties", {}).get("application") for r in sarif["runs"][0]["results"]}
        assert "Application argocd/mirror-app" in apps, apps


def test_without_remotes_the_applications_say_why():
    # A copy that is not a git checkout: no remote names the folder, so every Application of
    # the repository is GL006 (with the --repo-map hint) and its plain files are still scanned.
    if not HAVE_TOOLS:
        print("  skipped: helm or kubectl not on PATH (ci/setup.sh installs helm into .tools/bin)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "copy")
        shutil.copytree(FIXTURE, copy)
        code, report, stderr = scan(["."], cwd=copy)
        assert code == 1, stderr
        skipped = [f["message"] for f in report["findings"] if f["ruleId"] == "GL006"]
        assert any("dir-app" in m and "--repo-map" in m for m in skipped), skipped
        got = api_findings(report)
        assert ("workloads/dir/cronjob.yaml", "CronJob", "nightly-report") in got, got
        assert got[("workloads/dir/cronjob.yaml", "CronJob", "nightly-report")] == ("", "", ""), got


def test_a_chart_that_fails_is_reported_once_by_its_application():
    # charts/apps (an app-of-apps chart rendered on its own) renders the Application of
    # charts/broken, which already failed on its own (a dependency not vendored) in the same
    # batch and fails again through that Application: one GL005, the Application's.
    if not HAVE_TOOLS:
        print("  skipped: helm or kubectl not on PATH (ci/setup.sh installs helm into .tools/bin)")
        return
    url = "https://github.com/example/broken-gitops.git"
    files = {
        "charts/apps/Chart.yaml": "apiVersion: v2\nname: apps\nversion: 0.1.0\n",
        "charts/apps/templates/broken.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n"
                                             "  name: broken\n  namespace: argocd\nspec:\n  source:\n"
                                             "    repoURL: " + url + "\n    path: charts/broken\n"
                                             "  destination:\n    namespace: broken\n",
        "charts/broken/Chart.yaml": "apiVersion: v2\nname: broken\nversion: 0.1.0\ndependencies:\n"
                                    "  - name: redis\n    version: 17.0.0\n    repository: https://charts.example.com\n",
        "charts/broken/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    }
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "broken-gitops")
        for name, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(repo, name)), exist_ok=True)
            with open(os.path.join(repo, name), "w") as f:
                f.write(text)
        git(repo, "init", "-q")
        git(repo, "remote", "add", "origin", url)
        code, report, stderr = scan(["."], cwd=repo)
        failures = [f["message"] for f in report["findings"] if f["ruleId"] == "GL005"]
        assert code == 2, f"exit {code}, expected 2 (a render failed)\n{stderr}"
        assert len(failures) == 1 and "Application argocd/broken" in failures[0], failures


if __name__ == "__main__":
    sys.exit(run_test_functions([
        test_disk_and_revision_agree,
        test_text_and_sarif_name_the_application,
        test_without_remotes_the_applications_say_why,
        test_a_chart_that_fails_is_reported_once_by_its_application,
    ]))
