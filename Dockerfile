# The modelshift container image: the static release binary (rules and model
# catalog compiled in) on a small Debian, plus git for `modelshift check`.
#
#   cmake -S . -B build && cmake --build build --target modelshift   # or scripts/release.sh
#   docker build -t modelshift:$(cat VERSION) .
#   docker run --rm -v "$PWD:/src" modelshift:$(cat VERSION) scan /src
#
# Build arguments:
#   BASE    the base image (default debian:bookworm-slim). Where no registry
#           is reachable, import a local root instead, e.g.
#           debootstrap --variant=minbase --include=git bookworm ROOT &&
#           tar -C ROOT -c . | docker import - modelshift-base
#           and build with --build-arg BASE=modelshift-base.
#   BINARY  the binary to pack, relative to the build context (default
#           build/modelshift; .dockerignore lets only it and dist/ through).
# The binary needs only glibc (>= the build machine's; bookworm builds run on
# bookworm and later), so no library is installed for it.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
# git: `check` (the pre-commit hook, `check --since` in CI) asks git what
# changed; installed unless the base has it (no network needed then). The
# mounted repository belongs to the host's user, not the container's: git
# must not refuse it as "dubious ownership".
RUN if ! command -v git >/dev/null 2>&1; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
    && git config --system --add safe.directory '*'
ARG BINARY=build/modelshift
COPY ${BINARY} /usr/local/bin/modelshift
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/modelshift"]
CMD ["scan", "."]
