#!/usr/bin/env bash
# Real-code benchmark: materialise each pinned repository, scan it whole with
# modelshift, score the labelled files (scripts/realcode/README.md).
#
#   run.sh --mirrors DIR --work DIR --bin MODELSHIFT [--split dev|heldout|all] [--root DIR]
#
# --mirrors: a folder of git directories, DIR/<owner>+<name>/repo as the
#   search tool's fetch leaves them, or a clone root laid out the same way
#   (DIR/<owner>+<name>/repo a bare clone, or DIR/<owner>+<name>/.git).
# --work: scratch folder (src/<name>, scan/<name>.json, results.md, results.json);
#   a repository already materialised at its pinned commit is reused.
# --root: the folder of repos*.yaml and labels/ (default: this script's folder;
#   the self-test points it at a scratch benchmark).
# Needs git, python3 with PyYAML. Runs nothing from the scanned repositories.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mirrors="" work="" bin="" split=all root=$here
while [ $# -gt 0 ]; do
  case "$1" in
    --mirrors) mirrors=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --split) split=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "run.sh: error: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -n "$mirrors" ] && [ -n "$work" ] && [ -n "$bin" ] || { echo "run.sh: error: --mirrors, --work and --bin are required" >&2; exit 2; }
[ -x "$bin" ] || { echo "run.sh: error: $bin: not an executable" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
mkdir -p "$work/src" "$work/scan"
work=$(cd "$work" && pwd)

git_dir_of() {  # the git directory holding a source's clone, or nothing
  local base="$mirrors/${1/\//+}"
  for d in "$base/repo" "$base/.git" "$base"; do
    if git --git-dir="$d" rev-parse --git-dir >/dev/null 2>&1; then echo "$d"; return; fi
  done
}

python3 "$here/score.py" --root "$root" --list --split "$split" > "$work/repos.txt"
while read -r name source commit; do
  src=${source#github:}
  gd=$(git_dir_of "$src")
  [ -n "$gd" ] || { echo "run.sh: error: $name: no git directory for $src under $mirrors (fetch it first)" >&2; exit 1; }
  echo "== $name ($src @ ${commit:0:12})" >&2
  python3 "$here/materialize.py" "$gd" "$commit" "$work/src/$name" 2> "$work/src/$name.skipped" || {
    cat "$work/src/$name.skipped" >&2; exit 1; }
  # --no-ignore: the materialised tree holds exactly the tracked files, and a
  # tracked file the repository's .gitignore names must still be read.
  # Exit 1 only says findings were gated; 2 and above are errors.
  rc=0
  (cd "$work/src/$name" && "$bin" scan --format json --expand-catalogues --no-ignore -j 2 \
      -o "$work/scan/$name.json" .) || rc=$?
  [ "$rc" -le 1 ] || { echo "run.sh: error: $name: modelshift exited $rc" >&2; exit 1; }
done < "$work/repos.txt"
python3 "$here/score.py" --root "$root" --scans "$work/scan" --trees "$work/src" --split "$split" \
  --md "$work/results.md" --json "$work/results.json"
cat "$work/results.md"
