#!/usr/bin/env bash
# Builds a release of modelshift: the static binary named with its version
# and architecture, its SHA-256, and a Debian package (CPack).
#
#   scripts/release.sh [OUT_DIR]                   clean Release build in build-release/
#   scripts/release.sh --from-build BUILD [OUT_DIR]  package an existing build (tests)
#
# OUT_DIR (default dist/) receives:
#   modelshift-<version>-linux-<arch>          the binary (needs only glibc)
#   modelshift-<version>-linux-<arch>.sha256   `sha256sum -c` checks it
#   modelshift_<version>_<debarch>.deb         `dpkg -i` installs /usr/bin/modelshift
#   modelshift_<version>_<debarch>.deb.sha256
# The version is the VERSION file (tag the commit v<version>); the binary's
# `--version` names it and the model catalog's date. Fails (exit 1) if the
# binary links any shared library beyond glibc's.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)

from_build=""
if [ "${1:-}" = "--from-build" ]; then
  from_build=$(cd "$2" && pwd)
  shift 2
fi
out=${1:-dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$(tr -d ' \n' <VERSION)
arch=$(uname -m)

if [ -z "$from_build" ]; then
  build=$src/build-release
  rm -rf "$build"
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DMODELSHIFT_STATIC=ON -DMODELSHIFT_TESTS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target modelshift
else
  build=$from_build
fi
bin=$build/modelshift
[ -x "$bin" ] || { echo "release: error: no binary at $bin" >&2; exit 1; }

# Copy anywhere: nothing but glibc from the dynamic loader.
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
extra=$(grep -vE '^(libc\.so\.6|libm\.so\.6|ld-linux[-a-z0-9_.]*\.so\.[0-9]+)$' <<<"$needed" || true)
if [ -n "$extra" ]; then
  echo "release: error: $bin links $(echo $extra) (build with -DMODELSHIFT_STATIC=ON)" >&2
  exit 1
fi
said=$("$bin" --version)
case "$said" in
  "modelshift $version "*) ;;
  *) echo "release: error: $bin says '$said', VERSION says $version (reconfigure the build)" >&2; exit 1 ;;
esac

name=modelshift-$version-linux-$arch
cp "$bin" "$out/$name"
strip "$out/$name" 2>/dev/null || true
(cd "$out" && sha256sum "$name" >"$name.sha256")

(cd "$build" && cpack -G DEB -B "$build/cpack" >/dev/null)
deb=$(ls "$build"/cpack/modelshift_"$version"_*.deb)
cp "$deb" "$out/"
(cd "$out" && sha256sum "$(basename "$deb")" >"$(basename "$deb").sha256")
rm -rf "$build/cpack"

echo "release: $said"
(cd "$out" && ls -l "$name" "$(basename "$deb")" | awk '{print "  " $5 "  " $9}')
