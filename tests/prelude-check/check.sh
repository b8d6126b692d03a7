#!/usr/bin/env bash
# Parses the prelude-check sources in every supported configuration.
# Usage: check.sh [extra clang flags...]   (prints one line per run; exit 1 on any error)
set -u
here="$(cd "$(dirname "$0")" && pwd)"
prelude="$(cd "$here/../../src/Frontend/Prelude" && pwd)"
clang="${CLANG:-clang-19}"
mingw=(-fgnuc-version=4.2.1 -isystem /usr/share/mingw-w64/include -isystem /usr/share/mingw-w64/include/ddk)
fail=0
extra=("$@")
run() { # file mode arch
  local f=$1 mode=$2 arch=$3 t inc=()
  case $arch in
    x64) t=(--target=x86_64-pc-windows-msvc -D_AMD64_ -D_WIN64) ;;
    x86) t=(--target=i686-pc-windows-msvc -D_X86_) ;;
    arm64) t=(--target=aarch64-pc-windows-msvc -D_ARM64_ -D_WIN64) ;;
  esac
  [ "$mode" = mingw ] && inc=("${mingw[@]}")
  local out; out=$("$clang" -fsyntax-only -x c "${t[@]}" -fms-extensions -fms-compatibility -D_KERNEL_MODE \
      -ferror-limit=0 "${inc[@]}" -isystem "$prelude" "${extra[@]}" "$here/$f" 2>&1)
  local n; n=$(grep -c 'error:' <<<"$out")
  printf '%-14s %-8s %-6s errors=%s\n' "$f" "$mode" "$arch" "$n"
  [ "$n" != 0 ] && { grep 'error:' <<<"$out" | head -5; fail=1; }
}

for a in x64 x86 arm64; do run layout.c prelude $a; done
for f in minifilter.c wdm_driver.c kmdf_driver.c kmdf_dma_wmi.c kmdf_usb_hid_wmi.c; do
  for a in x64 x86 arm64; do run $f prelude $a; done
  if [ -d /usr/share/mingw-w64/include/ddk ]; then
    for a in x64 x86; do run $f mingw $a; done
  fi
done
exit $fail
