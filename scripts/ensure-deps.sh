#!/usr/bin/env bash
# Installs what StackLint needs on Debian/Ubuntu when it is missing; does nothing when everything is there.
#   scripts/ensure-deps.sh run    libclang 19 + clang's builtin headers + mingw-w64 kernel headers
#   scripts/ensure-deps.sh test   the above + clang-19 (ground truth for tests and benchmarks) + npm validators
set -euo pipefail
mode="${1:-run}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need=()
[ -e /usr/lib/llvm-19/lib/libclang-19.so.1 ] || [ -n "${STACKLINT_LIBCLANG:-}" ] || need+=(libclang1-19)
[ -e /usr/lib/llvm-19/lib/clang/19/include/stddef.h ] || need+=(libclang-common-19-dev)
[ -e /usr/share/mingw-w64/include/ddk/ntifs.h ] || need+=(mingw-w64-x86-64-dev)
if [ "$mode" = "test" ]; then
  command -v clang-19 >/dev/null 2>&1 || need+=(clang-19)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  command -v dot >/dev/null 2>&1 || need+=(graphviz)
fi

if [ "${#need[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "stacklint: missing ${need[*]} and no apt-get here: install libclang 19 (or set STACKLINT_LIBCLANG) and kernel headers by hand" >&2
    exit 3
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "stacklint: installing ${need[*]}" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

if [ "$mode" = "test" ] && [ -f "$here/tests/sarif-tools/package.json" ]; then
  if [ ! -d "$here/tests/sarif-tools/node_modules" ]; then
    echo "stacklint: installing SARIF validators (npm)" >&2
    (cd "$here/tests/sarif-tools" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
fi
