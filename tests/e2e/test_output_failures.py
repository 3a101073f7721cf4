#!/usr/bin/env python3
"""Outputs that cannot be written (issue 17): --output in a read-only folder, on a full disk, and
a run interrupted by Ctrl-C. Each time the previous file is left as it was, no partial or temp
file is left, and the exit code is 2 (130 when interrupted). The read-only folder and the full
disk are real filesystems: small tmpfs mounts (the tests run as root in CI). Where mounting is not
allowed, the full disk is a file-size limit (RLIMIT_FSIZE: writes past it fail with EFBIG) and
the read-only case is skipped, saying why."""
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time

from support import run_test_functions

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
PREVIOUS = b'{"previous": "report"}\n'
INPUT = os.path.join(SRC, "testdata", "gitops-sample")


def mount_tmpfs(path, size="256k"):
    os.makedirs(path, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path], capture_output=True)
    return r.returncode == 0


def umount(path):
    subprocess.run(["umount", "-l", path], capture_output=True)


def leftovers(folder, keep):
    return sorted(f for f in os.listdir(folder) if f not in keep)


def scan_to(output, *extra, preexec=None):
    return subprocess.run([BIN, "scan", "--target", "1.25", "--format", "json", "--output", output, *extra, INPUT],
                          capture_output=True, text=True, timeout=120, preexec_fn=preexec)


def write_previous(path):
    with open(path, "wb") as f:
        f.write(PREVIOUS)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def test_read_only_folder():
    with tempfile.TemporaryDirectory() as d:
        mnt = os.path.join(d, "ro")
        if not mount_tmpfs(mnt):
            print("SKIP read-only folder: cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN); "
                  "root ignores file modes, so chmod cannot make a folder read-only for this test")
            return
        try:
            out = os.path.join(mnt, "report.json")
            write_previous(out)
            subprocess.run(["mount", "-o", "remount,ro", mnt], check=True)
            r = scan_to(out)
            assert r.returncode == 2, (r.returncode, r.stderr)
            assert "report.json" in r.stderr and "Read-only file system" in r.stderr, r.stderr
            assert read(out) == PREVIOUS
            assert leftovers(mnt, {"report.json"}) == []
            overlay = subprocess.run([BIN, "overlay", "--target", "1.25", "--out", os.path.join(mnt, "overlays"),
                                      INPUT], capture_output=True, text=True, timeout=120)
            assert overlay.returncode == 2, (overlay.returncode, overlay.stderr)
            assert leftovers(mnt, {"report.json"}) == []
        finally:
            umount(mnt)


def test_full_disk():
    with tempfile.TemporaryDirectory() as d:
        mnt = os.path.join(d, "full")
        mounted = mount_tmpfs(mnt, size="16k")
        folder = mnt if mounted else d
        out = os.path.join(folder, "report.json")
        write_previous(out)
        preexec = None
        if not mounted:
            print("note: no tmpfs allowed here; the full disk is a 16 KiB file-size limit (RLIMIT_FSIZE)")

            def preexec():
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))
        try:
            r = scan_to(out, preexec=preexec)
            assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
            assert "report.json" in r.stderr, r.stderr
            assert read(out) == PREVIOUS, "the previous report was changed"
            assert leftovers(folder, {"report.json", "full"}) == [], leftovers(folder, {"report.json", "full"})
            if mounted:
                overlay_out = os.path.join(mnt, "overlays")
                o = subprocess.run([BIN, "overlay", "--target", "1.25", "--out", overlay_out, INPUT],
                                   capture_output=True, text=True, timeout=120)
                assert o.returncode == 2, (o.returncode, o.stderr[-2000:])
                temps = [os.path.join(p, f) for p, _, fs in os.walk(overlay_out) for f in fs if ".tmp-" in f]
                assert temps == [], temps
        finally:
            if mounted:
                umount(mnt)


def test_interrupted_write_leaves_old_or_new_file_whole():
    # Ctrl-C at many moments of a scan whose report is written to --output: the run ends with 130
    # (or 0/1 when it finished first), and the file is the previous one or the complete new one.
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "report.json")
        complete = scan_to(os.path.join(d, "reference.json"))
        assert complete.returncode in (0, 1), complete.stderr
        new = read(os.path.join(d, "reference.json"))
        os.remove(os.path.join(d, "reference.json"))
        interrupted = 0
        for i in range(24):
            write_previous(out)
            p = subprocess.Popen([BIN, "scan", "--target", "1.25", "--format", "json", "--output", out, INPUT],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(0.004 * i)
            p.send_signal(signal.SIGINT)
            p.wait(timeout=60)
            # 130 from greenlight's handler; -SIGINT when the signal came before main() set it up
            # (the shell reports both as 130).
            if p.returncode in (130, -signal.SIGINT):
                interrupted += 1
            else:
                assert p.returncode in (0, 1), p.returncode
            content = read(out)
            assert content in (PREVIOUS, new), f"partial file after Ctrl-C at {0.004 * i:.3f}s"
            assert leftovers(d, {"report.json"}) == [], leftovers(d, {"report.json"})
        assert interrupted > 0, "no run was interrupted; the test proves nothing"


if __name__ == "__main__":
    if not os.path.exists(BIN):
        print(f"SKIP: {BIN} not built")
        sys.exit(77)
    sys.exit(run_test_functions([test_read_only_folder, test_full_disk,
                                 test_interrupted_write_leaves_old_or_new_file_whole]))
