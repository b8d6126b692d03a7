#!/usr/bin/env bash
# Runs the whole test suite: installs what it needs when missing, then every xunit test in StackLint.sln.
#   ./test.sh            (extra arguments go to 'dotnet test', e.g. --filter FixtureTests)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
scripts/ensure-deps.sh test
results="$here/artifacts/test-results"
rm -rf "$results"
set +e
dotnet test StackLint.sln -c Release --nologo --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
rc=$?
set -e
# One closing line in the plain 'N passed, N failed' form, read from the TRX counters.
trx="$(find "$results" -name '*.trx' 2>/dev/null | head -1)"
if [ -n "$trx" ]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | tr -dc 0-9)
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | tr -dc 0-9)
  skipped=$(grep -o 'notExecuted="[0-9]*"' "$trx" | head -1 | tr -dc 0-9)
  echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
fi
exit $rc
