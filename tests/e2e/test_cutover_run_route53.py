#!/usr/bin/env python3
"""End-to-end: `greenlight cutover run` in route53 mode, through the real AWS CLI to moto on
127.0.0.1 (a free port; the server is stopped by the test).

A zone starting with a simple CNAME at TTL 300 is shifted 100:0 -> 50:50 -> 0:100: it must end
weighted (blue 0, green 100) with the TTL restored to 300, and every batch the run sent must pass
../shared/tools/validate-change-batch.py chained from the listing the run started from (moto
accepts batches real Route 53 rejects). Then: a second run without --resume is refused (exit 2),
`--resume --decommission` deletes blue's member with an exact DELETE from a fresh listing (also
validated), and the log has one line per action when stderr is not a terminal.
Skips (exit 77) where ../shared, the aws CLI or moto is absent.
"""
import json
import os
import sys

from moto_zone import Moto, missing_tools, validate_sent, write
from support import Tally

TALLY = Tally()
check = TALLY.check

BLUE = "k8s-blue-ingress-0123456789.us-east-1.elb.amazonaws.com"
GREEN = "k8s-green-ingress-9876543210.us-east-1.elb.amazonaws.com"


def main():
    why = missing_tools()
    if why:
        print(f"skipped: {why}")
        return 77
    with Moto() as moto:
        zone = moto.create_zone("example.com")
        moto.apply(zone, [{"Action": "CREATE", "ResourceRecordSet": {
            "Name": "app.example.com", "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": BLUE}]}}])
        spec = write(os.path.join(moto.tmp, "cutover.yaml"), f"""schemaVersion: 1
zone: {{name: example.com, id: {zone}}}
mode: route53
ttl: {{current: 300, cutover: 60}}
steps:
  - {{blue: 100, green: 0}}
  - {{blue: 50, green: 50}}
  - {{blue: 0, green: 100}}
records:
  - hostname: app.example.com
    type: CNAME
    blue: {{target: {BLUE}, setIdentifier: app-blue}}
    green: {{target: {GREEN}, setIdentifier: app-green}}
""")
        state_dir = os.path.join(moto.tmp, "run")
        r = moto.greenlight("cutover", "run", spec, "--state-dir", state_dir, "--yes", "--bake", "0s")
        check(r.returncode == 0, "run exits 0", r.stdout + r.stderr)
        members = moto.members(zone, "app.example.com")
        check(members == {("CNAME", "app-blue"): (0, 300), ("CNAME", "app-green"): (100, 300)},
              "the zone ends weighted 0:100 with the TTL restored to 300", str(members))
        journal = json.load(open(os.path.join(state_dir, "journal.json")))
        check(journal["state"] == "done" and journal["weights"] == {"blue": 0, "green": 100},
              "journal says done at 0:100", json.dumps(journal))
        kinds = [p.split("-", 1)[1] for p in journal["completed"]]
        check(kinds[0] == "ttl-lower" and kinds[1] == "convert" and kinds[-1] == "ttl-restore",
              "phases in order: TTL first, conversion, steps, TTL restore", str(kinds))
        r2, sent = validate_sent(state_dir, "example.com")
        check(r2.returncode == 0 and len(sent) == 6, "all 6 batches sent pass the validator, chained",
              str(sent) + r2.stdout + r2.stderr)
        lines = [line for line in r.stderr.splitlines() if line]
        check(all(line.startswith("greenlight: 20") for line in lines) and
              sum("INSYNC" in line for line in lines) == 6,
              "not a terminal: one timestamped log line per action", r.stderr[-3000:])
        check(os.path.exists(os.path.join(state_dir, "run.log")), "run.log kept in --state-dir")

        r = moto.greenlight("cutover", "run", spec, "--state-dir", state_dir, "--yes")
        check(r.returncode == 2 and "--resume" in r.stderr, "a journal without --resume is refused", r.stderr)
        r = moto.greenlight("cutover", "run", spec, "--state-dir", os.path.join(moto.tmp, "fresh"),
                            stdin=open(os.devnull))
        check(r.returncode == 2 and "--yes" in r.stderr, "no terminal and no --yes: refused", r.stderr)

        r = moto.greenlight("cutover", "run", spec, "--state-dir", state_dir, "--resume", "--decommission",
                            "--yes", "--bake", "0s")
        check(r.returncode == 0, "--resume --decommission exits 0", r.stdout + r.stderr)
        members = moto.members(zone, "app.example.com")
        check(members == {("CNAME", "app-green"): (100, 300)}, "decommission deleted blue's member only",
              str(members))
        r2, sent = validate_sent(state_dir, "example.com")
        check(r2.returncode == 0 and len(sent) == 7 and "decommission" in sent[-1],
              "the decommission DELETE is exact (validator, chained)", str(sent) + r2.stdout)
    return TALLY.finish()


if __name__ == "__main__":
    sys.exit(main())
