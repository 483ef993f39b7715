"""A small vector store: named collections of points (id, vector, payload) kept in memory, saved
to one JSON file per collection under DATA_DIR after every write, searched by cosine similarity.

It stands in for Chroma and Qdrant in berth's seed stacks, which cannot pull those images: it is
a real service with the same operational shape (HTTP API, data on a volume, a snapshot to back up),
not a copy of either API. Standard library only, so the image needs nothing from PyPI.
"""
import json
import math
import os
import re
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DATA_DIR = os.environ.get("DATA_DIR", "/data")
PORT = int(os.environ.get("PORT", "6333"))
NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

collections = {}
lock = threading.Lock()


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def log(message):
    print(message, flush=True)


def collection_path(name):
    return os.path.join(DATA_DIR, f"{name}.json")


def load_all():
    os.makedirs(DATA_DIR, exist_ok=True)
    for entry in sorted(os.listdir(DATA_DIR)):
        if entry.endswith(".json"):
            with open(os.path.join(DATA_DIR, entry), encoding="utf-8") as handle:
                data = json.load(handle)
            collections[data["name"]] = data
    log(f"vector-store: loaded {len(collections)} collection(s) from {DATA_DIR}")


def save(collection):
    # Write then rename: a crash mid-write leaves the previous file intact.
    path = collection_path(collection["name"])
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(collection, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(path + ".tmp", path)


def cosine(a, b):
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return 0.0 if norm == 0 else sum(x * y for x, y in zip(a, b)) / norm


def require_collection(name):
    collection = collections.get(name)
    if collection is None:
        raise ApiError(404, f"collection {name} does not exist")
    return collection


def check_vector(collection, vector):
    if not isinstance(vector, list) or len(vector) != collection["size"] or not all(isinstance(x, (int, float)) for x in vector):
        raise ApiError(400, f"vector must be a list of {collection['size']} numbers")


def create_collection(name, body):
    size = body.get("size")
    if not isinstance(size, int) or size < 1:
        raise ApiError(400, "size must be a positive integer")
    existing = collections.get(name)
    if existing is not None:
        if existing["size"] != size:
            raise ApiError(409, f"collection {name} exists with size {existing['size']}")
        return {"name": name, "created": False}
    collections[name] = {"name": name, "size": size, "points": {}}
    save(collections[name])
    return {"name": name, "created": True}


def upsert_points(name, body):
    collection = require_collection(name)
    points = body.get("points")
    if not isinstance(points, list):
        raise ApiError(400, "points must be a list")
    for point in points:
        check_vector(collection, point.get("vector"))
    for point in points:
        collection["points"][str(point["id"])] = {"vector": point["vector"], "payload": point.get("payload") or {}}
    save(collection)
    return {"upserted": len(points), "points_count": len(collection["points"])}


def search(name, body):
    collection = require_collection(name)
    vector = body.get("vector")
    check_vector(collection, vector)
    limit = body.get("limit", 3)
    scored = [
        {"id": point_id, "score": round(cosine(vector, point["vector"]), 6), "payload": point["payload"]}
        for point_id, point in collection["points"].items()
    ]
    scored.sort(key=lambda hit: hit["score"], reverse=True)
    return {"result": scored[: max(1, int(limit))]}


def restore(name, body):
    size, points = body.get("size"), body.get("points")
    if body.get("name") != name or not isinstance(size, int) or not isinstance(points, dict):
        raise ApiError(400, "a snapshot is the document GET .../snapshot returned for this collection")
    candidate = {"name": name, "size": size, "points": points}
    for point in points.values():
        check_vector(candidate, point.get("vector"))
    collections[name] = candidate
    save(candidate)
    return describe(name)


def describe(name):
    collection = require_collection(name)
    return {"name": name, "size": collection["size"], "points_count": len(collection["points"])}


ROUTES = [
    ("GET", re.compile(r"^/healthz$"), lambda m, b: {"status": "ok", "collections": len(collections)}),
    ("GET", re.compile(r"^/collections$"), lambda m, b: {"collections": [describe(n) for n in sorted(collections)]}),
    ("PUT", re.compile(r"^/collections/([^/]+)$"), lambda m, b: create_collection(m.group(1), b)),
    ("GET", re.compile(r"^/collections/([^/]+)$"), lambda m, b: describe(m.group(1))),
    ("PUT", re.compile(r"^/collections/([^/]+)/points$"), lambda m, b: upsert_points(m.group(1), b)),
    ("POST", re.compile(r"^/collections/([^/]+)/points/search$"), lambda m, b: search(m.group(1), b)),
    # The whole collection as one document: what a backup keeps and a restore PUTs back.
    ("GET", re.compile(r"^/collections/([^/]+)/snapshot$"), lambda m, b: require_collection(m.group(1))),
    ("PUT", re.compile(r"^/collections/([^/]+)/snapshot$"), lambda m, b: restore(m.group(1), b)),
]


class Handler(BaseHTTPRequestHandler):
    server_version = "berth-vector-store/1"

    def handle_any(self, method):
        try:
            status, body = 200, self.route(method)
        except ApiError as error:
            status, body = error.status, {"error": str(error)}
        except (ValueError, KeyError, TypeError) as error:
            status, body = 400, {"error": f"bad request: {error}"}
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def route(self, method):
        path = self.path.split("?", 1)[0]
        for route_method, pattern, action in ROUTES:
            match = pattern.match(path)
            if match and route_method == method:
                if any(not NAME.match(group) for group in match.groups()):
                    raise ApiError(400, "collection names are letters, digits, _ and -")
                with lock:
                    return action(match, self.read_body())
        raise ApiError(404, f"no route for {method} {path}")

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length == 0:
            return {}
        body = json.loads(self.rfile.read(length))
        if not isinstance(body, dict):
            raise ApiError(400, "the body must be a JSON object")
        return body

    def do_GET(self):
        self.handle_any("GET")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_POST(self):
        self.handle_any("POST")

    def log_message(self, format, *args):
        if not self.path.startswith("/healthz"):
            log(f"{self.address_string()} {format % args}")


def main():
    load_all()
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    # As PID 1 Python would ignore SIGTERM and `docker stop` would wait for its SIGKILL.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    log(f"vector-store: listening on :{PORT}")
    server.serve_forever()
    log("vector-store: stopped")
    sys.exit(0)


if __name__ == "__main__":
    main()
