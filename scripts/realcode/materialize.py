#!/usr/bin/env python3
"""Write one pinned commit of a git directory as plain files.

usage: materialize.py GIT_DIR COMMIT DEST

`git archive` stops at the first missing object, and fetch snapshots leave
out blobs of 4 MiB and more (and Git LFS content), so this writes every blob
the git directory has, skips the ones it lacks, skips symlinks (the scanner
never needs them and a link could point out of DEST) and submodules, and
prints one line per skipped path on stderr. Runs nothing from the repository.
DEST is emptied first only when it holds a `.realcode-commit` file of ours;
a DEST with that file naming COMMIT is left as it is (cached).
Exit status: 0, or 2 when the commit is not in GIT_DIR.
"""
import os
import shutil
import subprocess
import sys


def git(git_dir, *args, data=None):
    return subprocess.run(["git", "--git-dir", git_dir, *args], input=data,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True).stdout


def list_tree(git_dir, commit):
    """(mode, type, sha, path) for every entry of the commit's tree."""
    out = git(git_dir, "ls-tree", "-r", "-z", "--full-tree", commit)
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, kind, sha = meta.split(b" ")
        yield mode.decode(), kind.decode(), sha.decode(), path.decode("utf-8", "surrogateescape")


def write_blobs(git_dir, blobs, dest):
    """Streams the blobs through one `git cat-file --batch`; returns missing paths."""
    proc = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    missing = []
    for sha, path in blobs:
        proc.stdin.write(sha.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) < 2 or header[1] == b"missing":
            missing.append(path)
            continue
        size = int(header[2])
        body = proc.stdout.read(size)
        proc.stdout.read(1)  # the newline after each object
        target = os.path.join(dest, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(body)
    proc.stdin.close()
    proc.wait()
    return missing


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    git_dir, commit, dest = sys.argv[1:]
    stamp = os.path.join(dest, ".realcode-commit")
    if os.path.exists(stamp) and open(stamp).read().strip() == commit:
        return 0
    try:
        git(git_dir, "cat-file", "-e", commit + "^{commit}")
    except subprocess.CalledProcessError:
        print(f"materialize: error: {git_dir}: commit {commit} not found", file=sys.stderr)
        return 2
    if os.path.exists(stamp):
        shutil.rmtree(dest)
    elif os.path.exists(dest) and os.listdir(dest):
        print(f"materialize: error: {dest}: not empty and not ours", file=sys.stderr)
        return 2
    os.makedirs(dest, exist_ok=True)
    blobs, skipped = [], []
    for mode, kind, sha, path in list_tree(git_dir, commit):
        if kind == "blob" and mode != "120000":
            blobs.append((sha, path))
        else:
            skipped.append(f"{path} ({'symlink' if mode == '120000' else kind})")
    skipped += [f"{p} (not in the snapshot)" for p in write_blobs(git_dir, blobs, dest)]
    for s in skipped:
        print(f"materialize: skipped {s}", file=sys.stderr)
    with open(stamp, "w") as f:
        f.write(commit + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
