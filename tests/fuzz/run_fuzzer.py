#!/usr/bin/env python3
"""Runs one fuzz target (tests/fuzz/<target>_fuzzer.cpp) the way ctest and the campaigns need.

  --mode replay    the target built with replay_main.cpp: every seed (tests/fuzz/corpus/<target>)
                   and every recorded crasher (tests/fuzz/regressions/<target>) once.
  --mode fuzz      a libFuzzer binary: the crashers once, then --seconds of fuzzing from the seeds
                   (new inputs go to a temporary folder; the repository is not written).
  --mode campaign  like fuzz, but the corpus grows in --keep (reused by the next campaign) and
                   --extra-seeds folders (the unpacked ../shared/corpus) join the seeds.

A crash fails the run and prints the crashing input's path (kept under --artifacts, default a
temporary folder) so it can be added to tests/fuzz/regressions/<target>/. The closing line gives
the executions, for the campaign log."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["replay", "fuzz", "campaign"], required=True)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--keep", help="campaign: corpus folder kept between campaigns")
    p.add_argument("--extra-seeds", action="append", default=[])
    p.add_argument("--artifacts", help="where crashing inputs are written")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("binary")
    p.add_argument("target")
    a = p.parse_args()

    seeds = os.path.join(HERE, "corpus", a.target)
    regressions = os.path.join(HERE, "regressions", a.target)
    crashers = sorted(os.path.join(regressions, f) for f in os.listdir(regressions)) if os.path.isdir(regressions) else []
    if not os.path.isdir(seeds):
        print(f"no seed corpus at {seeds}")
        return 1

    if a.mode == "replay":
        r = subprocess.run([a.binary, seeds, *crashers])
        print(f"{a.target}: replayed seeds and {len(crashers)} recorded crashers: exit {r.returncode}")
        return r.returncode

    if crashers:
        r = subprocess.run([a.binary, "-runs=1", *crashers])
        if r.returncode != 0:
            print(f"{a.target}: a recorded crasher crashes again")
            return 1
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{a.target}-") as scratch:
        corpus = a.keep if a.mode == "campaign" and a.keep else os.path.join(scratch, "corpus")
        os.makedirs(corpus, exist_ok=True)
        artifacts = a.artifacts or os.path.join(scratch, "artifacts")
        os.makedirs(artifacts, exist_ok=True)
        cmd = [a.binary, f"-max_total_time={a.seconds}", "-timeout=25", "-rss_limit_mb=2560",
               "-max_len=65536", "-print_final_stats=1", f"-artifact_prefix={artifacts}/", corpus, seeds,
               *[d for d in a.extra_seeds if os.path.isdir(d)]]
        if a.jobs > 1:
            cmd[1:1] = [f"-fork={a.jobs}"]
        r = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
        log = r.stderr
        execs = sum(int(m) for m in re.findall(r"stat::number_of_executed_units:\s*(\d+)", log))
        if a.jobs > 1:
            m = re.findall(r"#(\d+)\s*(?:DONE|INITED|NEW|REDUCE|pulse)", log)
            execs = max([execs] + [int(x) for x in m])
        found = sorted(os.listdir(artifacts))
        if r.returncode != 0 or found:
            print(log[-6000:])
            for f in found:
                kept = os.path.join(a.artifacts or HERE, f) if not a.artifacts else os.path.join(artifacts, f)
                if not a.artifacts:
                    shutil.copy(os.path.join(artifacts, f), os.path.join(tempfile.gettempdir(), f"{a.target}-{f}"))
                    kept = os.path.join(tempfile.gettempdir(), f"{a.target}-{f}")
                print(f"crashing input: {kept}")
            print(f"{a.target}: FAILED after {execs} executions")
            return 1
        print(f"{a.target}: {execs} executions in {a.seconds} s, no crash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
