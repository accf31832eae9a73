#!/usr/bin/env bash
# The container image (issue 13 §3): the project's Dockerfile and
# .dockerignore are built with docker, on a base imported from the minimal
# Debian root of debian_root.sh (no registry is reachable here; the
# Dockerfile's BASE argument defaults to debian:bookworm-slim for users
# outside). Then the image scans a mounted repository (`docker run -v
# REPO:/src IMAGE scan /src`) to the same inventory as the binary on the build
# machine, and the docker_image hook of .pre-commit-hooks.yaml, run by the
# real pre-commit framework, blocks a commit adding a gpt-5.2 call.
#   container.sh MODELSHIFT DEBIAN_ROOT SOURCE_DIR FIXTURE_DIR STATE_DIR
# Uses the docker daemon that `docker info` reaches; else, as root with
# dockerd installed (scripts/setup.sh installs docker.io), starts a private
# one (no iptables, no bridge, vfs storage; its images are kept in STATE_DIR
# between runs) and stops it at the end. Exit 77 (ctest SKIP_RETURN_CODE)
# when neither is possible or the Debian root could not be made.
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
droot=$(realpath -m "$2")
src=$(cd "$3" && pwd)
fixture=$(cd "$4" && pwd)
state=$5
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1" >&2; fails=$((fails + 1)); }
skip() { echo "SKIPPED: $*" >&2; [ "$fails" -eq 0 ] || exit 1; exit 77; }
export DOCKER_BUILDKIT=0  # the classic builder: buildx may be missing, and no registry is needed

# The hook's image name, as .pre-commit-hooks.yaml spells it: the image is
# tagged so that the hook finds it.
version=$(tr -d ' \n' <"$src/VERSION")
image=$(python3 - "$src/.pre-commit-hooks.yaml" <<'PY'
import sys, yaml
hooks = [h for h in yaml.safe_load(open(sys.argv[1])) if h.get("language") == "docker_image"]
print(hooks[0]["entry"].split()[0] if hooks else "")
PY
)
[ "$image" = "modelshift:$version" ] && ok "docker_image hook runs modelshift:$version" ||
  bad "docker_image hook's image is '$image', want modelshift:$version (VERSION)"
image=${image:-modelshift:$version}

[ -f "$droot/.modelshift-root" ] || skip "no minimal Debian root at $droot (the e2e.debian_root setup test skipped or failed)"
command -v docker >/dev/null || skip "docker is not installed (scripts/setup.sh installs docker.io)"
tmp=$(mktemp -d)
dockerd_pid=""
cleanup() {
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if ! docker info >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || skip "no docker daemon answers, and starting one needs root"
  command -v dockerd >/dev/null || skip "no docker daemon answers and dockerd is not installed"
  sock=$tmp/docker.sock
  export DOCKER_HOST=unix://$sock
  # overlay2 shares the image's files with each container; vfs (slow: a full
  # copy per container) only where overlay mounts are refused.
  for driver in overlay2 vfs; do
    mkdir -p "$state/docker-$driver"
    dockerd --host "unix://$sock" --data-root "$state/docker-$driver" --exec-root "$tmp/exec" \
            --pidfile "$tmp/dockerd.pid" --iptables=false --ip6tables=false --bridge=none \
            --storage-driver=$driver >"$tmp/dockerd.log" 2>&1 &
    dockerd_pid=$!
    for _ in $(seq 1 150); do docker info >/dev/null 2>&1 && break; sleep 0.2; done
    docker info >/dev/null 2>&1 && break
    kill "$dockerd_pid" 2>/dev/null || true
    wait "$dockerd_pid" 2>/dev/null || true
    dockerd_pid=""
  done
  [ -n "$dockerd_pid" ] || { tail -5 "$tmp/dockerd.log" >&2; skip "a private dockerd did not start"; }
  ok "started a private docker daemon (storage driver $driver)"
fi

# Base: the minimal Debian root, imported once per root.
base=modelshift-test-base:$(cut -d' ' -f3 "$droot/.modelshift-root")
if ! docker image inspect "$base" >/dev/null 2>&1; then
  tar -C "$droot" --exclude='./tmp/*' --exclude='./var/cache/apt/archives/*.deb' -c . |
    docker import - "$base" >/dev/null
fi


# Build from a copy of the context: the Dockerfile, .dockerignore, the
# binary where the Dockerfile expects it, and clutter .dockerignore keeps out.
ctx=$tmp/ctx
mkdir -p "$ctx/build" "$ctx/src"
cp "$src/Dockerfile" "$src/.dockerignore" "$ctx/"
cp "$bin" "$ctx/build/modelshift"
head -c 5000000 /dev/zero >"$ctx/src/clutter.bin"
if docker build --network none --build-arg "BASE=$base" -t "$image" "$ctx" >"$tmp/build.log" 2>&1; then
  ok "docker build of the Dockerfile"
else
  bad "docker build: $(tail -15 "$tmp/build.log")"
  exit 1
fi
ctx_size=$(sed -n 's/^Sending build context to Docker daemon *//p' "$tmp/build.log" | tail -1)
ok "build context sent: ${ctx_size:-unknown} (clutter kept out by .dockerignore)"
if grep -q "^Sending build context.*MB" "$tmp/build.log" &&
   [ "$(sed -n 's/^Sending build context to Docker daemon *\([0-9.]*\)MB.*/\1/p' "$tmp/build.log" | tail -1 | cut -d. -f1)" -gt $(( $(stat -c %s "$bin") / 1000000 + 1 )) ]; then
  bad ".dockerignore lets more than the binary into the context"
fi

said=$(docker run --rm --network none "$image" --version)
[ "$said" = "$("$bin" --version)" ] && ok "the image's --version: $said" || bad "the image's --version: $said"

# Scan a mounted repository.
(cd "$fixture" && "$bin" scan --format json --as-of 2026-12-01 . >"$tmp/host.json" 2>/dev/null) || true
docker run --rm --network none -v "$fixture:/src:ro" "$image" scan --format json --as-of 2026-12-01 /src \
  >"$tmp/image.json" 2>"$tmp/image.err" || true
if [ -s "$tmp/host.json" ] && cmp -s "$tmp/host.json" "$tmp/image.json"; then
  ok "docker run -v REPO:/src IMAGE scan /src gives the build machine's inventory"
else
  bad "the image's scan differs: $(diff "$tmp/host.json" "$tmp/image.json" | head -5; head -3 "$tmp/image.err")"
fi
# The default command scans the mounted repository as text.
docker run --rm --network none -v "$fixture:/src:ro" "$image" >"$tmp/default.txt" 2>&1 || true
grep -q "gpt-5.2" "$tmp/default.txt" && ok "the default command scans /src" ||
  bad "default command: $(head -5 "$tmp/default.txt")"

# The docker_image hook through the real pre-commit framework.
if ! command -v pre-commit >/dev/null; then
  bad "pre-commit is not installed (scripts/setup.sh installs it)"
else
  export HOME=$tmp/home PRE_COMMIT_HOME=$tmp/pre-commit-cache GIT_CONFIG_NOSYSTEM=1
  mkdir -p "$HOME"
  git config --global user.email gate@example.invalid
  git config --global user.name gate
  git config --global init.defaultBranch main
  git config --global protocol.file.allow always
  hooks=$tmp/hooks
  mkdir -p "$hooks" && cp "$src/.pre-commit-hooks.yaml" "$hooks/"
  git -C "$hooks" init -q && git -C "$hooks" add . && git -C "$hooks" commit -qm hooks
  hook_id=$(python3 -c "import sys,yaml; print([h['id'] for h in yaml.safe_load(open(sys.argv[1])) if h.get('language')=='docker_image'][0])" "$hooks/.pre-commit-hooks.yaml" 2>/dev/null || echo missing)
  repo=$tmp/repo
  mkdir -p "$repo" && cd "$repo" && git init -q
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: %s\n' \
    "$hooks" "$(git -C "$hooks" rev-parse HEAD)" "$hook_id" >.pre-commit-config.yaml
  echo 'print("hello")' >app.py
  git add . && git commit -qm init
  pre-commit install >/dev/null
  printf 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-5.2", messages=[])\n' >app.py
  git add app.py
  if git commit -qm "use gpt-5.2" >"$tmp/hook.out" 2>&1; then
    bad "the docker_image hook let a gpt-5.2 call through: $(cat "$tmp/hook.out")"
  elif grep -q "gpt-5.2" "$tmp/hook.out"; then
    ok "the docker_image hook blocks a commit adding a gpt-5.2 call"
  else
    bad "the docker_image hook failed without naming gpt-5.2: $(tail -5 "$tmp/hook.out")"
  fi
  printf 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-5.5", messages=[])\n' >app.py
  git add app.py
  if git commit -qm "use gpt-5.5" >"$tmp/hook2.out" 2>&1; then
    ok "the docker_image hook lets a gpt-5.5 call through"
  else
    bad "the docker_image hook blocked a gpt-5.5 call: $(tail -5 "$tmp/hook2.out")"
  fi
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "container: all checks passed"
