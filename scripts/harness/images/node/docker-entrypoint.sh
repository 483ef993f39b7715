#!/bin/sh
# Like the official node image: a flag or a file that is not a command runs under node
# (`docker run node:20-bookworm-slim server.js`); a command runs as is.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1" || true)" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
