#!/usr/bin/env python3
"""End-to-end: interrupting `greenlight cutover run` and resuming it (route53 mode, real AWS CLI,
moto on 127.0.0.1; the server is stopped by the test).

SIGINT while step 2 bakes -> exit 130, the journal says "interrupted" with step 1 done; a run
without --resume is refused (exit 2); `--resume` continues and ends at 0:100 (exit 0); every batch
sent across both runs passes validate-change-batch.py chained from the start. Then `--rollback`
takes the finished run back to 100:0 (verified, exit 0), and `--to 2` on a new run stops after
step 2 (exit 0, journal "paused").
Skips (exit 77) where ../shared, the aws CLI or moto is absent.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from moto_zone import BINARY, ROOT, Moto, missing_tools, validate_sent, write
from support import Tally

TALLY = Tally()
check = TALLY.check

BLUE = "k8s-blue-api-0123456789.us-east-1.elb.amazonaws.com"
GREEN = "k8s-green-api-9876543210.us-east-1.elb.amazonaws.com"


def spec_text(zone):
    return f"""schemaVersion: 1
zone: {{name: example.com, id: {zone}}}
steps:
  - {{blue: 100, green: 0}}
  - {{blue: 50, green: 50, bake: 30s}}
  - {{blue: 0, green: 100}}
bake: 0s
records:
  - hostname: api.example.com
    blue: {{target: {BLUE}, setIdentifier: api-blue}}
    green: {{target: {GREEN}, setIdentifier: api-green}}
"""


def weights(moto, zone):
    return {k: v[0] for k, v in moto.members(zone, "api.example.com").items()}


def main():
    why = missing_tools()
    if why:
        print(f"skipped: {why}")
        return 77
    with Moto() as moto:
        zone = moto.create_zone("example.com")
        spec = write(os.path.join(moto.tmp, "cutover.yaml"), spec_text(zone))
        state_dir = os.path.join(moto.tmp, "run")
        process = subprocess.Popen([BINARY, "cutover", "run", spec, "--state-dir", state_dir, "--yes"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=moto.env, cwd=ROOT)
        log = os.path.join(state_dir, "run.log")
        deadline = time.time() + 120
        while time.time() < deadline and process.poll() is None:
            if os.path.exists(log) and "waiting 30s after 02-step-2-50-50" in open(log).read():
                break
            time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        check(process.returncode == 130, "SIGINT during the bake: exit 130", err[-2000:])
        journal = json.load(open(os.path.join(state_dir, "journal.json")))
        check(journal["state"] == "interrupted" and journal["completed"] == ["01-step-1-100-0"]
              and journal["applied"] == "02-step-2-50-50", "journal: interrupted in step 2's bake",
              json.dumps(journal))
        w = weights(moto, zone)
        check(w.get(("A", "api-green")) == 50, "the zone is at 50:50 when interrupted", str(w))

        r = moto.greenlight("cutover", "run", spec, "--state-dir", state_dir, "--yes")
        check(r.returncode == 2 and "--resume" in r.stderr, "journal without --resume: refused", r.stderr)
        r = moto.greenlight("cutover", "run", spec, "--state-dir", state_dir, "--yes", "--resume", "--bake", "0s")
        check(r.returncode == 0, "--resume exits 0", r.stderr[-2000:])
        check("was applied before the interruption" in r.stderr, "resume re-checks the applied step", r.stderr[-2000:])
        w = weights(moto, zone)
        check(w == {("A", "api-blue"): 0, ("A", "api-green"): 100, ("AAAA", "api-blue"): 0,
                    ("AAAA", "api-green"): 100}, "resumed run ends at 0:100", str(w))
        r2, sent = validate_sent(state_dir, "example.com")
        check(r2.returncode == 0 and len(sent) == 3, "3 batches across both runs, all valid chained",
              str(sent) + r2.stdout + r2.stderr)

        r = moto.greenlight("cutover", "run", spec, "--state-dir", state_dir, "--yes", "--rollback")
        check(r.returncode == 0 and "rolled back to 100:0 and verified" in r.stderr, "--rollback exits 0", r.stderr[-2000:])
        w = weights(moto, zone)
        check(w.get(("A", "api-blue")) == 100 and w.get(("AAAA", "api-green")) == 0, "--rollback ends at 100:0", str(w))
        r = moto.greenlight("cutover", "run", spec, "--state-dir", state_dir, "--yes", "--resume")
        check(r.returncode == 2 and "rolled back" in r.stderr, "a rolled-back run cannot be resumed", r.stderr)

        other = os.path.join(moto.tmp, "to")
        # --aws PATH: a wrapper that logs each call, then runs the real CLI.
        calls = os.path.join(moto.tmp, "aws-calls.txt")
        wrapper = write(os.path.join(moto.tmp, "aws-wrapper.sh"),
                        f'#!/bin/sh\necho "$1 $2" >> {calls}\nexec {shutil.which("aws")} "$@"\n')
        os.chmod(wrapper, 0o755)
        r = moto.greenlight("cutover", "run", spec, "--state-dir", other, "--yes", "--to", "2", "--bake", "0s",
                            "--aws", wrapper)
        used = open(calls).read().split("\n") if os.path.exists(calls) else []
        check(used.count("route53 change-resource-record-sets") == 2, "--aws PATH runs that CLI", str(used))
        journal = json.load(open(os.path.join(other, "journal.json")))
        check(r.returncode == 0 and journal["state"] == "paused" and journal["weights"]["green"] == 50,
              "--to 2 stops at 50:50", r.stderr[-1500:] + json.dumps(journal))
    return TALLY.finish()


if __name__ == "__main__":
    sys.exit(main())
