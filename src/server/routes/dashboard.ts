import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";

const publicDir = join(dirname(fileURLToPath(import.meta.url)), "..", "public");
const require = createRequire(import.meta.url);
// Beside each package's main entry (htm exports no package.json to resolve).
const distFile = (name: string, file: string) => join(dirname(require.resolve(name)), file);

// The front-end toolkit, served as ES modules straight from node_modules (no bundling step):
// a fixed list, so no request path ever reaches the file system.
// Maps, not plain objects: a request for `constructor` or `__proto__` must find nothing.
const vendorFiles: ReadonlyMap<string, () => string> = new Map([
  ["preact.js", () => distFile("preact", "preact.module.js")],
  ["preact-hooks.js", () => distFile("preact/hooks", "hooks.module.js")],
  ["htm.js", () => distFile("htm", "htm.module.js")],
]);
const publicFiles: ReadonlyMap<string, string> = new Map([
  ["app.js", "text/javascript; charset=utf-8"],
  ["style.css", "text/css; charset=utf-8"],
]);

const importMap = JSON.stringify({ imports: { preact: "/vendor/preact.js", "preact/hooks": "/vendor/preact-hooks.js", htm: "/vendor/htm.js" } });
// The inline import map is allowed by its hash; nothing else inline runs.
const contentSecurityPolicy = `default-src 'none'; script-src 'self' 'sha256-${createHash("sha256").update(importMap).digest("base64")}'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

/** The dashboard: one HTML page, its script and style, and the vendored Preact and htm modules. */
export function dashboardRoutes(): Hono {
  const route = new Hono();
  const cache = new Map<string, string>();
  const read = (path: string) => cache.get(path) ?? cache.set(path, readFileSync(path, "utf8")).get(path) ?? "";
  route.use("*", async (c, next) => {
    await next();
    c.header("Content-Security-Policy", contentSecurityPolicy);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
  });
  route.get("/", (c) => c.html(read(join(publicDir, "index.html")).replace("{{IMPORT_MAP}}", importMap)));
  route.get("/assets/:file", (c) => {
    const type = publicFiles.get(c.req.param("file"));
    if (type === undefined) return c.notFound();
    c.header("Content-Type", type);
    return c.body(read(join(publicDir, c.req.param("file"))));
  });
  route.get("/vendor/:file", (c) => {
    const locate = vendorFiles.get(c.req.param("file"));
    if (locate === undefined) return c.notFound();
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "max-age=3600");
    return c.body(read(locate()));
  });
  return route;
}
