#!/usr/bin/env python3
"""End-to-end: `greenlight cutover plan|verify|lint|init` through the real binary.

Every batch the plan writes is checked with ../shared/tools/validate-change-batch.py, chained
from the given state with --expect-weights at every step (and every rollback batch from the
state it rolls back from); `cutover verify` must accept the validator's simulated listing after
each step and reject a tampered one. Also: bad specs exit 2 naming file:line:col and write
nothing, a non-empty --out needs --force, and the CUT5xx fixtures through `cutover lint`.
Skips (exit 77) where ../shared is absent.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from support import Tally

ROOT = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BINARY = os.environ.get("GREENLIGHT", os.path.join(ROOT, "build", "greenlight"))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
VALIDATOR = os.path.join(SHARED, "tools", "validate-change-batch.py")
CASE = "testdata/cutover/route53"

TALLY = Tally()
check = TALLY.check


def run(*args, **kwargs):
    return subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, **kwargs)


def validate(state, batch, emit, expect=None):
    args = [sys.executable, VALIDATOR, "--zone", "example.com", "--state", state, "-q"]
    if emit:
        args += ["--emit-state", emit]
    if expect:
        args += ["--expect-weights", expect]
    return run(*args, batch)


def weights(plan_phase_or_rollback, spec_records):
    w = plan_phase_or_rollback["weights"]
    parts = []
    for record in spec_records:
        parts.append(f"{record['blue']['setIdentifier']}={w['blue']}")
        parts.append(f"{record['green']['setIdentifier']}={w['green']}")
    return ",".join(parts)


def test_plan_chain(tmp):
    out = os.path.join(tmp, "plan")
    r = run(BINARY, "cutover", "plan", f"{CASE}/cutover.yaml", "--state", f"{CASE}/state-simple.json", "--out", out)
    check(r.returncode == 0, "cutover plan exits 0", r.stderr)
    plan = json.load(open(os.path.join(out, "plan.json")))
    kinds = [p["kind"] for p in plan["phases"]]
    check(kinds[:2] == ["ttl-lower", "convert"] and kinds[-2:] == ["ttl-restore", "decommission"], "phase order", str(kinds))
    state = os.path.join(ROOT, CASE, "state-simple.json")
    states = {}
    for index, phase in enumerate(plan["phases"]):
        expect = weights(phase, plan["records"]) if phase["kind"] in ("step", "convert") else None
        for batch in phase["batches"]:
            emitted = os.path.join(tmp, f"state-{index}.json")
            r = validate(state, os.path.join(out, batch["file"]), emitted, expect)
            check(r.returncode == 0, f"validator accepts {batch['file']} (expect {expect})", r.stdout + r.stderr)
            state = emitted
        states[phase["id"]] = (phase, state)
        r = run(BINARY, "cutover", "verify", f"{CASE}/cutover.yaml", "--state", state, "--step", phase["verifyStep"])
        check(r.returncode == 0, f"verify accepts the state after {phase['id']}", r.stdout + r.stderr)
        for rollback in phase["rollbacks"]:
            for batch in rollback["batches"]:
                r = validate(state, os.path.join(out, batch["file"]), None, weights(rollback, plan["records"]))
                check(r.returncode == 0, f"rollback {batch['file']} valid from {phase['id']}", r.stdout + r.stderr)

    # A tampered listing: green's weight changed by hand at step 4.
    phase, state = next(v for k, v in states.items() if k.startswith("06-step-4"))
    listing = json.load(open(state))
    for rs in listing["ResourceRecordSets"]:
        if rs.get("SetIdentifier") == "shop-app-green":
            rs["Weight"] = 0
    tampered = os.path.join(tmp, "tampered.json")
    json.dump(listing, open(tampered, "w"))
    r = run(BINARY, "cutover", "verify", f"{CASE}/cutover.yaml", "--state", tampered, "--step", "4")
    check(r.returncode == 1 and "[shop-app-green]: weight is 0, step 4 expects 50" in r.stdout,
          "verify rejects a tampered listing", r.stdout + r.stderr)
    # The listing of step 4 is not the listing of step 5.
    r = run(BINARY, "cutover", "verify", f"{CASE}/cutover.yaml", "--state", state, "--step", "5")
    check(r.returncode == 1, "verify rejects the wrong step", r.stdout)

    # A non-empty --out needs --force; with --force the same plan is rewritten.
    r = run(BINARY, "cutover", "plan", f"{CASE}/cutover.yaml", "--out", out)
    check(r.returncode == 2 and "--force" in r.stderr, "non-empty --out refused", r.stderr)
    r = run(BINARY, "cutover", "plan", f"{CASE}/cutover.yaml", "--state", f"{CASE}/state-simple.json", "--out", out, "--force")
    check(r.returncode == 0, "--force rewrites", r.stderr)


def test_impossible_specs(tmp):
    base = open(os.path.join(ROOT, CASE, "cutover.yaml")).read()
    cases = {
        "weight 300": (base.replace("{blue: 90, green: 10}", "{blue: 300, green: 10}"), "weight 300 is outside 0..255"),
        "0:0 step": (base.replace("{blue: 90, green: 10}", "{blue: 0, green: 0}"), "even split"),
        "duplicate set identifier": (base.replace("setIdentifier: shop-app-green", "setIdentifier: shop-app-blue"),
                                     "same setIdentifier"),
        "unknown region": (base.replace("us-east-1.amazonaws.com", "zz-north-7.amazonaws.com"), "unknown ELB region"),
    }
    for name, (text, message) in cases.items():
        spec = os.path.join(tmp, "bad.yaml")
        open(spec, "w").write(text)
        out = os.path.join(tmp, "never")
        r = run(BINARY, "cutover", "plan", spec, "--out", out)
        location_ok = r.stderr.startswith(f"greenlight: error: {spec}:") and r.stderr.split(":")[3].strip().isdigit()
        check(r.returncode == 2 and message in r.stderr and location_ok, f"{name}: exit 2 naming file:line:col", r.stderr)
        check(not os.path.exists(out), f"{name}: nothing written")


def test_external_dns_mode_and_lint(tmp):
    shop = "testdata/cutover/shop"
    out = os.path.join(tmp, "shop")
    r = run(BINARY, "cutover", "plan", f"{shop}/cutover.yaml", "--blue", f"{shop}/blue", "--green", f"{shop}/green",
            "--out", out)
    check(r.returncode == 0, "external-dns plan exits 0", r.stderr)
    plan = json.load(open(os.path.join(out, "plan.json")))
    check(plan["preview"] is True, "external-dns batches are a preview")
    state = None
    for phase in plan["phases"]:
        check(phase["kind"] != "decommission" or not phase["preview"], "upsert-only blue: decommission by DELETE")
        for batch in phase["batches"]:
            emitted = os.path.join(tmp, f"shop-state-{phase['id']}.json")
            start = ["--state", state] if state else ["--empty-state"]
            expect = [] if phase["kind"] == "decommission" else ["--expect-weights", weights(phase, plan["records"])]
            r = run(sys.executable, VALIDATOR, "--zone", "example.com", "-q", *start, "--emit-state", emitted,
                    *expect, os.path.join(out, batch["file"]))
            check(r.returncode == 0, f"batch {batch['file']} valid", r.stdout + r.stderr)
            check(("PREVIEW" in json.load(open(os.path.join(out, batch["file"])))["Comment"]) == phase["preview"],
                  f"{batch['file']} labelled PREVIEW exactly when it is one")
            state = emitted
    step2 = next(p for p in plan["phases"] if p["kind"] == "step" and p["step"] == 2)
    txt = [c["ResourceRecordSet"] for b in step2["batches"] for c in b["changeBatch"]["Changes"]
           if c["ResourceRecordSet"]["Type"] == "TXT"]
    check(any(t["Name"] == "a-shop.example.com" and t["SetIdentifier"] == "shop-web-green" and t["Weight"] == 10
              and "owner=eks-prod-green" in t["ResourceRecords"][0]["Value"] for t in txt),
          "previews include external-dns's weighted TXT ownership records", json.dumps(txt)[:1500])
    # api.example.com is served by blue only once green's Ingress is gone.
    green_no_api = os.path.join(tmp, "green-no-api")
    os.makedirs(green_no_api)
    shutil.copy(os.path.join(ROOT, shop, "green", "external-dns.yaml"), green_no_api)
    r = run(BINARY, "cutover", "plan", f"{shop}/cutover.yaml", "--blue", f"{shop}/blue", "--green", green_no_api,
            "--out", os.path.join(tmp, "left-behind"))
    check(r.returncode == 1 and "api.example.com" in r.stderr and "not served by green" in r.stderr
          and not os.path.exists(os.path.join(tmp, "left-behind")), "hostname left behind refused", r.stderr)

    r = run(BINARY, "cutover", "lint", "--blue", "testdata/cutover/lint/CUT502/bad/blue.yaml",
            "--green", "testdata/cutover/lint/CUT502/bad/green.yaml", "--format", "json")
    issues = json.loads(r.stdout)["findings"] if r.returncode == 1 else []
    check([i["ruleId"] for i in issues] == ["CUT502"] and issues[0]["line"] > 0, "lint json CUT502", r.stdout + r.stderr)
    r = run(BINARY, "cutover", "lint", "--blue", f"{shop}/blue", "--green", f"{shop}/green", "--format", "sarif")
    sarif = json.loads(r.stdout) if r.returncode == 0 else {}
    check(r.returncode == 0 and sarif["runs"][0]["results"] == [], "lint sarif: shop clusters clean", r.stdout[:500] + r.stderr)
    r = run(BINARY, "cutover", "lint", "--blue", "testdata/cutover/lint/CUT506/bad/blue.yaml",
            "--green", "testdata/cutover/lint/CUT506/bad/green.yaml")
    check(r.returncode == 0 and "CUT506" in r.stdout and "warning" in r.stdout, "lint: a warning alone exits 0", r.stdout)

    r = run(BINARY, "cutover", "init", "--blue", f"{shop}/blue", "--green", f"{shop}/green", "--zone-name",
            "example.com", "--zone-id", "Z0EXAMPLE0ZONE0ID", "--out", os.path.join(tmp, "init"))
    derived = os.path.join(tmp, "init", "cutover.yaml")
    check(r.returncode == 0 and os.path.exists(derived), "init writes cutover.yaml", r.stderr)
    check("mode: external-dns" in open(derived).read(), "init picks external-dns mode when blue runs it")
    r = run(BINARY, "cutover", "plan", derived, "--format", "json")
    check(r.returncode == 0 and len(json.loads(r.stdout)["records"]) == 2, "derived spec plans", r.stderr)


def test_split_to_request_limits(tmp):
    # 600 CNAME records: 1,200 UPSERTs per step count 2,400 ResourceRecord elements, so every step
    # is split into parts that each stay within Route 53's 1,000.
    lines = ["schemaVersion: 1", "zone: {name: example.com, id: Z1}",
             "steps: [{blue: 100, green: 0}, {blue: 50, green: 50}]", "records:"]
    for i in range(600):
        lines += [f"  - hostname: app{i}.example.com", "    type: CNAME",
                  f"    blue: {{target: b{i}.us-east-1.elb.amazonaws.com}}",
                  f"    green: {{target: g{i}.us-east-1.elb.amazonaws.com}}"]
    spec = os.path.join(tmp, "big.yaml")
    open(spec, "w").write("\n".join(lines) + "\n")
    out = os.path.join(tmp, "big")
    r = run(BINARY, "cutover", "plan", spec, "--out", out)
    check(r.returncode == 0, "plan of 600 records", r.stderr)
    plan = json.load(open(os.path.join(out, "plan.json")))
    parts = [os.path.join(out, b["file"]) for p in plan["phases"][:3] for b in p["batches"]]
    check(len(parts) == 9, "three phases in three parts each", str(parts))
    r = run(sys.executable, VALIDATOR, "--zone", "example.com", "--empty-state", "--chain", "-q", *parts)
    check(r.returncode == 0 and "limit-" not in r.stdout, "every part within the request limits", r.stdout[-3000:])


def main():
    if not os.path.exists(VALIDATOR):
        print(f"skipped: {VALIDATOR} not found (../shared is absent in this checkout)")
        return 77
    tmp = tempfile.mkdtemp(prefix="greenlight-cutover-")
    try:
        test_plan_chain(tmp)
        test_impossible_specs(tmp)
        test_external_dns_mode_and_lint(tmp)
        test_split_to_request_limits(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return TALLY.finish()


if __name__ == "__main__":
    sys.exit(main())
