#!/usr/bin/env python3
"""The CI formats of `greenlight scan`, read back by the tools that consume them: SARIF validated
against the OASIS SARIF 2.1.0 schema in ../shared/schemas (skips where ../shared is absent),
JUnit parsed with xml.etree, GitHub workflow commands parsed line by line, Markdown checked for
its summary, table and details. Runs on testdata/gitops-sample plus a hostile-names fixture."""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
SCHEMA = os.path.join(SRC, "..", "shared", "schemas", "sarif-schema-2.1.0.json")

HOSTILE = """apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: "a,b:c%d"
  namespace: "x|y"
---
apiVersion: v1
kind: Service
metadata:
  name: fine
---
key: [unclosed
"""

passed = 0
failures = []


def check(name, condition, detail=""):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(f"{name}: {str(detail)[:2000]}")


def run(fmt, root):
    out = subprocess.run([BIN, "scan", "--target", "1.25", "--format", fmt, "."], cwd=root,
                         capture_output=True, text=True)
    return out


def main():
    if not os.path.exists(SCHEMA):
        print("SKIP: ../shared/schemas is not beside this checkout (a user's clone has none)")
        return 77
    import jsonschema
    schema = json.load(open(SCHEMA))
    with tempfile.TemporaryDirectory() as tmp:
        hostile_root = os.path.join(tmp, "odd dir")
        os.makedirs(hostile_root)
        with open(os.path.join(hostile_root, "we#ird,name.yaml"), "w") as f:
            f.write(HOSTILE)
        roots = [os.path.join(SRC, "testdata", "gitops-sample"), hostile_root]
        for root in roots:
            label = os.path.basename(root)
            reference = json.loads(run("json", root).stdout)
            n = len(reference["findings"])

            out = run("sarif", root)
            check(f"{label}: sarif exit code matches json", out.returncode == run("json", root).returncode)
            sarif = json.loads(out.stdout)
            try:
                jsonschema.validate(sarif, schema, cls=jsonschema.Draft4Validator,
                                    format_checker=jsonschema.FormatChecker())
                check(f"{label}: sarif valid", True)
            except jsonschema.ValidationError as e:
                check(f"{label}: sarif valid", False, e.message)
            results = sarif["runs"][0]["results"]
            rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            check(f"{label}: one result per finding", len(results) == n, (len(results), n))
            check(f"{label}: every result's rule is described",
                  all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results))
            check(f"{label}: rules have descriptions and help",
                  all(r["shortDescription"]["text"] and r.get("help", {}).get("text") for r in rules), rules)
            check(f"{label}: regions are real lines",
                  all(r["locations"][0]["physicalLocation"]["region"]["startLine"] == f["line"]
                      for r, f in zip(results, reference["findings"]) if f["line"]))
            check(f"{label}: fingerprints carried",
                  [r["partialFingerprints"]["greenlight/v1"] for r in results] ==
                  [f["fingerprint"] for f in reference["findings"]])

            xml = run("junit", root).stdout
            tree = ET.fromstring(xml)
            cases = tree.findall("./testsuite/testcase")
            failed = sum(len(c.findall("failure")) + len(c.findall("error")) for c in cases)
            check(f"{label}: junit one failure per finding", failed == n, (failed, n))
            objects = reference["summary"]["objects"]
            object_cases = [c for c in cases if not c.findall("error")]
            check(f"{label}: junit one case per object", len(object_cases) >= objects, (len(object_cases), objects))
            check(f"{label}: junit totals", int(tree.get("tests")) == len(cases) and
                  int(tree.get("failures")) + int(tree.get("errors")) ==
                  sum(1 for c in cases if c.findall("failure") or c.findall("error")), tree.attrib)

            gh = run("github", root).stdout.splitlines()
            pattern = re.compile(r"^::(error|warning|notice) (file=[^,:]*(,line=\d+)?(,col=\d+)?,)?title=[^:,]*::[^\r\n]*$")
            check(f"{label}: github lines well-formed", all(pattern.match(l) for l in gh), gh)
            check(f"{label}: github one command per finding plus summary", len(gh) == n + 1, (len(gh), n))

            md = run("markdown", root).stdout
            check(f"{label}: markdown summary", md.startswith("### **greenlight** (target Kubernetes 1.25): "), md[:200])
            rows = [l for l in md.splitlines() if l.startswith("| ") and not l.startswith("| Severity") and
                    not l.startswith("| ---")]
            check(f"{label}: markdown one row per finding", len(rows) == n, (len(rows), n))
            check(f"{label}: markdown rows keep five cells",
                  all(len(re.split(r"(?<!\\)\|", r)) == 7 for r in rows), rows)
            check(f"{label}: markdown details", "<details><summary>Details</summary>" in md and md.rstrip().endswith("</details>"))

        golden = os.path.join(SRC, "testdata", "golden", "ci-formats", "expected.sarif")
        try:
            jsonschema.validate(json.load(open(golden)), schema, cls=jsonschema.Draft4Validator)
            check("golden expected.sarif valid", True)
        except (OSError, jsonschema.ValidationError) as e:
            check("golden expected.sarif valid", False, e)
        ET.parse(os.path.join(SRC, "testdata", "golden", "ci-formats", "expected.xml"))
        check("golden expected.xml parses", True)

        gh = run("github", hostile_root).stdout
        check("github escapes , and : in file names", "file=we#ird%2Cname.yaml" in gh, gh)
        sarif = json.loads(run("sarif", hostile_root).stdout)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
        check("sarif percent-encodes uris", uris == {"we%23ird%2Cname.yaml"}, uris)
    print(f"{passed} passed, {len(failures)} failed")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
