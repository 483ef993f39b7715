#!/usr/bin/env bash
# Makes sure the engine has every base image berth's tests, examples and stacks use, under the
# official tags. For each tag:
#   - present (a real image, or a stand-in built from the current recipe): skip, in milliseconds;
#   - a registry answers: pull the real image (a developer's laptop);
#   - no registry (our machines): build a local stand-in from scripts/harness/images/<name>,
#     labelled io.berth.stand-in=true with a description of what it contains.
# The Debian base comes from debootstrap (rootfs tarball cached in $BERTH_HARNESS_CACHE); the
# others build FROM it with Debian packages. A stand-in whose recipe (its files, its base image,
# the host Node for node) changed is rebuilt.
#
# Knobs: BERTH_HARNESS_PULL=auto|never (default auto: one pull attempt, bounded by
# BERTH_HARNESS_PULL_TIMEOUT_S=10, decides whether a registry is reachable for the whole run),
# BERTH_HARNESS_CACHE (default /var/cache/berth-harness), BERTH_HARNESS_ONLY=name,name (build
# only these: debian node postgres redis nginx python prometheus), BERTH_HARNESS_FORCE=1 (rebuild
# every stand-in), BERTH_HARNESS_NO_CACHE=1 (rebuild from nothing: new debootstrap, no layer cache;
# how cold timings are measured). Prints the image list on stdout when done.
set -euo pipefail

HARNESS_DIR=$(cd "$(dirname "$0")" && pwd)
IMAGES_DIR=$HARNESS_DIR/images
CACHE_DIR=${BERTH_HARNESS_CACHE:-/var/cache/berth-harness}
PULL=${BERTH_HARNESS_PULL:-auto}
PULL_TIMEOUT_S=${BERTH_HARNESS_PULL_TIMEOUT_S:-10}
ONLY=${BERTH_HARNESS_ONLY:-}
NO_CACHE=${BERTH_HARNESS_NO_CACHE:-0}
FORCE=${BERTH_HARNESS_FORCE:-$NO_CACHE}
# The docker CLI may be 23+ without buildx while the engine is 20.10: use the classic builder.
export DOCKER_BUILDKIT=0

# name|tag|what the stand-in contains (the label text), in build order: debian first.
CATALOGUE=(
  "debian|debian:bookworm-slim|Debian bookworm from debootstrap --variant=minbase (deb.debian.org, updates and security applied), slimmed like the official -slim image"
  "node|node:20-bookworm-slim|the host's Node 20 binary, npm and corepack in /usr/local on the debian:bookworm-slim stand-in; user node (1000); host CA bundle for npm (NODE_EXTRA_CA_CERTS, npm cafile); no curl/wget"
  "postgres|postgres:15|Debian postgresql-15 (server, psql, pg_isready, pg_dump) with an official-compatible entrypoint (POSTGRES_USER/PASSWORD/DB, /docker-entrypoint-initdb.d, PGDATA); no curl/wget"
  "redis|redis:7|Debian redis-server 7.0 and redis-cli with an official-like entrypoint (/data, user redis 999, protected mode off); no curl/wget"
  "nginx|nginx:1.22|Debian nginx 1.22 laid out like the official image (conf.d, /usr/share/nginx/html, templates, docker-entrypoint.d, user nginx 101) plus curl, gettext-base"
  "python|python:3.11-slim-bookworm|Debian python3.11 with python3-pip, python3-venv, python3-setuptools; python and pip on PATH; no curl/wget"
  "prometheus|prom/prometheus:v2.42.0|Debian prometheus 2.42 package laid out like the official image (/bin/prometheus, /etc/prometheus, /prometheus, user nobody) plus busybox wget"
)

log() { printf '[build-images %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
image_field() { docker image inspect --format "$2" "$1" 2>/dev/null || true; }
megabytes() { awk -v b="$(image_field "$1" '{{.Size}}')" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }

wanted() { [ -z "$ONLY" ] || case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# A digest of everything a stand-in is made from, so a changed recipe is rebuilt and an unchanged
# one never is. Extra words (base image id, host Node version) join the files.
recipe_digest() {
  local dir=$1; shift
  { (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum); printf '%s\n' "$@"; } \
    | sha256sum | cut -c1-16
}

# 0 when the tag needs no work: a real image, or a stand-in of the same recipe.
is_current() {
  local tag=$1 digest=$2
  [ -n "$(image_field "$tag" '{{.Id}}')" ] || return 1
  [ "$(image_field "$tag" '{{index .Config.Labels "io.berth.stand-in"}}')" = true ] || return 0
  [ "$FORCE" != 1 ] && [ "$(image_field "$tag" '{{index .Config.Labels "io.berth.recipe"}}')" = "$digest" ]
}

REGISTRY=unknown
# One bounded pull decides for the whole run whether a registry answers.
try_pull() {
  local tag=$1
  [ "$PULL" != never ] && [ "$REGISTRY" != unreachable ] || return 1
  log "trying to pull $tag (at most ${PULL_TIMEOUT_S}s)"
  if timeout "$PULL_TIMEOUT_S" docker pull -q "$tag" >/dev/null 2>&1; then REGISTRY=reachable; return 0; fi
  if [ "$REGISTRY" = unknown ]; then log "no registry answers: building local stand-ins"; REGISTRY=unreachable; fi
  return 1
}

stand_in_labels() { # tag description digest -> --label arguments for docker build
  printf '%s\n' --label "io.berth.stand-in=true" --label "io.berth.recipe=$3" \
    --label "org.opencontainers.image.description=berth stand-in for $1: $2"
}

ensure_debootstrap() {
  command -v debootstrap >/dev/null && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    die "debootstrap is needed to build the debian:bookworm-slim stand-in: install it (Debian: apt-get install debootstrap) or make a registry reachable"
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

build_debian() { # tag description digest
  local tarball=$CACHE_DIR/debian-bookworm-slim-rootfs.tar
  if [ ! -s "$tarball" ] || [ "$NO_CACHE" = 1 ]; then
    ensure_debootstrap
    mkdir -p "$CACHE_DIR"
    log "debootstrap bookworm (minbase) into $tarball"
    bash "$IMAGES_DIR/debian/make-rootfs.sh" "$tarball"
  else
    log "reusing the cached rootfs $tarball"
  fi
  docker import \
    --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL io.berth.stand-in=true io.berth.recipe=$3" \
    --change "LABEL org.opencontainers.image.description=\"berth stand-in for $1: $2\"" \
    "$tarball" "$1" >/dev/null
}

host_node_words() { # the host Node and npm versions, which the node stand-in is made of
  node -p 'process.version' 2>/dev/null || true
  sha256sum "$(host_ca_bundle)" 2>/dev/null | cut -c1-16 || true
}
host_ca_bundle() { echo "${BERTH_HARNESS_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"; }

# The node context: the recipe files plus the host's node, npm, corepack and CA bundle.
assemble_node_context() {
  local ctx=$1 node_bin node_lib
  node_bin=$(readlink -f "$(command -v node)") || die "no node on PATH to copy into node:20-bookworm-slim"
  [ "$("$node_bin" -p 'process.versions.node.split(".")[0]')" = 20 ] \
    || die "the host's node is $("$node_bin" --version), not Node 20: the node:20-bookworm-slim stand-in copies the host's Node 20"
  node_lib=$(dirname "$(dirname "$node_bin")")/lib/node_modules
  [ -d "$node_lib/npm" ] || die "npm not found next to $node_bin (expected $node_lib/npm)"
  cp "$IMAGES_DIR/node/"* "$ctx/"
  cp "$node_bin" "$ctx/node"
  # The distribution binary carries its full symbol table; addons need only the dynamic symbols.
  if command -v strip >/dev/null; then strip "$ctx/node"; fi
  mkdir -p "$ctx/node_modules/corepack"
  cp -a "$node_lib/npm" "$ctx/node_modules/npm"
  if [ -d "$node_lib/corepack" ]; then cp -a "$node_lib/corepack/." "$ctx/node_modules/corepack/"; fi
  if [ -f "$(host_ca_bundle)" ]; then cp "$(host_ca_bundle)" "$ctx/host-ca-bundle.crt"; else : >"$ctx/host-ca-bundle.crt"; fi
}

build_from_dockerfile() { # name tag description digest
  local name=$1 tag=$2 ctx out labels=() extra=()
  ctx=$(mktemp -d /var/tmp/berth-image-ctx.XXXXXX)
  out=$(mktemp /tmp/berth-image-build.XXXXXX.log)
  if [ "$name" = node ]; then
    assemble_node_context "$ctx"
    extra=(--build-arg "NODE_VERSION=$(node -p 'process.versions.node')")
  else
    cp -a "$IMAGES_DIR/$name/." "$ctx/"
  fi
  mapfile -t labels < <(stand_in_labels "$tag" "$3" "$4")
  if [ "$NO_CACHE" = 1 ]; then extra+=(--no-cache); fi
  if ! docker build -q --rm "${labels[@]}" "${extra[@]}" -t "$tag" "$ctx" >"$out" 2>&1; then
    tail -n 40 "$out" >&2
    rm -rf "$ctx" "$out"
    die "docker build of the $tag stand-in failed (recipe: $IMAGES_DIR/$name)"
  fi
  rm -rf "$ctx" "$out"
}

ensure_image() { # name tag description
  local name=$1 tag=$2 description=$3 digest t0 replaced words=()
  wanted "$name" || return 0
  [ "$name" = debian ] || words+=("$(image_field debian:bookworm-slim '{{.Id}}')")
  [ "$name" = node ] && mapfile -t -O "${#words[@]}" words < <(host_node_words)
  digest=$(recipe_digest "$IMAGES_DIR/$name" "${words[@]}")
  if is_current "$tag" "$digest"; then log "$tag present"; return 0; fi
  t0=$(now)
  if try_pull "$tag"; then
    log "pulled $tag in $(seconds_since "$t0")s"
    return 0
  fi
  log "building the $tag stand-in"
  replaced=$(image_field "$tag" '{{.Id}}')
  if [ "$name" = debian ]; then build_debian "$tag" "$description" "$digest"
  else build_from_dockerfile "$name" "$tag" "$description" "$digest"; fi
  log "built $tag in $(seconds_since "$t0")s, $(megabytes "$tag")"
  drop_replaced "$replaced"
}

# A rebuilt stand-in leaves its predecessor untagged: remove it unless something still uses it.
# A replaced base still has its old children at first: it is retried once they are gone.
KEPT=()
drop_replaced() {
  [ -n "$1" ] && [ -z "$(image_field "$1" '{{join .RepoTags ","}}')" ] || return 0
  docker image rm "$1" >/dev/null 2>&1 || KEPT+=("$1")
}
retry_kept() {
  local id
  for id in "${KEPT[@]}"; do
    [ -n "$(image_field "$id" '{{.Id}}')" ] || continue
    docker image rm "$id" >/dev/null 2>&1 || log "kept the replaced image ${id:7:12} (a container or another image still uses it)"
  done
}

main() {
  timeout 10 docker info >/dev/null 2>&1 || die "no Docker engine answers: run scripts/harness/setup-engine.sh first"
  local entry name tag description
  for entry in "${CATALOGUE[@]}"; do
    IFS='|' read -r name tag description <<<"$entry"
    ensure_image "$name" "$tag" "$description"
  done
  retry_kept
  for entry in "${CATALOGUE[@]}"; do
    IFS='|' read -r name tag _ <<<"$entry"
    if wanted "$name"; then echo "$tag"; fi
  done
}

# Several sessions may run setup at once: one builds, the others wait and then find the images.
LOCK=${BERTH_HARNESS_LOCK:-${TMPDIR:-/tmp}/berth-harness-images.lock}
exec 9>"$LOCK"
flock 9
main "$@"
