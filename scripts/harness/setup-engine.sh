#!/usr/bin/env bash
# Gives this machine a running Docker engine, and changes nothing where one already answers.
#
#   - `docker info` answers (a developer's laptop, a warm CI machine): nothing to do.
#   - Debian, root, no engine (a fresh CI machine): apt-get installs docker.io (engine 20.10,
#     Engine API 1.41), docker-compose (v1, the peer tool for benchmarks), debootstrap (for the
#     stand-in base image) and chromium (browser tests), then starts dockerd in the background
#     (there is no systemd as PID 1 on our machines) and waits until it answers.
#   - anything else without an engine: stops with a message saying what to install.
#
# Knobs: BERTH_DOCKERD_LOG (default /var/log/berth-dockerd.log), BERTH_ENGINE_WAIT_S (default 60),
# BERTH_HARNESS_PACKAGES (extra apt packages to install alongside the engine).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
DOCKERD_LOG=${BERTH_DOCKERD_LOG:-/var/log/berth-dockerd.log}
WAIT_S=${BERTH_ENGINE_WAIT_S:-60}
read -r -a EXTRA_PACKAGES <<<"${BERTH_HARNESS_PACKAGES:-}"
PACKAGES=(docker.io docker-compose debootstrap chromium "${EXTRA_PACKAGES[@]}")

log() { printf '[setup-engine %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; }
is_debian_root() { [ "$(id -u)" -eq 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do installed "$pkg" || missing+=("$pkg"); done
  if [ "${#missing[@]}" -eq 0 ]; then log "packages already installed"; return 0; fi
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  # No recommends: docker.io still brings its hard dependencies (containerd, runc, tini, iptables).
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_dockerd() {
  if command -v pgrep >/dev/null && pgrep -x dockerd >/dev/null 2>&1; then
    log "a dockerd process exists but does not answer yet; waiting for it"
    return 0
  fi
  log "starting dockerd in the background (log: $DOCKERD_LOG)"
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  # setsid: dockerd must outlive this script and the shell that ran it.
  setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
}

wait_for_engine() {
  local deadline=$((SECONDS + WAIT_S))
  until engine_answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "the engine did not answer within ${WAIT_S}s; last lines of $DOCKERD_LOG:"
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}

explain_missing_engine() {
  die "no Docker engine answers (docker info failed) and this is not Debian as root, so the
  harness will not install one. Install and start Docker Engine (API 1.41 or newer: Docker 20.10+,
  or Docker Desktop / colima / OrbStack), or set DOCKER_HOST to a running engine, then run again."
}

main() {
  if engine_answers; then
    log "engine already answers: nothing to do"
  else
    is_debian_root || explain_missing_engine
    install_packages
    start_dockerd
    wait_for_engine
    log "engine answers"
  fi
  docker version --format 'client {{.Client.Version}}, engine {{.Server.Version}} (API {{.Server.APIVersion}})' >&2
}

main "$@"
