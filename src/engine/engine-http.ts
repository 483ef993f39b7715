import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import type { EngineEndpoint } from "./docker-host.js";

/*
 * The Engine API over Node's own http: a unix socket, TCP, or TCP with TLS (the client
 * certificates the endpoint carries). berth's calls are plain HTTP requests; this replaces
 * dockerode on the paths every command takes, because loading dockerode (ssh2, gRPC, tar-fs)
 * cost ~165 ms of every `berth up`. Failures keep the shape engine-errors.ts maps
 * (statusCode, json, reason; Node's system errors as they are).
 */

/** A query parameter: objects (filters) go as JSON, undefined ones are left out. */
export type QueryValue = string | number | boolean | object | undefined;

export interface EngineRequest {
  readonly method?: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  /** The API path without the version prefix: `/containers/json`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** An object is sent as JSON; a Buffer or a stream as it is (`contentType` names it). */
  readonly body?: unknown;
  readonly contentType?: string;
  /** Aborting destroys the request (and a response being read): the failure is an AbortError. */
  readonly signal?: AbortSignal;
}

export interface EngineHttpOptions {
  /** The API version to speak (`1.41`); without it, paths have no version prefix. */
  readonly version?: string;
  /** Gives up on a request the engine does not answer for this long (ETIMEDOUT). */
  readonly timeoutMs?: number;
}

/** An answer of 3xx, 4xx or 5xx, with the engine's message (shaped as engine-errors.ts reads it). */
export class EngineHttpFailure extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    readonly json: unknown,
  ) {
    super(`(HTTP code ${statusCode}) ${reason} - ${messageOf(json)}`);
    this.name = "EngineHttpFailure";
  }
}

function messageOf(json: unknown): string {
  if (typeof json === "object" && json !== null && typeof (json as { message?: unknown }).message === "string") return (json as { message: string }).message;
  return typeof json === "string" ? json.trim() : "";
}

/** `?a=1&filters={...}`: the Engine API's query, or "" when there is none. */
export function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.append(key, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** One client of one engine endpoint. Connections are not kept: each request opens its own, as dockerode did. */
export class EngineHttp {
  private readonly prefix: string;

  constructor(
    private readonly endpoint: EngineEndpoint,
    private readonly options: EngineHttpOptions = {},
  ) {
    this.prefix = options.version === undefined ? "" : `/v${options.version}`;
  }

  /** This client speaking another API version (after the version negotiation). */
  withVersion(version: string): EngineHttp {
    return new EngineHttp(this.endpoint, { ...this.options, version });
  }

  /** The response of a 2xx answer, its body unread; any other status rejects with an EngineHttpFailure. */
  send(request: EngineRequest): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const outgoing = (this.endpoint.kind === "tcp" && this.endpoint.tls ? httpsRequest : httpRequest)(this.requestOptions(request), (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve(response);
        readBody(response, request.signal).then((body) => reject(new EngineHttpFailure(status, response.statusMessage ?? "", parseBody(body))), reject);
      });
      outgoing.on("error", (error) => reject(abortedOr(error, request.signal)));
      const timeoutMs = this.options.timeoutMs;
      if (timeoutMs !== undefined) {
        outgoing.setTimeout(timeoutMs, () => outgoing.destroy(Object.assign(new Error(`the engine did not answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
      }
      writeBody(outgoing, request.body);
    });
  }

  /** The parsed JSON answer (undefined for an empty body). */
  async json<T>(request: EngineRequest): Promise<T> {
    return parseBody(await this.buffer(request)) as T;
  }

  /** The whole body of the answer. */
  async buffer(request: EngineRequest): Promise<Buffer> {
    return readBody(await this.send(request), request.signal);
  }

  /** A request whose answer matters only by its status. */
  async call(request: EngineRequest): Promise<void> {
    await this.buffer(request);
  }

  private requestOptions(request: EngineRequest): RequestOptions {
    const headers: Record<string, string> = {};
    const body = request.body;
    if (body !== undefined) headers["Content-Type"] = request.contentType ?? (isRaw(body) ? "application/octet-stream" : "application/json");
    const base: RequestOptions = {
      method: request.method ?? "GET",
      path: `${this.prefix}${request.path}${queryString(request.query)}`,
      headers,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    };
    const endpoint = this.endpoint;
    if (endpoint.kind === "socket") return { ...base, socketPath: endpoint.socketPath };
    return { ...base, host: endpoint.host, port: endpoint.port, ...(endpoint.tls ?? {}) };
  }
}

const isRaw = (body: unknown): body is Buffer | Readable => Buffer.isBuffer(body) || body instanceof Readable;

function writeBody(outgoing: ReturnType<typeof httpRequest>, body: unknown): void {
  if (body === undefined) return void outgoing.end();
  if (body instanceof Readable) {
    body.on("error", (error) => outgoing.destroy(error));
    return void body.pipe(outgoing);
  }
  outgoing.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

/** JSON when the body is JSON (the engine's `null` too), the text otherwise, undefined when empty. */
function parseBody(body: Buffer): unknown {
  const text = body.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function readBody(response: IncomingMessage, signal: AbortSignal | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of response) chunks.push(chunk as Buffer);
  } catch (error) {
    throw abortedOr(error, signal);
  }
  return Buffer.concat(chunks);
}

/** A failure caused by the caller's abort is an AbortError, whatever the socket said. */
function abortedOr(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted !== true) return error;
  return Object.assign(new Error("the request was aborted"), { name: "AbortError", code: "ABORT_ERR", cause: error });
}
