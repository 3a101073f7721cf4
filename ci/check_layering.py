#!/usr/bin/env python3
"""Fails when a file includes a module it may not depend on (style.md R2).

Each folder of src/ is a module; linter/ is the program. The table below is the only set of
allowed edges ("may include"), the same one the CMake targets link. A module may always include
itself. Run from anywhere: ci/check_layering.py [REPO_ROOT]."""
import os
import re
import sys

ALLOWED = {
    "linter":   {"pipeline", "report", "overlay", "cutover", "parity", "render", "scan", "checks", "rules",
                 "config", "catalog", "source", "document", "base"},
    # The scan pipeline: list inputs, render, scan, compare, cutover findings, coverage.
    "pipeline": {"report", "config", "render", "scan", "checks", "overlay", "cutover", "catalog", "source",
                 "document", "base"},
    "scan":     {"source", "document", "checks", "rules", "catalog", "base"},
    "report":   {"checks", "base"},
    "checks":   {"catalog", "rules", "cutover", "document", "base"},
    "rules":    {"document", "embedded", "base"},
    "catalog":  {"document", "embedded", "base"},
    "config":   {"checks", "document", "base"},  # severity overrides and baselines name rules
    "overlay":  {"catalog", "document", "base"},
    "cutover":  {"catalog", "document", "base"},
    "parity":   {"overlay", "catalog", "document", "base"},
    "render":   {"source", "document", "base"},
    "document": {"source", "base"},
    "source":   {"base"},
    "embedded": set(),
    "base":     set(),
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')
# report may only see the finding model of checks (style.md R2).
REPORT_CHECKS_HEADERS = {"checks/finding.h", "checks/rule_info.h", "checks/summary.h"}


def module_of(path):
    parts = path.split(os.sep)
    if parts[0] == "linter":
        return "linter"
    if parts[0] == "src" and len(parts) > 2:
        return parts[1]
    return None


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    problems = []
    checked = 0
    for top in ("src", "linter"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if not name.endswith((".h", ".cpp")):
                    continue
                path = os.path.relpath(os.path.join(dirpath, name), root)
                module = module_of(path)
                if module is None:
                    continue
                if module not in ALLOWED:
                    problems.append(f"{path}: module '{module}' is not in the layering table")
                    continue
                checked += 1
                with open(os.path.join(root, path), encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m or m.group(1) == module or m.group(1) not in ALLOWED:
                            continue
                        target = m.group(1)
                        header = line.split('"')[1]
                        if target not in ALLOWED[module]:
                            problems.append(f"{path}:{number}: '{module}' may not include '{header}'")
                        elif module == "report" and target == "checks" and header not in REPORT_CHECKS_HEADERS:
                            problems.append(f"{path}:{number}: report may include only the finding model of checks, not '{header}'")
    for p in problems:
        print(p)
    print(f"layering: {checked} files checked, {len(problems)} violations")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
