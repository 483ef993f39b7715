#!/usr/bin/env bash
# Like the official redis image's entrypoint: flags or a .conf file as the first argument run
# redis-server; redis-server runs as user redis, owning /data; protected mode is off unless the
# command line or config file sets it (the official build compiles it off: in a container every
# client is "remote", so protected mode without a password would refuse them all).
set -Eeo pipefail

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi

if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' + 2>/dev/null || :
  exec setpriv --reuid=redis --regid=redis --init-groups "${BASH_SOURCE[0]}" "$@"
fi

mentions_protected_mode() {
  local arg
  for arg; do
    case "$arg" in --protected-mode | --protected-mode=*) return 0 ;; esac
  done
  [ "${2:-}" != "${2%.conf}" ] && [ -r "$2" ] && grep -Eiq '^[[:space:]]*protected-mode[[:space:]]' "$2"
}

if [ "$1" = redis-server ]; then
  mentions_protected_mode "$@" || set -- "$@" --protected-mode no
  umask 0077
fi

exec "$@"
