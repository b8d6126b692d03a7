#!/usr/bin/env bash
# Prints sizeof/alignof (and selected offsets) of WDK types as laid out by a
# reference header set, for comparison with the embedded prelude.
# Usage: measure.sh [mingw|prelude] [x64|x86|arm64] [TYPE|TYPE.FIELD ...]
# Default: mingw headers, x64 and x86, the type list in types.txt.
# Sizes are read from LLVM IR (no linking needed): each value becomes a global.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prelude="$(cd "$here/../../src/Frontend/Prelude" && pwd)"
mode="${1:-mingw}"; shift || true
arches="${1:-x64 x86}"; shift || true
if [ $# -gt 0 ]; then items=("$@"); else mapfile -t items < <(grep -v '^#' "$here/types.txt" | grep -v '^$'); fi
clang="${CLANG:-clang-19}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for arch in $arches; do
  case "$arch" in
    x64) flags=(--target=x86_64-pc-windows-msvc -D_AMD64_ -D_WIN64) ;;
    x86) flags=(--target=i686-pc-windows-msvc -D_X86_) ;;
    arm64) flags=(--target=aarch64-pc-windows-msvc -D_ARM64_ -D_WIN64) ;;
  esac
  if [ "$mode" = mingw ]; then
    inc=(-fgnuc-version=4.2.1 -isystem /usr/share/mingw-w64/include -isystem /usr/share/mingw-w64/include/ddk -isystem "$prelude")
  else
    inc=(-isystem "$prelude")
  fi
  # Items the reference headers lack are reported as "missing" instead of failing the run.
  declare -A missing=()
  for attempt in 1 2 3 4 5 6; do
    {
      echo '#include <ntifs.h>'
      echo '#if __has_include(<fltKernel.h>)'; echo '#include <fltKernel.h>'; echo '#endif'
      echo '#include <stddef.h>'
      for it in "${items[@]}"; do
        n="${it//./__}"
        if [ -n "${missing[$it]:-}" ]; then echo; echo; continue; fi
        if [[ "$it" == *.* ]]; then
          echo "unsigned long long off_${n} = offsetof(${it%%.*}, ${it#*.});"; echo
        else
          echo "unsigned long long size_${n} = sizeof(${it});"
          echo "unsigned long long align_${n} = __alignof(${it});"
        fi
      done
    } > "$tmp/m.c"
    if "$clang" -S -emit-llvm -o "$tmp/m.ll" -x c "${flags[@]}" -fms-extensions -fms-compatibility \
      -D_KERNEL_MODE -Wno-everything -ferror-limit=0 "${inc[@]}" "$tmp/m.c" 2>"$tmp/err"; then break; fi
    # Line 5 + 2*i holds item i (0-based); map each error line back to its item.
    bad=$(grep -oE 'm\.c:[0-9]+:[0-9]+: error' "$tmp/err" | cut -d: -f2 | sort -un || true)
    [ -z "$bad" ] && { cat "$tmp/err" >&2; exit 1; }
    for l in $bad; do i=$(( (l - 6) / 2 )); [ $i -ge 0 ] && missing[${items[$i]}]=1; done
  done
  echo "== $mode $arch"
  for it in "${items[@]}"; do
    n="${it//./__}"
    if [[ "$it" == *.* ]]; then
      if [ -n "${missing[$it]:-}" ]; then printf '%-48s missing\n' "$it"; continue; fi
      o=$(grep -E "^@off_${n} = " "$tmp/m.ll" | sed -E 's/.* i64 ([0-9]+).*/\1/')
      printf '%-48s off=0x%X\n' "$it" "$o"
    else
      if [ -n "${missing[$it]:-}" ]; then printf '%-48s missing\n' "$it"; continue; fi
      s=$(grep -E "^@size_${n} = " "$tmp/m.ll" | sed -E 's/.* i64 ([0-9]+).*/\1/')
      a=$(grep -E "^@align_${n} = " "$tmp/m.ll" | sed -E 's/.* i64 ([0-9]+).*/\1/')
      printf '%-48s size=0x%X align=%d\n' "$it" "$s" "$a"
    fi
  done
done
