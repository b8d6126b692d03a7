#!/usr/bin/env bash
# Speed benchmark (not a test): clang-19 -fsyntax-only and clang-tidy over a generated driver corpus, sequentially,
# against stacklint analyze cold / warm / after one edit, at several corpus sizes. Prints wall, CPU (user+sys) and
# peak RSS of each, then the ratios against the targets of the "Speed and scale" issue.
# Usage: bench/speed/run.sh [SIZES...]   (default: 250 500 1000 2000 projects real)
#   A number is a flat generated corpus of that many files sharing one include list (gen_corpus.py). 'projects' is a
#   generated tree of PROJECTS driver projects with their own include folders, defines and header sets, read through
#   its compile database (gen_projects.py); 'real' is the real-driver training corpus through its compile database
#   ($EVAL/build/compile_commands.json, prepared by shared/realcode/run.sh; skipped with one line when absent).
#   env: JOBS (default nproc), WORK (default /tmp/stacklint-bench), REPEAT (default 5: stacklint runs are repeated and
#   the run with the median wall time is reported; a sub-second run on a shared VM varies by 20% from one run to the next),
#   COLD_REPEAT (default 1: cold runs of 'projects' and 'real', each minutes long), PROJECTS (default 60), EVAL
#   (the prepared real-driver folder; 'real' is skipped when it is unset), STACKLINT_BIN (a folder holding a stacklint
#   build to measure instead of publishing one)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SIZES=("${@:-250 500 1000 2000}")
[ $# -eq 0 ] && SIZES=(250 500 1000 2000 projects real)
COLD_REPEAT="${COLD_REPEAT:-1}"
PROJECTS="${PROJECTS:-60}"
EVAL="${EVAL:-}"
JOBS="${JOBS:-$(nproc)}"
REPEAT="${REPEAT:-5}"
WORK="${WORK:-/tmp/stacklint-bench}"
# The peer should be the LLVM release stacklint's libclang comes from: clang-tidy 14 reads clang 14's smaller
# intrinsic headers and parses the same files about 40% faster than 19 does.
TIDY="$(command -v clang-tidy-19 || command -v clang-tidy || true)"
[ -n "$TIDY" ] || { echo "needs clang-tidy: apt-get install clang-tidy-19" >&2; exit 2; }
command -v clang-tidy-19 >/dev/null || echo "note: clang-tidy-19 not found, measuring $TIDY (apt-get install clang-tidy-19)" >&2
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
export CI=1   # no progress line in the measurements
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
: > "$WORK/all-runs.tsv"

echo "peers: $(clang-19 --version | head -1); clang-tidy: $TIDY ($("$TIDY" --version | grep -o "version [0-9.]*" | head -1))" >&2
# stacklint as a standalone release ships it: self-contained, with the framework and our assemblies precompiled
# together (composite ReadyToRun), so a short run JIT-compiles almost nothing, not even the generic instantiations
# across assemblies that per-assembly ReadyToRun leaves to the JIT (about 70 ms of a one-edit run). Without the
# runtime pack it falls back to a framework-dependent ReadyToRun publish, and without the ReadyToRun packages (an
# offline machine) to a plain build, and says which it measured.
case "$(uname -m)" in aarch64|arm64) RID=linux-arm64 ;; *) RID=linux-x64 ;; esac
if [ -n "${STACKLINT_BIN:-}" ]; then
  # A build made beforehand (a publish can take a quarter of an hour on a loaded machine): measured as it is.
  BUILD_KIND="prebuilt $STACKLINT_BIN"
  STACKLINT=("$STACKLINT_BIN/stacklint")
  echo "stacklint: $BUILD_KIND" >&2
else
echo "building stacklint (Release, self-contained composite ReadyToRun $RID; about a minute)..." >&2
rm -rf "$WORK/bin"
# The precompiled images are kept between publishes, and one made for a composite is no use alone (the runtime
# aborts on it): start each kind of publish without them.
fresh_r2r() { rm -rf "$REPO"/src/Cli/obj/Release/*/"$RID"/R2R; }
fresh_r2r
if dotnet publish "$REPO/src/Cli" -c Release -r "$RID" --self-contained true -p:PublishReadyToRun=true \
     -p:PublishReadyToRunComposite=true -v q -o "$WORK/bin" >/dev/null 2>&1; then
  BUILD_KIND="self-contained composite ReadyToRun"
elif rm -rf "$WORK/bin" && fresh_r2r && dotnet publish "$REPO/src/Cli" -c Release -r "$RID" --self-contained false \
     -p:PublishReadyToRun=true -v q -o "$WORK/bin" >/dev/null 2>&1; then
  BUILD_KIND="framework-dependent ReadyToRun"
  echo "note: the self-contained composite publish failed; measuring a framework-dependent ReadyToRun publish" >&2
else
  BUILD_KIND="plain Release build"
  echo "note: ReadyToRun publish failed; measuring a plain Release build" >&2
  rm -rf "$WORK/bin"
  dotnet build "$REPO/src/Cli" -c Release -v q -o "$WORK/bin" >/dev/null
fi
echo "stacklint: $BUILD_KIND" >&2
STACKLINT=("$WORK/bin/stacklint")
fi

# measure NAME SIZE CMD...: one row of results (wall s, cpu s, peak RSS KiB).
measure() {
  local name=$1 size=$2; shift 2
  local log="$WORK/time-$name-$size.txt"
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/stderr-$name-$size.txt" || true
  python3 - "$log" "$name" "$size" >> "$RESULTS" <<'PY'
import sys, re
text = open(sys.argv[1]).read()
def num(label):
    return float(re.search(re.escape(label) + r":\s*([\d.]+)", text).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text).group(1).split(":")
secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall)))
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{secs:.2f}\t{num('User time (seconds)') + num('System time (seconds)'):.2f}\t{int(num('Maximum resident set size (kbytes)'))}")
PY
  tail -1 "$RESULTS" >&2
}

# measure_median NAME SIZE PREPARE CMD...: REPEAT runs, each after the shell snippet PREPARE; the row of the run with
# the median wall time is kept (its CPU time and peak RSS with it); every run's row also goes to $WORK/all-runs.tsv.
measure_median() {
  local name=$1 size=$2 prepare=$3; shift 3
  local rows="$WORK/runs-$name-$size.tsv"
  : > "$rows"
  for ((run = 1; run <= REPEAT; run++)); do
    bash -c "$prepare"
    measure "$name" "$size" "$@" 2>/dev/null
    tail -1 "$RESULTS" >> "$rows"
    sed -i '$ d' "$RESULTS"
  done
  cat "$rows" >> "$WORK/all-runs.tsv"
  sort -t$'\t' -k3,3n "$rows" | sed -n "$(( (REPEAT + 1) / 2 ))p" >> "$RESULTS"
  echo "$(tail -1 "$RESULTS")	(median of $REPEAT: $(cut -f3 "$rows" | sort -n | tr '\n' ' '))" >&2
}

# mingw_flags FILE.c: the clang flags of stacklint's mingw-w64 environment (stacklint analyze --verbose;
# HeaderEnvironmentResolver), one a line into flags.txt. One uncached run of one file makes stacklint materialize its
# prelude, which the flags point at.
mingw_flags() {
  VERBOSE="$("${STACKLINT[@]}" analyze "$1" --no-cache --verbose 2>&1 || true)"
  PRELUDE="$(sed -n 's/.*prelude \([^ ]*\) for headers mingw lacks.*/\1/p' <<<"$VERBOSE")"
  SUPPLEMENT="$(sed -n 's/.*SAL supplement \([^ ]*\)$/\1/p' <<<"$VERBOSE")"
  [ -d "$PRELUDE" ] && [ -f "$SUPPLEMENT" ] || { echo "could not read the mingw-w64 environment from stacklint --verbose" >&2; exit 2; }
  # The flags of stacklint's mingw-w64 environment (stacklint analyze --verbose; HeaderEnvironmentResolver).
  FLAGS=(-x c --target=x86_64-pc-windows-msvc -fms-extensions -fms-compatibility -fms-compatibility-version=19.30
    -ferror-limit=0 -Wno-everything -fno-spell-checking -D_AMD64_=1 -D_WIN64=1 -D_KERNEL_MODE=1
    -DNTDDI_VERSION=0x0A000000 -D_WIN32_WINNT=0x0A00 -DDBG=0 -fgnuc-version=4.2.1
    -isystem /usr/share/mingw-w64/include -isystem /usr/share/mingw-w64/include/ddk -isystem "$PRELUDE" -include "$SUPPLEMENT")
  printf '%s\n' "${FLAGS[@]}" > flags.txt
}

# render NAME FORMAT: the time stacklint takes to render the findings of warm facts (no stored report) as FORMAT,
# from --verbose, with the number of findings shown; a row of $WORK/render.tsv.
render() {
  rm -rf cache/reports
  local err="$WORK/render-$1-$2.txt"
  "${STACKLINT[@]}" analyze "${DB_ARGS[@]}" --cache-dir cache -j "$JOBS" --format "$2" --fail-on none --verbose > "render-$2.out" 2> "$err" || true
  local seconds count
  seconds="$(sed -n 's/^stacklint: time: \([0-9.]*\) s to render the report, \([0-9.]*\) s to store and write it$/\1 \2/p' "$err" | awk '{print $1 + $2}')"
  count="$(sed -n 's/^stacklint: \([0-9]*\) finding(s).*/\1/p' "$err" | tail -1)"
  [ -n "$count" ] || count="$(python3 -c 'import json,sys; print(sum(len(r["results"]) for r in json.load(open(sys.argv[1]))["runs"]))' "render-$2.out")"
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "${seconds:-nan}" "$count" >> "$WORK/render.tsv"
  echo "render $1 $2: ${seconds:-?} s, $count findings" >&2
}

# database NAME DB [FLAGS_FILE]: a tree read through its compile database. clang-19 -fsyntax-only over each entry in
# turn, stacklint cold (with --verbose: precompiled headers built and skipped) and the warm run right after it, each
# COLD_REPEAT times; then warm and one edit, REPEAT times. The edited file is a copy of one entry's source (the tree
# itself is never written to) in a second database the warm and one-edit runs read.
database() {
  local name=$1 db=$2 flags=${3:-}
  local dir="$WORK/$name"
  rm -rf "$dir" && mkdir -p "$dir/edit" && cd "$dir"
  python3 "$HERE/edit_tree.py" "$db" "$dir"
  local edited
  edited="$(cat "$dir/edited.txt")"
  measure clang-seq "$name" python3 "$HERE/clang_seq.py" "$db" $flags
  DB_ARGS=(-p "$dir/compile_commands.json")
  local run
  for ((run = 1; run <= COLD_REPEAT; run++)); do
    rm -rf cache
    measure stacklint-cold "$name" "${STACKLINT[@]}" analyze "${DB_ARGS[@]}" --cache-dir cache -j "$JOBS" --format sarif -o cold.sarif --fail-on none --verbose
    grep -h "precompiled headers" "$WORK/stderr-stacklint-cold-$name.txt" >&2 || true
    measure stacklint-first-warm "$name" "${STACKLINT[@]}" analyze "${DB_ARGS[@]}" --cache-dir cache -j "$JOBS" --format sarif -o first-warm.sarif --fail-on none
  done
  measure_median stacklint-warm "$name" ':' "${STACKLINT[@]}" analyze "${DB_ARGS[@]}" --cache-dir cache -j "$JOBS" --format sarif -o warm.sarif --fail-on none
  measure_median stacklint-one-edit "$name" "echo \"// edited \$RANDOM\" >> '$edited'" "${STACKLINT[@]}" analyze "${DB_ARGS[@]}" --cache-dir cache -j "$JOBS" --format sarif -o edit.sarif --fail-on none
  cmp -s cold.sarif warm.sarif || echo "WARNING: warm SARIF differs from cold on $name" >&2
  render "$name" text
  render "$name" sarif
  cd "$WORK"
}

: > "$WORK/render.tsv"
for size in "${SIZES[@]}"; do
  if [ "$size" = real ]; then
    if [ ! -f "$EVAL/build/compile_commands.json" ]; then
      echo "real: skipped, no real-driver corpus at $EVAL/build/compile_commands.json (EVAL=...; shared/realcode/run.sh prepares it)" >&2
      continue
    fi
    database real "$EVAL/build/compile_commands.json"
    continue
  fi
  if [ "$size" = projects ]; then
    rm -rf "$WORK/projects-tree" && python3 "$HERE/gen_projects.py" "$PROJECTS" "$WORK/projects-tree"
    cd "$WORK/projects-tree" && mingw_flags "$(ls p000/src/*.c | head -1)"
    database projects "$WORK/projects-tree/compile_commands.json" "$WORK/projects-tree/flags.txt"
    continue
  fi
  corpus="$WORK/corpus-$size"
  rm -rf "$corpus" && python3 "$HERE/gen_corpus.py" "$size" "$corpus/drv"
  cd "$corpus"
  mingw_flags drv/mod0000.c
  measure clang-seq "$size" bash -c 'for f in drv/*.c; do clang-19 -fsyntax-only $(cat flags.txt) "$f"; done'
  measure clang-tidy-seq "$size" bash -c 'for f in drv/*.c; do '"$TIDY"' -quiet -checks=-*,misc-no-recursion "$f" -- $(cat flags.txt) >/dev/null 2>&1; done'
  # Cold: an empty cache each time. Warm (facts): every file's facts cached, no stored report, so the facts are
  # loaded and the rules run (no ratio target). Warm: nothing changed since a stored report, which is put out again;
  # that is what the warm target measures. One edit: a line appended to one file before each run.
  measure_median stacklint-cold "$size" 'rm -rf cache' "${STACKLINT[@]}" analyze drv --cache-dir cache -j "$JOBS" --format sarif -o cold.sarif
  measure_median stacklint-warm-facts "$size" 'rm -rf cache/reports' "${STACKLINT[@]}" analyze drv --cache-dir cache -j "$JOBS" --format sarif -o warm-facts.sarif
  measure_median stacklint-warm "$size" ':' "${STACKLINT[@]}" analyze drv --cache-dir cache -j "$JOBS" --format sarif -o warm.sarif
  measure_median stacklint-one-edit "$size" 'echo "// edited $RANDOM" >> drv/mod0001.c' "${STACKLINT[@]}" analyze drv --cache-dir cache -j "$JOBS" --format sarif -o edit.sarif
  cmp -s cold.sarif warm.sarif || echo "WARNING: warm SARIF differs from cold at $size" >&2
  cmp -s cold.sarif warm-facts.sarif || echo "WARNING: warm (facts) SARIF differs from cold at $size" >&2
  DB_ARGS=(drv)
  render "$size" text
  render "$size" sarif
  cd "$WORK"
done

python3 - "$RESULTS" "$JOBS" "$WORK/render.tsv" "$(nproc)" <<'PY'
import sys, collections, os
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
r = collections.defaultdict(dict)
for name, size, wall, cpu, rss in rows:
    r[size][name] = (float(wall), float(cpu), int(rss))
def order(size):
    return (0, int(size), "") if size.isdigit() else (1, 0, size)
sizes = sorted(r, key=order)
print(f"\nstacklint jobs: {sys.argv[2]}; {sys.argv[4]} cores; load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
print(f"{'size':>8} {'measurement':<20} {'wall s':>8} {'cpu s':>8} {'peak RSS MiB':>13}")
for size in sizes:
    for name, (wall, cpu, rss) in r[size].items():
        print(f"{size:>8} {name:<20} {wall:>8.2f} {cpu:>8.2f} {rss / 1024:>13.0f}")
def check(label, value, target, cmp="<="):
    ok = value <= target
    print(f"  {label:<55} {value:>7.3f}  target {cmp} {target:<5} {'ok' if ok else 'MISSED'}")
print("\nratios (wall clock)")
for size in sizes:
    m = r[size]; cold = m["stacklint-cold"][0]
    if size.isdigit():
        print(f" {size} files:")
        check("cold / clang -fsyntax-only sequential", cold / m["clang-seq"][0], 0.35)
        check("cold / clang-tidy sequential", cold / m["clang-tidy-seq"][0], 0.25)
        check("warm / cold", m["stacklint-warm"][0] / cold, 0.05)
        check("one edit / cold", m["stacklint-one-edit"][0] / cold, 0.10)
        print(f"  {'cold CPU / clang sequential CPU':<55} {m['stacklint-cold'][1] / m['clang-seq'][1]:>7.3f}  (no target; CPU, not wall)")
    else:
        # The targets of the 'speed on real driver trees' issue.
        print(f" {size} (through its compile database):")
        check("cold / clang -fsyntax-only sequential", cold / m["clang-seq"][0], 0.35)
        check("cold CPU / clang sequential CPU", m["stacklint-cold"][1] / m["clang-seq"][1], 0.7)
        check("first warm run after cold (s)", m["stacklint-first-warm"][0], 0.5)
        check("warm (s)", m["stacklint-warm"][0], 0.5)
        check("one edit (s)", m["stacklint-one-edit"][0], 1.0)
        check("stacklint peak RSS (GiB)", max(v[2] for k, v in m.items() if k.startswith("stacklint")) / 1024 / 1024, 1.0)
if "2000" in r:
    check("peak RSS at 2000 files (GiB)", max(v[2] for v in r["2000"].values()) / 1024 / 1024, 1.0)
    rss = max(r["2000"][k][2] for k in r["2000"] if k.startswith("stacklint")) / 1024 / 1024
    check("stacklint peak RSS at 2000 files (GiB)", rss, 1.0)
if "1000" in r and "2000" in r:
    check("cold 2000 / cold 1000", r["2000"]["stacklint-cold"][0] / r["1000"]["stacklint-cold"][0], 2.2)
render = [l.split("\t") for l in open(sys.argv[3]).read().splitlines() if l]
if render:
    print("\nrendering the findings of warm facts (render + write, from --verbose)")
    by = collections.defaultdict(dict)
    for size, fmt, seconds, count in render:
        by[size][fmt] = (float(seconds), int(count))
    for size in sorted(by, key=order):
        text, sarif = by[size].get("text"), by[size].get("sarif")
        if text and sarif:
            print(f" {size}: text {text[0]:.2f} s for {text[1]} findings, SARIF {sarif[0]:.2f} s for {sarif[1]} results")
            # Part of the time does not grow with the findings (the first report of the process): scaling a few dozen
            # findings up to 2,500 would mostly measure that part, so only a tree with that many is held to the target.
            if text[1] >= 2500:
                check(f"text seconds per 2,500 findings", text[0] * 2500 / text[1], 0.2)
            else:
                print(f"  text target (2,500 findings in 0.2 s): not checked, {text[1]} findings (the flat trees of 500 files and more have enough)")
PY
