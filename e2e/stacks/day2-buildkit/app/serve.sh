#!/bin/sh
# No chmod in the repository: only COPY --chmod makes this executable in the image.
echo "serving build $(cat /build-count)"
exec sleep 100000
