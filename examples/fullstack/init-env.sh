#!/bin/sh
# Writes .env from .env.example with a fresh random value (32 bytes, hex) for every empty
# *_PASSWORD. Never overwrites an existing .env: secrets that a database volume was initialised
# with must not change behind its back.
set -eu
cd "$(dirname "$0")"

if [ -e .env ]; then
  echo "init-env: .env already exists; leaving it alone" >&2
  exit 0
fi

random_secret() {
  od -An -vtx1 -N32 /dev/urandom | tr -d ' \n'
}

umask 077
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    *_PASSWORD=) printf '%s%s\n' "$line" "$(random_secret)" ;;
    *) printf '%s\n' "$line" ;;
  esac
done <.env.example >.env
echo "init-env: wrote .env with new random passwords (mode 600)"
