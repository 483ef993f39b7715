"""A tiny, deterministic text embedding (hashed bag of words): enough for the seed stack's
vector search to return the note that shares the most words with the query. It lives outside
brain_runtime on purpose: report 000's backend failed with "processors module missing" until the
build context was widened to ./services."""
import hashlib
import math
import re

DIMENSIONS = 16


def embed(text):
    vector = [0.0] * DIMENSIONS
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        digest = hashlib.sha256(word.encode()).digest()
        vector[digest[0] % DIMENSIONS] += 1.0
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [round(x / norm, 6) for x in vector]
