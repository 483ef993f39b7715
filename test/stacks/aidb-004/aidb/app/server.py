"""AIDB, as it is in the repository after report 004's first session: the server was edited to
start a HealthChecker from health_check.py. That module was only ever copied into the running
container (`podman cp`), never added here, so every image built from this tree fails at import.
"""
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2

from health_check import HealthChecker  # the module that exists only in the old container

PORT = int(os.environ.get("AIDB_PORT", "8091"))


def connect():
    return psycopg2.connect(os.environ["DATABASE_URL"], connect_timeout=5)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            status, body = health_checker.report()
        elif self.path == "/documents":
            connection = connect()
            with connection, connection.cursor() as cursor:
                cursor.execute("SELECT id, title FROM documents ORDER BY id")
                status, body = 200, {"documents": [{"id": i, "title": t} for i, t in cursor.fetchall()]}
            connection.close()
        else:
            status, body = 404, {"error": "not found"}
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


health_checker = HealthChecker(connect=connect, vector_url=os.environ.get("AIDB_VECTOR_URL", "http://vectors:6333"))


def main():
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"aidb: listening on :{PORT}")
    server.serve_forever()


if __name__ == "__main__":
    main()
