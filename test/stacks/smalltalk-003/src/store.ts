// Sessions and messages: Postgres is the record, Redis a cache with a TTL in front of it.
import pg from "pg";
import { createClient } from "redis";
import { config } from "./config.js";

export const db = new pg.Pool({ connectionString: config.postgresUrl, max: 5, connectionTimeoutMillis: 3000 });
export const cache = createClient({ url: config.redisUrl, socket: { connectTimeout: 3000 } });
cache.on("error", (error: Error) => console.error(`redis: ${error.message}`));

export interface Session {
  readonly id: string;
  readonly userName: string;
  readonly messages: number;
}

export async function createSession(userName: string): Promise<Session> {
  const { rows } = await db.query<{ id: string }>("INSERT INTO sessions (user_name) VALUES ($1) RETURNING id", [userName]);
  const session = { id: rows[0]!.id, userName, messages: 0 };
  await cache.set(`session:${session.id}`, JSON.stringify(session), { EX: config.sessionTtlSeconds });
  return session;
}

export async function findSession(id: string): Promise<{ session: Session; source: "cache" | "db" } | undefined> {
  const cached = await cache.get(`session:${id}`);
  if (cached) return { session: JSON.parse(cached) as Session, source: "cache" };
  const { rows } = await db.query<{ id: string; user_name: string; messages: string }>(
    "SELECT s.id, s.user_name, count(m.id) AS messages FROM sessions s LEFT JOIN chat_messages m ON m.session_id = s.id WHERE s.id = $1 GROUP BY s.id",
    [id],
  );
  const row = rows[0];
  return row ? { session: { id: row.id, userName: row.user_name, messages: Number(row.messages) }, source: "db" } : undefined;
}

export async function addMessage(sessionId: string, text: string): Promise<number> {
  await db.query("INSERT INTO chat_messages (session_id, body) VALUES ($1, $2)", [sessionId, text]);
  await cache.del(`session:${sessionId}`);
  const { rows } = await db.query<{ count: string }>("SELECT count(*) FROM chat_messages WHERE session_id = $1", [sessionId]);
  return Number(rows[0]!.count);
}
