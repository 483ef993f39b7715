#!/usr/bin/env bash
# Entrypoint of berth's postgres:15 stand-in, compatible with the official image's:
#   - as root: prepare PGDATA and the socket directory, then re-run itself as postgres;
#   - first start on an empty PGDATA: initdb as POSTGRES_USER with POSTGRES_PASSWORD, create
#     POSTGRES_DB, run /docker-entrypoint-initdb.d/* (*.sh, *.sql, *.sql.gz) once against a
#     temporary server that listens on the unix socket only;
#   - later starts: skip initialisation; then exec the server.
set -Eeo pipefail

log() { printf '%s [entrypoint] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$*"; }
die() { log "error: $*" >&2; exit 1; }

# file_env VAR [default]: the value comes from VAR or from the file named by VAR_FILE (secrets).
file_env() {
  local var=$1 file_var="${1}_FILE" value=${2:-}
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then die "both $var and $file_var are set"; fi
  if [ -n "${!var:-}" ]; then value=${!var}; elif [ -n "${!file_var:-}" ]; then value=$(<"${!file_var}"); fi
  export "$var=$value"
  unset "$file_var"
}

psql_as_superuser() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username "$POSTGRES_USER" "$@"
}

require_password() {
  [ -n "$POSTGRES_PASSWORD" ] || [ "$POSTGRES_HOST_AUTH_METHOD" = trust ] && return 0
  die "Database is uninitialized and superuser password is not specified.
  You must specify POSTGRES_PASSWORD to a non-empty value for the superuser (or
  POSTGRES_PASSWORD_FILE), or set POSTGRES_HOST_AUTH_METHOD=trust to allow all connections
  without a password (not recommended)."
}

initdb_as_superuser() {
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words, as in the official image
  initdb --username="$POSTGRES_USER" -D "$PGDATA" --encoding=UTF8 --locale=C.UTF-8 \
    "$@" $POSTGRES_INITDB_ARGS >/dev/null
}

run_initdb() {
  # The password reaches initdb through a pipe, never the command line (ps would show it).
  if [ -n "$POSTGRES_PASSWORD" ]; then
    initdb_as_superuser --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD")
  else
    initdb_as_superuser
  fi
  printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"
}

run_init_scripts() {
  local f
  shopt -s nullglob
  for f in /docker-entrypoint-initdb.d/*; do
    # shellcheck disable=SC1090 # init scripts are the user's, sourced as the official image does
    case "$f" in
      *.sh) if [ -x "$f" ]; then log "running $f"; "$f"; else log "sourcing $f"; . "$f"; fi ;;
      *.sql) log "running $f"; psql_as_superuser --dbname "$POSTGRES_DB" -f "$f" >/dev/null ;;
      *.sql.gz) log "running $f"; gzip -dc "$f" | psql_as_superuser --dbname "$POSTGRES_DB" >/dev/null ;;
      *) log "ignoring $f" ;;
    esac
  done
  shopt -u nullglob
}

initialise() {
  require_password
  log "initialising $PGDATA for user '$POSTGRES_USER', database '$POSTGRES_DB'"
  run_initdb
  # Socket-only temporary server: no TCP client can see a half-initialised database.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start >/dev/null
  export PGPASSWORD="$POSTGRES_PASSWORD"
  if [ "$POSTGRES_DB" != postgres ]; then
    psql_as_superuser --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db" ;' >/dev/null
  fi
  run_init_scripts
  unset PGPASSWORD
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  log "PostgreSQL init process complete; ready for start up."
}

only_prints() { # postgres --version and friends: no initialisation, no privilege drop
  local arg
  for arg; do case "$arg" in '-?' | --help | --describe-config | -V | --version | -C) return 0 ;; esac; done
  return 1
}

if [ "${1:0:1}" = - ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ] || only_prints "$@"; then exec "$@"; fi

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA" || :
  chmod 3777 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

file_env POSTGRES_USER postgres
file_env POSTGRES_PASSWORD
file_env POSTGRES_DB "$POSTGRES_USER"
file_env POSTGRES_INITDB_ARGS
: "${POSTGRES_HOST_AUTH_METHOD:=}"
if [ -s "$PGDATA/PG_VERSION" ]; then
  log "PostgreSQL Database directory appears to contain a database; Skipping initialization"
else
  initialise
fi
exec "$@"
