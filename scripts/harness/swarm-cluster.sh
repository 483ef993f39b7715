#!/usr/bin/env bash
# A three-node Docker Swarm on this machine, for the tests and measurements of berth's Swarm work:
# each node is a container of the host engine running Debian's docker.io (engine 20.10), started
# with capabilities instead of --privileged (CAP_SYS_RESOURCE is not in our bounding set, so
# --privileged is refused), with its own named volume at /var/lib/docker (a tmpfs is mounted
# noexec and fails) on a user network of the host engine.
#
#   scripts/harness/swarm-cluster.sh up [IMAGE...]   # start nodes, init + join, load IMAGEs into every node
#   scripts/harness/swarm-cluster.sh load IMAGE...   # docker save | docker load into every node (in parallel)
#   scripts/harness/swarm-cluster.sh status          # KEY=VALUE lines: engines, node addresses, ports
#   scripts/harness/swarm-cluster.sh down            # remove nodes, their volumes and the network
#
# `up` prints each phase's time and the whole start time on stderr and the status on stdout.
# Every node's engine listens on TCP 2375 inside the node, published on 127.0.0.1 only
# (BERTH_SWARM_MANAGER=tcp://127.0.0.1:PORT in the status); `docker -H` that address, or point
# DOCKER_HOST at it. Node N's hostname is NAME-N and it carries the label berth.node=N, so
# `node.labels.berth.node == 3` places a task on the third node whatever the cluster's name.
#
# Inside nested nodes the service virtual IP (IPVS) answers "no route to host", so the ingress
# routing mesh does not work either: use `endpoint_mode: dnsrr` and `mode: host` published ports.
# A host-mode port of a task is reachable on its node's address on the cluster network, or on
# 127.0.0.1 when that port is in BERTH_SWARM_PORTS (each node publishes each of them on an
# ephemeral 127.0.0.1 port, listed by status as BERTH_SWARM_PORT_<node>_<port>=HOSTPORT).
#
# Knobs: BERTH_SWARM_NAME (berth-swarm: prefix of every container, volume and network; give tests
# their own), BERTH_SWARM_NODES (3), BERTH_SWARM_PORTS (container ports to publish per node, comma
# separated), BERTH_SWARM_WAIT_S (90: how long nodes may take to be Ready), BERTH_SWARM_HEARTBEAT
# (the dispatcher's heartbeat period, e.g. 1s; Swarm's default 5s when unset: a stopped node is
# marked down after a few missed heartbeats, so tests of node failure set it low). Nothing is left behind
# by `down`: nested containers are removed through their engine first, then the node containers,
# their volumes, the network and the nodes' (empty) cgroup folders.
set -euo pipefail

HARNESS_DIR=$(cd "$(dirname "$0")" && pwd)
NAME=${BERTH_SWARM_NAME:-berth-swarm}
NODES=${BERTH_SWARM_NODES:-3}
PORTS=${BERTH_SWARM_PORTS:-}
WAIT_S=${BERTH_SWARM_WAIT_S:-90}
HEARTBEAT=${BERTH_SWARM_HEARTBEAT:-}
NETWORK=$NAME-net
LABEL=io.berth.swarm-cluster=$NAME
# The classic builder: the docker CLI may be 28.x without buildx while the engine is 20.10.
export DOCKER_BUILDKIT=0

LOG_TAG=swarm
# shellcheck source=scripts/harness/log.sh
source "$HARNESS_DIR/log.sh"

[[ $NAME =~ ^berth-swarm[a-z0-9-]*$ ]] || die "BERTH_SWARM_NAME must start with berth-swarm (got $NAME)"
[[ $NODES =~ ^[1-9]$ ]] || die "BERTH_SWARM_NODES must be 1 to 9 (got $NODES)"
[[ -z $HEARTBEAT || $HEARTBEAT =~ ^[1-9][0-9]*(ms|s)$ ]] || die "BERTH_SWARM_HEARTBEAT must be a duration like 1s or 500ms (got $HEARTBEAT)"

node_name() { echo "$NAME-$1"; }
node_ids() { seq 1 "$NODES"; }

# The node image is tagged by the digest of its recipe, so it is built once and rebuilt only
# when the Dockerfile or entrypoint change.
node_image() {
  local digest
  digest=$(cd "$HARNESS_DIR/swarm-node" && cat Dockerfile entrypoint.sh | sha256sum | cut -c1-12)
  echo "berth-swarm-node:$digest"
}

ensure_node_image() {
  local image
  image=$(node_image)
  if docker image inspect "$image" >/dev/null 2>&1; then return 0; fi
  docker image inspect debian:bookworm-slim >/dev/null 2>&1 || BERTH_HARNESS_ONLY=debian bash "$HARNESS_DIR/build-images.sh" >/dev/null
  log "building $image (Debian docker.io on debian:bookworm-slim)"
  docker build -q --label "$LABEL" --label "org.opencontainers.image.description=berth harness: a Swarm node (Debian docker.io)" \
    -t "$image" "$HARNESS_DIR/swarm-node" >/dev/null
}

engine_of() { # node id -> tcp://127.0.0.1:PORT
  local port
  port=$(docker port "$(node_name "$1")" 2375/tcp 2>/dev/null | grep -m1 '^127\.0\.0\.1:' | cut -d: -f2)
  [ -n "$port" ] || return 1
  echo "tcp://127.0.0.1:$port"
}

node_docker() { # node id, docker arguments...
  local engine
  engine=$(engine_of "$1") || die "node $(node_name "$1") has no published engine (is the cluster up?)"
  shift
  DOCKER_HOST=$engine docker "$@"
}

address_of() { docker inspect --format "{{(index .NetworkSettings.Networks \"$NETWORK\").IPAddress}}" "$(node_name "$1")"; }

start_node() { # node id
  local name publish=(-p 127.0.0.1::2375) port
  name=$(node_name "$1")
  for port in ${PORTS//,/ }; do publish+=(-p "127.0.0.1::$port"); done
  # cgroup-parent: the node's containers get their own cgroup folder on the host's hierarchy,
  # never the host engine's /docker, so `down` can tell them apart.
  docker run -d --name "$name" --hostname "$name" --label "$LABEL" --network "$NETWORK" \
    --cap-add=ALL --cap-drop=SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v "$name-docker:/var/lib/docker" "${publish[@]}" \
    "$(node_image)" --cgroup-parent "/$name" >/dev/null
}

wait_engine() { # node id
  local deadline=$((SECONDS + WAIT_S))
  until node_docker "$1" version --format '{{.Server.Version}}' >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { docker logs --tail 20 "$(node_name "$1")" >&2 || true; die "engine of $(node_name "$1") did not answer within ${WAIT_S}s"; }
    sleep 0.3
  done
}

ready_nodes() { node_docker 1 node ls --format '{{.Status}}' 2>/dev/null | grep -c '^Ready$' || true; }

form_swarm() {
  local manager_ip token id
  manager_ip=$(address_of 1)
  node_docker 1 swarm init --advertise-addr "$manager_ip" ${HEARTBEAT:+--dispatcher-heartbeat "$HEARTBEAT"} >/dev/null
  token=$(node_docker 1 swarm join-token -q worker)
  for id in $(node_ids); do
    [ "$id" = 1 ] && continue
    node_docker "$id" swarm join --advertise-addr "$(address_of "$id")" --token "$token" "$manager_ip:2377" >/dev/null &
  done
  wait
  local deadline=$((SECONDS + WAIT_S))
  until [ "$(ready_nodes)" = "$NODES" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { node_docker 1 node ls >&2 || true; die "only $(ready_nodes) of $NODES nodes Ready after ${WAIT_S}s"; }
    sleep 0.3
  done
  # A label per node, so stack files place tasks without knowing the cluster's name:
  # constraints: [node.labels.berth.node == 3]
  for id in $(node_ids); do node_docker 1 node update --label-add "berth.node=$id" "$(node_name "$id")" >/dev/null; done
}

phase() { # name command...
  local name=$1 t0
  shift
  t0=$(now)
  "$@"
  log "phase $name: $(seconds_since "$t0")s"
}

start_nodes() {
  docker network create --label "$LABEL" "$NETWORK" >/dev/null
  local id
  for id in $(node_ids); do start_node "$id"; done
  for id in $(node_ids); do wait_engine "$id"; done
}

# docker save once, docker load into every node at the same time (one stream per node).
load_images() { # image...
  [ $# -gt 0 ] || return 0
  local archive id pids=() failed=0
  for image in "$@"; do docker image inspect "$image" >/dev/null 2>&1 || die "image $image is not on the host engine"; done
  archive=$(mktemp --suffix=.tar "${TMPDIR:-/tmp}/$NAME-images.XXXXXX")
  docker save -o "$archive" "$@"
  for id in $(node_ids); do
    node_docker "$id" load -q -i "$archive" >/dev/null &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  log "images delivered to $NODES nodes: $* ($(du -m "$archive" | cut -f1) MB archive)"
  rm -f "$archive"
  [ "$failed" = 0 ] || die "loading images into a node failed"
}

status() {
  local id port
  echo "BERTH_SWARM_NAME=$NAME"
  echo "BERTH_SWARM_NETWORK=$NETWORK"
  echo "BERTH_SWARM_MANAGER=$(engine_of 1)"
  for id in $(node_ids); do
    echo "BERTH_SWARM_ENGINE_$id=$(engine_of "$id")"
    echo "BERTH_SWARM_NODE_$id=$(node_name "$id")"
    echo "BERTH_SWARM_ADDRESS_$id=$(address_of "$id")"
    for port in ${PORTS//,/ }; do
      echo "BERTH_SWARM_PORT_${id}_$port=$(docker port "$(node_name "$id")" "$port/tcp" | grep -m1 '^127\.0\.0\.1:' | cut -d: -f2)"
    done
  done
  echo "BERTH_SWARM_READY=$(ready_nodes)"
}

up() {
  docker inspect "$(node_name 1)" >/dev/null 2>&1 && die "$(node_name 1) exists: run down first (or choose another BERTH_SWARM_NAME)"
  local t0
  t0=$(now)
  trap 'log "up failed: tearing down"; down' ERR
  phase node-image ensure_node_image
  phase nodes start_nodes
  phase swarm form_swarm
  phase images load_images "$@"
  trap - ERR
  log "cluster $NAME started in $(seconds_since "$t0")s: $NODES nodes Ready"
  status
}

down() {
  local t0 id name engine
  t0=$(now)
  for id in $(node_ids); do
    name=$(node_name "$id")
    docker inspect "$name" >/dev/null 2>&1 || continue
    # Nested containers first, through their own engine, so their cgroups are removed cleanly.
    if engine=$(engine_of "$id") && [ "$(docker inspect --format '{{.State.Running}}' "$name")" = true ]; then
      DOCKER_HOST=$engine timeout 60 bash -c 'ids=$(docker ps -aq); [ -z "$ids" ] || docker rm -f $ids >/dev/null' 2>/dev/null || true
    fi
    docker rm -f -v "$name" >/dev/null 2>&1 || true
  done
  for id in $(node_ids); do docker volume rm "$(node_name "$id")-docker" >/dev/null 2>&1 || true; done
  docker network rm "$NETWORK" >/dev/null 2>&1 || true
  # The nodes' cgroup folders on the host's hierarchy (empty once their containers are gone).
  for id in $(node_ids); do
    find /sys/fs/cgroup -mindepth 2 -maxdepth 2 -type d -name "$(node_name "$id")" 2>/dev/null | while read -r dir; do
      find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
    done
  done
  log "down $NAME: $(seconds_since "$t0")s"
}

main() {
  [ $# -gt 0 ] || usage
  local command=$1
  shift
  case $command in
    up) up "$@" ;;
    load) [ $# -gt 0 ] || die "load needs at least one image"; phase images load_images "$@" ;;
    status) status ;;
    down) down ;;
    -h|--help|help) usage ;;
    *) die "unknown command $command (up, load, status, down)" ;;
  esac
}

main "$@"
