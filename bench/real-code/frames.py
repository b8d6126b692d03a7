#!/usr/bin/env python3
"""Frame estimates against the compiler on real driver code.

Joins 'stacklint frames' tables (one per architecture) with the corpus ground truth ($EVAL/data/stack_usage.tsv,
clang-19 -fstack-usage at -O0 and -O2) and prints, per architecture and level, how close the estimates are.

    frames.py STACK_USAGE_TSV x64=FRAMES_X64.tsv x86=FRAMES_X86.tsv [--worst N]

The unoptimized model is compared with -O0, the optimized model with -O2. clang's .su figure excludes the return
address and StackLint's includes it, so the compiler figure compared is .su + 8 (x64) or + 4 (x86). Compared are the
functions defined in a translation unit's own file (a header's functions appear once per unit that emits them, and
'stacklint frames' prints main-file functions); SEH filter and handler bodies clang outlines ('?filt$0@0@F@@') have
no counterpart in the source and are not counted. Functions clang reports as dynamic (alloca, VLA) are left out of
the error figures. SL1001's decision is 'frame > LIMIT' (1,024 by default) on both sides.
"""
import csv
import statistics
import sys

RET = {"x64": 8, "x86": 4, "arm64": 0}
LIMIT = 1024
BIG = 256


def read_truth(path):
    """{(arch, level): {(file, function): (bytes_with_return_address, dynamic)}} for main-file functions."""
    truth = {}
    with open(path, newline="") as f:
        rows = csv.reader(f, delimiter="\t")
        header = next(rows)
        variants = [h[: -len("_bytes")] for h in header if h.endswith("_bytes")]
        for row in rows:
            r = dict(zip(header, row))
            if r["tu_path"] != r["def_file"] or r["function"].startswith("?"):
                continue
            key = (r["corpus"] + "/" + r["def_file"], r["function"])
            for v in variants:
                if not r.get(v + "_bytes"):
                    continue
                arch, level = v.split("-")
                truth.setdefault((arch, level), {})[key] = (int(r[v + "_bytes"]) + RET[arch], "dynamic" in r[v + "_qual"])
    return truth


def read_frames(path):
    """{(file, function): (unoptimized, optimized, row)} from a 'stacklint frames' table."""
    frames = {}
    with open(path, newline="") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(header, line.rstrip("\n").split("\t")))
            if "function" not in r or "unoptimized" not in r:
                continue
            frames[(r["path"].replace("\\", "/"), r["function"])] = (
                int(r["unoptimized"].split()[0]), int(r["optimized"].split()[0]), r)
    return frames


def quantile(values, q):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def compare(arch, level, truth, ours, worst_count):
    column = 0 if level == "O0" else 1
    model = "unoptimized" if level == "O0" else "optimized"
    signed, big_signed, agree, n, missing, dynamic = [], [], 0, 0, 0, 0
    over_limit, over_limit_found, worst = 0, 0, []
    for key, (clang, is_dynamic) in sorted(truth.items()):
        if key not in ours:
            missing += 1
            continue
        if is_dynamic:
            dynamic += 1
            continue
        est = ours[key][column]
        n += 1
        err = (est - clang) / clang if clang else float(est != 0)
        signed.append(err)
        agree += (est > LIMIT) == (clang > LIMIT)
        if clang > LIMIT:
            over_limit += 1
            over_limit_found += est > LIMIT
        if clang >= BIG:
            big_signed.append(err)
            if abs(err) > 0.10:
                worst.append((abs(err), key, clang, est))
    within = sum(1 for e in big_signed if abs(e) <= 0.10)
    absolute = [abs(e) for e in big_signed]
    print(f"{arch} -{level} ({model} model): {n} functions compared, {missing} without an estimate, {dynamic} dynamic left out")
    print(f"  frames >= {BIG} B within +-10%: {within}/{len(big_signed)} = {100 * within / max(len(big_signed), 1):.1f}%")
    print(f"  frames >= {BIG} B: median error {100 * quantile(absolute, .5):.1f}%, p90 {100 * quantile(absolute, .9):.1f}%, "
          f"signed bias (median) {100 * quantile(big_signed, .5):+.1f}%, under-estimated {sum(1 for e in big_signed if e < -0.10)}, "
          f"over-estimated {sum(1 for e in big_signed if e > 0.10)}")
    print(f"  all frames: median error {100 * quantile([abs(e) for e in signed], .5):.1f}%, signed bias {100 * quantile(signed, .5):+.1f}%")
    print(f"  SL1001 decision (> {LIMIT:,}) agrees: {agree}/{n} = {100 * agree / max(n, 1):.1f}%; "
          f"recall on frames > {LIMIT:,} B: {over_limit_found}/{over_limit}"
          + (f" = {100 * over_limit_found / over_limit:.1f}%" if over_limit else ""))
    for e, key, clang, est in sorted(worst, reverse=True)[:worst_count]:
        print(f"    off by {100 * (est - clang) / clang:+.0f}%: {key[0]}:{key[1]} clang {clang} ours {est}")


def main():
    args = sys.argv[1:]
    worst_count = 0
    if "--worst" in args:
        i = args.index("--worst")
        worst_count = int(args[i + 1])
        del args[i:i + 2]
    if not args:
        sys.exit("usage: frames.py STACK_USAGE_TSV ARCH=FRAMES_TSV... [--worst N]")
    truth = read_truth(args[0])
    for spec in args[1:]:
        arch, path = spec.split("=", 1)
        ours = read_frames(path)
        for level in ("O0", "O2"):
            if (arch, level) in truth:
                compare(arch, level, truth[(arch, level)], ours, worst_count)


if __name__ == "__main__":
    main()
