#!/usr/bin/env bash
# Speed benchmark (not a test): clang-19 -fsyntax-only and clang-tidy over a generated driver corpus, sequentially,
# against stacklint analyze cold / warm / after one edit, at several corpus sizes. Prints wall, CPU (user+sys) and
# peak RSS of each, then the ratios against the targets of the "Speed and scale" issue.
# Usage: bench/speed/run.sh [SIZES...]   (default: 250 500 1000 2000)
#   env: JOBS (default nproc), WORK (default /tmp/stacklint-bench), REPEAT (default 5: stacklint runs are repeated and
#   the run with the median wall time is reported; a sub-second run on a shared VM varies by 20% from one run to the next)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SIZES=("${@:-250 500 1000 2000}")
[ $# -eq 0 ] && SIZES=(250 500 1000 2000)
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

for size in "${SIZES[@]}"; do
  corpus="$WORK/corpus-$size"
  rm -rf "$corpus" && python3 "$HERE/gen_corpus.py" "$size" "$corpus/drv"
  cd "$corpus"
  # One uncached run of one file makes stacklint materialize its prelude, which the clang flags below point at.
  VERBOSE="$("${STACKLINT[@]}" analyze drv/mod0000.c --no-cache --verbose 2>&1 || true)"
  PRELUDE="$(sed -n 's/.*prelude \([^ ]*\) for headers mingw lacks.*/\1/p' <<<"$VERBOSE")"
  SUPPLEMENT="$(sed -n 's/.*SAL supplement \([^ ]*\)$/\1/p' <<<"$VERBOSE")"
  [ -d "$PRELUDE" ] && [ -f "$SUPPLEMENT" ] || { echo "could not read the mingw-w64 environment from stacklint --verbose" >&2; exit 2; }
  # The flags of stacklint's mingw-w64 environment (stacklint analyze --verbose; HeaderEnvironmentResolver).
  FLAGS=(-x c --target=x86_64-pc-windows-msvc -fms-extensions -fms-compatibility -fms-compatibility-version=19.30
    -ferror-limit=0 -Wno-everything -fno-spell-checking -D_AMD64_=1 -D_WIN64=1 -D_KERNEL_MODE=1
    -DNTDDI_VERSION=0x0A000000 -D_WIN32_WINNT=0x0A00 -DDBG=0 -fgnuc-version=4.2.1
    -isystem /usr/share/mingw-w64/include -isystem /usr/share/mingw-w64/include/ddk -isystem "$PRELUDE" -include "$SUPPLEMENT")
  printf '%s\n' "${FLAGS[@]}" > flags.txt
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
  cd "$WORK"
done

python3 - "$RESULTS" "$JOBS" <<'PY'
import sys, collections
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
r = collections.defaultdict(dict)
for name, size, wall, cpu, rss in rows:
    r[int(size)][name] = (float(wall), float(cpu), int(rss))
print(f"\nstacklint jobs: {sys.argv[2]}")
print(f"{'size':>5} {'measurement':<20} {'wall s':>8} {'cpu s':>8} {'peak RSS MiB':>13}")
for size in sorted(r):
    for name, (wall, cpu, rss) in r[size].items():
        print(f"{size:>5} {name:<20} {wall:>8.2f} {cpu:>8.2f} {rss / 1024:>13.0f}")
def check(label, value, target, cmp="<="):
    ok = value <= target
    print(f"  {label:<55} {value:>7.3f}  target {cmp} {target:<5} {'ok' if ok else 'MISSED'}")
print("\nratios (wall clock)")
for size in sorted(r):
    m = r[size]; cold = m["stacklint-cold"][0]
    print(f" {size} files:")
    check("cold / clang -fsyntax-only sequential", cold / m["clang-seq"][0], 0.35)
    check("cold / clang-tidy sequential", cold / m["clang-tidy-seq"][0], 0.25)
    check("warm / cold", m["stacklint-warm"][0] / cold, 0.05)
    check("one edit / cold", m["stacklint-one-edit"][0] / cold, 0.10)
    print(f"  {'cold CPU / clang sequential CPU':<55} {m['stacklint-cold'][1] / m['clang-seq'][1]:>7.3f}  (no target; CPU, not wall)")
if 2000 in r:
    check("peak RSS at 2000 files (GiB)", max(v[2] for v in r[2000].values() if True) / 1024 / 1024, 1.0)
    rss = max(r[2000][k][2] for k in r[2000] if k.startswith("stacklint")) / 1024 / 1024
    check("stacklint peak RSS at 2000 files (GiB)", rss, 1.0)
if 1000 in r and 2000 in r:
    check("cold 2000 / cold 1000", r[2000]["stacklint-cold"][0] / r[1000]["stacklint-cold"][0], 2.2)
PY
