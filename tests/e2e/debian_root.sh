#!/usr/bin/env bash
# Fixture for the install tests (bare_debian.sh, container.sh): a minimal
# Debian root made by debootstrap (--variant=minbase, plus git for the gate),
# with none of modelshift's build libraries (RE2, yaml-cpp, Boost) in it.
# Cached in the build tree: made once (about 3 minutes and 250 MB), reused by
# later runs until this script changes.
#   debian_root.sh ROOT_DIR
# Exit 77 (ctest SKIP_RETURN_CODE) when it cannot be made here: not root,
# no debootstrap (scripts/setup.sh installs it), or no Debian mirror.
# MODELSHIFT_DEBIAN_MIRROR overrides the mirror.
set -euo pipefail
root=$1
suite=bookworm
mirror=${MODELSHIFT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
stamp=$root/.modelshift-root
want="$suite minbase+git $(sha256sum "$0" | cut -c1-16)"

skip() { echo "SKIPPED: $*" >&2; exit 77; }

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "ok: cached Debian root $root ($want)"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || skip "debootstrap and chroot need root"
command -v debootstrap >/dev/null || skip "debootstrap is not installed (scripts/setup.sh installs it)"

# One maker at a time; a half-made root is removed, never reused.
mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
rm -rf "$root" "$root.new"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! debootstrap --variant=minbase --include=git "$suite" "$root.new" "$mirror" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  rm -rf "$root.new"
  if grep -qiE "resolv|connect|download|release signed|couldn't" "$log"; then
    skip "debootstrap could not reach $mirror"
  fi
  echo "FAIL: debootstrap failed" >&2
  exit 1
fi
# The point of the root: the libraries modelshift links statically are absent.
leftovers=$(find "$root.new/usr/lib" "$root.new/lib" \( -name 'libre2.so*' -o -name 'libyaml-cpp.so*' \
             -o -name 'libboost_*.so*' \) 2>/dev/null || true)
if [ -n "$leftovers" ]; then
  echo "FAIL: the minimal root holds build libraries: $leftovers" >&2
  exit 1
fi
echo "$want" >"$root.new/.modelshift-root"
mv "$root.new" "$root"
echo "ok: made Debian root $root ($want)"
