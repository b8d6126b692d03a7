#!/usr/bin/env python3
"""Joins clang -fstack-usage figures with 'stacklint frames' output and prints the accuracy statistics.
clang's .su figure excludes the return address, StackLint's includes it: the compiler figure compared is .su + 8 (x64)
or + 4 (x86). Functions clang reports as dynamic (alloca, VLA) are counted but left out of the error figures."""
import csv
import statistics
import sys
from pathlib import Path

RET = {"x64": 8, "x86": 4, "arm64": 0}


def read_su(path):
    figures = {}
    for row in csv.reader(open(path), delimiter="\t"):
        if len(row) < 4:
            continue
        src, where, size, qual = row[0], row[1], int(row[2]), row[3]
        function = where.split(":")[-1]  # 'line:function' or 'line:col:function'
        figures[(src, function)] = (size, "dynamic" in qual)
    return figures


def read_frames(path):
    figures = {}
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            if "function" not in row:
                continue
            key = (normalize(row["path"]), row["function"])
            figures[key] = (int(row["unoptimized"].split()[0]), int(row["optimized"].split()[0]),
                            "dynamic" in row["unoptimized"], row)
    return figures


def normalize(p):
    p = p.replace("\\", "/")
    for anchor in ("tests/StackLint.Tests/Fixtures/", "examples/", "bench/frames-accuracy/corpus/"):
        i = p.find(anchor)
        if i >= 0:
            return p[i:]
    return p


def pct(values, q):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main():
    args = sys.argv[1:]
    clang_only = args[0] == "--clang-only"
    if clang_only:
        args = args[1:]
    work = Path(args[0])
    for arch in args[1:] or ["x64", "x86"]:
        o0 = read_su(work / f"su-{arch}-O0.tsv")
        o2 = read_su(work / f"su-{arch}-O2.tsv")
        static = [v[0] + RET[arch] for v in o0.values() if not v[1]]
        print(f"== {arch}: clang reports {len(o0)} functions ({sum(1 for v in o0.values() if v[1])} dynamic); "
              f"-O0 frames >= 256: {sum(1 for s in static if s >= 256)}, > 1024: {sum(1 for s in static if s > 1024)}")
        if clang_only:
            ratios = [(o2[k][0] + RET[arch]) / (v[0] + RET[arch]) for k, v in o0.items() if k in o2 and not v[1] and v[0] >= 248]
            print(f"   -O2/-O0 ratio for frames >= 256: median {statistics.median(ratios):.2f}" if ratios else "")
            continue
        ours = read_frames(work / f"frames-{arch}.tsv")
        rel0, rel2, big_ok, big_n, agree, n, missing, worst = [], [], 0, 0, 0, 0, 0, []
        rel2_big, agree2, n2 = [], 0, 0
        for key, (su0, dyn) in sorted(o0.items()):
            if key not in ours:
                missing += 1
                continue
            if dyn:
                continue
            est0, est2, _, _ = ours[key]
            c0 = su0 + RET[arch]
            n += 1
            # A zero-byte arm64 leaf has no relative error to speak of: count an exact 0 as 0, anything else as 100%.
            e0 = abs(est0 - c0) / c0 if c0 else float(est0 != 0)
            rel0.append(e0)
            if key in o2 and not o2[key][1]:
                c2 = o2[key][0] + RET[arch]
                rel2.append(abs(est2 - c2) / c2 if c2 else float(est2 != 0))
                n2 += 1
                agree2 += (est2 > 1024) == (c2 > 1024)
                if c2 >= 256:
                    rel2_big.append(abs(est2 - c2) / c2)
            if c0 >= 256:
                big_n += 1
                big_ok += e0 <= 0.10
                if e0 > 0.10:
                    worst.append((e0, key, c0, est0))
            agree += (est0 > 1024) == (c0 > 1024)
        print(f"   compared {n} functions (missing from stacklint: {missing})")
        print(f"   unoptimized vs -O0: median rel. error {100 * pct(rel0, .5):.1f}%, p90 {100 * pct(rel0, .9):.1f}%")
        print(f"   optimized   vs -O2: median rel. error {100 * pct(rel2, .5):.1f}%, p90 {100 * pct(rel2, .9):.1f}%")
        print(f"   optimized   vs -O2, frames >= 256 B: median {100 * pct(rel2_big, .5):.1f}%, p90 {100 * pct(rel2_big, .9):.1f}%, "
              f"within +-10%: {sum(1 for e in rel2_big if e <= .10)}/{len(rel2_big)}; SL1001 decision agrees with -O2: {agree2}/{n2}")
        print(f"   frames >= 256 B within +-10% of -O0: {big_ok}/{big_n} = {100 * big_ok / max(big_n, 1):.1f}%")
        print(f"   SL1001 decision (> 1024) agrees with -O0: {agree}/{n} = {100 * agree / max(n, 1):.1f}%")
        for e, key, c0, est0 in sorted(worst, reverse=True)[:8]:
            print(f"     off by {100 * e:.0f}%: {key[0]}:{key[1]} clang {c0} ours {est0}")


if __name__ == "__main__":
    main()
