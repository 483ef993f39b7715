"""Container healthcheck: exit 0 only when the URL (argv[1]) answers 2xx within 1.5 s."""
import sys
import urllib.request

try:
    with urllib.request.urlopen(sys.argv[1], timeout=1.5) as response:
        sys.exit(0 if 200 <= response.status < 300 else 1)
except Exception as error:  # any failure is "unhealthy"; say why for `docker inspect`
    print(f"unhealthy: {error}")
    sys.exit(1)
