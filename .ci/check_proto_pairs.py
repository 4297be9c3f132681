#!/usr/bin/env python3
"""Checks the verdicts of the .proto corpus (compat/tests/proto/) against `buf breaking`.

Each case folder holds old.proto/new.proto (or old/ and new/ folders of several files that may
import each other) and an expected.txt with `protobuf backward|forward ok|BREAKS` and
`json backward|forward ok|BREAKS`, written by hand. buf has no directions; it has categories of
rules. So the script asks buf twice per case and compares:

- buf's WIRE category reports a break exactly when protobuf backward or forward BREAKS;
- buf's WIRE_JSON category reports a break exactly when any of the four lines BREAKS.

Every case where buf disagrees must be listed, with its reason, in
compat/tests/proto/buf-exceptions.txt as `case-name  # reason`; the script fails on any
disagreement that is not listed, on a listed case that now agrees (a stale exception) and on a
listed case that does not exist.

buf is the `buf` on PATH if there is one; otherwise the npm package @bufbuild/buf (version
BUF_VERSION below) is installed once into a cache folder ($TRIDENT_BUF_CACHE, default
~/.cache/trident-buf) and run from there.

Usage: python3 .ci/check_proto_pairs.py [compat/tests/proto] [--show]
    --show  also print, for every case, the rules buf reported at each level
"""

import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

BUF_VERSION = "1.75.0"
LEVELS = ("WIRE", "WIRE_JSON")
VERDICT_LINES = ("protobuf backward", "protobuf forward", "json backward", "json forward")


def find_buf():
    on_path = shutil.which("buf")
    if on_path:
        return on_path
    cache = os.environ.get("TRIDENT_BUF_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "trident-buf"
    )
    buf = os.path.join(cache, "node_modules", ".bin", "buf")
    if not os.path.exists(buf) or buf_version(buf) != BUF_VERSION:
        if not shutil.which("npm"):
            raise SystemExit("buf is not on PATH and npm is not installed to fetch @bufbuild/buf")
        os.makedirs(cache, exist_ok=True)
        print(f"installing @bufbuild/buf@{BUF_VERSION} into {cache}", flush=True)
        subprocess.run(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", cache,
             f"@bufbuild/buf@{BUF_VERSION}"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return buf


def buf_version(buf):
    try:
        out = subprocess.run([buf, "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return (out.stdout or out.stderr).strip()


def expected(case_dir):
    """{line: breaks?} for the four verdict lines of expected.txt."""
    out = {}
    path = os.path.join(case_dir, "expected.txt")
    for line in open(path, encoding="utf-8"):
        words = line.split()
        if len(words) == 3 and f"{words[0]} {words[1]}" in VERDICT_LINES:
            if words[2] not in ("ok", "BREAKS"):
                raise SystemExit(f"{path}: `{line.strip()}` is neither ok nor BREAKS")
            out[f"{words[0]} {words[1]}"] = words[2] == "BREAKS"
    missing = [v for v in VERDICT_LINES if v not in out]
    if missing:
        raise SystemExit(f"{path}: no line for {', '.join(missing)}")
    return out


def copy_side(case_dir, which, dest):
    """Copies one version into dest; a single file becomes case.proto on both sides, since buf
    pairs files by path."""
    single = os.path.join(case_dir, which + ".proto")
    if os.path.isfile(single):
        os.makedirs(dest)
        shutil.copy(single, os.path.join(dest, "case.proto"))
    else:
        shutil.copytree(os.path.join(case_dir, which), dest)


def run_buf(buf, case_dir, level, scratch):
    """(breaking?, [rule ids]) for one case at one buf category."""
    root = os.path.join(scratch, level)
    for which in ("old", "new"):
        dest = os.path.join(root, which)
        copy_side(case_dir, which, dest)
        with open(os.path.join(dest, "buf.yaml"), "w", encoding="utf-8") as f:
            f.write(f"version: v2\nbreaking:\n  use:\n    - {level}\n")
    result = subprocess.run(
        [buf, "breaking", "new", "--against", "old", "--error-format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 100):
        raise RuntimeError(
            f"{os.path.basename(case_dir)}: buf breaking ({level}) exited {result.returncode}:\n"
            f"{result.stderr}{result.stdout}"
        )
    rules = []
    for line in result.stdout.splitlines():
        if line.strip():
            annotation = json.loads(line)
            # buf reports a file that does not compile as an annotation of type COMPILE (with
            # exit code 100, like a break): that is an error in the case, not a verdict.
            if annotation.get("type") == "COMPILE":
                raise RuntimeError(
                    f"{os.path.basename(case_dir)}: buf cannot compile the files: "
                    f"{annotation.get('path')}:{annotation.get('start_line')}: "
                    f"{annotation.get('message')}"
                )
            rules.append(annotation.get("type", "?"))
    return result.returncode == 100, sorted(set(rules))


def check_case(buf, root, case):
    case_dir = os.path.join(root, case)
    want = expected(case_dir)
    with tempfile.TemporaryDirectory(prefix="proto-pair-") as scratch:
        got = {level: run_buf(buf, case_dir, level, scratch) for level in LEVELS}
    should = {
        "WIRE": want["protobuf backward"] or want["protobuf forward"],
        "WIRE_JSON": any(want.values()),
    }
    disagreements = []
    for level in LEVELS:
        breaking, rules = got[level]
        if breaking != should[level]:
            disagreements.append(
                f"{level}: expected {'breaking' if should[level] else 'ok'}, buf says "
                f"{'breaking (' + ', '.join(rules) + ')' if breaking else 'ok'}"
            )
    return case, got, disagreements


def exceptions(root):
    out = {}
    path = os.path.join(root, "buf-exceptions.txt")
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        entry, _, reason = line.partition("#")
        words = entry.split()
        if len(words) != 1 or not reason.strip():
            raise SystemExit(f"{path}: expected `case-name  # reason`: `{line.strip()}`")
        out[words[0]] = reason.strip()
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--show" in sys.argv[1:]
    root = args[0] if args else os.path.join("compat", "tests", "proto")
    listed = exceptions(root)
    cases = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    buf = find_buf()
    version = buf_version(buf)
    workers = max(1, min(8, os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        try:
            results = list(pool.map(lambda c: check_case(buf, root, c), cases))
        except RuntimeError as e:
            print(f"buf failed: {e}", file=sys.stderr)
            sys.exit(2)
    problems = []
    agree = explained = 0
    for case, got, disagreements in results:
        if show:
            levels = "; ".join(
                f"{level} {'breaking' if got[level][0] else 'ok'}"
                + (f" ({', '.join(got[level][1])})" if got[level][1] else "")
                for level in LEVELS
            )
            print(f"{case}: {levels}")
        if not disagreements:
            agree += 1
            if case in listed:
                problems.append(f"{case}: listed as an exception, but buf now agrees")
        elif case in listed:
            explained += 1
        else:
            problems.append(f"{case}: " + "; ".join(disagreements))
    for case in sorted(set(listed) - set(cases)):
        problems.append(f"{case}: listed as an exception, but there is no such case")
    print(
        f"{len(cases)} cases, {agree} agree with buf {version}, {explained} explained exceptions"
    )
    if problems:
        print("\n".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
