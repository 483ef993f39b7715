import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a request whose Host is not one the server answers to: a page on another site that
 * rebinds its DNS name to 127.0.0.1 still sends its own name as Host.
 */
export function hostGuard(allowedHosts: readonly string[] | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (allowedHosts !== undefined && !allowedHosts.includes(new URL(c.req.url).host)) return c.json({ error: "host not allowed" }, 421);
    await next();
  };
}

/**
 * Refuses a mutation sent from another site: a browser says where a request comes from in
 * Origin and Sec-Fetch-Site; tools such as curl send neither and need the token anyway.
 */
export function sameOriginGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (!safeMethods.has(c.req.method) && isCrossSite(c.req.url, c.req.header("origin"), c.req.header("sec-fetch-site"))) {
      return c.json({ error: "cross-site request refused" }, 403);
    }
    await next();
  };
}

export function isCrossSite(url: string, origin: string | undefined, fetchSite: string | undefined): boolean {
  if (fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  return origin !== undefined && origin !== new URL(url).origin;
}

/** Every mutation needs the token, as `Authorization: Bearer …` or `X-Berth-Token: …`. */
export function tokenGuard(token: string): MiddlewareHandler {
  return async (c, next) => {
    if (!safeMethods.has(c.req.method) && !tokenMatches(token, presentedToken(c.req.header("authorization"), c.req.header("x-berth-token")))) {
      return c.json({ error: "a token is required: Authorization: Bearer TOKEN or X-Berth-Token (printed by berth serve, or BERTH_SERVE_TOKEN)" }, 401);
    }
    await next();
  };
}

function presentedToken(authorization: string | undefined, header: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  return bearer ?? header;
}

// Constant time, so response timing does not reveal how much of a guess was right.
function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
