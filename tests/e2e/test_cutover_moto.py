#!/usr/bin/env python3
"""End-to-end: a whole cutover plan applied with the real AWS CLI to moto on 127.0.0.1.

Through ../shared/tools/route53-sandbox.sh (one moto server per run, about 1.5 s per CLI call):
  0. the pre-migration zone (simple CNAME, simple alias A) -> its listing is the plan's --state;
  1. TTL step, simple->weighted conversion and steps 1..4 -> `cutover verify --step 4` accepts
     moto's listing, and rejects it with one weight changed by hand;
  2. the same, then the rollback from the middle (back one step, then to 100:0) -> step 1;
  3. every phase up to the TTL restore -> `cutover verify --step ttl-restore`.
moto accepts many invalid batches, so test_cutover_plan.py validates every batch first; this
test proves the AWS CLI takes the files and the sequence ends where the plan says.
Skips (exit 77) where ../shared, the aws CLI or moto is absent.
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
SANDBOX = os.path.normpath(os.path.join(ROOT, "..", "shared", "tools", "route53-sandbox.sh"))
VALIDATOR = os.path.normpath(os.path.join(ROOT, "..", "shared", "tools", "validate-change-batch.py"))
CASE = "testdata/cutover/route53"
SPEC = f"{CASE}/cutover.yaml"

TALLY = Tally()
check = TALLY.check


def run(*args):
    return subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, timeout=300)


def sandbox(batches, listing_path):
    r = run("bash", SANDBOX, *batches)
    if r.returncode == 0:
        with open(listing_path, "w") as f:
            f.write(r.stdout)
    return r


def verify(listing, step):
    return run(BINARY, "cutover", "verify", SPEC, "--state", listing, "--step", step)


def main():
    if not os.path.exists(SANDBOX):
        print(f"skipped: {SANDBOX} not found (../shared is absent in this checkout)")
        return 77
    missing = [tool for tool in ("aws",) if shutil.which(tool) is None]
    if missing or subprocess.run([sys.executable, "-c", "import moto.server"], capture_output=True).returncode:
        print("skipped: the aws CLI or moto is not installed")
        return 77
    tmp = tempfile.mkdtemp(prefix="greenlight-cutover-moto-")
    try:
        setup = os.path.join(ROOT, CASE, "setup-simple.json")
        initial = os.path.join(tmp, "initial.json")
        r = sandbox([setup], initial)
        check(r.returncode == 0, "moto accepts the setup batch", r.stderr[-2000:])
        if r.returncode != 0:
            return 1

        out = os.path.join(tmp, "plan")
        r = run(BINARY, "cutover", "plan", SPEC, "--state", initial, "--out", out)
        check(r.returncode == 0, "plan from moto's listing", r.stderr)
        plan = json.load(open(os.path.join(out, "plan.json")))
        phases = plan["phases"]
        files = lambda phase: [os.path.join(out, b["file"]) for b in phase["batches"]]
        step4 = next(i for i, p in enumerate(phases) if p["kind"] == "step" and p["step"] == 4)
        to_step4 = [setup] + [f for p in phases[: step4 + 1] for f in files(p)]

        listing = os.path.join(tmp, "step4.json")
        r = sandbox(to_step4, listing)
        check(r.returncode == 0, "moto accepts ttl-lower, convert and steps 1..4", r.stderr[-2000:])
        r = verify(listing, "4")
        check(r.returncode == 0, "verify accepts moto's listing at step 4", r.stdout + r.stderr)
        data = json.load(open(listing))
        for rs in data["ResourceRecordSets"]:
            if rs.get("SetIdentifier") == "api-green" and rs["Type"] == "AAAA":
                rs["Weight"] = 255
        tampered = os.path.join(tmp, "tampered.json")
        json.dump(data, open(tampered, "w"))
        r = verify(tampered, "4")
        check(r.returncode == 1 and "api.example.com AAAA [api-green]: weight is 255" in r.stdout,
              "verify rejects the tampered listing", r.stdout + r.stderr)

        rollbacks = {rb["title"]: rb for rb in phases[step4]["rollbacks"]}
        back = next(rb for t, rb in rollbacks.items() if "step 3" in t)
        to_start = next(rb for t, rb in rollbacks.items() if "step 1" in t)
        rolled = os.path.join(tmp, "rolled-back.json")
        sequence = to_step4 + [os.path.join(out, b["file"]) for rb in (back, to_start) for b in rb["batches"]]
        r = sandbox(sequence, rolled)
        check(r.returncode == 0, "moto accepts the rollback from step 4", r.stderr[-2000:])
        r = verify(rolled, "1")
        check(r.returncode == 0, "verify: rolled back to step 1", r.stdout + r.stderr)

        final = os.path.join(tmp, "final.json")
        shift = [p for p in phases if p["kind"] != "decommission"]
        r = sandbox([setup] + [f for p in shift for f in files(p)], final)
        check(r.returncode == 0, "moto accepts every phase", r.stderr[-2000:])
        r = verify(final, "ttl-restore")
        check(r.returncode == 0, "verify accepts the final listing", r.stdout + r.stderr)
        r = verify(final, "7")
        check(r.returncode == 1 and "TTL is 300, step 7 expects 60" in r.stdout,
              "verify: the restored TTL is not step 7's", r.stdout)

        # Decommission: the exact DELETE built from moto's listing after the shift, checked by the
        # validator against that listing (moto itself deletes by set identifier alone).
        out2 = os.path.join(tmp, "decommission")
        r = run(BINARY, "cutover", "decommission", SPEC, "--state", final, "--out", out2)
        check(r.returncode == 0, "decommission from the final listing", r.stdout + r.stderr)
        deletes = sorted(os.path.join(out2, "batches", f) for f in os.listdir(os.path.join(out2, "batches")))
        retired = os.path.join(tmp, "retired.json")
        r = run(sys.executable, VALIDATOR, "--zone", "example.com", "--state", final, "--chain", "-q",
                "--emit-state", retired, *deletes)
        check(r.returncode == 0 and deletes, "the decommission DELETEs match moto's listing exactly", r.stdout + r.stderr)
        r = verify(retired, "decommission")
        check(r.returncode == 0, "verify --step decommission accepts the retired zone", r.stdout + r.stderr)
        r = verify(final, "decommission")
        check(r.returncode == 1 and "still live" in r.stdout, "verify: blue still live before decommission", r.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return TALLY.finish()


if __name__ == "__main__":
    sys.exit(main())
