#!/usr/bin/env python3
"""Issue 19: what the blue cluster really runs. Cluster dumps (`kubectl get -o yaml|json`) are
generated here in the exact stored formats: last-applied-configuration annotations as kubectl
writes them, and Helm 3 release records as Helm's storage drivers write them (JSON, gzip at best
compression, base64; the Secret driver's value base64-encoded once more by the Secret's data).
Every API of the catalog's recent removals (removed in 1.22 up to the newest released minor) is
placed in a last-applied configuration and in a release manifest. `scan --cluster` runs against a
kubectl stand-in on PATH that serves recorded output for exactly the arguments greenlight uses
(no cluster runs here)."""
import base64
import gzip
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

import yaml

from support import run_test_functions

ROOT = os.environ.get("GREENLIGHT_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
GREENLIGHT = os.environ.get("GREENLIGHT") or os.path.join(ROOT, "build", "greenlight")
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def minor(version):
    return int(str(version).split(".")[1])


def recent_removals():
    """(apiVersion, kind, removedIn, served) of every catalog entry removed in 1.22..1.32 (the
    releases since the seeds' 1.22 clusters). `served` is the version the API server returns the
    object at: the end of the replacement chain (v1beta1 -> v1beta2 -> v1), None when nothing
    replaces it (the live object then keeps the old version)."""
    with open(os.path.join(ROOT, "api-catalog", "kubernetes.yaml")) as f:
        catalog = yaml.safe_load(f)
    entries = {(e["apiVersion"], e["kind"]): e for e in catalog["apis"]}

    def served(entry):
        replacement = (entry.get("replacement") or {}).get("apiVersion")
        seen = set()
        while replacement and (replacement, entry["kind"]) in entries and replacement not in seen:
            seen.add(replacement)
            replacement = (entries[(replacement, entry["kind"])].get("replacement") or {}).get("apiVersion")
        return replacement
    out = []
    for e in catalog["apis"]:
        removed = e.get("removedIn")
        if removed and 22 <= minor(removed) <= 32:
            out.append((e["apiVersion"], e["kind"], removed, served(e)))
    return out


REMOVALS = recent_removals()
TARGET = "1.%d" % max(minor(r[2]) for r in REMOVALS)


def object_name(api_version, kind):
    return re.sub(r"[^a-z0-9]+", "-", f"{kind}-{api_version}".lower()).strip("-")


# ---- kubectl's and Helm's stored formats --------------------------------------------------------

def go_json(value):
    """encoding/json's compact output, HTML characters escaped as Go does."""
    text = json.dumps(value, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def helm_encode(release):
    """Helm 3 pkg/storage/driver encodeRelease: JSON, gzip (BestCompression), standard base64."""
    return base64.b64encode(gzip.compress(go_json(release).encode(), compresslevel=9)).decode()


def release(name, namespace, revision, status, objects, chart="web", chart_version="1.0.0", hooks=()):
    manifest = ""
    for template, obj in objects:
        manifest += f"---\n# Source: {chart}/templates/{template}\n" + yaml.safe_dump(obj, sort_keys=False)
    return {
        "name": name,
        "info": {"first_deployed": "2024-01-01T00:00:00Z", "last_deployed": "2024-02-01T00:00:00Z",
                 "deleted": "", "description": "Upgrade complete", "status": status},
        "chart": {"metadata": {"name": chart, "version": chart_version, "apiVersion": "v2", "appVersion": "2.0"},
                  "lock": None, "templates": [], "values": {}, "schema": None, "files": []},
        "config": {},
        "manifest": manifest,
        "hooks": [{"name": h["metadata"]["name"], "kind": h["kind"], "path": f"{chart}/templates/{path}",
                   "manifest": yaml.safe_dump(h, sort_keys=False), "events": ["pre-upgrade"],
                   "last_run": {"started_at": "", "completed_at": "", "phase": ""}} for path, h in hooks],
        "version": revision,
        "namespace": namespace,
    }


def release_labels(rel):
    return {"name": rel["name"], "owner": "helm", "status": rel["info"]["status"], "version": str(rel["version"])}


def secret_record(rel):
    """A Secret of Helm's Secret driver as kubectl returns it (data values are base64)."""
    return {"apiVersion": "v1", "kind": "Secret", "type": "helm.sh/release.v1",
            "metadata": {"name": f"sh.helm.release.v1.{rel['name']}.v{rel['version']}", "namespace": rel["namespace"],
                         "labels": release_labels(rel)},
            "data": {"release": base64.b64encode(helm_encode(rel).encode()).decode()}}


def configmap_record(rel):
    """A ConfigMap of Helm's ConfigMap driver: Helm's base64 string stored as it is."""
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": f"sh.helm.release.v1.{rel['name']}.v{rel['version']}", "namespace": rel["namespace"],
                         "labels": release_labels(rel)},
            "data": {"release": helm_encode(rel)}}


def live_object(api_version, kind, namespace="shop"):
    """The object as the API server returns it (at the replacement, its preferred version), with
    kubectl's annotation (the applied JSON plus a newline) and managedFields of both versions."""
    name = object_name(api_version, kind)
    applied = {"apiVersion": api_version, "kind": kind, "metadata": {"name": name, "namespace": namespace}}
    served = next((r[3] for r in REMOVALS if r[0] == api_version and r[1] == kind), None) or api_version
    return {"apiVersion": served, "kind": kind,
            "metadata": {"name": name, "namespace": namespace,
                         "annotations": {LAST_APPLIED: json.dumps(applied, separators=(",", ":")) + "\n"},
                         "managedFields": [
                             {"apiVersion": api_version, "fieldsType": "FieldsV1", "manager": "kubectl-client-side-apply",
                              "operation": "Update", "fieldsV1": {"f:metadata": {}}},
                             {"apiVersion": served, "fieldsType": "FieldsV1", "manager": "kube-controller-manager",
                              "operation": "Update", "subresource": "status"}]}}


def kubectl_list(items):
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


class LiteralStr(str):
    pass


yaml.SafeDumper.add_representer(
    LiteralStr, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|"))


def as_kubectl_yaml(value):
    """kubectl -o yaml prints multi-line strings (the annotation ends in a newline) as literal blocks."""
    def mark(v):
        if isinstance(v, dict):
            return {k: mark(x) for k, x in v.items()}
        if isinstance(v, list):
            return [mark(x) for x in v]
        return LiteralStr(v) if isinstance(v, str) and "\n" in v else v
    return yaml.safe_dump(mark(value), sort_keys=False, width=1 << 30)


def as_kubectl_json(value):
    return json.dumps(value, indent=4) + "\n"


# ---- running greenlight -------------------------------------------------------------------------

def greenlight(*args, stdin=None, env=None):
    run = subprocess.run([GREENLIGHT, *args], input=stdin, capture_output=True, text=True, timeout=300, env=env)
    return run


def scan_json(*args, stdin=None, env=None):
    run = greenlight("scan", "--target", TARGET, "--format", "json", *args, stdin=stdin, env=env)
    assert run.stdout, f"no output (exit {run.returncode}): {run.stderr}"
    return run, json.loads(run.stdout)


def line_of(text, needle, start=0):
    """1-based line of the first line at or after line `start` containing `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the dump")


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    return path


# ---- last-applied configurations ----------------------------------------------------------------

def check_last_applied(dump_name, render):
    items = [live_object(api, kind) for api, kind, _, _ in REMOVALS]
    with tempfile.TemporaryDirectory() as tmp:
        text = render(kubectl_list(items))
        path = write(tmp, dump_name, text)
        run, report = scan_json(path)
        assert run.returncode == 1, f"exit {run.returncode}: {run.stderr}"
        findings = report["findings"]
        for api, kind, removed_in, replacement in REMOVALS:
            name = object_name(api, kind)
            mine = [f for f in findings if f["name"] == name and f["kind"] == kind and f["ruleId"].startswith("API")]
            # One finding per object: managedFields name the old version too but are no source.
            assert len(mine) == 1, f"{kind} {api}: expected one finding, got {mine}"
            f = mine[0]
            assert f["ruleId"] == "API101" and f["apiVersion"] == api, f
            assert f["removedIn"] == removed_in, f
            assert f["namespace"] == "shop", f
            object_line = line_of(text, f'"{name}"' if dump_name.endswith(".json") else f"name: {name}")
            if replacement:  # served at the replacement: only the annotation holds the old version
                assert f["recordedIn"] == "last-applied-configuration", f
                assert "last-applied-configuration" in f["message"], f["message"]
                # Located at the object: its annotation line, inside the object's item.
                assert f["line"] == line_of(text, LAST_APPLIED, start=object_line), (f["line"], object_line)
            else:  # nothing replaces it: the live object itself is at the old version
                assert "recordedIn" not in f, f
        assert len([f for f in findings if f["ruleId"].startswith("API")]) == len(REMOVALS), "duplicates"


def test_last_applied_yaml_dump_every_recent_removal():
    check_last_applied("dump.yaml", as_kubectl_yaml)


def test_last_applied_json_dump_every_recent_removal():
    check_last_applied("dump.json", as_kubectl_json)


def test_invalid_annotation_is_reported_and_the_rest_scanned():
    good = live_object("policy/v1beta1", "PodDisruptionBudget")
    bad = live_object("batch/v1beta1", "CronJob")
    bad["metadata"]["annotations"][LAST_APPLIED] = '{"apiVersion":"batch/v1beta1","kind":'
    with tempfile.TemporaryDirectory() as tmp:
        text = as_kubectl_yaml(kubectl_list([bad, good]))
        path = write(tmp, "dump.yaml", text)
        run, report = scan_json(path)
        assert run.returncode == 2, f"an unreadable record is an input error: exit {run.returncode}"
        errors = [f for f in report["findings"] if f["ruleId"] == "GL010"]
        assert len(errors) == 1, report["findings"]
        assert "CronJob shop/cronjob-batch-v1beta1" in errors[0]["message"], errors[0]
        assert errors[0]["line"] == line_of(text, LAST_APPLIED), errors[0]
        assert any(f["ruleId"] == "API101" and f["kind"] == "PodDisruptionBudget" for f in report["findings"])


# ---- Helm releases ------------------------------------------------------------------------------

def manifest_objects(removals):
    # No namespace: Helm applies them in the release's namespace.
    return [(f"{object_name(api, kind)}.yaml", {"apiVersion": api, "kind": kind, "metadata": {"name": object_name(api, kind)}})
            for api, kind, _, _ in removals]


def pdb(name):
    return {"apiVersion": "policy/v1beta1", "kind": "PodDisruptionBudget", "metadata": {"name": name}}


def helm_records():
    """Releases in every state that matters, in both Helm 3 storage drivers, plus Helm 2."""
    everything = manifest_objects(REMOVALS)
    hook = {"apiVersion": "batch/v1beta1", "kind": "CronJob", "metadata": {"name": "pre-upgrade-hook"}}
    web = [
        release("web", "shop", 1, "superseded", everything + [("old.yaml", pdb("only-in-superseded"))]),
        release("web", "shop", 2, "deployed", everything, chart_version="1.1.0", hooks=[("hook.yaml", hook)]),
    ]
    # A failed upgrade after a deployed revision: both are current (the next upgrade starts there).
    api = [
        release("api", "backend", 3, "superseded", [("a.yaml", pdb("only-in-api-3"))], chart="api"),
        release("api", "backend", 4, "deployed", [("a.yaml", pdb("api-deployed"))], chart="api", chart_version="4.0.0"),
        release("api", "backend", 5, "failed", [("a.yaml", pdb("api-failed"))], chart="api", chart_version="5.0.0"),
    ]
    # Failed revisions older than the deployed one are history.
    jobs = [
        release("jobs", "batch", 1, "failed", [("a.yaml", pdb("only-in-old-failure"))], chart="jobs"),
        release("jobs", "batch", 2, "deployed", [("a.yaml", pdb("jobs-deployed"))], chart="jobs"),
    ]
    # An install still pending, never deployed.
    pending = [release("queue", "batch", 1, "pending-install", [("a.yaml", pdb("queue-pending"))], chart="queue")]
    # The ConfigMap driver (HELM_DRIVER=configmap).
    cm = [
        release("legacy", "ops", 6, "superseded", [("a.yaml", pdb("only-in-legacy-6"))], chart="legacy"),
        release("legacy", "ops", 7, "deployed", [("a.yaml", pdb("legacy-deployed"))], chart="legacy"),
        release("legacy", "ops", 8, "pending-upgrade", [("a.yaml", pdb("legacy-pending"))], chart="legacy"),
    ]
    secrets = [secret_record(r) for r in web + api + jobs + pending]
    configmaps = [configmap_record(r) for r in cm]
    tiller = {"apiVersion": "v1", "kind": "ConfigMap",
              "metadata": {"name": "old.v3", "namespace": "kube-system",
                           "labels": {"NAME": "old", "OWNER": "TILLER", "STATUS": "DEPLOYED", "VERSION": "3"}},
              "data": {"release": base64.b64encode(gzip.compress(b"\x0a\x03old")).decode()}}
    return secrets, configmaps + [tiller]


def by_name(findings):
    out = {}
    for f in findings:
        if not f["ruleId"].startswith("API"):
            continue
        out.setdefault(f["name"], []).append(f)
    return out


def check_helm(report, secrets_text):
    found = by_name(report["findings"])
    for api, kind, removed_in, _ in REMOVALS:
        name = object_name(api, kind)
        mine = [f for f in found.get(name, []) if f.get("helmRelease")]
        assert len(mine) == 1, f"{kind} {api}: expected one finding from release web, got {mine}"
        f = mine[0]
        assert f["ruleId"] == "API101" and f["apiVersion"] == api and f["kind"] == kind, f
        assert f["namespace"] == "shop", f  # taken from the release
        rel = f["helmRelease"]
        assert (rel["name"], rel["namespace"], rel["revision"], rel["status"]) == ("web", "shop", 2, "deployed"), rel
        assert (rel["chart"], rel["chartVersion"], rel["storage"]) == ("web", "1.1.0", "secret"), rel
        assert f["template"] == f"web/templates/{name}.yaml", f
        assert "Helm release shop/web revision 2" in f["message"], f["message"]
        assert f["recordedIn"] == "helm-release", f
        assert f["line"] == line_of(secrets_text, "sh.helm.release.v1.web.v2"), (f["line"],)
    hook = found.get("pre-upgrade-hook", [])
    assert len(hook) == 1 and hook[0]["template"] == "web/templates/hook.yaml", hook
    for history in ("only-in-superseded", "only-in-api-3", "only-in-old-failure", "only-in-legacy-6"):
        assert history not in found, f"{history}: a past revision was reported: {found[history]}"
    for name, revision, status, storage in (("api-deployed", 4, "deployed", "secret"), ("api-failed", 5, "failed", "secret"),
                                            ("jobs-deployed", 2, "deployed", "secret"),
                                            ("queue-pending", 1, "pending-install", "secret"),
                                            ("legacy-deployed", 7, "deployed", "configmap"),
                                            ("legacy-pending", 8, "pending-upgrade", "configmap")):
        assert name in found, f"{name} not reported"
        rel = found[name][0]["helmRelease"]
        assert (rel["revision"], rel["status"], rel["storage"]) == (revision, status, storage), rel
        assert status in found[name][0]["message"], found[name][0]["message"]
    tiller = [f for f in report["findings"] if f["ruleId"] == "GL011"]
    assert len(tiller) == 1 and "kube-system/old.v3" in tiller[0]["message"], tiller
    assert "Helm 2" in tiller[0]["message"], tiller


def test_helm_releases_in_both_drivers_yaml_and_json():
    secrets, configmaps = helm_records()
    for render, ext in ((as_kubectl_yaml, "yaml"), (as_kubectl_json, "json")):
        with tempfile.TemporaryDirectory() as tmp:
            secrets_text = render(kubectl_list(secrets))
            write(tmp, f"secrets.{ext}", secrets_text)
            write(tmp, f"configmaps.{ext}", render(kubectl_list(configmaps)))
            run, report = scan_json(tmp)
            assert run.returncode == 1, f"exit {run.returncode}: {run.stderr}"
            check_helm(report, secrets_text)


def test_revisions_of_one_release_in_separate_files_and_stdin():
    # Current is decided over every file: the failed revision 5 sits alone in its file.
    secrets, _ = helm_records()
    api = [s for s in secrets if ".api." in s["metadata"]["name"]]
    with tempfile.TemporaryDirectory() as tmp:
        for s in api:
            write(tmp, s["metadata"]["name"] + ".yaml", as_kubectl_yaml(s))
        run, report = scan_json(tmp)
        names = sorted(f["name"] for f in report["findings"] if f["ruleId"].startswith("API"))
        assert names == ["api-deployed", "api-failed"], names
    run, report = scan_json("-", stdin=as_kubectl_yaml(kubectl_list(api)))
    assert sorted(f["name"] for f in report["findings"] if f["ruleId"].startswith("API")) == ["api-deployed", "api-failed"]
    assert all(f["file"] == "-" for f in report["findings"])


def test_damaged_release_record_is_an_input_error():
    good = secret_record(release("ok", "shop", 1, "deployed", [("a.yaml", pdb("ok-pdb"))]))
    bad = secret_record(release("broken", "shop", 1, "deployed", [("a.yaml", pdb("never-read"))]))
    bad["data"]["release"] = helm_encode(release("broken", "shop", 1, "deployed", []))  # Secret layer missing
    truncated = secret_record(release("cut", "shop", 1, "deployed", []))
    inner = base64.b64decode(helm_encode(release("cut", "shop", 1, "deployed", [("a.yaml", pdb("cut"))])))
    truncated["data"]["release"] = base64.b64encode(base64.b64encode(inner[: len(inner) // 2])).decode()
    run, report = scan_json("-", stdin=as_kubectl_yaml(kubectl_list([bad, truncated, good])))
    assert run.returncode == 2, run.returncode
    errors = [f for f in report["findings"] if f["ruleId"] == "GL010"]
    assert len(errors) == 2, errors
    assert any("shop/sh.helm.release.v1.broken.v1" in e["message"] and "base64" in e["message"] for e in errors), errors
    assert any("shop/sh.helm.release.v1.cut.v1" in e["message"] and "gzip" in e["message"] for e in errors), errors
    assert any(f["name"] == "ok-pdb" for f in report["findings"]), "the readable record was not scanned"


def full_summary_has_counts(folder):
    _, report = scan_json(folder)
    s = report["summary"]
    return (s["helmReleases"], s["helmRevisions"], s["helmHistoryRevisions"]) == (4, 8, 3) and s["lastAppliedConfigurations"] > 0


def test_sarif_text_baseline_and_from_on_dump_findings():
    secrets, configmaps = helm_records()
    items = [live_object(api, kind) for api, kind, _, _ in REMOVALS]
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp, "secrets.yaml", as_kubectl_yaml(kubectl_list(secrets)))
        write(tmp, "objects.json", as_kubectl_json(kubectl_list(items)))
        sarif_path = os.path.join(tmp, "out.sarif")
        run = greenlight("scan", "--target", TARGET, "--format", "sarif", "--output", sarif_path, tmp)
        assert run.returncode == 1, run.stderr
        with open(sarif_path) as f:
            sarif = json.load(f)
        schema_path = os.path.join(ROOT, "..", "shared", "schemas", "sarif-schema-2.1.0.json")
        if os.path.exists(schema_path):
            import jsonschema
            with open(schema_path) as f:
                jsonschema.validate(sarif, json.load(f))
        results = sarif["runs"][0]["results"]
        helm = [r for r in results if "helmRelease" in r.get("properties", {})]
        assert helm and all(r["properties"]["helmRelease"]["name"] in ("web", "api", "jobs", "queue") for r in helm)
        assert any(r["properties"].get("recordedIn") == "last-applied-configuration" for r in results)

        text = greenlight("scan", "--target", TARGET, "--no-color", tmp).stdout
        assert "(helm shop/web rev 2 deployed)" in text, text[-3000:]
        assert "(last-applied-configuration)" in text
        assert re.search(r"Cluster records: \d+ last-applied configurations, 4 Helm releases "
                         r"\(8 revisions read, 3 past revisions left out as history\)", text), text[-500:]
        assert full_summary_has_counts(tmp)

        # Hops: each finding says which upgrade breaks it.
        _, hops = scan_json("--from", "1.21", tmp)
        pdbs = [f for f in hops["findings"] if f["apiVersion"] == "policy/v1beta1" and f.get("helmRelease")]
        assert pdbs and all(f["breaksAt"] == "1.25" for f in pdbs), pdbs[:2]

        # Baselines: recorded findings keep their fingerprints on a rerun of the same dump.
        baseline = os.path.join(tmp, "baseline.json")
        run = greenlight("baseline", "--target", TARGET, "--output", baseline, tmp)
        assert run.returncode == 0, run.stderr
        run, report = scan_json("--baseline", baseline, tmp)
        assert report["findings"] == [] and run.returncode == 0, report["findings"][:3]
        # The live object's finding and its release's are two sources, two fingerprints.
        _, full = scan_json(tmp)
        prints = [f["fingerprint"] for f in full["findings"]]
        assert len(prints) == len(set(prints)), "fingerprints collide"


# ---- scan --cluster against a kubectl stand-in ---------------------------------------------------

STAND_IN = r'''#!/usr/bin/env python3
# kubectl stand-in: serves recorded output for exactly the arguments greenlight --cluster uses,
# and fails like kubectl on anything else. Every call is logged.
import json, os, sys
recorded = os.environ["RECORDED"]
args = sys.argv[1:]
with open(os.path.join(recorded, "calls.log"), "a") as log:
    log.write(json.dumps(args) + "\n")
expect = json.load(open(os.path.join(recorded, "expect.json")))
prefix = expect["prefix"]
if args[: len(prefix)] != prefix:
    sys.stderr.write("error: context was not found for specified context\n"); sys.exit(1)
rest = args[len(prefix):]
if rest == ["api-resources", "--verbs=list", "-o", "name"]:
    sys.stdout.write("\n".join(expect["resources"]) + "\n"); sys.exit(0)
if len(rest) >= 5 and rest[0] == "get" and rest[2:5] == ["--all-namespaces", "-o", "json"]:
    resource = rest[1]
    extra = rest[5:]
    if resource == "secrets" and extra != ["--field-selector=type=helm.sh/release.v1"]:
        sys.stderr.write("stand-in: secrets must be read with the Helm field selector\n"); sys.exit(3)
    if resource != "secrets" and extra:
        sys.stderr.write("stand-in: unexpected arguments %r\n" % extra); sys.exit(3)
    if resource in expect.get("forbidden", []):
        sys.stderr.write('Error from server (Forbidden): %s is forbidden: User "ci" cannot list resource\n' % resource)
        sys.exit(1)
    path = os.path.join(recorded, resource + ".json")
    sys.stdout.write(open(path).read()); sys.exit(0)
sys.stderr.write("stand-in: unsupported arguments %r\n" % args); sys.exit(3)
'''


def make_cluster(tmp, forbidden=()):
    """A recorded cluster: objects with last-applied configurations, Helm release Secrets, an
    add-on Deployment and its running Pod, and a kubectl stand-in that serves them."""
    recorded = os.path.join(tmp, "recorded")
    bin_dir = os.path.join(tmp, "bin")
    os.makedirs(recorded)
    os.makedirs(bin_dir)
    secrets, configmaps = helm_records()
    by_resource = {"secrets": secrets, "configmaps": configmaps[:-1]}  # no Tiller here
    for api, kind, _, _ in REMOVALS:
        resource = kind.lower() + "s"
        by_resource.setdefault(resource, []).append(live_object(api, kind))
    autoscaler_image = "registry.k8s.io/autoscaling/cluster-autoscaler:v1.21.0"
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment",
                  "metadata": {"name": "cluster-autoscaler", "namespace": "kube-system"},
                  "spec": {"template": {"spec": {"containers": [{"name": "ca", "image": autoscaler_image}]}}}}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "cluster-autoscaler-5d9c-x", "namespace": "kube-system"},
           "spec": {"containers": [{"name": "ca", "image": autoscaler_image}]}}
    # What a dump holds but nothing runs: the rollout's previous ReplicaSet (scaled to zero) and a
    # finished Pod, both at older versions that must not show up as running add-ons.
    old_rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": {"name": "cluster-autoscaler-4b7a", "namespace": "kube-system"},
              "spec": {"replicas": 0, "template": {"spec": {"containers": [
                  {"name": "ca", "image": "registry.k8s.io/autoscaling/cluster-autoscaler:v1.19.3"}]}}}}
    done_pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "cluster-autoscaler-old", "namespace": "kube-system"},
                "spec": {"containers": [{"name": "ca", "image": "registry.k8s.io/autoscaling/cluster-autoscaler:v1.18.3"}]},
                "status": {"phase": "Succeeded"}}
    by_resource.setdefault("deployments.apps", []).append(deployment)
    by_resource["replicasets.apps"] = [old_rs]
    by_resource["pods"] = [pod, done_pod]
    by_resource["events"] = []
    for resource, items in by_resource.items():
        write(recorded, resource + ".json", as_kubectl_json(kubectl_list(items)))
    prefix = ["--kubeconfig=" + os.path.join(tmp, "kubeconfig"), "--context=blue"]
    with open(os.path.join(recorded, "expect.json"), "w") as f:
        json.dump({"prefix": prefix, "resources": sorted(by_resource), "forbidden": list(forbidden)}, f)
    kubectl = write(bin_dir, "kubectl", STAND_IN)
    os.chmod(kubectl, os.stat(kubectl).st_mode | stat.S_IEXEC)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], RECORDED=recorded)
    flags = ["--cluster", "--context", "blue", "--kubeconfig", os.path.join(tmp, "kubeconfig")]
    return env, flags, recorded


def calls(recorded):
    with open(os.path.join(recorded, "calls.log")) as f:
        return [json.loads(line) for line in f]


def test_scan_cluster_reads_through_kubectl_and_saves_the_dump():
    with tempfile.TemporaryDirectory() as tmp:
        env, flags, recorded = make_cluster(tmp)
        save = os.path.join(tmp, "dump")
        run, live = scan_json(*flags, "--save", save, env=env)
        assert run.returncode == 1, f"exit {run.returncode}: {run.stderr}"
        log = calls(recorded)
        assert log[0][2:] == ["api-resources", "--verbs=list", "-o", "name"], log[0]
        gets = {c[3] for c in log[1:]}
        assert gets == set(json.load(open(os.path.join(recorded, "expect.json")))["resources"]), gets
        secrets_call = next(c for c in log if c[3:4] == ["secrets"])
        assert secrets_call[-1] == "--field-selector=type=helm.sh/release.v1", secrets_call
        # Both sources are read: last-applied configurations and the release manifests.
        assert any(f.get("recordedIn") == "last-applied-configuration" for f in live["findings"])
        secrets_text = open(os.path.join(save, "secrets.json")).read()
        report_helm_part = {"findings": [f for f in live["findings"] if f.get("helmRelease") or f["ruleId"] == "GL011"]}
        assert any(f["helmRelease"]["name"] == "web" for f in report_helm_part["findings"])
        assert all(f["file"].startswith(save + "/") for f in live["findings"]), live["findings"][0]["file"]
        web = [f for f in live["findings"] if f.get("helmRelease", {}).get("name") == "web"]
        assert web and all(f["line"] == line_of(secrets_text, "sh.helm.release.v1.web.v2") for f in web)
        assert sorted(os.listdir(save)) == sorted(r + ".json" for r in json.load(open(os.path.join(recorded, "expect.json")))["resources"])
        # A second dump into the same folder would mix with the first: refused, nothing touched.
        before = {n: os.path.getmtime(os.path.join(save, n)) for n in os.listdir(save)}
        again = greenlight("scan", "--target", TARGET, *flags, "--save", save, env=env)
        assert again.returncode == 2 and "new or empty folder" in again.stderr, again.stderr
        assert before == {n: os.path.getmtime(os.path.join(save, n)) for n in os.listdir(save)}
        # Offline rerun of the saved dump: the same findings, fingerprint for fingerprint.
        _, offline = scan_json(save)
        key = lambda r: sorted((f["fingerprint"], f["file"], f["line"]) for f in r["findings"])
        assert key(offline) == key(live)


def test_scan_cluster_unreadable_resource_is_an_input_error():
    with tempfile.TemporaryDirectory() as tmp:
        env, flags, _ = make_cluster(tmp, forbidden=["cronjobs"])
        run, report = scan_json(*flags, env=env)
        assert run.returncode == 2, run.returncode
        errors = [f for f in report["findings"] if f["ruleId"] == "GL002"]
        assert len(errors) == 1 and "cronjobs" in errors[0]["message"] and "Forbidden" in errors[0]["message"], errors
        assert any(f["ruleId"] == "API101" for f in report["findings"]), "the readable resources were not scanned"
        # A wrong context: nothing can be read, a usage error with kubectl's message.
        bad = [a if a != "blue" else "green" for a in flags]
        run = greenlight("scan", "--target", TARGET, *bad, env=env)
        assert run.returncode == 2 and "context was not found" in run.stderr, run.stderr
        run = greenlight("scan", "--target", TARGET, "--context", "blue", "x.yaml", env=env)
        assert run.returncode == 2 and "--context needs --cluster" in run.stderr, run.stderr


def test_report_and_addons_read_the_cluster():
    with tempfile.TemporaryDirectory() as tmp:
        env, flags, _ = make_cluster(tmp)
        run = greenlight("addons", "--target", "1.29", "--format", "json", *flags, env=env)
        assert run.returncode in (0, 1), run.stderr
        rows = json.loads(run.stdout)["addons"]
        text = json.dumps(rows)
        autoscaler = [r for r in rows if r["name"] == "cluster-autoscaler"]
        assert [r["version"] for r in autoscaler] == ["1.21.0"], autoscaler
        files = sorted(l["file"] for l in autoscaler[0]["locations"])
        assert files == ["cluster/deployments.apps.json", "cluster/pods.json"], files  # the running Pod too
        assert "1.19.3" not in text and "1.18.3" not in text, "an add-on version nothing runs was listed"
        run = greenlight("report", "--from", "1.22", "--to", TARGET, "--format", "json", *flags, env=env)
        assert run.returncode in (0, 1), run.stderr
        report = json.loads(run.stdout)
        text = json.dumps(report)
        assert "policy/v1beta1" in text and "PodDisruptionBudget" in text, text[:2000]
        hits = [h for hop in report["hops"] for h in hop["removedApis"]] + report.get("alreadyBroken", [])
        assert any(h.get("recordedIn") == "helm release shop/web revision 2 (deployed)" for h in hits), hits[:3]
        assert any(h.get("recordedIn") == "last-applied-configuration" for h in hits), hits[:3]


if __name__ == "__main__":
    if not os.path.exists(GREENLIGHT):
        print(f"skip: {GREENLIGHT} is not built")
        sys.exit(77)
    sys.exit(run_test_functions([
        test_last_applied_yaml_dump_every_recent_removal,
        test_last_applied_json_dump_every_recent_removal,
        test_invalid_annotation_is_reported_and_the_rest_scanned,
        test_helm_releases_in_both_drivers_yaml_and_json,
        test_revisions_of_one_release_in_separate_files_and_stdin,
        test_damaged_release_record_is_an_input_error,
        test_sarif_text_baseline_and_from_on_dump_findings,
        test_scan_cluster_reads_through_kubectl_and_saves_the_dump,
        test_scan_cluster_unreadable_resource_is_an_input_error,
        test_report_and_addons_read_the_cluster,
    ]))
