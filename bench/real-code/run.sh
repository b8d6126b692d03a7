#!/usr/bin/env bash
# Frame estimates (and, when findings.py is present, findings) against the compiler on real driver code: the
# training corpus that /work/shared/realcode (see its README) prepares under a folder of your choice.
#
#   EVAL=/path/to/eval bench/real-code/run.sh            # x64 and x86, both frame models
#   EVAL=... WORST=10 bench/real-code/run.sh             # also list the 10 worst frames >= 256 B per variant
#   EVAL=... CACHE_DIR=/tmp/c bench/real-code/run.sh     # facts cache (default: a folder under $TMPDIR, kept)
#
# Needs $EVAL/build/compile_commands.json, $EVAL/build/x86/compile_commands.json and $EVAL/data/stack_usage.tsv.
# Without them it prints one line saying so and exits 0 (CI has no corpus).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ -z "${EVAL:-}" || ! -f "${EVAL:-}/data/stack_usage.tsv" || ! -f "${EVAL:-}/build/compile_commands.json" ]]; then
  echo "bench/real-code: skipped: set EVAL to a prepared real-code folder (data/stack_usage.tsv and build/compile_commands.json; see /work/shared/realcode/README.md)"
  exit 0
fi
eval_dir="$(cd "$EVAL" && pwd)"
cache="${CACHE_DIR:-${TMPDIR:-/tmp}/stacklint-real-code-cache}"
work="$(mktemp -d "${TMPDIR:-/tmp}/real-code.XXXXXX")"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT

# The wrapper builds the CLI when a source changed; build once here so the timing below is the analysis alone.
"$root/stacklint" rules > /dev/null

specs=()
for arch in x64 x86; do
  db="build/compile_commands.json"
  [[ $arch == x86 ]] && db="build/x86/compile_commands.json"
  [[ -f "$eval_dir/$db" ]] || { echo "bench/real-code: no $db, $arch skipped"; continue; }
  start=$(date +%s)
  # Run from $EVAL: the table's paths are then 'corpus/relative/path', as in stack_usage.tsv.
  (cd "$eval_dir" && "$root/stacklint" frames -p "$db" --arch "$arch" --cache-dir "$cache/$arch") \
    > "$work/frames-$arch.tsv" 2> "$work/frames-$arch.log"
  echo "$arch: stacklint frames over $db: $(( $(date +%s) - start )) s, $(grep -c . "$work/frames-$arch.log" || true) lines of notices"
  specs+=("$arch=$work/frames-$arch.tsv")
done

python3 "$here/frames.py" "$eval_dir/data/stack_usage.tsv" "${specs[@]}" ${WORST:+--worst "$WORST"}

# The findings half (SL1xxx-SL3xxx against labels.tsv) lives in its own script when present.
if [[ -f "$here/findings.py" ]]; then
  EVAL="$eval_dir" WORK="$work" python3 "$here/findings.py"
fi
[[ -z "${KEEP:-}" ]] || echo "kept: $work"
