#!/usr/bin/env bash
# One-edit A/B benchmark (not a test): two stacklint builds measured on the same edit, runs alternating, so the load of
# a shared machine falls on both alike.
# Usage: bench/speed/ab.sh BIN_A BIN_B   (each a folder holding a stacklint build, e.g. a publish of main and of a branch)
#   env: EVAL (default /work/eval: the real-driver corpus, through $EVAL/build/compile_commands.json), ROUNDS (default
#   5), WORK (default /tmp/stacklint-ab), JOBS (default nproc), DB (a compile database to use instead of the corpus's)
# The tree is prepared as run.sh prepares it (edit_tree.py: the edited file is one file of a copy of its driver); each
# build gets its own cache, filled by a cold run. Each round appends a line to the edited file and runs A, then
# appends another and runs B (B first in even rounds). Per run: wall and CPU (user + sys) seconds, minor page faults and,
# from --verbose, the bytes the run allocated. It prints the median of each and every run's row
# ($WORK/ab-runs.tsv); the SARIF of each build's last run is compared at the end.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
[ $# -eq 2 ] || { echo "usage: bench/speed/ab.sh BIN_A BIN_B (folders holding stacklint builds)" >&2; exit 2; }
A="$(cd "$1" && pwd)" B="$(cd "$2" && pwd)"
EVAL="${EVAL:-/work/eval}"
DB="${DB:-$EVAL/build/compile_commands.json}"
ROUNDS="${ROUNDS:-5}"
WORK="${WORK:-/tmp/stacklint-ab}"
JOBS="${JOBS:-$(nproc)}"
[ -f "$DB" ] || { echo "ab: no compile database at $DB (EVAL=... or DB=...)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
export CI=1   # no progress line in the measurements
rm -rf "$WORK/tree" && mkdir -p "$WORK/tree/edit"
python3 "$HERE/edit_tree.py" "$DB" "$WORK/tree"
EDITED="$(cat "$WORK/tree/edited.txt")"
cd "$WORK/tree"

# run NAME BIN: one one-edit run of BIN with its own cache; a row of ab-runs.tsv (name, wall, cpu, faults, MiB allocated).
run() {
  local name=$1 bin=$2
  echo "// edited $RANDOM" >> "$EDITED"
  /usr/bin/time -f "%e %U %S %R" -o time.txt "$bin/stacklint" analyze -p compile_commands.json --cache-dir "cache-$name" \
    -j "$JOBS" --format sarif -o "edit-$name.sarif" --fail-on none --verbose 2> "stderr-$name.txt" > /dev/null || true
  local allocated
  allocated="$(sed -n 's/^stacklint: memory: \([0-9]*\) MiB allocated.*/\1/p' "stderr-$name.txt")"
  read -r wall user sys faults < time.txt
  printf '%s\t%s\t%.2f\t%s\t%s\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$faults" "${allocated:-nan}" | tee -a "$WORK/ab-runs.tsv"
}

: > "$WORK/ab-runs.tsv"
for name in A B; do
  bin=$A; [ $name = B ] && bin=$B
  echo "cold run of $name ($bin)..." >&2
  "$bin/stacklint" analyze -p compile_commands.json --cache-dir "cache-$name" -j "$JOBS" --format sarif -o "cold-$name.sarif" --fail-on none > /dev/null 2>&1 || true
  run "$name" "$bin" > /dev/null   # the first edit after a cold run stores the other drivers' findings
done
: > "$WORK/ab-runs.tsv"
echo -e "build\twall s\tcpu s\tfaults\tMiB allocated" >&2
for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2)); then run A "$A"; run B "$B"; else run B "$B"; run A "$A"; fi
done
cmp -s cold-A.sarif cold-B.sarif || echo "WARNING: the cold SARIF of A and B differ" >&2
echo "// edited $RANDOM" >> "$EDITED"
"$A/stacklint" analyze -p compile_commands.json --cache-dir cache-A -j "$JOBS" --format sarif -o same-A.sarif --fail-on none > /dev/null 2>&1 || true
"$B/stacklint" analyze -p compile_commands.json --cache-dir cache-B -j "$JOBS" --format sarif -o same-B.sarif --fail-on none > /dev/null 2>&1 || true
cmp -s same-A.sarif same-B.sarif || echo "WARNING: the one-edit SARIF of A and B differ" >&2
python3 - "$WORK/ab-runs.tsv" "$A" "$B" <<'PY'
import os, statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
print(f"\none edit, {len(rows) // 2} runs each, alternating; load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
for name, path in (("A", sys.argv[2]), ("B", sys.argv[3])):
    mine = [r for r in rows if r[0] == name]
    def median(i):
        values = [float(r[i]) for r in mine if r[i] != "nan"]
        return statistics.median(values) if values else float("nan")
    walls = " ".join(r[1] for r in mine)
    print(f" {name} {path}: wall {median(1):.2f} s ({walls}), CPU {median(2):.2f} s, {median(3):.0f} page faults, {median(4):.0f} MiB allocated")
PY
