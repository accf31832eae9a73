#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build modelshift, then
# configures and builds it. Safe to run any number of times: it installs only
# missing packages and rebuilds only what changed.
#
# Usage: scripts/setup.sh [BUILD_DIR]     (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}

# Debian packages the build needs (tree-sitter itself comes from npm, pinned
# in grammars/package-lock.json; Debian's libtree-sitter is too old).
packages=(cmake g++ make pkgconf git libre2-dev libyaml-cpp-dev nlohmann-json3-dev catch2
          libboost-filesystem-dev
          # tests only: report schema validation and the catalog check
          python3 python3-jsonschema python3-yaml
          # tests only: the gate's end-to-end test runs the real pre-commit framework
          pre-commit
          # tests only: the install tests make a bare Debian root, package a .deb
          # (dpkg-shlibdeps) and build the container image
          debootstrap dpkg-dev docker.io)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm: any install will do (the machine may have its own build).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  echo "modelshift setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "modelshift setup: need root (or sudo) to install: ${missing[*]}" >&2
      exit 2
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$jobs"
