#!/usr/bin/env bash
# The binary runs where none of its build libraries are installed (issue 13
# §3): in the minimal Debian root of debian_root.sh, through chroot, it prints
# its version, scans a fixture to the same inventory as on the build machine,
# and blocks a staged deprecated model with `check --staged` (git in the root).
# Also, on the build machine: the binary needs no shared library but glibc's.
#   bare_debian.sh MODELSHIFT DEBIAN_ROOT FIXTURE_DIR
# Exit 77 (ctest SKIP_RETURN_CODE) when the root could not be made here.
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
droot=$(realpath -m "$2")
fixture=$(cd "$3" && pwd)
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1" >&2; fails=$((fails + 1)); }

# 1. What the dynamic loader must find: glibc's libraries only.
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
extra=$(echo "$needed" | tr ' ' '\n' | grep -vE '^(libc\.so\.6|libm\.so\.6|ld-linux[-a-z0-9_.]*\.so\.[0-9]+|)$' || true)
if [ -z "$extra" ]; then ok "needs only glibc: $needed"; else
  bad "links shared libraries beyond glibc: $extra (configure with MODELSHIFT_STATIC=ON)"
fi

# 2. In the bare root.
if [ ! -f "$droot/.modelshift-root" ]; then
  echo "SKIPPED: no minimal Debian root at $droot (the e2e.debian_root setup test skipped or failed)" >&2
  [ "$fails" -eq 0 ] || exit 1
  exit 77
fi
[ "$(id -u)" -eq 0 ] || { echo "SKIPPED: chroot needs root" >&2; [ "$fails" -eq 0 ] || exit 1; exit 77; }
work=$(mktemp -d "$droot/tmp/modelshift-XXXXXX")
trap 'rm -rf "$work"' EXIT
inside=/tmp/$(basename "$work")
cp "$bin" "$work/modelshift"
cp -r "$fixture" "$work/repo"
in_root() { chroot "$droot" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 "$@"; }

if in_root /usr/bin/ldd "$inside/modelshift" >"$work/ldd" 2>&1 && ! grep -q "not found" "$work/ldd"; then
  ok "ldd in the bare root finds every library"
else
  bad "ldd in the bare root: $(cat "$work/ldd")"
fi

version=$(in_root "$inside/modelshift" --version 2>&1) || true
if [[ $version =~ ^modelshift\ [0-9]+\.[0-9]+\.[0-9]+\ \(model\ catalog\ of\ [0-9]{4}-[0-9]{2}-[0-9]{2}\)$ ]]; then
  ok "--version in the bare root: $version"
else
  bad "--version in the bare root said: $version"
fi

# Same inventory as on the build machine (paths are relative to the root scanned).
(cd "$fixture" && "$bin" scan --format json --as-of 2026-12-01 . >"$work/host.json") || true
in_root /bin/sh -c "cd $inside/repo && $inside/modelshift scan --format json --as-of 2026-12-01 ." \
  >"$work/bare.json" 2>"$work/bare.err" || true
if [ -s "$work/host.json" ] && cmp -s "$work/host.json" "$work/bare.json"; then
  ok "scan in the bare root gives the build machine's inventory ($(wc -c <"$work/bare.json") bytes)"
else
  bad "scan in the bare root differs: $(diff "$work/host.json" "$work/bare.json" | head -5; head -5 "$work/bare.err")"
fi
refs=$(grep -c '"kind": "model_reference"' "$work/bare.json" || true)
if [ "${refs:-0}" -gt 0 ]; then ok "the fixture's inventory names models ($refs)"; else bad "empty inventory"; fi

# The gate in the bare root: a staged gpt-5.2 call is blocked (exit 1).
cat >"$work/gate.sh" <<SH
set -e
cd $inside && mkdir gate && cd gate
git init -q && git config user.email t@example.invalid && git config user.name t
echo 'print("hello")' > app.py && git add app.py && git commit -qm init
printf 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-5.2", messages=[])\n' > app.py
git add app.py
set +e
$inside/modelshift check --staged --as-of 2026-12-01
echo "exit=\$?"
SH
gate_out=$(in_root /bin/sh "$inside/gate.sh" 2>&1 || true)
if grep -q "^exit=1$" <<<"$gate_out" && grep -q "gpt-5.2" <<<"$gate_out"; then
  ok "check --staged in the bare root blocks a staged gpt-5.2 call"
else
  bad "check --staged in the bare root: $gate_out"
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "bare_debian: all checks passed"
