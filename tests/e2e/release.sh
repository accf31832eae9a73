#!/usr/bin/env bash
# Release artifacts (issue 13 §3), made from the test build tree by
# `scripts/release.sh --from-build` (the clean Release build is the same
# configuration, just slower): the binary named with version and arch, its
# checksum, and the .deb, which is inspected (dpkg-deb -I/-c) and unpacked
# into a scratch root (dpkg -x) where its binary runs. `cmake --install` into
# a scratch prefix, and `--version` against VERSION and rules/catalog.yaml.
#   release.sh BUILD_DIR SOURCE_DIR FIXTURE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
fixture=$(cd "$3" && pwd)
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1" >&2; fails=$((fails + 1)); }
for tool in dpkg-deb dpkg cpack readelf sha256sum; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed" >&2; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

version=$(tr -d ' \n' <"$src/VERSION")
date=$(sed -n 's/^date: *\([0-9-]*\) *$/\1/p' "$src/rules/catalog.yaml")
arch=$(uname -m)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] && ok "VERSION is $version" || bad "VERSION is '$version'"
[[ $date =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] && ok "catalog date $date" || bad "rules/catalog.yaml date is '$date'"
expect_version="modelshift $version (model catalog of $date)"
said=$("$build/modelshift" --version)
[ "$said" = "$expect_version" ] && ok "--version: $said" || bad "--version said '$said', want '$expect_version'"

if ! "$src/scripts/release.sh" --from-build "$build" "$tmp/dist" >"$tmp/release.log" 2>&1; then
  bad "scripts/release.sh failed: $(tail -5 "$tmp/release.log")"
  exit 1
fi
name=modelshift-$version-linux-$arch
[ -x "$tmp/dist/$name" ] && ok "binary $name" || bad "no $name in $(ls "$tmp/dist")"
(cd "$tmp/dist" && sha256sum -c --quiet "$name.sha256") && ok "$name.sha256 checks" || bad "$name.sha256 does not check"
debs=("$tmp"/dist/modelshift_"$version"_*.deb)
deb=${debs[0]}
[ -f "$deb" ] && ok "package $(basename "$deb")" || { bad "no .deb in $(ls "$tmp/dist")"; exit 1; }
(cd "$tmp/dist" && sha256sum -c --quiet "$(basename "$deb").sha256") && ok ".deb checksum checks" || bad ".deb checksum"

# Control fields: name, version, and no dependency but the C library.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = modelshift ] && ok "Package: modelshift" || bad "Package: $(field Package)"
[ "$(field Version)" = "$version" ] && ok "Version: $version" || bad "Version: $(field Version)"
depends=$(field Depends)
if [[ -z $depends || $depends =~ ^libc6(\ \(\>=\ [0-9.]+\))?$ ]]; then ok "Depends: ${depends:-nothing}"; else
  bad "Depends: $depends (want libc6 only)"
fi
dpkg-deb -I "$deb" >"$tmp/info" && grep -q "Description:" "$tmp/info" && ok "dpkg-deb -I" || bad "dpkg-deb -I: $(cat "$tmp/info")"
dpkg-deb -c "$deb" >"$tmp/contents"
for f in ./usr/bin/modelshift ./usr/share/doc/modelshift/README.md ./usr/share/modelshift/schema/inventory.schema.json; do
  grep -q " $f$" "$tmp/contents" && ok "the .deb holds $f" || bad "the .deb lacks $f"
done

# Unpacked into a scratch root, the packaged binary runs and scans.
dpkg -x "$deb" "$tmp/root"
[ "$("$tmp/root/usr/bin/modelshift" --version)" = "$expect_version" ] && ok "unpacked binary runs" ||
  bad "unpacked binary: $("$tmp/root/usr/bin/modelshift" --version 2>&1)"
(cd "$fixture" && "$build/modelshift" scan --format json --as-of 2026-12-01 . >"$tmp/a.json" 2>/dev/null || true)
(cd "$fixture" && "$tmp/root/usr/bin/modelshift" scan --format json --as-of 2026-12-01 . >"$tmp/b.json" 2>/dev/null || true)
[ -s "$tmp/a.json" ] && cmp -s "$tmp/a.json" "$tmp/b.json" && ok "unpacked binary scans like the build" ||
  bad "unpacked binary's scan differs"

# cmake --install into a scratch prefix.
if cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 &&
   [ "$("$tmp/prefix/bin/modelshift" --version)" = "$expect_version" ]; then
  ok "cmake --install puts a working bin/modelshift under the prefix"
else
  bad "cmake --install: $(tail -3 "$tmp/install.log")"
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "release: all checks passed"
