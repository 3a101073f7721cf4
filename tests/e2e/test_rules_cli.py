#!/usr/bin/env python3
"""`greenlight rules list|show` and the lint-rule flags of `scan` (--rules, --extra-rules,
--disable), run on the real binary: exit codes, error texts naming files, the generated
rules/README.md, and suppression counts in the JSON summary."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))

CUSTOM_RULE = """schemaVersion: 1
id: ACME101
name: team-label-missing
title: Deployment has no team label
severity: error
category: ownership
status: stable
since: 0.1.0
match: {kinds: [Deployment]}
when:
  - {path: 'metadata.labels["acme.io/team"]', op: absent}
message: "Deployment {name} has no acme.io/team label"
help: Add the acme.io/team label.
docs: {what: Flags unowned Deployments., why: Pages go nowhere.}
"""

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    greenlight.io/ignore: image-without-tag
spec:
  template:
    spec:
      containers:
        - {name: a, image: "nginx:latest"}
        - {name: b, image: nginx}
"""


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=SRC)
    return p.returncode, p.stdout, p.stderr


def main():
    failures = []

    def check(name, condition, detail=""):
        if not condition:
            failures.append(f"{name}: {detail}")

    tmp = tempfile.mkdtemp(prefix="greenlight-rules-e2e-")
    try:
        manifest = os.path.join(tmp, "deploy.yaml")
        with open(manifest, "w") as f:
            f.write(MANIFEST)
        team = os.path.join(tmp, "team-rules")
        os.mkdir(team)
        with open(os.path.join(team, "ACME101-team-label-missing.yaml"), "w") as f:
            f.write(CUSTOM_RULE)
        clash = os.path.join(tmp, "clash.yaml")
        shutil.copy(os.path.join(SRC, "rules", "REL427-latest-image-tag.yaml"), clash)

        code, out, err = run("rules", "list")
        rows = [l for l in out.splitlines()[1:] if l.strip()]
        check("rules list", code == 0 and len(rows) >= 25 and rows[0].startswith("REL401"), f"{code} {err}")

        code, out, _ = run("rules", "list", "--format", "markdown")
        with open(os.path.join(SRC, "rules", "README.md"), encoding="utf-8") as f:
            check("rules/README.md is generated", code == 0 and out == f.read(),
                  "regenerate: greenlight rules list --format markdown > rules/README.md")

        code, out, _ = run("rules", "list", "--format", "json")
        ids = [r["id"] for r in json.loads(out)["rules"]] if code == 0 else []
        check("rules list json", "REL419" in ids and "SEC302" in ids, out[:200])

        code, out, _ = run("rules", "show", "latest-image-tag")
        check("rules show by name", code == 0 and out.startswith("REL427 latest-image-tag:") and "Why it matters" in out, out[:200])
        code, out, err = run("rules", "show", "REL4199")
        check("rules show unknown", code == 2 and "unknown rule 'REL4199' (did you mean 'REL419'?)" in err, err)

        code, out, err = run("scan", "--target", "1.25", "-o", "json", manifest)
        report = json.loads(out)
        found = sorted(f["ruleId"] for f in report["findings"])
        check("scan runs lint rules", code == 0 and found == ["REL427"], f"{code} {found} {err}")
        check("summary counts suppressed", report["summary"]["suppressedByAnnotation"] == 1
              and report["summary"]["suppressed"] == 1, report["summary"])

        code, out, err = run("scan", "--target", "1.25", "-o", "json", "--disable", "latest-image-tag", manifest)
        check("--disable by name", code == 0 and json.loads(out)["findings"] == [], out[:200])
        code, out, err = run("scan", "--target", "1.25", "--disable", "REL42", manifest)
        check("--disable unknown", code == 2 and "--disable: unknown rule 'REL42'" in err, err)

        code, out, err = run("scan", "--target", "1.25", "-o", "json", "--extra-rules", team, manifest)
        found = sorted(f["ruleId"] for f in json.loads(out)["findings"]) if out else []
        check("--extra-rules adds", code == 1 and found == ["ACME101", "REL427"], f"{code} {found} {err}")

        code, out, err = run("scan", "--target", "1.25", "-o", "json", "--rules", team, manifest)
        found = sorted(f["ruleId"] for f in json.loads(out)["findings"]) if out else []
        # The manifest's ignore annotation names a rule that --rules took away: GL004 says so.
        check("--rules replaces", code == 1 and found == ["ACME101", "GL004"], f"{code} {found} {err}")

        code, out, err = run("scan", "--target", "1.25", "--extra-rules", clash, manifest)
        check("--extra-rules collision names both files",
              code == 2 and f"{clash}:2:5: duplicate rule id REL427: already defined in "
              "embedded:rules/REL427-latest-image-tag.yaml:2:5" in err, err)

        broken = os.path.join(SRC, "testdata", "rules-broken", "bad-regex.yaml")
        code, out, err = run("scan", "--target", "1.25", "--rules", broken, manifest)
        check("broken rule file", code == 2 and "bad-regex.yaml:13:12: invalid regular expression '(unclosed': "
              "missing ): (unclosed" in err, err)
    finally:
        shutil.rmtree(tmp)

    for f in failures:
        print("FAIL:", f)
    total = 13
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
