#!/usr/bin/env python3
"""Every JSON writer must be safe with any bytes: nlohmann's dump() with the default (strict)
error handler throws type_error 316 on a string that is not UTF-8 (a file name, an excerpt cut
inside a character), which aborted `scan --format sarif`. This check fails on any dump( call in
src/ or linter/ that does not pass error_handler_t::replace. Usage: check_json_dump.py ROOT"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
bad = []
for folder in ("src", "linter"):
    for base, _, files in os.walk(os.path.join(root, folder)):
        for name in files:
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(base, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for m in re.finditer(r"\.dump\(([^;]*)", text):
                if "error_handler_t::replace" not in m.group(1):
                    line = text.count("\n", 0, m.start()) + 1
                    bad.append(f"{os.path.relpath(path, root)}:{line}: dump() without error_handler_t::replace")
for b in bad:
    print(b)
print(f"{len(bad)} unsafe dump() calls")
sys.exit(1 if bad else 0)
