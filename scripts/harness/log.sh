# Shared by the harness scripts: `LOG_TAG=name; source "$HARNESS_DIR/log.sh"`.
# log/die print "[LOG_TAG hh:mm:ss] ..." on stderr; now/seconds_since time the phases.
log() { printf '[%s %s] %s\n' "$LOG_TAG" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# Prints the script's header comment (line 2 up to `set -euo`) as its usage, exit 2.
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}
