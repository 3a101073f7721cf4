#!/usr/bin/env python3
"""scan --render with the real helm and kubectl (issue 9).

The bundled GitOps repo (testdata/gitops-sample: Argo CD app-of-apps, ApplicationSets with list
and git-directory generators, three Helm charts, a Kustomize base with two overlays and a
helmCharts kustomization) is rendered for a 1.22 -> 1.25 upgrade, from disk and from a git
revision; each finding is asserted with its template origin. Failing renders (template error,
missing dependency, timeout), Ctrl-C, the temporary folder, progress output and the per-version
layouts are tested against testdata/render/. Skips (exit 77) where helm or kubectl is missing:
ci/setup.sh installs helm, so CI always runs it."""
import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from support import run_test_functions

GREENLIGHT = os.environ.get("GREENLIGHT", "build/greenlight")
SAMPLE = "testdata/gitops-sample"
SAMPLE_URL = "https://github.com/example-org/gitops-sample.git"
FAILING = "testdata/render/failing"
PER_VERSION = "testdata/render/per-version"
REPO_MAP = ["--repo-map", f"{SAMPLE_URL}={SAMPLE}"]


def run(args, env=None, timeout=120):
    return subprocess.run([GREENLIGHT] + args, capture_output=True, text=True, env=env, timeout=timeout)


def scan_json(args, env=None):
    result = run(["scan", "--format", "json"] + args, env=env)
    assert result.returncode in (0, 1, 2), f"exit {result.returncode}: {result.stderr}"
    return result.returncode, json.loads(result.stdout)


def api_rows(report, prefix=""):
    """(rule, file, line, unit, template, kind, name) of every API finding."""
    rows = []
    for f in report["findings"]:
        if f["ruleId"].startswith("API"):
            file = f["file"][len(prefix):] if prefix and f["file"].startswith(prefix) else f["file"]
            rows.append((f["ruleId"], file, f["line"], f.get("renderUnit"), f["template"], f["kind"], f["name"]))
    return sorted(rows, key=lambda r: tuple("" if x is None else str(x) for x in r))


BLUE_PORTAL = "Application argocd/reports-portal-blue"
GREEN_PORTAL = "Application argocd/reports-portal-green"
# Every API finding of the sample rendered for 1.25, with where it comes from.
EXPECTED_SAMPLE = sorted([
    ("API101", "charts/reports/templates/cronjob.yaml", 1, "Application argocd/reports-generator-blue",
     "reports/templates/cronjob.yaml", "CronJob", "reports-nightly"),
    ("API102", "charts/shop-web/templates/hpa.yaml", 2, "Application argocd/shop-web-blue",
     "shop-web/templates/hpa.yaml", "HorizontalPodAutoscaler", "shop-web"),
    ("API102", "charts/shop-web/templates/hpa.yaml", 2, "Application argocd/shop-web-green",
     "shop-web/templates/hpa.yaml", "HorizontalPodAutoscaler", "shop-web"),
    ("API101", "kustomize/base/cronjob.yaml", 1, BLUE_PORTAL, None, "CronJob", "reports-archiver"),
    ("API101", "kustomize/base/cronjob.yaml", 1, GREEN_PORTAL, None, "CronJob", "reports-archiver"),
    ("API101", "kustomize/base/ingress.yaml", 3, BLUE_PORTAL, None, "Ingress", "reports-portal"),
    ("API101", "kustomize/base/ingress.yaml", 3, GREEN_PORTAL, None, "Ingress", "reports-portal"),
    ("API101", "kustomize/base/pdb.yaml", 1, BLUE_PORTAL, None, "PodDisruptionBudget", "reports-portal"),
    ("API101", "kustomize/base/pdb.yaml", 1, GREEN_PORTAL, None, "PodDisruptionBudget", "reports-portal"),
    # helmCharts: the generator's entry in the kustomization is where the object comes from.
    ("API101", "kustomize/reports-helm/kustomization.yaml", 10, "Application argocd/reports-generator-green",
     None, "CronJob", "reports-nightly"),
    ("API101", "platform/priorityclass.json", 2, None, None, "PriorityClass", "platform-critical"),
    ("API101", "platform/rbac-list.yaml", 7, None, None, "ClusterRole", "external-dns"),
], key=lambda r: tuple("" if x is None else str(x) for x in r))

EXPECTED_UNITS = sorted([
    "Application argocd/catalog-api-green (from ApplicationSet argocd/catalog-api)",
    "Application argocd/cluster-blue (from ApplicationSet argocd/cluster-bootstrap)",
    "Application argocd/cluster-green (from ApplicationSet argocd/cluster-bootstrap)",
    "Application argocd/payments-blue", "Application argocd/payments-green",
    BLUE_PORTAL, GREEN_PORTAL,
    "Application argocd/reports-generator-blue", "Application argocd/reports-generator-green",
    "Application argocd/shop-web-blue", "Application argocd/shop-web-green",
])


def test_sample_findings_with_template_origin():
    code, report = scan_json(["--render", "--target", "1.25", "--from", "1.22"] + REPO_MAP + [SAMPLE])
    assert code == 1, code
    got = api_rows(report, SAMPLE + "/")
    assert got == EXPECTED_SAMPLE, "\n".join(map(str, got))
    # --from adds the hop: the CronJob breaks on the way to 1.25, the Ingress already on 1.22.
    hops = {(f["file"].split("/")[-1], f.get("renderUnit"), f["breaksAt"]) for f in report["findings"]
            if f["ruleId"] == "API101"}
    assert ("cronjob.yaml", "Application argocd/reports-generator-blue", "1.25") in hops, hops
    assert ("ingress.yaml", BLUE_PORTAL, "from") in hops, hops
    units = sorted(u["unit"] for u in report["renderUnits"])
    # Each Application once, although argocd/apps is reached both from root.yaml and as files.
    assert units == EXPECTED_UNITS, units
    assert report["summary"]["renderedUnits"] == 11
    # Issue 20: a finding mapped back to a repository file carries the column of the apiVersion
    # value on that line (1-based), and null where the line has none (a generator's entry).
    for f in report["findings"]:
        if not f["ruleId"].startswith("API") or not f.get("renderUnit"):
            continue
        with open(f["file"], encoding="utf-8") as source:
            line = source.read().split("\n")[f["line"] - 1]
        key = line.find("apiVersion:")
        if key < 0:
            assert f["column"] is None, (f["file"], f["line"], f["column"], line)
        else:
            value = len(line) - len(line[key + 11:].lstrip(" "))
            assert f["column"] == value + 1, (f["file"], f["line"], f["column"], line)
    shop_green = next(u for u in report["renderUnits"] if u["unit"] == "Application argocd/shop-web-green")
    # Argo CD's order: value files, then parameters.
    assert shop_green["values"] == [f"{SAMPLE}/charts/shop-web/values.yaml", f"{SAMPLE}/charts/shop-web/values-green.yaml",
                                    "--set image.tag=3.8.1", "--set clusterName=eks-green-1-25"], shop_green
    # The 1.22 chart folder is what blue runs: left out, and said so.
    skipped = [f for f in report["findings"] if f["ruleId"] == "GL006"]
    assert len(skipped) == 1 and "catalog-api-1.22 is the variant for Kubernetes 1.22" in skipped[0]["message"], skipped
    # Files of rendered units are not scanned again as plain YAML (no unrendered-template info,
    # no finding on a template or kustomize file without its unit).
    assert report["summary"]["unrenderedDocuments"] == 0, report["summary"]
    for f in report["findings"]:
        if f["file"].startswith((f"{SAMPLE}/charts/", f"{SAMPLE}/kustomize/", f"{SAMPLE}/clusters/")):
            assert f.get("renderUnit"), f
    # A finding's namespace is the rendered object's own.
    archiver = [f for f in report["findings"] if f["name"] == "reports-archiver"]
    assert archiver and all(f["namespace"] == "reports" for f in archiver), archiver


def test_capabilities_switch_follows_the_target():
    # policy/v1 is served from 1.21: at 1.21 the shop-web PDB takes its policy/v1 branch (no
    # finding) while the hard-coded policy/v1beta1 PDB of kustomize/base is deprecated (API102).
    _, report = scan_json(["--render", "--target", "1.21"] + REPO_MAP + [SAMPLE])
    pdbs = {(f["file"].split(SAMPLE + "/")[-1], f["apiVersion"]) for f in report["findings"]
            if f["kind"] == "PodDisruptionBudget"}
    assert pdbs == {("kustomize/base/pdb.yaml", "policy/v1beta1")}, pdbs
    # At 1.20 policy/v1 is not served: shop-web renders policy/v1beta1, which is still fine there.
    _, report = scan_json(["--render", "--target", "1.20", "--fail-on", "none"] + REPO_MAP + [SAMPLE])
    assert not [f for f in report["findings"] if f["kind"] == "PodDisruptionBudget"], report["findings"]


def test_hard_coded_removed_api_caught_rendered_and_unrendered():
    chart = f"{SAMPLE}/charts/reports"
    _, rendered = scan_json(["--render", "--target", "1.25", chart])
    rows = [f for f in rendered["findings"] if f["ruleId"] == "API101"]
    assert len(rows) == 1 and rows[0]["renderUnit"] == f"chart {chart}" and rows[0]["name"] == "reports-nightly", rows
    assert rows[0]["file"] == f"{chart}/templates/cronjob.yaml" and rows[0]["line"] == 1, rows
    _, unrendered = scan_json(["--target", "1.25", chart])
    rows = [f for f in unrendered["findings"] if f["ruleId"] == "API101"]
    assert len(rows) == 1 and rows[0]["unrenderedTemplate"] is True and rows[0]["line"] == 1, rows
    assert rows[0]["apiVersion"] == "batch/v1beta1" and rows[0]["kind"] == "CronJob", rows


def test_without_repo_map_units_render_on_their_own():
    # Applications name a remote URL: they are left out (GL006 says how to map it), and every
    # chart and kustomization no other unit includes is rendered with its defaults instead.
    code, report = scan_json(["--render", "--target", "1.25", SAMPLE])
    assert code == 1, code
    remote = [f for f in report["findings"] if f["ruleId"] == "GL006" and "--repo-map" in f["message"]]
    assert len(remote) >= 10, len(remote)
    units = sorted(u["unit"] for u in report["renderUnits"])
    assert f"chart {SAMPLE}/charts/shop-web" in units and f"kustomization {SAMPLE}/kustomize/overlays/blue" in units, units
    # Bases, subcharts and charts a kustomization inflates are not units of their own.
    for included in ("kustomize/base", "charts/payments/charts/redis-lite", "charts/reports"):
        assert not any(u.endswith(included) for u in units), (included, units)
    # The per-version folder of the target is rendered, the other one is not.
    assert f"chart {SAMPLE}/charts/catalog-api-1.25" in units and f"chart {SAMPLE}/charts/catalog-api-1.22" not in units


def test_failing_renders_are_errors_and_the_rest_is_reported():
    start = time.monotonic()
    code, report = scan_json(["--render", "--render-timeout", "3", "--target", "1.25", FAILING])
    assert code == 2, code
    failures = {f["file"].split("/")[-2]: f["message"] for f in report["findings"] if f["ruleId"] == "GL005"}
    assert set(failures) == {"broken-template", "missing-dependency", "slow", "broken"}, failures
    assert 'function "nosuchfunction" not defined' in failures["broken-template"], failures
    assert "missing in charts/ directory: redis" in failures["missing-dependency"], failures
    assert f"chart {FAILING}/charts/missing-dependency" in failures["missing-dependency"], failures
    assert "did not finish within 3" in failures["slow"], failures
    assert time.monotonic() - start < 60, "the slow chart was not stopped"
    assert "service-that-was-deleted.yaml" in failures["broken"], failures
    assert len(report["errors"]) == 4, report["errors"]
    rows = {(f["file"], f["apiVersion"], f.get("unrenderedTemplate", False)) for f in report["findings"]
            if f["ruleId"] == "API101"}
    # The plain manifest is still reported, and the chart that failed is checked unrendered.
    assert (f"{FAILING}/plain/pdb.yaml", "policy/v1beta1", False) in rows, rows
    assert (f"{FAILING}/charts/broken-template/templates/cronjob.yaml", "batch/v1beta1", True) in rows, rows
    # The kustomization that failed gives its files back: its Deployment is checked as plain YAML.
    assert (f"{FAILING}/kustomize/broken/deployment.yaml", "extensions/v1beta1", False) in rows, rows


def make_sample_repo(tmp):
    repo = os.path.join(tmp, "gitops-sample")
    shutil.copytree(SAMPLE, repo)
    git = ["git", "-C", repo, "-c", "user.email=ci@example.com", "-c", "user.name=ci"]
    subprocess.run(["git", "init", "-q", repo], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "sample"], check=True)
    subprocess.run(["git", "-C", repo, "remote", "add", "origin", SAMPLE_URL], check=True)
    return repo


def test_from_git_revision_in_a_private_folder_removed_afterwards():
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_sample_repo(tmp)
        private_tmp = os.path.join(tmp, "tmp")
        os.mkdir(private_tmp)
        env = dict(os.environ, TMPDIR=private_tmp)
        # The repository's origin URL is what the Applications name: no --repo-map needed.
        code, report = scan_json(["--render", "--target", "1.25", "--from", "1.22", "--repo", repo, "--rev", "HEAD"],
                                 env=env)
        assert code == 1, code
        assert api_rows(report) == EXPECTED_SAMPLE, "\n".join(map(str, api_rows(report)))
        assert os.listdir(private_tmp) == [], os.listdir(private_tmp)
        status = subprocess.run(["git", "-C", repo, "status", "--porcelain"], capture_output=True, text=True)
        assert status.stdout == "", status.stdout
        # Pull-request mode renders the merge base the same way: moving two templates to the v1
        # APIs fixes their findings in every unit that renders them.
        git = ["git", "-C", repo, "-c", "user.email=ci@example.com", "-c", "user.name=ci"]
        subprocess.run(git + ["checkout", "-qb", "v1-apis"], check=True)
        for path, old, new in (("charts/shop-web/templates/hpa.yaml", "autoscaling/v2beta2", "autoscaling/v2"),
                               ("charts/reports/templates/cronjob.yaml", "batch/v1beta1", "batch/v1")):
            with open(os.path.join(repo, path)) as f:
                text = f.read()
            with open(os.path.join(repo, path), "w") as f:
                f.write(text.replace(old, new))
        subprocess.run(git + ["commit", "-qam", "v1 APIs"], check=True)
        code, report = scan_json(["--render", "--target", "1.25", "--repo", repo, "--rev", "v1-apis",
                                  "--base", "HEAD~1"], env=env)
        fixed = sorted((f["ruleId"], f["file"]) for f in report["comparison"]["fixedFindings"]
                       if f["ruleId"].startswith("API"))
        # The reports chart is also inflated by kustomize/reports-helm (helmCharts): fixed there too.
        assert fixed == [("API101", "charts/reports/templates/cronjob.yaml"),
                         ("API101", "kustomize/reports-helm/kustomization.yaml"),
                         ("API102", "charts/shop-web/templates/hpa.yaml"),
                         ("API102", "charts/shop-web/templates/hpa.yaml")], fixed
        assert not [f for f in report["findings"] if f["ruleId"].startswith("API")], report["findings"]
        assert os.listdir(private_tmp) == [], os.listdir(private_tmp)
        # Also when a unit fails: the export is removed.
        failing = os.path.join(tmp, "failing")
        shutil.copytree(FAILING, failing, ignore=shutil.ignore_patterns("slow"))
        subprocess.run(["git", "init", "-q", failing], check=True)
        subprocess.run(["git", "-C", failing, "add", "-A"], check=True)
        subprocess.run(["git", "-C", failing, "-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit",
                        "-qm", "failing"], check=True)
        code, report = scan_json(["--render", "--target", "1.25", "--repo", failing], env=env)
        assert code == 2 and sum(f["ruleId"] == "GL005" for f in report["findings"]) == 3, report["findings"]
        assert os.listdir(private_tmp) == [], os.listdir(private_tmp)


def interrupt_slow_render(args, private_tmp, marker):
    """Starts a scan that renders the slow chart, sends SIGINT once helm runs, checks the result."""
    env = dict(os.environ, TMPDIR=private_tmp)
    proc = subprocess.Popen([GREENLIGHT, "scan", "--render", "--target", "1.25"] + args,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        helm = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
        if helm.stdout.strip():
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (proc.returncode, err)
    assert "interrupted" in err, err
    assert os.listdir(private_tmp) == [], os.listdir(private_tmp)
    helm = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
    assert helm.stdout.strip() == "", f"helm still running: {helm.stdout}"


def test_interrupt_stops_renders_and_removes_the_temporary_folder():
    with tempfile.TemporaryDirectory() as private_tmp:
        interrupt_slow_render([f"{FAILING}/charts/slow"], private_tmp, f"{os.path.abspath(FAILING)}/charts/slow")
    # From git: the revision's export is removed too.
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "slow-repo")
        shutil.copytree(f"{FAILING}/charts/slow", os.path.join(repo, "charts", "slow"))
        subprocess.run(["git", "init", "-q", repo], check=True)
        subprocess.run(["git", "-C", repo, "add", "-A"], check=True)
        subprocess.run(["git", "-C", repo, "-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qm",
                        "slow"], check=True)
        private_tmp = os.path.join(tmp, "tmp")
        os.mkdir(private_tmp)
        # helm's arguments name the chart inside the export, which lies in this private folder.
        interrupt_slow_render(["--repo", repo], private_tmp, private_tmp)


def test_progress_on_a_terminal_only():
    args = [GREENLIGHT, "scan", "--render", "--target", "1.25", "--format", "json", f"{SAMPLE}/charts/payments"]
    piped = subprocess.run(args, capture_output=True, text=True)
    assert "rendering:" not in piped.stderr, piped.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(leader)
    assert b"rendering: 1/1 units" in seen, seen
    quiet_leader, quiet_follower = pty.openpty()
    quiet = subprocess.Popen(args + ["--quiet"], stdout=subprocess.DEVNULL, stderr=quiet_follower)
    os.close(quiet_follower)
    quiet.wait(timeout=60)
    try:
        rest = os.read(quiet_leader, 4096)
    except OSError:
        rest = b""
    os.close(quiet_leader)
    assert b"rendering:" not in rest, rest


def test_per_version_layouts():
    # A folder per version (chart-v1.25 with --version-pattern) and values-<version>.yaml.
    _, at_125 = scan_json(["--render", "--target", "1.25", "--version-pattern", "chart-v{version}",
                           "--version-pattern", "values-{version}.yaml", PER_VERSION])
    units = {u["unit"]: u["values"] for u in at_125["renderUnits"]}
    assert set(units) == {f"chart {PER_VERSION}/chart-v1.25", f"chart {PER_VERSION}/jobs"}, units
    assert units[f"chart {PER_VERSION}/jobs"] == [f"{PER_VERSION}/jobs/values-1.25.yaml"], units
    assert not [f for f in at_125["findings"] if f["ruleId"].startswith("API")], at_125["findings"]
    _, at_124 = scan_json(["--render", "--target", "1.24", "--version-pattern", "chart-v{version}",
                           "--version-pattern", "values-{version}.yaml", PER_VERSION])
    units = {u["unit"]: u["values"] for u in at_124["renderUnits"]}
    assert set(units) == {f"chart {PER_VERSION}/chart-v1.24", f"chart {PER_VERSION}/jobs"}, units
    assert units[f"chart {PER_VERSION}/jobs"] == [f"{PER_VERSION}/jobs/values-1.24.yaml"], units
    deprecated = {(f["ruleId"], f["kind"]) for f in at_124["findings"] if f["ruleId"].startswith("API")}
    assert deprecated == {("API102", "CronJob"), ("API102", "PodDisruptionBudget")}, deprecated
    skipped = [f["message"] for f in at_124["findings"] if f["ruleId"] == "GL006"]
    assert any("chart-v1.25 is the variant for Kubernetes 1.25" in m for m in skipped), skipped


def test_config_render_section():
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "gitops-sample")
        shutil.copytree(SAMPLE, repo)
        with open(os.path.join(repo, ".greenlight.yaml"), "w") as f:
            f.write(f"target: '1.25'\nrender:\n  enabled: true\n  timeoutSeconds: 60\n  repoMap:\n    {SAMPLE_URL}: .\n")
        code, report = scan_json([repo])
        assert code == 1, code
        assert sorted(u["unit"] for u in report["renderUnits"]) == EXPECTED_UNITS, report["renderUnits"]
        assert api_rows(report, repo + "/") == EXPECTED_SAMPLE, "\n".join(map(str, api_rows(report, repo + "/")))
        with open(os.path.join(repo, ".greenlight.yaml"), "w") as f:
            f.write("target: '1.25'\nrender:\n  enabled: true\n  timeoutSecond: 60\n")
        result = run(["scan", repo])
        assert result.returncode == 2, result.returncode
        assert ".greenlight.yaml:4:3" in result.stderr and "timeoutSeconds" in result.stderr, result.stderr


def test_parity_with_rendering():
    # Blue's chart folder is rendered for --from (its per-version variant), green's for --target;
    # the objects match by name (release = the chart's own name), converted APIs are permitted,
    # and once the per-cluster values are declared nothing else differs.
    charts = f"{SAMPLE}/charts"
    args = ["parity", "--render", "--target", "1.25", "--from", "1.22", "--format", "json",
            "--blue", f"{charts}/catalog-api-1.22", "--green", f"{charts}/catalog-api-1.25"]
    result = run(args)
    assert result.returncode == 0, (result.returncode, result.stderr)
    report = json.loads(result.stdout)
    assert report["summary"]["matched"] == 4 and report["summary"]["permitted"]["convertedObjects"] == 2, report["summary"]
    assert sorted(d["field"] for d in report["differences"]) == [
        "metadata.annotations[external-dns.alpha.kubernetes.io/aws-weight]",
        "metadata.annotations[external-dns.alpha.kubernetes.io/set-identifier]",
        "spec.template.spec.containers[catalog-api].env[CLUSTER_NAME]"], report["differences"]
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "parity.yaml")
        with open(config, "w") as f:
            f.write("parity:\n  clusterValues:\n    - {blue: eks-blue-1-22, green: eks-green-1-25}\n"
                    "    - {blue: catalog-api-blue, green: catalog-api-green}\n"
                    "  ignore:\n    - field: 'metadata.annotations[external-dns.alpha.kubernetes.io/aws-weight]'\n")
        result = run(args + ["--config", config])
        report = json.loads(result.stdout)
        assert result.returncode == 0 and report["differences"] == [], report["differences"]
    # The two kustomize overlays: the configMapGenerator's hash suffix differs (per-cluster
    # literals) and is not an identity; what differs is the drift the sample plants.
    result = run(["parity", "--render", "--target", "1.25", "--from", "1.22", "--format", "json",
                  "--blue", f"{SAMPLE}/kustomize/overlays/blue", "--green", f"{SAMPLE}/kustomize/overlays/green"])
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["summary"]["matched"] == 6, report["summary"]
    found = sorted((d["ruleId"], d["field"], d["blue"]["value"], d["green"]["value"]) for d in report["differences"])
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/reports-portal"
    assert found == [
        ("PAR603", "spec.template.spec.containers[portal].image", f"{image}:1.9.4", f"{image}:1.9.5"),
        ("PAR604", "spec.replicas", "3", "2"),
        ("PAR616", "metadata.annotations[external-dns.alpha.kubernetes.io/aws-weight]", "100", "0"),
        ("PAR616", "metadata.annotations[external-dns.alpha.kubernetes.io/set-identifier]", "reports-portal-blue",
         "reports-portal-green"),
        ("PAR616", "metadata.annotations[external-dns.alpha.kubernetes.io/ttl]", "300", "60"),
    ], found
    # Without --render the chart templates are not compared as objects (they are not YAML).
    plain = json.loads(run(args[:1] + args[2:]).stdout)
    assert plain["summary"]["matched"] < 4, plain["summary"]


def test_report_and_addons_render_too():
    result = run(["report", "--from", "1.22", "--to", "1.25", "--format", "json", "--render"] + REPO_MAP + [SAMPLE])
    assert result.returncode == 0, (result.returncode, result.stderr)
    report = json.loads(result.stdout)
    text = json.dumps(report)
    # The rendered objects reach the hop tables with their unit.
    assert '"renderUnit": "Application argocd/reports-generator-green"' in text, text[:2000]
    assert f'"file": "{SAMPLE}/charts/catalog-api-1.22' not in text, "the 1.22 variant is not what green runs"
    plain_run = run(["addons", "--target", "1.25", "--format", "json", SAMPLE])
    rendered = run(["addons", "--target", "1.25", "--format", "json", "--render"] + REPO_MAP + [SAMPLE])
    # Exit 1: add-ons need upgrades. The sample's add-ons are plain manifests: rendering neither
    # loses nor doubles one.
    assert rendered.returncode == plain_run.returncode == 1, (rendered.returncode, rendered.stderr)
    assert json.loads(rendered.stdout) == json.loads(plain_run.stdout), rendered.stdout


def test_directory_sources_follow_argo_cd():
    # clusters/blue is a kustomization; the Application it holds (platform-addons-blue) has three
    # directory sources: platform (recursive, external-dns/* excluded), platform/external-dns
    # (only blue.yaml) and clusters/blue/in-cluster. What they name is scanned, nothing else.
    result = run(["scan", "--render", "--quiet", "--target", "1.25", "--format", "junit", "--fail-on", "none"]
                 + REPO_MAP + [f"{SAMPLE}/clusters/blue"])
    files = set(re.findall(r'file="([^"]*)"', result.stdout))
    assert f"{SAMPLE}/platform/external-dns/blue.yaml" in files, files
    assert f"{SAMPLE}/platform/external-dns/green.yaml" not in files, files
    assert f"{SAMPLE}/platform/cert-manager/deployment.yaml" in files, files
    # Beside the kustomization but not listed by it: not its file, so scanned as plain YAML.
    assert f"{SAMPLE}/clusters/blue/in-cluster/cluster-info.yaml" in files, files
    assert not any(f.startswith(f"{SAMPLE}/clusters/green") for f in files), files


def test_timings_say_where_the_time_went():
    """--timings: each stage on stderr (helm and kubectl runs counted), the report unchanged."""
    args = ["--render", "--target", "1.25", "--from", "1.22", "--jobs", "2"] + REPO_MAP + [SAMPLE]
    plain = run(["scan", "--format", "json"] + args)
    timed = run(["scan", "--format", "json", "--timings"] + args)
    assert timed.returncode == plain.returncode == 1, (timed.returncode, timed.stderr)
    assert timed.stdout == plain.stdout, "--timings changed the report"
    assert "timings" not in plain.stderr, plain.stderr
    stages = {}
    for line in timed.stderr.splitlines():
        m = re.match(r"^  (.+?) +(\d+\.\d{3}) s(?:  \((\d+) runs\))?$", line)
        if m:
            stages[m.group(1)] = (float(m.group(2)), int(m.group(3) or 1))
    for stage in ("list inputs", "render (all units)", "helm template", "read + parse + check", "report", "total"):
        assert stage in stages, (stage, timed.stderr)
    # 9 Helm renders (Applications and charts) and the kustomizations through kubectl.
    assert stages["helm template"][1] >= 5, stages
    assert any(s.startswith("kubectl kustomize") for s in stages), stages
    assert stages["total"][0] >= stages["render (all units)"][0] >= 0, stages


def test_bad_flags():
    result = run(["scan", "--render", "--target", "1.25", "--repo-map", "no-equals-sign", SAMPLE])
    assert result.returncode == 2 and "--repo-map: expected URL=DIR" in result.stderr, result.stderr
    result = run(["scan", "--render", "--target", "1.25", "--version-pattern", "chart-x", SAMPLE])
    assert result.returncode == 2 and "exactly one {version}" in result.stderr, result.stderr
    result = run(["scan", "--render", "--target", "1.25", "--helm", "/nonexistent/helm", f"{SAMPLE}/charts/reports"])
    assert result.returncode == 2 and "--helm PATH" in result.stdout, result.stdout


def main():
    missing = [tool for tool in ("helm", "kubectl") if shutil.which(tool) is None]
    if missing:
        print(f"skipped: {', '.join(missing)} not on PATH (ci/setup.sh installs helm into .tools/bin)")
        return 77
    return run_test_functions([
        test_sample_findings_with_template_origin,
        test_capabilities_switch_follows_the_target,
        test_hard_coded_removed_api_caught_rendered_and_unrendered,
        test_without_repo_map_units_render_on_their_own,
        test_failing_renders_are_errors_and_the_rest_is_reported,
        test_from_git_revision_in_a_private_folder_removed_afterwards,
        test_interrupt_stops_renders_and_removes_the_temporary_folder,
        test_progress_on_a_terminal_only,
        test_per_version_layouts,
        test_config_render_section,
        test_parity_with_rendering,
        test_report_and_addons_render_too,
        test_directory_sources_follow_argo_cd,
        test_timings_say_where_the_time_went,
        test_bad_flags,
    ])


if __name__ == "__main__":
    sys.exit(main())
