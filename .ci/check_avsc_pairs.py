#!/usr/bin/env python3
"""Checks the verdicts of the .avsc corpus (compat/tests/avsc/) against the Python avro
package's compatibility checker (avro.compatibility.ReaderWriterCompatibilityChecker).

Each case folder holds old.avsc/new.avsc (or old/ and new/ folders of several files) and an
expected.txt with `backward ok|BREAKS` and `forward ok|BREAKS`, written from the specification.
Backward asks whether a reader with the new schema reads data written with the old one; forward
the reverse. For folders, files are paired by relative path and a direction holds when it holds
for every pair. Every disagreement must be listed, with its reason, in
compat/tests/avsc/python-exceptions.txt as `case direction python-verdict # reason` (the
verdict is ok, BREAKS, or error where Python cannot parse the schemas); the script
fails on any disagreement that is not listed, and on any listed one that no longer happens.

Usage: python3 .ci/check_avsc_pairs.py [compat/tests/avsc]
"""

import json
import os
import sys

import avro.errors
import avro.name
import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType


def load_version(path):
    """{relative path: schema} for a file or a folder of .avsc files that may refer to each other."""
    if os.path.isfile(path):
        files = {os.path.basename(path): path}
    else:
        files = {}
        for folder, _, names in os.walk(path):
            for name in names:
                if name.endswith(".avsc"):
                    full = os.path.join(folder, name)
                    files[os.path.relpath(full, path).replace(os.sep, "/")] = full
    texts = {rel: json.load(open(full, encoding="utf-8")) for rel, full in files.items()}
    names = avro.name.Names()
    parsed = {}
    # A file may use types defined in another: parse in rounds until nothing more parses.
    while len(parsed) < len(texts):
        progress = False
        for rel in sorted(texts):
            if rel in parsed:
                continue
            attempt = avro.name.Names()
            attempt.names = dict(names.names)
            try:
                parsed[rel] = avro.schema.make_avsc_object(texts[rel], attempt)
            except avro.errors.SchemaParseException:
                continue
            names.names.update(attempt.names)
            progress = True
        if not progress:
            missing = sorted(set(texts) - set(parsed))
            # Report the error of the first file that does not parse.
            avro.schema.make_avsc_object(texts[missing[0]], names)
    return parsed


def compatible(reader, writer):
    result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
    return result.compatibility == SchemaCompatibilityType.compatible


def side(case_dir, which):
    single = os.path.join(case_dir, which + ".avsc")
    return single if os.path.isfile(single) else os.path.join(case_dir, which)


def verdicts(case_dir):
    """Python's verdict per direction: True, False, or "error" when it cannot parse the schemas."""
    try:
        old = load_version(side(case_dir, "old"))
        new = load_version(side(case_dir, "new"))
    except avro.errors.SchemaParseException as e:
        print(f"{os.path.basename(case_dir)}: Python avro cannot parse the schemas: {e}")
        return {"backward": "error", "forward": "error"}
    if len(old) == 1 and len(new) == 1:
        pairs = [(next(iter(old.values())), next(iter(new.values())))]
    else:
        pairs = [(old[rel], new[rel]) for rel in sorted(old) if rel in new]
    backward = all(compatible(reader=n, writer=o) for o, n in pairs)
    forward = all(compatible(reader=o, writer=n) for o, n in pairs)
    return {"backward": backward, "forward": forward}


def expected(case_dir):
    out = {}
    for line in open(os.path.join(case_dir, "expected.txt"), encoding="utf-8"):
        words = line.split()
        if len(words) == 2 and words[0] in ("backward", "forward"):
            out[words[0]] = words[1] == "ok"
    return out


def exceptions(root):
    out = {}
    for line in open(os.path.join(root, "python-exceptions.txt"), encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        entry, _, reason = line.partition("#")
        case, direction, verdict = entry.split()
        if not reason.strip():
            raise SystemExit(f"no reason for the exception `{line.strip()}`")
        out[(case, direction)] = {"ok": True, "BREAKS": False}.get(verdict, verdict)
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join("compat", "tests", "avsc")
    listed = exceptions(root)
    problems = []
    seen = set()
    cases = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    for case in cases:
        want = expected(os.path.join(root, case))
        got = verdicts(os.path.join(root, case))
        for direction in ("backward", "forward"):
            word = {True: "ok", False: "BREAKS"}.get(got[direction], got[direction])
            key = (case, direction)
            if got[direction] == want[direction]:
                if key in listed:
                    problems.append(f"{case} {direction}: listed as an exception, but Python avro now agrees")
                continue
            seen.add(key)
            if listed.get(key) != got[direction]:
                problems.append(
                    f"{case} {direction}: expected {'ok' if want[direction] else 'BREAKS'}, Python avro says {word}"
                )
    for key in sorted(set(listed) - seen):
        if key[0] not in cases:
            problems.append(f"{key[0]}: listed as an exception, but there is no such case")
    print(f"{len(cases)} cases, {len(seen)} listed disagreements with Python avro")
    if problems:
        print("\n".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
