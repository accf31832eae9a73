#!/usr/bin/env bash
# The folders of src/ are the pipeline (scripts/check_layout.py): the real
# tree passes, and copies of it with a backward include, a header named
# without its stage, a folder outside the order, or an exception that no
# longer matches must each fail, naming the problem.
#   layout.sh SOURCE_DIR
set -uo pipefail
root=$1
check="$root/scripts/check_layout.py"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! python3 "$check" "$root/src"; then
  echo "FAIL: src/ breaks its own layout"; fail=1
fi

expect_failure() {  # expect_failure NAME PATTERN EDIT_COMMAND...
  local name=$1 pattern=$2
  shift 2
  rm -rf "$tmp/src" && cp -r "$root/src" "$tmp/src"
  (cd "$tmp/src" && "$@")
  if python3 "$check" "$tmp/src" 2>"$tmp/err"; then
    echo "FAIL: $name: the check passed"; fail=1
  elif ! grep -q -- "$pattern" "$tmp/err"; then
    echo "FAIL: $name: no '$pattern' in:"; cat "$tmp/err"; fail=1
  fi
}

expect_failure "core reaches up to cli" 'src/core/types.h:.*includes "cli/cli.h" of a later stage' \
  sh -c 'echo "#include \"cli/cli.h\"" >> core/types.h'
expect_failure "detect reaches up to report" 'src/detect/matcher.h:.*"report/report.h"' \
  sh -c 'echo "#include \"report/report.h\"" >> detect/matcher.h'
expect_failure "header without its stage" '"types.h" is not a path relative to src/' \
  sh -c 'echo "#include \"types.h\"" >> walk/walk.h'
expect_failure "folder outside the order" 'src/extras: not a stage' \
  sh -c 'mkdir extras && touch extras/a.h'
expect_failure "stale exception" 'exception pipeline/scan.cc -> gate/gate.h matches no include' \
  sed -i 's|#include "gate/gate.h"||' pipeline/scan.cc

[ "$fail" = 0 ] && echo "layout: ok"
exit $fail
