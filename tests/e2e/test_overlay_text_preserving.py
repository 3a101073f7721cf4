#!/usr/bin/env python3
"""overlay keeps the text of converted manifests (issue 15, item 5): every plain manifest of the
corpus (../shared/corpus: files as committed, kustomize outputs and helm renders) is overlaid for
1.32, where every removed API of the catalog has moved. For each converted document the text diff
(difflib) may only touch lines of fields whose value changed, judged independently of greenlight:
PyYAML composes the document before and after, maps each line to the field path it writes, and
compares the loaded values. Every comment line of a converted document survives. Documents the
line editor cannot follow (flow style) are re-emitted; they are counted and must stay rare.
Skips (77) when the corpus is absent."""
import difflib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

import yaml

from support import Tally

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
ARCHIVE = os.path.join(SRC, "..", "shared", "corpus", "corpus.tar.xz")


def line_paths(node, path, out):
    """line (0-based) -> field path of the key or item written there."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (key.value,)
            out.setdefault(key.start_mark.line, child)
            line_paths(value, child, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            child = path + (i,)
            out.setdefault(item.start_mark.line, child)
            line_paths(item, child, out)
    elif node is not None:
        out.setdefault(node.start_mark.line, path)
        for line in range(node.start_mark.line, node.end_mark.line + 1):
            out.setdefault(line, path)


def changed_paths(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in set(a) | set(b):
            changed_paths(a.get(key), b.get(key), path + (key,), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            changed_paths(x, y, path + (i,), out)
    elif a != b:
        out.add(path)


def touches_change(path, changed):
    return any(path[:len(c)] == c or c[:len(path)] == path for c in changed)


def documents(text):
    """(first line, lines) of each document, split at '---' lines."""
    docs, current, first = [], [], 0
    for number, line in enumerate(text.split("\n")):
        if line.startswith("---"):
            docs.append((first, current))
            current, first = [], number + 1
            continue
        current.append(line)
    docs.append((first, current))
    return docs


def check_document(old_lines, new_lines):
    """None when the diff only touches changed fields; else why not."""
    old_text, new_text = "\n".join(old_lines), "\n".join(new_lines)
    try:
        old_node, new_node = yaml.compose(old_text), yaml.compose(new_text)
        old_value, new_value = yaml.safe_load(old_text), yaml.safe_load(new_text)
    except yaml.YAMLError as e:
        return f"does not parse: {e}"
    if old_value == new_value:
        return None
    changed = set()
    changed_paths(old_value, new_value, (), changed)
    old_map, new_map = {}, {}
    line_paths(old_node, (), old_map)
    line_paths(new_node, (), new_map)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        # Blank lines go with the converted fields around them (a removed block loses its own).
        for i in range(i1, i2):
            path = old_map.get(i)
            if not old_lines[i].strip() and i2 - i1 > 1:
                continue
            if path is None or not touches_change(path, changed):
                return f"removed line {i + 1} {old_lines[i]!r} is not a converted field"
        for j in range(j1, j2):
            path = new_map.get(j)
            if not new_lines[j].strip() and j2 - j1 > 1:
                continue
            if path is None or not touches_change(path, changed):
                return f"added line {j + 1} {new_lines[j]!r} is not a converted field"
    old_comments = [l.strip() for l in old_lines if l.strip().startswith("#")]
    new_comments = [l.strip() for l in new_lines if l.strip().startswith("#")]
    if any(c not in new_comments for c in old_comments):
        return "a comment was lost"
    return None


def main():
    if not os.path.exists(ARCHIVE):
        print("SKIP: ../shared/corpus/corpus.tar.xz is absent")
        return 77
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(ARCHIVE) as archive:
            archive.extractall(tmp)
        manifests = os.path.join(tmp, "corpus", "manifests")
        # Plain manifests only, flattened into one folder: chart folders are overlay's chart mode.
        inputs = os.path.join(tmp, "in")
        os.makedirs(inputs)
        count = 0
        for folder, dirs, files in os.walk(manifests):
            if "Chart.yaml" in files:
                dirs[:] = []
                continue
            for name in files:
                path = os.path.join(folder, name)
                if name.endswith((".yaml", ".yml")) and os.path.isfile(path) and not os.path.islink(path):
                    count += 1
                    shutil.copyfile(path, os.path.join(inputs, f"{count:05d}-{name}"))
        out = os.path.join(tmp, "out")
        run = subprocess.run([BIN, "overlay", "--target", "1.32", "--out", out, inputs],
                             capture_output=True, text=True, timeout=600)
        tally.check(run.returncode in (0, 1, 2) and os.path.isdir(os.path.join(out, "1.32")),
                    "overlay runs over the corpus", run.stderr[-2000:])
        converted = preserved = reemitted = dropped = 0
        for name in sorted(os.listdir(inputs)):
            before_path, after_path = os.path.join(inputs, name), os.path.join(out, "1.32", name)
            if not os.path.exists(after_path):
                continue
            with open(before_path, "rb") as f:
                before = f.read()
            with open(after_path, "rb") as f:
                after = f.read()
            if before == after:
                continue
            try:
                old_docs, new_docs = documents(before.decode()), documents(after.decode())
            except UnicodeDecodeError:
                continue  # UTF-16 inputs are re-encoded as UTF-8: not a text-preserving case
            if len(old_docs) != len(new_docs):
                tally.check(False, f"{name}: document count changed", "")
                continue
            for (_, old_lines), (_, new_lines) in zip(old_docs, new_docs):
                if old_lines == new_lines:
                    continue
                if any(l.startswith("# greenlight overlay:") for l in new_lines) and \
                        all(l.lstrip().startswith("#") or not l.strip() for l in new_lines):
                    dropped += 1  # no replacement API (PodSecurityPolicy): a comment says so
                    continue
                converted += 1
                why = check_document(old_lines, new_lines)
                if why is None:
                    preserved += 1
                    continue
                old_has_flow = any(("{" in l or "[" in l) and ":" in l for l in old_lines if not l.strip().startswith("#"))
                if old_has_flow or "does not parse" in why:
                    reemitted += 1  # flow style: re-emitted, allowed but counted
                    continue
                tally.check(False, f"{name}: {why}", "\n".join(difflib.unified_diff(old_lines, new_lines, lineterm="")))
        print(f"corpus: {count} files, {converted} converted documents, {preserved} edited in place, "
              f"{reemitted} re-emitted (flow style), {dropped} dropped (no replacement API)")
        tally.check(converted >= 100, "the corpus has converted documents", str(converted))
        tally.check(reemitted * 10 <= converted, "re-emitted documents stay rare", f"{reemitted}/{converted}")
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
