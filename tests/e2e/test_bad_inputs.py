#!/usr/bin/env python3
"""The bad-input matrix (issue 17): each broken input sits in one folder beside a good manifest
and is scanned by the real binary. Every case must be answered within seconds (a hang or a
runaway allocation fails the test through its timeout), exit 2, name the broken file in a GL001
or GL002 error, and still report the good document's finding. Whole-folder cases check that one
bad file does not hide the others; named-path cases cover FIFOs and process substitution."""
import json
import os
import random
import socket
import stat
import subprocess
import sys
import tempfile
import threading

from support import run_test_functions

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
TIMEOUT = 60  # seconds; every case takes well under one on an idle machine

GOOD = """apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: good
spec:
  minAvailable: 1
"""


def scan(*args, stdin=None, extra_env=None):
    env = dict(os.environ, **(extra_env or {}))
    r = subprocess.run([BIN, "scan", "--target", "1.25", "--format", "json", *args], input=stdin,
                       capture_output=True, timeout=TIMEOUT, env=env)
    out = json.loads(r.stdout.decode("utf-8")) if r.stdout.strip() else None
    return r, out


def errors_for(out, name):
    return [e for e in out["errors"] if os.path.basename(e["file"].rstrip("/")) == name]


def good_reported(out):
    return any(f["ruleId"] != "GL001" and f["ruleId"] != "GL002" and f["file"].endswith("good.yaml")
               for f in out["findings"])


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


# name -> bytes: each is broken in one way the YAML/JSON layer must answer with a GL001/GL002.
def file_cases():
    rnd = random.Random(17)
    deep_block = "".join("  " * i + f"k{i}:\n" for i in range(3000)) + "  " * 3000 + "v: 1\n"
    return {
        "tabs.yaml": b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: tabbed\n",
        "unclosed-quote.yaml": b'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "open\n',
        "unclosed-flow.yaml": b"apiVersion: v1\nkind: ConfigMap\ndata: {a: [1, 2\n",
        "truncated.json": b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"',
        "random.yaml": bytes(rnd.randrange(256) for _ in range(4096)),
        "invalid-utf8.yaml": b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xc3\x28\n",
        "invalid-utf16.yaml": b"\xff\xfe" + "apiVersion: v1\n".encode("utf-16-le") + b"\x00\xd8a\x00",
        "nul.yaml": b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\x00b\n",
        "bom-middle.yaml": b"apiVersion: v1\nkind: ConfigMap\n\xef\xbb\xbfmetadata:\n  name: x\n",
        "long-line.yaml": b"apiVersion: v1\nkind: ConfigMap\ndata:\n  big: " + b"x" * (30 << 20) + b"\n",
        "deep-flow.yaml": b"{a: " * 40000 + b"1" + b"}" * 40000 + b"\n",
        "deep-seq.yaml": b"[" * 20000 + b"]" * 20000 + b"\n",
        "deep-block.yaml": deep_block.encode(),
        "alias-bomb.yaml": ("a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n"
            for i in range(8))).encode(),
        "many-docs.yaml": b"---\n" * 1_000_001 + b"a: 1\n",
    }


def test_every_bad_file_in_one_folder():
    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "good.yaml"), GOOD.encode())
        cases = file_cases()
        for name, data in cases.items():
            write(os.path.join(d, name), data)
        # A symlink loop and a link to a device that never ends.
        os.symlink("loop-b.yaml", os.path.join(d, "loop-a.yaml"))
        os.symlink("loop-a.yaml", os.path.join(d, "loop-b.yaml"))
        os.symlink("/dev/zero", os.path.join(d, "zero.yaml"))
        os.mkfifo(os.path.join(d, "fifo.yaml"))
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(os.path.join(d, "socket.yaml"))
        # Unreadable even for root (tests run as root, so chmod 000 would not do): /proc/self/mem
        # is a regular file whose first page cannot be read (EIO).
        os.symlink("/proc/self/mem", os.path.join(d, "unreadable.yaml"))
        try:
            r, out = scan(d)
        finally:
            sock.close()
        assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
        assert out is not None, r.stderr[-2000:]
        assert good_reported(out), "the good document's finding is missing"
        broken = list(cases) + ["loop-a.yaml", "loop-b.yaml", "zero.yaml", "fifo.yaml", "socket.yaml",
                                "unreadable.yaml"]
        for name in broken:
            errs = errors_for(out, name)
            assert errs, f"{name}: no GL001/GL002 error names it; errors: " + json.dumps(out["errors"])[:3000]
        by_name = {os.path.basename(e["file"]): e for e in out["errors"]}
        assert "FIFO" in by_name["fifo.yaml"]["message"], by_name["fifo.yaml"]
        assert "character device" in by_name["zero.yaml"]["message"], by_name["zero.yaml"]
        assert "socket" in by_name["socket.yaml"]["message"], by_name["socket.yaml"]
        assert "nesting deeper" in by_name["deep-flow.yaml"]["message"], by_name["deep-flow.yaml"]
        assert "alias" in by_name["alias-bomb.yaml"]["message"], by_name["alias-bomb.yaml"]
        assert "line longer" in by_name["long-line.yaml"]["message"], by_name["long-line.yaml"]
        assert by_name["long-line.yaml"]["line"] == 4, by_name["long-line.yaml"]
        assert "more than 1000000 documents" in json.dumps(errors_for(out, "many-docs.yaml"))
        assert by_name["unreadable.yaml"]["ruleId"] == "GL002", by_name["unreadable.yaml"]
        for e in out["errors"]:
            assert e["ruleId"] in ("GL001", "GL002"), e


def test_each_bad_file_alone_names_it_and_keeps_the_good_one():
    for name, data in file_cases().items():
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, "good.yaml"), GOOD.encode())
            write(os.path.join(d, name), data)
            r, out = scan(os.path.join(d, "good.yaml"), os.path.join(d, name))
            assert r.returncode == 2, (name, r.returncode, r.stderr[-1000:])
            assert errors_for(out, name), (name, out["errors"])
            assert good_reported(out), name


def test_sarif_excerpt_cut_inside_a_character_is_valid_json():
    # An excerpt is cut at 400 bytes; é is two bytes, so the cut fell inside one and the SARIF
    # writer aborted (nlohmann type_error 316). The excerpt must end on a character boundary.
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "accents.yaml")
        write(path, ("a: b: x" + "é" * 300 + "\n").encode())
        write(os.path.join(d, "good.yaml"), GOOD.encode())
        for fmt in ("sarif", "json", "junit", "github", "markdown", "text"):
            r = subprocess.run([BIN, "scan", "--target", "1.25", "--format", fmt, d], capture_output=True,
                               timeout=TIMEOUT)
            assert r.returncode == 2, (fmt, r.returncode, r.stderr[-1000:])
            text = r.stdout.decode("utf-8")  # raises on invalid UTF-8
            if fmt in ("sarif", "json"):
                json.loads(text)
            assert "accents.yaml" in text, fmt


def test_file_names_that_are_not_utf8_do_not_break_json():
    with tempfile.TemporaryDirectory() as d:
        bad_name = os.path.join(d.encode(), b"caf\xe9.yaml")
        write(bad_name, b"a: [\n")
        write(os.path.join(d, "good.yaml"), GOOD.encode())
        for fmt in ("sarif", "json"):
            r = subprocess.run([BIN, "scan", "--target", "1.25", "--format", fmt, d], capture_output=True,
                               timeout=TIMEOUT)
            assert r.returncode == 2, (fmt, r.returncode, r.stderr[-1000:])
            doc = json.loads(r.stdout.decode("utf-8"))
            assert "good.yaml" in json.dumps(doc), fmt


def test_fifo_named_on_the_command_line_is_read():
    with tempfile.TemporaryDirectory() as d:
        fifo = os.path.join(d, "rendered")
        os.mkfifo(fifo)

        def feed():
            with open(fifo, "wb") as f:
                f.write(GOOD.replace("good", "piped").encode())

        writer = threading.Thread(target=feed)
        writer.start()
        r, out = scan(fifo)
        writer.join()
        assert r.returncode == 1, (r.returncode, r.stderr)
        assert any(f["file"].endswith("rendered") and f["ruleId"] != "GL002" for f in out["findings"]), out


def test_process_substitution_is_read():
    r = subprocess.run(["bash", "-c", f"'{BIN}' scan --target 1.25 --format json <(printf '%s' \"$GOOD\")"],
                       capture_output=True, timeout=TIMEOUT, env=dict(os.environ, GOOD=GOOD))
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert json.loads(r.stdout)["summary"]["objects"] == 1


def test_max_input_size_bounds_files_stdin_and_devices():
    with tempfile.TemporaryDirectory() as d:
        big = os.path.join(d, "big.yaml")
        write(big, GOOD.encode() + b"# " + b"x" * 3000 + b"\n")
        write(os.path.join(d, "good.yaml"), GOOD.encode())
        r, out = scan("--max-input-size", "2K", d)
        assert r.returncode == 2, (r.returncode, r.stderr)
        errs = errors_for(out, "big.yaml")
        assert errs and "--max-input-size" in errs[0]["message"] and "2 KiB" in errs[0]["message"], errs
        assert good_reported(out)
        r, out = scan("--max-input-size", "1K", "-", stdin=GOOD.encode() * 100)
        assert r.returncode == 2 and "1 KiB" in json.dumps(out["errors"]), (r.returncode, out)
        # /dev/zero named on the command line is read, bounded by the default limit.
        r, out = scan("/dev/zero", os.path.join(d, "good.yaml"))
        assert r.returncode == 2, r.returncode
        assert "64 MiB" in json.dumps(errors_for(out, "zero")), out["errors"]
        assert good_reported(out)
        bad = subprocess.run([BIN, "scan", "--target", "1.25", "--max-input-size", "lots", d],
                             capture_output=True, text=True, timeout=TIMEOUT)
        assert bad.returncode == 2 and "--max-input-size" in bad.stderr and "64M" in bad.stderr, bad.stderr


if __name__ == "__main__":
    if not os.path.exists(BIN):
        print(f"SKIP: {BIN} not built")
        sys.exit(77)
    sys.exit(run_test_functions([
        test_every_bad_file_in_one_folder,
        test_each_bad_file_alone_names_it_and_keeps_the_good_one,
        test_sarif_excerpt_cut_inside_a_character_is_valid_json,
        test_file_names_that_are_not_utf8_do_not_break_json,
        test_fifo_named_on_the_command_line_is_read,
        test_process_substitution_is_read,
        test_max_input_size_bounds_files_stdin_and_devices,
    ]))
