#!/usr/bin/env python3
"""End-to-end: automatic rollback of `greenlight cutover run` (route53 mode, real AWS CLI, moto
on 127.0.0.1 serving Route 53 and CloudWatch; the server is stopped by the test).

Two runs in parallel, each on its own zone, shifting alias A+AAAA records 100:0 -> 90:10 ->
50:50 -> 0:100:
  * hooks: afterAllowTraffic fails at 50:50 -> the run rolls back to 100:0, verifies it and exits 1
    naming the hook; the hook saw GREENLIGHT_* in its environment and its output is in run.log;
  * alarms: beforeAllowTraffic sets a CloudWatch alarm to ALARM when step 3 is about to be applied
    -> `describe-alarms` after that step fails it -> 100:0, exit 1 naming the alarm.
Every batch sent (the rollback included) passes validate-change-batch.py chained from the start.
Skips (exit 77) where ../shared, the aws CLI or moto is absent.
"""
import json
import os
import subprocess
import sys
import threading

from moto_zone import BINARY, ROOT, Moto, missing_tools, validate_sent, write
from support import Tally

TALLY = Tally()
check = TALLY.check

BLUE = "k8s-blue-web-0123456789.us-east-1.elb.amazonaws.com"
GREEN = "k8s-green-web-9876543210.elb.us-east-1.amazonaws.com"


def spec_text(zone, extra):
    return f"""schemaVersion: 1
zone: {{name: example.com, id: {zone}}}
mode: route53
steps:
  - {{blue: 100, green: 0}}
  - {{blue: 90, green: 10}}
  - {{blue: 50, green: 50}}
  - {{blue: 0, green: 100}}
{extra}
records:
  - hostname: web.example.com
    blue: {{target: {BLUE}, setIdentifier: web-blue}}
    green: {{target: {GREEN}, setIdentifier: web-green}}
"""


def run_in_thread(moto, args, results, key):
    def body():
        env = dict(moto.env)
        results[key] = subprocess.run([BINARY, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                                      timeout=600)
    thread = threading.Thread(target=body)
    thread.start()
    return thread


def at_first_step(moto, zone):
    members = moto.members(zone, "web.example.com")
    return members == {("A", "web-blue"): (100, None), ("A", "web-green"): (0, None),
                       ("AAAA", "web-blue"): (100, None), ("AAAA", "web-green"): (0, None)}, members


def main():
    why = missing_tools()
    if why:
        print(f"skipped: {why}")
        return 77
    with Moto() as moto:
        hook_zone = moto.create_zone("example.com")
        alarm_zone = moto.create_zone("example.com")
        moto.aws("cloudwatch", "put-metric-alarm", "--alarm-name", "green-5xx", "--metric-name", "HTTPCode_Target_5XX_Count",
                 "--namespace", "AWS/ApplicationELB", "--statistic", "Sum", "--period", "60", "--threshold", "10",
                 "--comparison-operator", "GreaterThanThreshold", "--evaluation-periods", "1")
        seen = os.path.join(moto.tmp, "hook-env.txt")
        hook_spec = write(os.path.join(moto.tmp, "hook.yaml"), spec_text(hook_zone, f"""hooks:
  beforeAllowTraffic: echo "before $GREENLIGHT_PHASE $GREENLIGHT_STEP $GREENLIGHT_BLUE_WEIGHT:$GREENLIGHT_GREEN_WEIGHT" >> {seen}
  afterAllowTraffic: 'echo "smoke test at $GREENLIGHT_GREEN_WEIGHT% green"; test "$GREENLIGHT_GREEN_WEIGHT" != 50 || {{ echo "5xx rate 4.2% on green" >&2; exit 3; }}'
  timeout: 30s"""))
        alarm_spec = write(os.path.join(moto.tmp, "alarm.yaml"), spec_text(alarm_zone, """alarms: [green-5xx]
hooks:
  beforeAllowTraffic: 'test "$GREENLIGHT_STEP" != 3 || aws cloudwatch set-alarm-state --alarm-name green-5xx --state-value ALARM --state-reason "5xx above 10"'"""))
        hook_dir = os.path.join(moto.tmp, "hook-run")
        alarm_dir = os.path.join(moto.tmp, "alarm-run")
        results = {}
        threads = [
            run_in_thread(moto, ["cutover", "run", hook_spec, "--state-dir", hook_dir, "--yes", "--bake", "0s"],
                          results, "hook"),
            run_in_thread(moto, ["cutover", "run", alarm_spec, "--state-dir", alarm_dir, "--yes", "--bake", "0s"],
                          results, "alarm"),
        ]
        for thread in threads:
            thread.join()

        r = results["hook"]
        check(r.returncode == 1 and "hook afterAllowTraffic failed at step 3 (50:50)" in r.stderr
              and "rolled back to 100:0" in r.stderr, "failing hook at 50:50: exit 1 naming it", r.stderr[-3000:])
        ok, members = at_first_step(moto, hook_zone)
        check(ok, "hook run ends at 100:0", str(members))
        journal = json.load(open(os.path.join(hook_dir, "journal.json")))
        check(journal["state"] == "rolled-back" and "afterAllowTraffic" in journal["cause"],
              "journal: rolled back, cause kept", json.dumps(journal))
        env_lines = open(seen).read().splitlines() if os.path.exists(seen) else []
        check(env_lines[:3] == ["before 01-step-1-100-0 1 100:0", "before 02-step-2-90-10 2 90:10",
                                "before 03-step-3-50-50 3 50:50"], "hooks get GREENLIGHT_* variables", str(env_lines))
        log = open(os.path.join(hook_dir, "run.log")).read()
        check("afterAllowTraffic| 5xx rate 4.2% on green" in log and "smoke test at 10% green" in log,
              "hook output kept in run.log", log[-2000:])
        r2, sent = validate_sent(hook_dir, "example.com")
        check(r2.returncode == 0 and sent[-1].endswith("rollback-to-100-0.json"),
              "hook run: every batch valid, the rollback included", str(sent) + r2.stdout + r2.stderr)

        r = results["alarm"]
        check(r.returncode == 1 and "CloudWatch alarm green-5xx is in ALARM after 03-step-3-50-50" in r.stderr,
              "alarm in ALARM after step 3: exit 1 naming it", r.stderr[-3000:])
        ok, members = at_first_step(moto, alarm_zone)
        check(ok, "alarm run ends at 100:0", str(members))
        r2, sent = validate_sent(alarm_dir, "example.com")
        check(r2.returncode == 0 and len(sent) == 4, "alarm run: 3 steps + rollback, all valid",
              str(sent) + r2.stdout + r2.stderr)
    return TALLY.finish()


if __name__ == "__main__":
    sys.exit(main())
