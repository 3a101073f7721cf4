#!/usr/bin/env python3
"""Generated references must match what the binary generates from the embedded data:
api-catalog/README.md is `greenlight catalog show --format markdown`. Regenerate with
`build/greenlight catalog show --format markdown > api-catalog/README.md`."""
import os
import subprocess
import sys

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))

GENERATED = [(["catalog", "show", "--format", "markdown"], "api-catalog/README.md")]


def main():
    failed = 0
    for args, path in GENERATED:
        run = subprocess.run([BIN, *args], capture_output=True, text=True)
        with open(os.path.join(SRC, path), encoding="utf-8") as f:
            committed = f.read()
        if run.returncode != 0 or run.stdout != committed:
            failed += 1
            print(f"FAIL: {path} is out of date; regenerate it with: greenlight {' '.join(args)} > {path}")
    print(f"{len(GENERATED) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
