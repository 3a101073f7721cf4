#!/usr/bin/env python3
"""The scan benchmark (issue 16): speed, memory and linearity of `greenlight scan` against the Go
peer baseline, on the performance corpus of ../shared/tools/perf-corpus.

Shapes, each with --jobs 1 and --jobs 2 (the full default check set: API catalog, lint rules,
add-ons; JSON report written to a file):
  many files   the perf corpus as generated (120 files; 50 MB at the default 120,000 documents)
  one stream   the same bytes concatenated into one stream on stdin
  big docs     large documents only (CRDs, big ConfigMaps of the corpus) in a few files
  4x stream    the stream four times over (200 MB) on stdin: memory must follow the findings,
               not the input (the stream is read in pieces, the report written in pieces)
  quarter      a quarter of the documents, as files and as one stream: 4x the input must cost
               at most 4.5x the time (linear cost)
For each: MB/s, documents/s, peak RSS, and the ratio to goscan (../shared/tools/goscan, built here
from Debian's golang-go and golang-gopkg-yaml.v3-dev; the ratio is skipped, saying why, where Go
cannot be had). It also checks that the fast parser and libyaml alone give the same findings, and
that files and stream give the same findings, and prints the parser's own figures
(greenlight_bench_parse: fast path vs libyaml vs yaml-cpp, and which documents the fast path
leaves to libyaml). Every figure comes from this run; nothing is timed in the unit tests."""
import argparse
import collections
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
BINARY = os.path.join(ROOT, "build", "greenlight")
PARSE_BENCH = os.path.join(ROOT, "build", "greenlight_bench_parse")

# Measures one command in a fresh interpreter, so that RUSAGE_CHILDREN is that command's alone.
MEASURE = r"""
import json, resource, subprocess, sys, time
cmd = json.loads(sys.argv[1]); stdin_path = sys.argv[2]
stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
start = time.perf_counter()
run = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "exit": run.returncode, "stdout": run.stdout.decode(errors="replace")[-2000:],
                  "stderr": run.stderr.decode(errors="replace")[-2000:]}))
"""


def measure(cmd, stdin_path=None):
    out = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(cmd), stdin_path or ""],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def best_of(n, cmd, stdin_path=None):
    runs = [measure(cmd, stdin_path) for _ in range(n)]
    return min(runs, key=lambda r: r["wall"]), max(r["rss_kb"] for r in runs)


def tree_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs
               if f.endswith((".yaml", ".yml", ".json")))


def yaml_files(path):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if f.endswith(".yaml"))


def concatenate(directory, out_path):
    with open(out_path, "wb") as out:
        for f in yaml_files(directory):
            with open(f, "rb") as src:
                data = src.read()
            out.write(data)
            if data and not data.endswith(b"\n"):
                out.write(b"\n")


def make_perf_corpus(work, documents):
    """The perf corpus (make-big-corpus.sh over the shared corpus) or, without ../shared, the
    older replicated testdata corpus."""
    tool = os.path.join(SHARED, "tools", "perf-corpus", "make-big-corpus.sh")
    tarball = os.path.join(SHARED, "corpus", "corpus.tar.xz")
    out = os.path.join(work, "perf-%d" % documents)
    if os.path.exists(tool) and os.path.exists(tarball):
        src = os.path.join(work, "shared-corpus")
        if not os.path.exists(src):
            os.makedirs(src)
            subprocess.run(["tar", "-xJf", tarball, "-C", src], check=True)
        subprocess.run(["bash", tool, os.path.join(src, "corpus", "manifests"), out, str(documents)],
                       check=True, stderr=subprocess.DEVNULL)
        return out, "perf-corpus (make-big-corpus.sh, %d documents)" % documents
    size_mb = max(1, documents * 420 // 1_000_000)
    subprocess.run([sys.executable, os.path.join(ROOT, "ci", "bench", "make_corpus.py"), out, "--size-mb",
                    str(size_mb)], check=True, stdout=subprocess.DEVNULL)
    return out, "testdata replicated to %d MB (../shared absent)" % size_mb


def make_big_documents(work, target_mb):
    """Files of large documents only (>= 20 KB each: CRDs, big ConfigMaps, dashboards) from the
    shared corpus, repeated until target_mb; None without ../shared."""
    src = os.path.join(work, "shared-corpus", "corpus", "manifests")
    if not os.path.isdir(src):
        return None
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    docs = []
    for f in yaml_files(src):
        with open(f, "rb") as handle:
            for part in re.split(rb"(?m)^(?=---[ \t]*\r?\n)", handle.read()):
                if len(part) < 20_000:
                    continue
                try:
                    yaml.load(part, Loader=loader)
                except yaml.YAMLError:
                    continue
                docs.append(part if part.startswith(b"---") else b"---\n" + part)
    if not docs:
        return None
    out = os.path.join(work, "big-docs")
    os.makedirs(out, exist_ok=True)
    total, i, part = 0, 0, 0
    while total < target_mb * 1_000_000:
        with open(os.path.join(out, "big-%03d.yaml" % part), "wb") as f:
            written = 0
            while written < 4_000_000 and total < target_mb * 1_000_000:
                d = docs[i % len(docs)]
                f.write(d if d.endswith(b"\n") else d + b"\n")
                written += len(d)
                total += len(d)
                i += 1
        part += 1
    return out


def build_goscan(work, install):
    """goscan built from Debian packages; (path, None) or (None, why not)."""
    source = os.path.join(SHARED, "tools", "goscan")
    if not os.path.exists(os.path.join(source, "main.go")):
        return None, "../shared/tools/goscan is absent"
    gopath = "/usr/share/gocode"
    have_yaml = os.path.exists(os.path.join(gopath, "src", "gopkg.in", "yaml.v3"))
    if (shutil.which("go") is None or not have_yaml) and install:
        if shutil.which("apt-get") and os.geteuid() == 0:
            subprocess.run(["apt-get", "install", "-y", "-qq", "golang-go", "golang-gopkg-yaml.v3-dev"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if shutil.which("go") is None:
        return None, "Go is not installed (apt-get install golang-go golang-gopkg-yaml.v3-dev failed or not allowed)"
    out = os.path.join(work, "goscan")
    env = dict(os.environ, GO111MODULE="off", GOPATH=gopath, GOFLAGS="", GOCACHE=os.path.join(work, "gocache"))
    build = subprocess.run(["go", "build", "-o", out, "."], cwd=source, env=env, capture_output=True, text=True)
    if build.returncode != 0:
        return None, "go build failed: " + build.stderr.strip()[:300]
    return out, None


def scan_cmd(inputs, jobs, output, parser="fast"):
    # The limit is raised for the 4x stream (200 MB), past the default 64 MiB.
    return [BINARY, "scan", *inputs, "--target", "1.25", "--format", "json", "--output", output,
            "--jobs", str(jobs), "--parser", parser, "--max-input-size", "1G"]


def findings_of(path, drop_location=False):
    with open(path) as f:
        report = json.load(f)
    if drop_location:
        return collections.Counter((f["ruleId"], f["apiVersion"], f["kind"], f["namespace"], f["name"])
                                   for f in report["findings"])
    return report["findings"], report["summary"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--documents", type=int, default=120_000, help="perf corpus size (default 120000, ~50 MB)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per figure; the fastest counts (default 2)")
    ap.add_argument("--no-install", action="store_true", help="do not apt-get install Go for the baseline")
    ap.add_argument("--keep", help="keep the generated corpora in this folder")
    args = ap.parse_args()

    work = args.keep or tempfile.mkdtemp(prefix="greenlight-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args, work):
    perf, perf_what = make_perf_corpus(work, args.documents)
    quarter, _ = make_perf_corpus(work, args.documents // 4)
    stream = os.path.join(work, "stream.yaml")
    concatenate(perf, stream)
    quarter_stream = os.path.join(work, "quarter-stream.yaml")
    concatenate(quarter, quarter_stream)
    # Four times the stream: memory must not grow with the input, only with its findings.
    stream4 = os.path.join(work, "stream-4x.yaml")
    with open(stream4, "wb") as out:
        for _ in range(4):
            with open(stream, "rb") as f:
                shutil.copyfileobj(f, out)
    big = make_big_documents(work, 25)
    goscan, why_no_go = build_goscan(work, not args.no_install)

    cpu = "unknown cpu"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print("greenlight scan benchmark, %s UTC" % datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"))
    print("machine: %s, %d cores, %s; load average %s" % (cpu, os.cpu_count() or 0, platform.platform(),
                                                          " ".join("%.1f" % x for x in os.getloadavg())))
    print("corpus: %s, %.1f MB in %d files" % (perf_what, tree_size(perf) / 1e6, len(yaml_files(perf))))

    go_seconds = None
    if goscan:
        best, _ = best_of(args.repeat, [goscan, perf])
        go_seconds = best["wall"]
        print("goscan (Go, yaml.v3, 1 goroutine): %.2f s, %.1f MB/s, peak RSS %.0f MB (%s)" % (
            go_seconds, tree_size(perf) / 1e6 / go_seconds, best["rss_kb"] / 1024, best["stdout"].strip()))
    else:
        print("goscan: skipped, no ratio: " + why_no_go)

    shapes = [("many files", [perf], None, tree_size(perf)),
              ("one stream on stdin", ["-"], stream, os.path.getsize(stream)),
              ("quarter, many files", [quarter], None, tree_size(quarter)),
              ("quarter, one stream", ["-"], quarter_stream, os.path.getsize(quarter_stream)),
              ("4x, one stream", ["-"], stream4, os.path.getsize(stream4))]
    if big:
        shapes.append(("big documents", [big], None, tree_size(big)))
    print()
    print("| shape | threads | MB | time | MB/s | documents/s | peak RSS | x goscan |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    times = {}
    report = os.path.join(work, "report.json")
    for label, inputs, stdin_path, size in shapes:
        for jobs in (1, 2):
            best, rss = best_of(args.repeat, scan_cmd(inputs, jobs, report), stdin_path)
            if best["exit"] not in (0, 1):
                print("scan failed (exit %d): %s" % (best["exit"], best["stderr"]))
                sys.exit(1)
            _, summary = findings_of(report)
            times[(label, jobs)] = best["wall"]
            ratio = "%.1fx" % (go_seconds / best["wall"]) if go_seconds and label == "many files" else ""
            if go_seconds and label == "one stream on stdin":
                ratio = "%.1fx" % (go_seconds / best["wall"])
            print("| %s | %d | %.1f | %.2f s | %.1f | %.0f | %.0f MB | %s |" % (
                label, jobs, size / 1e6, best["wall"], size / 1e6 / best["wall"],
                summary["documents"] / best["wall"], rss / 1024, ratio))

    print()
    for shape in ("many files", "one stream"):
        full = "many files" if shape == "many files" else "one stream on stdin"
        q = "quarter, many files" if shape == "many files" else "quarter, one stream"
        for jobs in (1, 2):
            ratio = times[(full, jobs)] / times[(q, jobs)]
            print("linear cost, %s, %d thread(s): 4x the input took %.2fx the time (goal <= 4.5x) %s" % (
                shape, jobs, ratio, "ok" if ratio <= 4.5 else "OVER"))
    for jobs in (1, 2):
        ratio = times[("4x, one stream", jobs)] / times[("one stream on stdin", jobs)]
        print("linear cost, 4x one stream (200 MB), %d thread(s): %.2fx the time of one stream (goal <= 4.5x) %s" % (
            jobs, ratio, "ok" if ratio <= 4.5 else "OVER"))
    ratio = times[("one stream on stdin", 2)] / times[("many files", 2)]
    print("one stream vs many files, 2 threads: %.2fx the time (goal <= 1.5x) %s" % (ratio, "ok" if ratio <= 1.5 else "OVER"))

    # Same findings whichever parser, and whether the bytes come as files or as one stream.
    fast_report, libyaml_report = os.path.join(work, "fast.json"), os.path.join(work, "libyaml.json")
    subprocess.run(scan_cmd([perf], 2, fast_report), stdout=subprocess.DEVNULL)
    subprocess.run(scan_cmd([perf], 2, libyaml_report, parser="libyaml"), stdout=subprocess.DEVNULL)
    fast, _ = findings_of(fast_report)
    slow, _ = findings_of(libyaml_report)
    print("findings: %d with the fast parser, %d with libyaml alone: %s" % (
        len(fast), len(slow), "identical" if fast == slow else "DIFFERENT"))
    stream_report = os.path.join(work, "stream.json")
    with open(stream) as stdin:
        subprocess.run(scan_cmd(["-"], 2, stream_report), stdin=stdin, stdout=subprocess.DEVNULL)
    same = findings_of(fast_report, True) == findings_of(stream_report, True)
    print("findings as files and as one stream (by rule and object): %s" % ("identical" if same else "DIFFERENT"))
    print(collections.Counter(f["ruleId"] for f in fast).most_common(8))

    print()
    print("parser alone, 1 thread (parse + tree + objects), perf corpus:")
    subprocess.run([PARSE_BENCH, perf])
    if fast != slow or not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
