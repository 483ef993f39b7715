#!/bin/sh
# AIDB's entrypoint as deployed: everything the server prints goes to a file under
# /var/log/aidb, none of it to the container's stdout/stderr. So when the server dies at import,
# `docker logs` is empty and the restart loop leaves no trace outside that file (report 004:
# "Container logs are completely empty (no output captured)").
set -e
exec python3 -m server >>/var/log/aidb/server.log 2>&1
