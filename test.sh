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
dotnet test StackLint.sln -c Release --nologo --logger trx --results-directory "$results" "$@"
rc=$?
set -e
# One closing line in the plain 'N passed, N failed' form, summed over the TRX counters of every test project
# (StackLint.Tests against the engine, StackLint.Cli.Tests against the command).
passed=0 failed=0 skipped=0
while IFS= read -r trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  n() { local v; v="$(printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | tr -dc 0-9)"; echo "${v:-0}"; }
  passed=$((passed + $(n passed)))
  failed=$((failed + $(n failed)))
  skipped=$((skipped + $(n notExecuted)))
done < <(find "$results" -name '*.trx' 2>/dev/null)
echo "$passed passed, $failed failed, $skipped skipped"
exit $rc
