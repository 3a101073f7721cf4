#!/usr/bin/env python3
"""Builds a deterministic benchmark corpus by replicating real manifests.

Source: the rendered and raw manifests of ../shared/corpus (real repositories), or, where that
is absent, this repository's testdata (smaller variety). Every document is copied N times with
its metadata.name varied, packed into files of about --file-kb each, until --size-mb is reached.
The same arguments always give the same bytes."""
import argparse
import os
import re
import subprocess
import sys
import tarfile
import tempfile

import yaml

NAME_LINE = re.compile(rb"^(  name: )([A-Za-z0-9][A-Za-z0-9._-]*)(\r?)$", re.M)


def parses(document):
    """Only documents that parse go in: the benchmark measures scanning, not error paths."""
    try:
        yaml.load(document, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return True
    except yaml.YAMLError:
        return False


def source_documents(src_dir, shared):
    files = []
    if shared and os.path.exists(os.path.join(shared, "corpus", "corpus.tar.xz")):
        tmp = tempfile.mkdtemp(prefix="greenlight-bench-src-")
        with tarfile.open(os.path.join(shared, "corpus", "corpus.tar.xz")) as tar:
            tar.extractall(tmp)
        root = os.path.join(tmp, "corpus", "manifests")
        origin = "../shared/corpus"
    else:
        root = os.path.join(src_dir, "testdata")
        origin = "testdata (../shared/corpus absent)"
    for dirpath, dirnames, names in os.walk(root):
        dirnames.sort()
        if "/templates" in dirpath.replace(os.sep, "/"):
            continue  # unrendered Helm templates are not what platform teams scan in bulk
        for n in sorted(names):
            if n.endswith((".yaml", ".yml")) and not os.path.islink(os.path.join(dirpath, n)):
                files.append(os.path.join(dirpath, n))
    docs = []
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        if data.startswith(b"\xef\xbb\xbf") or b"\0" in data:
            continue
        for part in re.split(rb"^---[ \t]*\r?$", data, flags=re.M):
            if part.strip() and parses(part):
                docs.append(part.strip(b"\n") + b"\n")
    return docs, origin


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", help="directory to create (must not exist or be empty)")
    ap.add_argument("--size-mb", type=float, default=100)
    ap.add_argument("--file-kb", type=int, default=400)
    ap.add_argument("--source", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    args = ap.parse_args()
    shared = os.path.join(args.source, "..", "shared")
    docs, origin = source_documents(args.source, shared)
    os.makedirs(args.out, exist_ok=True)
    target = int(args.size_mb * 1024 * 1024)
    written, copy, file_index = 0, 0, 0
    buf, count = [], 0
    while written < target:
        for doc in docs:
            varied = NAME_LINE.sub(lambda m: m.group(1) + m.group(2) + b"-r%d" % copy + m.group(3), doc, count=1)
            buf.append(b"---\n" + varied)
            size = sum(map(len, buf))
            if size >= args.file_kb * 1024:
                with open(os.path.join(args.out, "part-%05d.yaml" % file_index), "wb") as f:
                    f.write(b"".join(buf))
                written += size
                count += len(buf)
                file_index += 1
                buf = []
                if written >= target:
                    break
        copy += 1
    print(f"corpus: {written / 1e6:.1f} MB, {count} documents in {file_index} files, from {origin}")


if __name__ == "__main__":
    sys.exit(main())
