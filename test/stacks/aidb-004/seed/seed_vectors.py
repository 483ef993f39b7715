"""One-shot job: puts AIDB's document vectors into the vector store, so the stack has vector
data to back up. Idempotent: upserting the same ids again changes nothing."""
import json
import os
import urllib.request

BASE = os.environ.get("VECTOR_STORE_URL", "http://vectors:6333")
POINTS = [
    {"id": 1, "vector": [0.9, 0.1, 0.0, 0.0], "payload": {"title": "backup runbook"}},
    {"id": 2, "vector": [0.1, 0.9, 0.1, 0.0], "payload": {"title": "vector snapshots"}},
    {"id": 3, "vector": [0.0, 0.1, 0.9, 0.2], "payload": {"title": "rollback"}},
]


def call(method, path, body):
    request = urllib.request.Request(f"{BASE}{path}", data=json.dumps(body).encode(), method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


print(call("PUT", "/collections/documents", {"size": 4}))
print(call("PUT", "/collections/documents/points", {"points": POINTS}))
