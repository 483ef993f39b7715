"""API of the report-002 seed stack, served under /api behind nginx."""
import uuid

from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from autopack import memory
from autopack.db import connect, init_db

app = FastAPI(title="autopack")


class RunIn(BaseModel):
    name: str


class MemoryIn(BaseModel):
    text: str


@app.on_event("startup")
def startup():
    init_db()
    memory.ensure_collection()


@app.get("/api/health")
def health():
    try:
        connection = connect()
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        connection.close()
        memory.call("GET", "/healthz")
    except Exception as error:
        return JSONResponse({"status": "unavailable", "error": str(error)}, status_code=503)
    return {"status": "ok"}


@app.get("/api/runs")
def list_runs():
    connection = connect()
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT name, status FROM runs ORDER BY created_at, name")
        rows = cursor.fetchall()
    connection.close()
    return {"runs": [{"name": name, "status": status} for name, status in rows]}


@app.post("/api/runs", status_code=201)
def create_run(run: RunIn):
    connection = connect()
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("INSERT INTO runs (name, status) VALUES (%s, 'queued') RETURNING id", (run.name,))
            run_id = cursor.fetchone()[0]
    except Exception as error:
        raise HTTPException(status_code=409, detail=f"run {run.name} not created: {error}") from error
    finally:
        connection.close()
    return {"id": run_id, "name": run.name, "status": "queued"}


@app.post("/api/memory", status_code=201)
def remember(item: MemoryIn):
    memory_id = str(uuid.uuid4())
    memory.remember(memory_id, item.text)
    return {"id": memory_id}


@app.get("/api/memory/search")
def recall(q: str, limit: int = 3):
    return {"hits": memory.recall(q, limit)}
