#!/usr/bin/env bash
# Anchor comparison for SL2001: clang-tidy's misc-no-recursion against 'stacklint analyze' on the recursion
# fixtures. clang-tidy sees one translation unit at a time and only direct calls, so every function it flags must
# be flagged by StackLint too (the script fails otherwise); the extra StackLint findings are the point: cycles
# across files of one driver and cycles through callbacks the driver registered.
#
#   bench/recursion-vs-clang-tidy/run.sh                 # SL2001 fixtures and the multi-file driver folders
#   CLANG_TIDY=clang-tidy-19 PRELUDE_DIR=/path/with/fltKernel.h bench/recursion-vs-clang-tidy/run.sh
#   STACKLINT="dotnet run --project src/Cli --" ...      # how to run StackLint (default: build once, run the dll)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIXTURES="$ROOT/tests/StackLint.Tests/Fixtures"
TIDY=${CLANG_TIDY:-$(command -v clang-tidy-19 || command -v clang-tidy || true)}
if [[ -z "$TIDY" ]]; then echo "clang-tidy not found (apt-get install clang-tidy)" >&2; exit 2; fi

FLAGS=(--target=x86_64-pc-windows-msvc -fms-extensions -fms-compatibility -fgnuc-version=4.2.1
       -D_AMD64_ -D_WIN64 -D_KERNEL_MODE -Wno-everything
       -isystem /usr/share/mingw-w64/include -isystem /usr/share/mingw-w64/include/ddk)
# fltKernel.h is not part of mingw-w64: the embedded prelude supplies it to StackLint; clang-tidy needs a folder.
if [[ -n "${PRELUDE_DIR:-}" ]]; then FLAGS+=(-isystem "$PRELUDE_DIR"); fi

if [[ -z "${STACKLINT:-}" ]]; then
    dotnet build "$ROOT/src/Cli" -c Release -v q -nologo >/dev/null
    STACKLINT="dotnet $ROOT/src/Cli/bin/Release/net10.0/stacklint.dll"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Cases: each SL2001 file alone, each driver folder as one run (as the fixture runner does).
CASES=()
for f in "$FIXTURES"/SL2001/*.c; do CASES+=("$f"); done
for d in "$FIXTURES"/drivers/*/; do CASES+=("${d%/}"); done

printf '%-34s %-28s %-10s %-10s\n' "case" "function" "clang-tidy" "stacklint"
printf '%-34s %-28s %-10s %-10s\n' "----" "--------" "----------" "---------"
missing=0; only_ours=0; both=0
for case in "${CASES[@]}"; do
    name=${case#"$FIXTURES"/}
    if [[ -d "$case" ]]; then mapfile -t files < <(find "$case" -name '*.c' | sort); else files=("$case"); fi

    # clang-tidy: "file:line:col: warning: function 'X' is within a recursive call chain [misc-no-recursion]"
    : > "$WORK/tidy"
    for f in "${files[@]}"; do
        "$TIDY" -checks='-*,misc-no-recursion' --quiet "$f" -- "${FLAGS[@]}" 2>/dev/null \
            | sed -n "s/.*warning: function '\([A-Za-z0-9_]*\)' is within a recursive call chain.*/\1/p" >> "$WORK/tidy" || true
    done
    sort -u "$WORK/tidy" -o "$WORK/tidy"

    # StackLint: "path(line,col): warning SL2001: 'X' calls itself recursively through ..."
    $STACKLINT analyze "$case" --fail-on none 2>/dev/null \
        | sed -n "s/.*SL2001: '\([A-Za-z0-9_]*\)' calls itself.*/\1/p" | sort -u > "$WORK/ours" || true

    while read -r fn; do
        [[ -z "$fn" ]] && continue
        t=no; s=no
        grep -qx "$fn" "$WORK/tidy" && t=yes
        grep -qx "$fn" "$WORK/ours" && s=yes
        printf '%-34s %-28s %-10s %-10s\n' "$name" "$fn" "$t" "$s"
        if [[ $t == yes && $s == no ]]; then missing=$((missing + 1)); fi
        if [[ $t == no && $s == yes ]]; then only_ours=$((only_ours + 1)); fi
        if [[ $t == yes && $s == yes ]]; then both=$((both + 1)); fi
    done < <(sort -u "$WORK/tidy" "$WORK/ours")
done

echo
echo "flagged by both: $both; only by StackLint (cross-file or through registered callbacks): $only_ours; missed by StackLint: $missing"
if (( missing > 0 )); then
    echo "FAIL: StackLint misses recursion that clang-tidy finds" >&2
    exit 1
fi
echo "OK: every function clang-tidy flags is flagged by StackLint"
