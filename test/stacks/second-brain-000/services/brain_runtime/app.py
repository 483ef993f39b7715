"""Backend of the report-000 seed stack: personas and notes in Postgres, note search through the
vector store. /health answers 200 only when Postgres has every migration and the vector store
answers, so the healthcheck means "ready to serve", not "process alive"."""
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from brain_runtime import vectors
from brain_runtime.db import connect, latest_version
from processors.embed import embed

app = FastAPI(title="second-brain backend")


class NoteIn(BaseModel):
    title: str
    body: str


@app.on_event("startup")
def startup():
    vectors.ensure_collection()


@app.get("/health")
def health():
    problems = []
    try:
        connection = connect()
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT max(version) FROM schema_migrations")
            current = cursor.fetchone()[0]
        connection.close()
        if current != latest_version():
            problems.append(f"schema at {current}, expected {latest_version()}: run the migrate job")
    except Exception as error:
        problems.append(f"postgres: {error}")
    try:
        vectors.call("GET", "/healthz")
    except Exception as error:
        problems.append(f"vector store: {error}")
    if problems:
        return JSONResponse({"status": "unavailable", "problems": problems}, status_code=503)
    return {"status": "ok", "schema": latest_version()}


@app.get("/personas")
def personas():
    connection = connect()
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT name, style FROM personas ORDER BY id")
        rows = cursor.fetchall()
    connection.close()
    return {"personas": [{"name": name, "style": style} for name, style in rows]}


@app.post("/notes", status_code=201)
def create_note(note: NoteIn):
    connection = connect()
    with connection, connection.cursor() as cursor:
        cursor.execute("INSERT INTO notes (title, body) VALUES (%s, %s) RETURNING id", (note.title, note.body))
        note_id = cursor.fetchone()[0]
    connection.close()
    vectors.upsert(note_id, embed(f"{note.title} {note.body}"), {"title": note.title})
    return {"id": note_id, "title": note.title}


@app.get("/notes/search")
def search_notes(q: str, limit: int = 3):
    if not q.strip():
        raise HTTPException(status_code=400, detail="q must not be empty")
    return {"hits": vectors.search(embed(q), limit)}
