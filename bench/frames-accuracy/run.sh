#!/usr/bin/env bash
# Frame-estimate accuracy: compiles the fixtures, the examples and the corpus with clang-19 -fstack-usage for x64
# and x86 at -O0 and -O2, runs 'stacklint frames' over the same files, joins the figures by file + function and
# prints the error statistics (see compare.py). Not a unit test: run it after changing the estimator.
#
#   bench/frames-accuracy/run.sh                 # everything
#   bench/frames-accuracy/run.sh --clang-only    # only the compiler half (no stacklint needed)
#   FRAMES_CMD="path/to/cmd" bench/frames-accuracy/run.sh   # another producer of the frames TSV ('--arch A FILES...')
#   ARCHES="x64 x86 arm64" bench/frames-accuracy/run.sh     # also arm64 (prelude headers only; not a calibration target)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
clang="${CLANG:-clang-19}"
mingw="${MINGW_INCLUDE:-/usr/share/mingw-w64/include}"
work="$(mktemp -d "${TMPDIR:-/tmp}/frames-accuracy.XXXXXX")"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT
clang_only=0
read -r -a arches <<< "${ARCHES:-x64 x86}"
[[ "${1:-}" == "--clang-only" ]] && clang_only=1

mapfile -t sources < <(cd "$root" && find tests/StackLint.Tests/Fixtures examples bench/frames-accuracy/corpus -name '*.c' 2>/dev/null | sort)
echo "sources: ${#sources[@]} files" >&2

common=(-fms-extensions -fms-compatibility -fgnuc-version=4.2.1 -D_KERNEL_MODE -Wno-everything -fstack-usage -c)
system_headers=(-isystem "$mingw" -isystem "$mingw/ddk")
prelude="$root/src/Frontend/Prelude"

# Each file is compiled with the installed headers (mingw-w64) when it can be, else with StackLint's embedded
# prelude (fltKernel.h is not in mingw-w64); the analyzer side then uses the same environment for it.
system_sources=(); prelude_sources=()
for src in "${sources[@]}"; do
  if (cd "$root" && "$clang" "${common[@]}" "${system_headers[@]}" --target=x86_64-pc-windows-msvc -D_AMD64_ -D_WIN64 "$src" -o "$work/probe.o") 2> /dev/null; then
    system_sources+=("$src")
  elif [[ -d "$prelude" ]] && (cd "$root" && "$clang" "${common[@]}" -isystem "$prelude" --target=x86_64-pc-windows-msvc -D_AMD64_ -D_WIN64 "$src" -o "$work/probe.o") 2> /dev/null; then
    prelude_sources+=("$src")
  else
    echo "warning: $src does not compile with mingw-w64 or the prelude headers; skipped" >&2
  fi
done
echo "compiled with mingw-w64 headers: ${#system_sources[@]}, with the prelude: ${#prelude_sources[@]}" >&2

# One .su collection per (arch, opt): lines 'path<TAB>line[:col]:function<TAB>bytes<TAB>qualifiers', main file only.
for arch in "${arches[@]}"; do
  case $arch in
    x64) target=(--target=x86_64-pc-windows-msvc -D_AMD64_ -D_WIN64) ;;
    x86) target=(--target=i686-pc-windows-msvc -D_X86_) ;;
    arm64) target=(--target=aarch64-pc-windows-msvc -D_ARM64_ -D_WIN64) ;;
  esac
  for opt in O0 O2; do
    out="$work/su-$arch-$opt.tsv"; : > "$out"
    n=0
    for src in "${system_sources[@]}" ${prelude_sources[@]+"${prelude_sources[@]}"}; do
      n=$((n + 1))
      obj="$work/obj-$arch-$opt-$n.o"
      headers=("${system_headers[@]}")
      for p in ${prelude_sources[@]+"${prelude_sources[@]}"}; do [[ $p == "$src" ]] && headers=(-isystem "$prelude"); done
      # mingw-w64 has no arm64 kernel headers: arm64 always uses the prelude, on both sides.
      [[ $arch == arm64 ]] && headers=(-isystem "$prelude")
      # Compiled from the root by relative path: the .su then names the file exactly as $src.
      if ! (cd "$root" && "$clang" "${common[@]}" "${headers[@]}" "${target[@]}" "-$opt" "$src" -o "$obj") 2> "$work/err.txt"; then
        echo "warning: $src does not compile for $arch -$opt; skipped" >&2; continue
      fi
      awk -v f="$src" -F'\t' 'index($1, f ":") == 1 { sub("^" f ":", "", $1); print f "\t" $1 "\t" $2 "\t" $3 }' "${obj%.o}.su" >> "$out"
    done
  done
done

if [[ $clang_only == 1 ]]; then
  python3 "$here/compare.py" --clang-only "$work" "${arches[@]}"
  exit 0
fi

# The estimator's side: a command that takes '--arch A FILES...' and prints the FramesReport TSV. By default the
# FramesProbe next to this script (the analyzer's own pipeline); FRAMES_CMD="dotnet run --project src/Cli -c Release
# -- frames" uses the CLI's 'frames' command instead.
if [[ -z "${FRAMES_CMD:-}" ]]; then
  dotnet build "$here/FramesProbe" -c Release -v quiet -nologo > "$work/build.txt" 2>&1 || { cat "$work/build.txt" >&2; exit 1; }
  FRAMES_CMD="dotnet $here/FramesProbe/bin/Release/net10.0/FramesProbe.dll"
fi
for arch in "${arches[@]}"; do
  : > "$work/frames-$arch.tsv"
  for mode in system prelude; do
    if [[ $mode == system ]]; then files=("${system_sources[@]}"); extra=(); else files=(${prelude_sources[@]+"${prelude_sources[@]}"}); extra=(--no-system-headers); fi
    if [[ $arch == arm64 ]]; then
      [[ $mode == prelude ]] && continue
      files=("${system_sources[@]}" ${prelude_sources[@]+"${prelude_sources[@]}"}); extra=(--no-system-headers)
    fi
    [[ ${#files[@]} -eq 0 ]] && continue
    (cd "$root" && $FRAMES_CMD --arch "$arch" "${extra[@]}" "${files[@]}") > "$work/frames-$arch-$mode.tsv" 2> "$work/frames-$arch-$mode.log" \
      || { cat "$work/frames-$arch-$mode.log" >&2; exit 1; }
    if [[ ! -s "$work/frames-$arch.tsv" ]]; then cat "$work/frames-$arch-$mode.tsv"; else tail -n +2 "$work/frames-$arch-$mode.tsv"; fi >> "$work/frames-$arch.tsv"
    if [[ -s "$work/frames-$arch-$mode.log" ]]; then
      echo "note: $(grep -c . "$work/frames-$arch-$mode.log") lines of notices for $arch/$mode (KEEP=1 keeps $work)" >&2
    fi
  done
done
python3 "$here/compare.py" "$work" "${arches[@]}"
