#!/usr/bin/env python3
"""Runs `clang-19 -fsyntax-only` over every entry of a compile database, one file after another (the parsing floor
stacklint is compared with). Each entry keeps its own flags (its compiler, -c and -o are dropped); FLAGS_FILE, when
given, holds flags put before them, one a line (stacklint's mingw-w64 environment for a tree that relies on it).
Usage: clang_seq.py compile_commands.json [FLAGS_FILE]"""
import json, shlex, subprocess, sys

def main():
    entries = json.load(open(sys.argv[1]))
    extra = open(sys.argv[2]).read().split("\n") if len(sys.argv) > 2 else []
    extra = [f for f in extra if f]
    failed = 0
    for entry in entries:
        args = entry.get("arguments") or shlex.split(entry["command"])
        kept, skip = [], False
        for a in args[1:]:
            if skip:
                skip = False
            elif a == "-o":
                skip = True
            elif a != "-c" and not a.startswith("-o"):
                kept.append(a)
        result = subprocess.run(["clang-19", "-fsyntax-only", *extra, *kept], cwd=entry["directory"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        failed += result.returncode != 0
    print(f"clang-19 -fsyntax-only: {len(entries)} files, {failed} with errors", file=sys.stderr)

main()
