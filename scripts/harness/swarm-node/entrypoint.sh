#!/bin/sh
# dockerd as PID 1's child: a node container that was stopped and started again (the node-failure
# case) finds a stale pidfile and socket from its previous life; remove them first.
set -e
rm -f /var/run/docker.pid /var/run/docker.sock /run/docker/containerd/containerd.pid
# The unix socket for docker exec; TCP for the host, published on 127.0.0.1 only by the cluster script.
exec dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375 --tls=false "$@"
