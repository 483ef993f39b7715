#!/usr/bin/env bash
# Runs a command (default: `npm test`) against a pristine Docker engine: a second dockerd with its
# own data-root, exec-root, pidfile, config and unix socket (no TCP), started in its own network
# namespace, so it creates docker0, its iptables chains and its managed containerd from nothing,
# exactly as a freshly installed engine on a CI machine does, without touching the machine's own
# engine, its containers, networks or firewall chains. The stand-in base images are built on it
# through build-images.sh, then the command runs inside the namespace with DOCKER_HOST pointing at
# the pristine engine, and everything is torn down (unless --keep). Each phase prints its time.
#
#   scripts/harness/pristine-engine.sh                      # npm test on a pristine engine
#   scripts/harness/pristine-engine.sh -- npx vitest run --project e2e e2e/flagship.e2e.ts
#   scripts/harness/pristine-engine.sh --keep -- true       # leave it running; prints how to use it
#   scripts/harness/pristine-engine.sh --down ID            # tear down a kept engine
#
# Networking: a veth pair joins the namespace to the host (10.213.N.0/30); the host masquerades
# the namespace's traffic so image builds reach the Debian mirror. The host rules carry the
# comment berth-pristine-ID and are the only host state added; --down and the exit trap remove them.
#
# Knobs: BERTH_PRISTINE_ROOT (default /var/tmp: the engine's folder goes there),
# BERTH_PRISTINE_WAIT_S (60: how long dockerd may take to answer), BERTH_PRISTINE_STOP_S (30: how
# long dockerd may take to stop before SIGKILL). Needs root, iproute2, iptables, dockerd.
set -euo pipefail

HARNESS_DIR=$(cd "$(dirname "$0")" && pwd)
REPO_DIR=$(cd "$HARNESS_DIR/../.." && pwd)
ROOT=${BERTH_PRISTINE_ROOT:-/var/tmp}
WAIT_S=${BERTH_PRISTINE_WAIT_S:-60}
STOP_S=${BERTH_PRISTINE_STOP_S:-30}

LOG_TAG=pristine
# shellcheck source=scripts/harness/log.sh
source "$HARNESS_DIR/log.sh"

# Names derived from one short id, so --down ID finds everything again.
names_for() { # id
  ID=$1
  DIR=$ROOT/berth-pristine-$ID
  NETNS=berth-pristine-$ID
  # The exec-root holds unix sockets (108 bytes at most): keep it short.
  EXEC_ROOT=/run/berth-pristine-$ID
  SOCKET=$DIR/docker.sock
  PIDFILE=$DIR/dockerd.pid
  DOCKERD_LOG=$DIR/dockerd.log
  VETH_HOST=bp${ID}h
  VETH_NS=bp${ID}n
  local octet=$((ID % 250 + 1))
  HOST_ADDR=10.213.$octet.1
  NS_ADDR=10.213.$octet.2
  COMMENT=berth-pristine-$ID
  export DOCKER_HOST=unix://$SOCKET
}

# The host's rules for the namespace: forward its traffic both ways, masquerade it on the way out.
host_rules() { # -I|-D
  local op=$1
  iptables -w "$op" FORWARD -i "$VETH_HOST" -m comment --comment "$COMMENT" -j ACCEPT
  iptables -w "$op" FORWARD -o "$VETH_HOST" -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "$COMMENT" -j ACCEPT
  iptables -w -t nat "$op" POSTROUTING -s "$NS_ADDR/32" -m comment --comment "$COMMENT" -j MASQUERADE
}

make_namespace() {
  ip netns add "$NETNS"
  ip link add "$VETH_HOST" type veth peer name "$VETH_NS"
  ip link set "$VETH_NS" netns "$NETNS"
  ip addr add "$HOST_ADDR/30" dev "$VETH_HOST"
  ip link set "$VETH_HOST" up
  ip netns exec "$NETNS" ip link set lo up
  ip netns exec "$NETNS" ip addr add "$NS_ADDR/30" dev "$VETH_NS"
  ip netns exec "$NETNS" ip link set "$VETH_NS" up
  ip netns exec "$NETNS" ip route add default via "$HOST_ADDR"
  sysctl -q -w net.ipv4.ip_forward=1
  host_rules -I
}

start_dockerd() {
  mkdir -p "$DIR/data" "$EXEC_ROOT"
  # An empty config file: /etc/docker/daemon.json belongs to the machine's own engine.
  echo '{}' >"$DIR/daemon.json"
  # No --containerd: with no system containerd socket dockerd starts its own under the exec-root.
  # nsenter, not `ip netns exec`: that one mounts a fresh /sys over the cgroup mounts dockerd
  # needs. setsid: Ctrl-C on the terminal reaches this script, whose trap stops dockerd in order.
  setsid nsenter --net="/run/netns/$NETNS" dockerd \
    --config-file "$DIR/daemon.json" \
    --data-root "$DIR/data" \
    --exec-root "$EXEC_ROOT" \
    --pidfile "$PIDFILE" \
    --host "$DOCKER_HOST" \
    --containerd-namespace "berth-pristine-$ID" \
    --containerd-plugins-namespace "berth-pristine-$ID-plugins" \
    >"$DOCKERD_LOG" 2>&1 </dev/null &
  local deadline=$((SECONDS + WAIT_S))
  until timeout 10 docker info >/dev/null 2>&1; do
    if ! kill -0 $! 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      log "the pristine engine did not answer within ${WAIT_S}s; last lines of $DOCKERD_LOG:"
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      return 1
    fi
    sleep 0.5
  done
  log "engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})') at $DOCKER_HOST, data-root $DIR/data"
  log "default bridge IPAM: $(docker network inspect bridge --format '{{json .IPAM.Config}}')"
}

stop_dockerd() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_S))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "dockerd $pid did not stop within ${STOP_S}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
  done
  # Its managed containerd and the shims of containers still running have the exec-root in
  # their command line; nothing else on the machine does.
  local leftover
  for leftover in $(pgrep -f -- "$EXEC_ROOT" || true); do kill -KILL "$leftover" 2>/dev/null || true; done
}

# Every mount under the engine's folders (overlay layers, netns handles), deepest first.
unmount_under() { # dir...
  local dir mount
  for dir in "$@"; do
    awk -v d="$dir/" 'index($2 "/", d) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r mount; do
      umount -l "$mount" 2>/dev/null || true
    done
  done
}

teardown() {
  local t0
  t0=$(now)
  stop_dockerd
  unmount_under "$DIR" "$EXEC_ROOT"
  rm -rf --one-file-system "$EXEC_ROOT"
  host_rules -D 2>/dev/null || true
  ip link del "$VETH_HOST" 2>/dev/null || true
  ip netns del "$NETNS" 2>/dev/null || true
  # The engine's log is worth keeping when something failed; its data never is.
  if [ "${STATUS:-1}" = 0 ]; then
    rm -rf --one-file-system "$DIR"
    log "phase teardown: $(seconds_since "$t0")s"
  else
    rm -rf --one-file-system "$DIR/data"
    log "phase teardown: $(seconds_since "$t0")s (engine log kept: $DOCKERD_LOG)"
  fi
}

phase() { # name command...
  local name=$1 t0 status=0
  shift
  t0=$(now)
  log "phase $name: $*"
  "$@" || status=$?
  log "phase $name: $(seconds_since "$t0")s, exit $status"
  return "$status"
}

build_images() {
  BERTH_HARNESS_PULL=${BERTH_HARNESS_PULL:-never} BERTH_HARNESS_LOCK=$DIR/harness.lock \
    bash "$HARNESS_DIR/build-images.sh" >/dev/null
}

run_command() {
  # Inside the namespace: the tests reach what they publish on its 127.0.0.1.
  nsenter --net="/run/netns/$NETNS" env DOCKER_HOST="$DOCKER_HOST" bash -c 'cd "$1" && shift && exec "$@"' run "$REPO_DIR" "$@"
}

main() {
  local keep=0
  while [ $# -gt 0 ]; do
    case $1 in
      --keep) keep=1; shift ;;
      --down)
        [ $# -eq 2 ] && [[ $2 =~ ^[0-9]+$ ]] || die "--down takes the id a --keep run printed"
        names_for "$2"; STATUS=0; teardown; exit 0 ;;
      -h|--help) usage ;;
      --) shift; break ;;
      -*) die "unknown option $1 (see --help)" ;;
      *) break ;;
    esac
  done
  [ $# -gt 0 ] || set -- npm test
  [ "$(id -u)" = 0 ] || die "needs root (a second dockerd, a network namespace, iptables rules)"
  local tool
  for tool in ip iptables nsenter dockerd docker pgrep; do command -v "$tool" >/dev/null || die "$tool not found on PATH"; done

  names_for $$
  [ ! -e "$DIR" ] || die "$DIR exists: a previous run with the same id? remove it or run --down $ID"
  mkdir -p "$DIR"
  local t_all
  t_all=$(now)
  if [ "$keep" = 1 ]; then
    trap 'log "interrupted: tearing down"; teardown; exit 130' INT TERM
  else
    trap 'teardown' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi
  phase namespace make_namespace
  phase engine start_dockerd
  phase images build_images
  STATUS=0
  phase command run_command "$@" || STATUS=$?
  log "total: $(seconds_since "$t_all")s, command exit $STATUS"
  if [ "$keep" = 1 ]; then
    trap - INT TERM
    log "kept running. Use it: nsenter --net=/run/netns/$NETNS env DOCKER_HOST=$DOCKER_HOST <command>"
    log "tear it down: $0 --down $ID"
  fi
  exit "$STATUS"
}

main "$@"
