#!/usr/bin/env bash
# Language-server latency with a real LSP client (tests/lsp-client/measure.js, vscode-jsonrpc): open a driver file,
# wait for its diagnostics, then send unsaved edits and time each from didChange to the publishDiagnostics of that
# version. The driver is cached first (one server run fills the per-user cache), as in an editor opened on a
# driver analyzed before; the measured run then opens it again.
#
#   bench/lsp-latency/run.sh                                   # the bundled example (embedded kernel prelude)
#   EVAL=/work/eval bench/lsp-latency/run.sh                   # a training-corpus minifilter with the real WDK headers
#   EVAL=... FILE=virtio/viorng/viorng/viorng.c bench/lsp-latency/run.sh    # another file of $EVAL's compile database
#   EDITS=20 SETTLE_MS=3000 bench/lsp-latency/run.sh
#
# Prints the machine's load with the figures: on a shared machine the latency grows with the load.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
edits="${EDITS:-10}"
client="$root/tests/lsp-client"

if [[ -n "${EVAL:-}" && -f "${EVAL:-}/build/compile_commands.json" ]]; then
  eval_dir="$(cd "$EVAL" && pwd)"
  file="$eval_dir/${FILE:-cryptfilter/Encrypt/Encrypt.c}"
  server_args=(-p "$eval_dir/build/compile_commands.json")
  what="training corpus, real WDK headers through $eval_dir/build/compile_commands.json"
else
  [[ -z "${EVAL:-}" ]] || echo "bench/lsp-latency: no $EVAL/build/compile_commands.json: the bundled example instead"
  file="$root/examples/minifilter/create.c"
  server_args=(--no-system-headers)
  what="bundled example, embedded kernel prelude"
fi
[[ -f "$file" ]] || { echo "bench/lsp-latency: $file does not exist"; exit 1; }

command -v node > /dev/null || { echo "bench/lsp-latency: skipped: needs node (and npm once, for tests/lsp-client)"; exit 0; }
if [[ ! -d "$client/node_modules/vscode-jsonrpc" ]]; then
  (cd "$client" && npm ci --no-audit --no-fund --loglevel=error > /dev/null)
fi

# The wrapper builds the CLI when a source changed; build once here so the timing below is the server alone.
"$root/stacklint" rules > /dev/null
dll="$root/src/Cli/bin/Release/net10.0/stacklint.dll"
work="$(mktemp -d "${TMPDIR:-/tmp}/lsp-latency.XXXXXX")"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime | sed 's/.*load average[s]*: //'; }
echo "file: $file ($what)"
echo "machine: $(nproc 2>/dev/null || echo '?') cores, load average before: $(load)"

# Fill the cache (XDG_CACHE_HOME: the server's per-user cache folder lives under it).
XDG_CACHE_HOME="$work/cache" LSP_MEASURE_SETTLE_MS=0 node "$client/measure.js" "$file" 1 dotnet "$dll" lsp "${server_args[@]}" \
  > "$work/fill.json" 2> "$work/fill.log"
XDG_CACHE_HOME="$work/cache" LSP_MEASURE_SETTLE_MS="${SETTLE_MS:-2000}" node "$client/measure.js" "$file" "$edits" dotnet "$dll" lsp --verbose "${server_args[@]}" \
  > "$work/measure.json" 2> "$work/server.log"
echo "load average after: $(load)"

python3 - "$work/measure.json" "$work/server.log" <<'PY'
import json, re, statistics, sys
r = json.load(open(sys.argv[1]))
log = open(sys.argv[2]).read()
edits = r["editMs"]
s = sorted(edits)
p90 = s[min(len(s) - 1, int(round(0.9 * (len(s) - 1))))]
print(f"open (cached driver) to first diagnostics: {r['openMs']} ms, {r['diagnostics']} diagnostic(s)")
print(f"unsaved edit to its diagnostics, {len(edits)} edits: first {edits[0]} ms, median {statistics.median(edits):.0f} ms, "
      f"p90 {p90} ms, max {s[-1]} ms (target 300 ms: median/target = {statistics.median(edits) / 300:.2f})")
print(f"each edit's diagnostics equal the open's: {'yes' if r['sameAsOpen'] else 'NO'}")
# The server's --verbose lines: how the edited buffer was parsed, and the time before and in the rules.
built = [int(m) for m in re.findall(r": parsed, preamble built, [^\n]* in (\d+) ms", log)]
reparsed = [int(m) for m in re.findall(r": reparsed with its kept preamble, [^\n]* in (\d+) ms", log)]
whole = len(re.findall(r": reparsed with its kept preamble, every declaration walked", log))
if built and reparsed:
    print(f"edited file: preamble built in {built[0]} ms (while idle after open); reparses with it: median "
          f"{statistics.median(reparsed):.0f} ms over {len(reparsed)} (built/reparse = {built[0] / max(1, statistics.median(reparsed)):.1f}x), "
          f"{'every declaration walked (the file' + chr(39) + 's headers define functions)' if whole else 'declarations after the preamble walked'}")
rules = [int(m) for m in re.findall(r"; rules (\d+) ms", log)[1:]]
if rules:
    print(f"rules over the driver per edit: median {statistics.median(rules):.0f} ms")
if not r["sameAsOpen"]:
    sys.exit(1)
PY
[[ -z "${KEEP:-}" ]] || echo "kept: $work"
