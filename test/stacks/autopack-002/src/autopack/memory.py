"""Vector memory through the vector store (the stand-in for Qdrant, see the stack's README)."""
import hashlib
import json
import math
import os
import re
import urllib.request

BASE = os.environ.get("AUTOPACK_VECTOR_URL", "http://vectors:6333")
COLLECTION = "memory"
DIMENSIONS = 16


def embed(text):
    """A deterministic hashed bag of words: enough for nearest-text search in a test stack."""
    vector = [0.0] * DIMENSIONS
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        vector[hashlib.sha256(word.encode()).digest()[0] % DIMENSIONS] += 1.0
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [round(x / norm, 6) for x in vector]


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{BASE}{path}", data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def ensure_collection():
    call("PUT", f"/collections/{COLLECTION}", {"size": DIMENSIONS})


def remember(memory_id, text):
    call("PUT", f"/collections/{COLLECTION}/points", {"points": [{"id": memory_id, "vector": embed(text), "payload": {"text": text}}]})


def recall(query, limit):
    return call("POST", f"/collections/{COLLECTION}/points/search", {"vector": embed(query), "limit": limit})["result"]
