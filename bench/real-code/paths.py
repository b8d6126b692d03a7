#!/usr/bin/env python3
"""Worst call paths from caller-stack entry points, measured with the compiler's frames instead of StackLint's.

Reads `stacklint callgraph --format json` output (one object per program) and $EVAL/data/stack_usage.tsv, and prints,
for every entry point that runs on its caller's stack, the deepest acyclic path below it with each function's clang
-fstack-usage frame (plus the return address) for the chosen variant; a function clang did not measure keeps
StackLint's estimate. A cycle is counted once (its back edge is not followed): this is the part SL2002 measures before
a recursion. Used by hand to judge deep-path labels (bench/real-code/FINDINGS.md, ninth pass).

    ./stacklint callgraph -p $EVAL/build/compile_commands.json --format json > cg.json
    EVAL=/work/eval python3 bench/real-code/paths.py cg.json [x64-O0|x64-O2|x86-O0|x86-O2] [count]
"""
import collections
import csv
import json
import os
import sys


def clang_frames(evaldir, variant):
    frames = {}
    path = os.path.join(evaldir, "data", "stack_usage.tsv")
    ret = 4 if variant.startswith("x86") else 8
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            size = row.get(variant + "_bytes")
            if size:
                key = (row["function"], os.path.basename(row["def_file"]))
                frames[key] = max(frames.get(key, 0), int(size) + ret)
    return frames


def worst_paths(program, frames):
    nodes = program["nodes"]
    calls = collections.defaultdict(set)
    for edge in program["edges"]:
        calls[edge["from"]].add(edge["to"])

    def frame(i):
        node = nodes[i]
        if not node.get("defined"):
            return 0
        return frames.get((node["name"], os.path.basename(node.get("file") or "")), node["frame"])

    results = []
    for entry in program["entryPoints"]:
        if entry["context"] != "caller":
            continue
        # Iterative depth-first longest path; a node on the current path is not entered again (cycles once).
        best, nxt, done = {}, {}, {}
        start = entry["node"]
        stack = [(start, iter(sorted(calls[start])))]
        on_path = {start}
        best[start], nxt[start] = frame(start), None
        while stack:
            v, it = stack[-1]
            w = next(it, None)
            if w is None:
                stack.pop()
                on_path.discard(v)
                done[v] = best[v]
                if stack:
                    u = stack[-1][0]
                    if frame(u) + done[v] > best[u]:
                        best[u], nxt[u] = frame(u) + done[v], v
                continue
            if w in done:
                if frame(v) + done[w] > best[v]:
                    best[v], nxt[v] = frame(v) + done[w], w
            elif w not in on_path:
                on_path.add(w)
                best[w], nxt[w] = frame(w), None
                stack.append((w, iter(sorted(calls[w]))))
        path, v = [], start
        while v is not None and len(path) < len(nodes):
            path.append(v)
            v = nxt.get(v)
        results.append((done[start], program["program"], entry["name"], entry["kind"],
                        " > ".join(f"{nodes[i]['name']}({frame(i)})" for i in path)))
    return results


def main():
    evaldir = os.environ.get("EVAL")
    if not evaldir or not os.path.isfile(os.path.join(evaldir, "data", "stack_usage.tsv")):
        print("paths.py: skipped: EVAL is not set or holds no prepared corpus (see /work/shared/realcode/README.md)")
        return 0
    if len(sys.argv) < 2:
        print("usage: paths.py CALLGRAPH.json [variant] [count]", file=sys.stderr)
        return 2
    variant = sys.argv[2] if len(sys.argv) > 2 else "x64-O0"
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    with open(sys.argv[1]) as f:
        programs = json.load(f)
    frames = clang_frames(evaldir, variant)
    rows = sorted((r for p in programs for r in worst_paths(p, frames)), reverse=True)
    for total, program, name, kind, path in rows[:count]:
        print(f"{total:6d}  {program}: {name} [{kind}]\n        {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
