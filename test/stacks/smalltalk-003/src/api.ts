// The API server (port 3000 by default): sessions and their messages.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { config } from "./config.js";
import { countRequest, countSession } from "./metrics.js";
import { readJson, sendJson } from "./http-util.js";
import { addMessage, createSession, findSession } from "./store.js";

const SESSION_PATH = /^\/sessions\/([0-9a-f-]{36})(\/messages)?$/;

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  if (request.method === "GET" && path === "/") {
    countRequest("/");
    return sendJson(response, 200, { name: "SmallTalk", version: config.version, status: "running" });
  }
  if (request.method === "POST" && path === "/sessions") {
    countRequest("/sessions");
    const body = await readJson(request);
    if (typeof body["user"] !== "string" || body["user"] === "") return sendJson(response, 400, { error: "user is required" });
    countSession();
    return sendJson(response, 201, await createSession(body["user"]));
  }
  const match = SESSION_PATH.exec(path);
  if (match) return sessionRoute(request, response, match[1] as string, match[2] !== undefined);
  sendJson(response, 404, { error: `no route ${request.method} ${path}` });
}

async function sessionRoute(request: IncomingMessage, response: ServerResponse, id: string, messages: boolean): Promise<void> {
  countRequest(messages ? "/sessions/:id/messages" : "/sessions/:id");
  const found = await findSession(id);
  if (!found) return sendJson(response, 404, { error: `no session ${id}` });
  if (!messages && request.method === "GET") return sendJson(response, 200, found);
  if (messages && request.method === "POST") {
    const body = await readJson(request);
    if (typeof body["text"] !== "string") return sendJson(response, 400, { error: "text is required" });
    return sendJson(response, 201, { messages: await addMessage(id, body["text"]) });
  }
  sendJson(response, 405, { error: `${request.method} not allowed here` });
}

export function createApiServer(): Server {
  return createServer((request, response) => {
    route(request, response).catch((error: Error) => {
      console.error(`api: ${request.method} ${request.url}: ${error.message}`);
      if (!response.headersSent) sendJson(response, 500, { error: "internal error" });
    });
  });
}
