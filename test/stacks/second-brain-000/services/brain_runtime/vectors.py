"""Client of the vector store service (the stand-in for ChromaDB, see the stack's README)."""
import json
import os
import urllib.request

from processors.embed import DIMENSIONS

BASE = os.environ.get("VECTOR_STORE_URL", "http://vectors:6333")
COLLECTION = "notes"


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{BASE}{path}", data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def ensure_collection():
    call("PUT", f"/collections/{COLLECTION}", {"size": DIMENSIONS})


def upsert(point_id, vector, payload):
    call("PUT", f"/collections/{COLLECTION}/points", {"points": [{"id": point_id, "vector": vector, "payload": payload}]})


def search(vector, limit):
    return call("POST", f"/collections/{COLLECTION}/points/search", {"vector": vector, "limit": limit})["result"]
