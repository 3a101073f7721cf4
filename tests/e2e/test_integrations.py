#!/usr/bin/env python3
"""Runs the greenlight commands of the copyable CI integrations exactly as written, so a typo in
them fails the build: the GitHub Actions workflow (ci/integrations/github-actions.yml), the
GitLab CI template (ci/integrations/gitlab-ci.yml) and the pre-commit hook (.pre-commit-hooks.yaml).
Each is run against a fixture repository whose pull request adds a removed API (the check must
fail) and against one that adds nothing (it must pass). Steps that build greenlight or talk to a
forge (checkout, upload, comment) are not run; the built binary stands in on PATH."""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import shutil
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from git_fixture import git, make_repo, write  # noqa: E402

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
SCHEMA = os.path.join(SRC, "..", "shared", "schemas", "sarif-schema-2.1.0.json")
GREENLIGHT_LINE = re.compile(r"^\s*greenlight\s", re.M)

passed = 0
failures = []


def check(name, condition, detail=""):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(f"{name}: {str(detail)[:2000]}")


def substitute(text, expressions):
    def one(match):
        expr = match.group(1).strip()
        if expr not in expressions:
            raise KeyError(f"unknown expression ${{{{ {expr} }}}}")
        return expressions[expr]
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))


def run_github(workflow, work, head_sha, bin_dir, tmp):
    """Runs the workflow's greenlight steps; returns [(step name, exit code)]."""
    expressions = {
        "github.base_ref": "main",
        "github.event.pull_request.head.sha": head_sha,
        "github.server_url": "https://github.com",
        "github.repository": "example/shop",
        "github.event.pull_request.number": "1",
        "github.token": "unused",
    }
    env_top = {k: substitute(v, expressions) for k, v in workflow.get("env", {}).items()}
    for k, v in env_top.items():
        expressions["env." + k] = v
    summary = os.path.join(tmp, "step-summary.md")
    open(summary, "w").close()
    results = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            script = step.get("run")
            if not script or not GREENLIGHT_LINE.search(script):
                continue
            env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], GITHUB_STEP_SUMMARY=summary,
                       GITHUB_PATH=os.path.join(tmp, "github-path"), **env_top)
            env.update({k: substitute(v, expressions) for k, v in step.get("env", {}).items()})
            out = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                                 cwd=work, env=env, capture_output=True, text=True)
            results.append((step["name"], out.returncode, out.stdout + out.stderr))
    return results, summary


def run_gitlab(template, work, head_sha, bin_dir):
    job = template[".greenlight"]
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"],
               CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main", CI_COMMIT_SHA=head_sha,
               CI_PROJECT_URL="https://gitlab.example.com/shop", CI_PIPELINE_SOURCE="merge_request_event")
    env.update({k: str(v) for k, v in job.get("variables", {}).items()})
    results = []
    for entry in job["script"]:
        out = subprocess.run(["bash", "-e", "-c", entry], cwd=work, env=env, capture_output=True, text=True)
        results.append((entry.split("--format")[-1][:20] if "greenlight" in entry else entry[:30],
                        out.returncode, out.stdout + out.stderr))
    return results


def main():
    try:
        import yaml
    except ImportError:
        print("SKIP: python3 yaml (PyYAML) is not installed; it reads the workflow files")
        return 77
    if shutil.which("git") is None:
        print("SKIP: the git command line builds the fixture repository and is not installed")
        return 77
    workflow = yaml.safe_load(open(os.path.join(SRC, "ci", "integrations", "github-actions.yml")))
    template = yaml.safe_load(open(os.path.join(SRC, "ci", "integrations", "gitlab-ci.yml")))
    hooks = yaml.safe_load(open(os.path.join(SRC, ".pre-commit-hooks.yaml")))
    steps = [s for j in workflow["jobs"].values() for s in j["steps"]]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")]
    check("workflow uploads SARIF", len(uploads) == 1, steps)
    check("workflow fetches full history", steps[0].get("with", {}).get("fetch-depth") == 0, steps[0])
    check("gitlab job extends the template", template["greenlight"]["extends"] == ".greenlight")
    check("gitlab publishes junit", template[".greenlight"]["artifacts"]["reports"]["junit"] == "greenlight-junit.xml")

    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = os.path.join(tmp, "bin")
        os.makedirs(bin_dir)
        os.symlink(BIN, os.path.join(bin_dir, "greenlight"))
        upstream, c = make_repo(tmp)
        work = os.path.join(tmp, "work")
        subprocess.run(["git", "clone", "-q", upstream, work], check=True)
        git(work, "checkout", "-q", "-b", "clean", "origin/main")
        write(work, "apps/web/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n")
        git(work, "add", "-A")
        git(work, "commit", "-qm", "clean change")
        clean_sha = git(work, "rev-parse", "HEAD")
        git(work, "checkout", "-q", "-b", "feature", "origin/feature")

        for label, head, gate in (("pr adding a removed API", c["c3"], 1), ("clean pr", clean_sha, 0)):
            results, summary = run_github(workflow, work, head, bin_dir, tmp)
            check(f"github {label}: three greenlight steps ran", len(results) == 3, [r[:2] for r in results])
            for name, code, output in results[:-1]:
                check(f"github {label}: '{name}' succeeds", code == 0, output)
            check(f"github {label}: gate exit {gate}", results and results[-1][1] == gate, results and results[-1])
            sarif_path = os.path.join(work, "greenlight.sarif")
            sarif = json.load(open(sarif_path)) if os.path.exists(sarif_path) else None
            check(f"github {label}: sarif written", sarif is not None)
            if sarif and os.path.exists(SCHEMA):
                import jsonschema
                try:
                    jsonschema.validate(sarif, json.load(open(SCHEMA)), cls=jsonschema.Draft4Validator)
                    check(f"github {label}: sarif valid", True)
                except jsonschema.ValidationError as e:
                    check(f"github {label}: sarif valid", False, e.message)
            new_api = [r for r in (sarif or {"runs": [{"results": []}]})["runs"][0]["results"]
                       if r["ruleId"].startswith("API")]
            check(f"github {label}: sarif has only the new API findings", len(new_api) == (2 if gate else 0),
                  [r["ruleId"] for r in new_api])
            md = open(summary).read()
            check(f"github {label}: step summary has the markdown", md.startswith("### **greenlight**"), md[:300])
            if gate:
                check(f"github {label}: markdown links to the head commit",
                      f"https://github.com/example/shop/blob/{head}/apps/web/ingress.yaml#L1" in md, md)
                check(f"github {label}: annotations", "::error file=apps/web/ingress.yaml,line=1" in results[-1][2],
                      results[-1][2])
            for f in ("greenlight.sarif", "greenlight.md"):
                if os.path.exists(os.path.join(work, f)):
                    os.remove(os.path.join(work, f))

            results = run_gitlab(template, work, head, bin_dir)
            check(f"gitlab {label}: every command ran", len(results) == 4, [r[:2] for r in results])
            for name, code, output in results[:-1]:
                check(f"gitlab {label}: '{name}' succeeds", code == 0, output)
            check(f"gitlab {label}: gate exit {gate}", results and results[-1][1] == gate, results and results[-1])
            junit_path = os.path.join(work, "greenlight-junit.xml")
            if os.path.exists(junit_path):
                root = ET.parse(junit_path).getroot()
                failed = [tc.get("name") for tc in root.iter("testcase") if tc.find("failure") is not None
                          and tc.find("failure").get("type").startswith("API")]
                check(f"gitlab {label}: junit failures", len(failed) == (2 if gate else 0), failed)
                os.remove(junit_path)
            else:
                check(f"gitlab {label}: junit written", False)
            check(f"gitlab {label}: markdown artifact", os.path.exists(os.path.join(work, "greenlight.md")))
            if os.path.exists(os.path.join(work, "greenlight.md")):
                os.remove(os.path.join(work, "greenlight.md"))

        hook = next((h for h in hooks if h["id"] == "greenlight"), None)
        check("pre-commit hook declared", hook is not None and hook["language"] == "system", hooks)
        if hook:
            check("pre-commit hook sees yaml", "yaml" in hook.get("types_or", hook.get("types", [])), hook)
            with open(os.path.join(work, ".greenlight.yaml"), "w") as f:
                f.write('target: "1.25"\n')
            command = shlex.split(hook["entry"]) + hook.get("args", [])
            env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
            bad = subprocess.run(command + ["apps/web/ingress.yaml", "apps/web/service.yaml"], cwd=work, env=env,
                                 capture_output=True, text=True)
            check("pre-commit hook fails on a removed API", bad.returncode == 1, bad.stdout + bad.stderr)
            good = subprocess.run(command + ["apps/web/service.yaml"], cwd=work, env=env, capture_output=True, text=True)
            check("pre-commit hook passes a clean file", good.returncode == 0, good.stdout + good.stderr)
    print(f"{passed} passed, {len(failures)} failed")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
