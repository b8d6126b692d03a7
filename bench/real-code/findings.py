#!/usr/bin/env python3
"""Labelled precision and recall of StackLint's findings on the real-code training corpus.

Reads labels.tsv (next to this script): one row per reviewed finding or hand-found problem, with the rule, the file
relative to the corpus root ($EVAL), the line, the function, the verdict (TRUE: a real problem the rule should report
there; FALSE: a finding that is not one) and one line of why. Runs StackLint on $EVAL/build/compile_commands.json (or
reads a SARIF log given with --sarif) and prints, per rule: how many labelled findings it reports, how many of them
are TRUE (precision) and how many of the TRUE labels it reports (recall). Findings nobody labelled are counted apart.

  EVAL=/work/eval python3 bench/real-code/findings.py                   # run the tool, then score
  EVAL=/work/eval python3 bench/real-code/findings.py --sarif out.sarif # score an existing log

Without $EVAL (or with no prepared corpus there) it prints one line saying so and exits 0.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from urllib.parse import unquote, urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RULES = ["SL1001", "SL1002", "SL1003", "SL1004", "SL2001", "SL2002", "SL3001", "SL3002", "SL3003"]


def read_labels(path):
    labels = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            verdict = row["verdict"].strip().upper()
            if verdict not in ("TRUE", "FALSE"):
                sys.exit(f"{path}: verdict must be TRUE or FALSE, got '{row['verdict']}' ({row['rule']} {row['file']}:{row['line']})")
            key = (row["rule"].strip(), row["file"].strip().replace("\\", "/"), int(row["line"]))
            labels[key] = (verdict == "TRUE", row.get("function", "").strip(), row.get("why", "").strip())
    return labels


def sarif_findings(path, root, warnings_only):
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    found = {}
    root = os.path.abspath(root).replace("\\", "/").rstrip("/") + "/"
    for run in log.get("runs", []):
        bases = {k: v.get("uri", "") for k, v in (run.get("originalUriBaseIds") or {}).items()}
        for result in run.get("results", []):
            level = result.get("level", "warning")
            if warnings_only and level not in ("warning", "error"):
                continue
            for location in result.get("locations", [])[:1]:
                physical = location.get("physicalLocation", {})
                artifact = physical.get("artifactLocation", {})
                uri = artifact.get("uri", "")
                base = bases.get(artifact.get("uriBaseId", ""), "")
                full = unquote(urlparse(base + uri).path if (base + uri).startswith("file:") else base + uri)
                full = full.replace("\\", "/")
                rel = full[len(root):] if full.startswith(root) else full.lstrip("/")
                line = physical.get("region", {}).get("startLine", 0)
                found[(result.get("ruleId", ""), rel, line)] = level
    return found


def recursion_coverage(path, evaldir):
    """clang-tidy's misc-no-recursion functions ($EVAL/data/recursion_clang_tidy.tsv) that no SL2001 result (warning or
    note) names: each cycle is reported once, so a function counts when it is quoted in the message or in a step of the
    code flow of a result in the same corpus folder. Returns (covered, total, missing rows)."""
    table = os.path.join(evaldir, "data", "recursion_clang_tidy.tsv")
    if not os.path.isfile(table):
        return None
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    named = defaultdict(set)  # corpus folder -> quoted function names in SL2001 results
    for run in log.get("runs", []):
        for result in run.get("results", []):
            if result.get("ruleId") != "SL2001":
                continue
            uri = unquote(result["locations"][0]["physicalLocation"]["artifactLocation"].get("uri", ""))
            folder = uri.replace("\\", "/").split("/eval/", 1)[-1].split("/", 1)[0]
            texts = [result.get("message", {}).get("text", "")]
            for flow in result.get("codeFlows", []):
                for thread in flow.get("threadFlows", []):
                    texts += [step.get("location", {}).get("message", {}).get("text", "") for step in thread.get("locations", [])]
            for text in texts:
                named[folder].update(text.split("'")[1::2])
    rows = []
    with open(table, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rows.append(row)
    missing = [r for r in rows if r["function"] not in named[r["file"].split("/", 1)[0]]]
    return len(rows) - len(missing), len(rows), missing


def note_bounds(path, root):
    """SL2001 notes against bounds.tsv: each note's bound (read from its message) must hold, i.e. be at least the real
    depth read by hand. Returns (notes, checked, holds, exact, rows of (file, line, function, stated, real))."""
    table = os.path.join(HERE, "bounds.tsv")
    if not os.path.isfile(table):
        return None
    real = {}
    with open(table, newline="", encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            real[(row["file"], int(row["line"]))] = (row["function"], int(row["levels"]))
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    root = os.path.abspath(root).replace("\\", "/").rstrip("/") + "/"
    notes, rows = 0, []
    for run in log.get("runs", []):
        for result in run.get("results", []):
            if result.get("ruleId") != "SL2001" or result.get("level") != "note":
                continue
            notes += 1
            physical = result["locations"][0]["physicalLocation"]
            uri = unquote(physical["artifactLocation"].get("uri", "")).replace("\\", "/")
            uri = urlparse(uri).path if uri.startswith("file:") else uri
            rel = uri[len(root):] if uri.startswith(root) else uri.lstrip("/")
            key = (rel, physical.get("region", {}).get("startLine", 0))
            text = result.get("message", {}).get("text", "")
            stated = None
            match = re.search(r"goes at most ([0-9,]+) levels deep", text)
            if match:
                stated = int(match.group(1).replace(",", ""))
            elif "goes round once" in text or "one level deep" in text:
                stated = 2
            if key in real:
                rows.append((key[0], key[1], real[key][0], stated, real[key][1]))
    holds = sum(1 for r in rows if r[3] is not None and r[3] >= r[4])
    exact = sum(1 for r in rows if r[3] == r[4])
    return notes, len(rows), holds, exact, rows


def run_stacklint(evaldir, output):
    command = [os.path.join(REPO, "stacklint"), "analyze", "-p", os.path.join(evaldir, "build", "compile_commands.json"),
               "--fail-on", "none", "--format", "sarif", "--output", output, "--no-cache"]
    print("running:", " ".join(command), file=sys.stderr)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sarif", help="score this SARIF log instead of running StackLint")
    parser.add_argument("--labels", default=os.path.join(HERE, "labels.tsv"))
    parser.add_argument("--warnings-only", action="store_true", help="count only warning and error results as reported (not notes)")
    parser.add_argument("--show", action="store_true", help="list every labelled row with what the tool did")
    args = parser.parse_args()

    evaldir = os.environ.get("EVAL", "")
    if not evaldir or not os.path.isfile(os.path.join(evaldir, "build", "compile_commands.json")):
        print("findings.py: skipped: EVAL is not set or holds no prepared corpus (see /work/shared/realcode/README.md)")
        return 0

    labels = read_labels(args.labels)
    sarif = args.sarif
    if sarif is None:
        sarif = os.path.join(tempfile.mkdtemp(prefix="stacklint-findings-"), "findings.sarif")
        run_stacklint(evaldir, sarif)
    found = sarif_findings(sarif, evaldir, args.warnings_only)

    rules = sorted({k[0] for k in labels} | set(RULES))
    print(f"{'rule':8} {'labels':>6} {'true':>5} {'false':>5} {'reported':>8} {'tp':>4} {'fp':>4} {'precision':>9} {'recall':>6} {'unlabelled':>10}")
    for rule in rules:
        rows = {k: v for k, v in labels.items() if k[0] == rule}
        trues = [k for k, v in rows.items() if v[0]]
        falses = [k for k, v in rows.items() if not v[0]]
        tp = sum(1 for k in trues if k in found)
        fp = sum(1 for k in falses if k in found)
        reported = sum(1 for k in found if k[0] == rule)
        unlabelled = sum(1 for k in found if k[0] == rule and k not in labels)
        precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
        recall = f"{tp / len(trues):.2f}" if trues else "-"
        print(f"{rule:8} {len(rows):>6} {len(trues):>5} {len(falses):>5} {reported:>8} {tp:>4} {fp:>4} {precision:>9} {recall:>6} {unlabelled:>10}")
    coverage = recursion_coverage(sarif, evaldir)
    if coverage is not None:
        covered, total, missing = coverage
        print(f"clang-tidy misc-no-recursion functions still reported by SL2001 (warning or note): {covered}/{total}")
        for row in missing:
            print(f"  not reported: {row['file']}:{row['line']} {row['function']}")
    # Both figures, whatever --warnings-only says: the targets apply to warnings (see FINDINGS.md, "How notes count").
    with_notes, warnings = sarif_findings(sarif, evaldir, False), sarif_findings(sarif, evaldir, True)
    for rule in rules:
        if not any(k[0] == rule and level == "note" for k, level in with_notes.items()):
            continue
        figures = []
        for name, found_set in (("with notes", with_notes), ("warnings only", warnings)):
            tp = sum(1 for k, v in labels.items() if k[0] == rule and v[0] and k in found_set)
            fp = sum(1 for k, v in labels.items() if k[0] == rule and not v[0] and k in found_set)
            figures.append(f"{tp / (tp + fp):.2f} ({tp}/{tp + fp}) {name}" if tp + fp else f"- {name}")
        print(f"{rule} labelled precision: {', '.join(figures)}")
    bounds = note_bounds(sarif, evaldir)
    if bounds is not None:
        notes, checked, holds, exact, rows = bounds
        print(f"SL2001 notes: {notes}; bound read by hand for {checked}: the stated bound holds for {holds}/{checked}, exact for {exact}/{checked}")
        for file, line, function, stated, real in rows:
            if stated != real:
                print(f"  {file}:{line} {function}: states {stated if stated is not None else 'no depth'}, really {real}")
    if args.show:
        for key in sorted(labels):
            verdict, function, why = labels[key]
            state = found.get(key, "-")
            print(f"{key[0]}\t{key[1]}:{key[2]}\t{function}\t{'TRUE' if verdict else 'FALSE'}\treported={state}\t{why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
