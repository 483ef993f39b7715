#!/usr/bin/env bash
# Measures `docker stack deploy` of the Swarm flagship (e2e/stacks/swarm-flagship/stack.yaml) on a
# cluster started by swarm-cluster.sh: the baseline berth's Swarm target is compared with
# (docs/swarm.md). Run it with the cluster's status in the environment:
#
#   set -a; eval "$(scripts/harness/swarm-cluster.sh up berth-fullstack-backend:dev berth-fullstack-frontend:dev postgres:15 redis:7)"; set +a
#   scripts/harness/swarm-measure.sh deploy   # fresh stack until every service converged (jobs complete)
#   scripts/harness/swarm-measure.sh update   # backend to a new tag (start-first) under a bounded load
#   scripts/harness/swarm-measure.sh remove   # docker stack rm, and the stack's volumes on node 3
#
# The load runs through the frontend's host-mode port on node 1 (its address on the cluster
# network): LOAD_RPS (50) requests a second for at most LOAD_MAX_S (90) seconds, stopped as soon as
# the update ends; it prints how many requests failed. Passwords are generated per run, never printed.
set -euo pipefail

HARNESS_DIR=$(cd "$(dirname "$0")" && pwd)
STACK_FILE=$HARNESS_DIR/../../e2e/stacks/swarm-flagship/stack.yaml
STACK=${BERTH_SWARM_STACK:-flag}
LOAD_RPS=${LOAD_RPS:-50}
LOAD_MAX_S=${LOAD_MAX_S:-90}
: "${BERTH_SWARM_MANAGER:?set -a; eval \"\$(scripts/harness/swarm-cluster.sh status)\"; set +a first}"
export DOCKER_HOST=$BERTH_SWARM_MANAGER

LOG_TAG=swarm-measure
# shellcheck source=scripts/harness/log.sh
source "$HARNESS_DIR/log.sh"

deploy() {
  POSTGRES_PASSWORD=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n') \
  REDIS_PASSWORD=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n') \
  APP_VERSION=${APP_VERSION:-dev} \
    docker stack deploy --detach=false --resolve-image never -c "$STACK_FILE" "$STACK" >/dev/null
}

# A bounded load on the frontend through nginx to the backend: one Node process, LOAD_RPS a second.
load() { # url stop-file
  node --input-type=module -e '
    const [url, stopFile, rps, maxS] = process.argv.slice(1);
    const { existsSync } = await import("node:fs");
    let sent = 0, failed = 0; const started = Date.now();
    const errors = new Map();
    while (!existsSync(stopFile) && Date.now() - started < Number(maxS) * 1000) {
      const tick = Date.now(); sent++;
      fetch(url, { signal: AbortSignal.timeout(5000) }).then(async (r) => { await r.arrayBuffer(); if (!r.ok) { failed++; errors.set(r.status, (errors.get(r.status) ?? 0) + 1); } })
        .catch((e) => { failed++; errors.set(e.name, (errors.get(e.name) ?? 0) + 1); });
      await new Promise((done) => setTimeout(done, Math.max(0, 1000 / Number(rps) - (Date.now() - tick))));
    }
    await new Promise((done) => setTimeout(done, 5500));
    console.log(JSON.stringify({ sent, failed, errors: Object.fromEntries(errors), seconds: (Date.now() - started) / 1000 }));
  ' "$1" "$2" "$LOAD_RPS" "$LOAD_MAX_S"
}

case ${1:-} in
  deploy)
    t0=$(now)
    deploy
    log "docker stack deploy --detach=false: every service converged in $(seconds_since "$t0")s"
    docker stack ps "$STACK" --format '{{.Name}} {{.Node}} {{.CurrentState}} {{.Error}}' >&2 ;;
  update)
    tag=swarm-update-$$
    for engine in $(env | sed -n 's/^BERTH_SWARM_ENGINE_[0-9]*=//p'); do
      DOCKER_HOST=$engine docker tag "berth-fullstack-backend:${APP_VERSION:-dev}" "berth-fullstack-backend:$tag"
    done
    stop=$(mktemp -u)
    load "http://$BERTH_SWARM_ADDRESS_1:18080/api/notes" "$stop" >"$stop.out" &
    sleep 2
    t0=$(now)
    timeout "$LOAD_MAX_S" docker service update --detach=false --image "berth-fullstack-backend:$tag" "${STACK}_backend" >/dev/null || log "the update did not converge within ${LOAD_MAX_S}s"
    log "docker service update (2 replicas, start-first, monitor 20s) converged in $(seconds_since "$t0")s"
    touch "$stop"; wait
    log "load during the update: $(cat "$stop.out")"
    rm -f "$stop" "$stop.out" ;;
  remove)
    docker stack rm "$STACK" >/dev/null
    # Volumes outlive the stack; the tasks are gone a moment after `stack rm` returns.
    for engine in $(env | sed -n 's/^BERTH_SWARM_ENGINE_[0-9]*=//p'); do
      for attempt in $(seq 1 30); do
        DOCKER_HOST=$engine docker volume rm "${STACK}_pgdata" "${STACK}_redisdata" >/dev/null 2>&1 && break
        DOCKER_HOST=$engine docker volume ls -q | grep -q "^${STACK}_" || break
        sleep 1
      done
    done
    log "stack $STACK removed" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
