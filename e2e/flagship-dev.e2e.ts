import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE, composeRunner, connectSocket, postNote, secret, waitFor, waitHealthy } from "./support/flagship.js";

// The flagship's development override (compose.yaml + compose.dev.yaml) on the real engine:
// Vite's dev server proxies /api and the websocket, and edits to the mounted sources reach the
// running stack without a rebuild. It runs on a copy of the example, so the edits never touch
// the repository.

const PROJECT = "berthe2e-flagship-dev";
const FRONTEND_PORT = 18302;
const BASE = `http://127.0.0.1:${FRONTEND_PORT}`;
const SKIPPED = new Set(["node_modules", "dist", ".env"]);

let copy = "";
let compose: ReturnType<typeof composeRunner>;

async function edit(path: string, from: string, to: string): Promise<void> {
  const file = join(copy, path);
  const text = await readFile(file, "utf8");
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to)); // in place: bind mounts follow the inode
}

describe("flagship development override (compose.dev.yaml)", () => {
  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), "berthe2e-flagship-dev-"));
    await cp(EXAMPLE, copy, { recursive: true, filter: (source) => !SKIPPED.has(basename(source)) });
    compose = composeRunner({
      project: PROJECT,
      cwd: copy,
      files: ["compose.yaml", "compose.dev.yaml"],
      env: { FRONTEND_PORT: String(FRONTEND_PORT), POSTGRES_PASSWORD: secret(), REDIS_PASSWORD: secret() },
    });
    await compose(["down", "-v", "--remove-orphans"]);
    await compose(["build"], 600_000);
    await compose(["up", "-d"]);
    await waitHealthy(compose, ["postgres", "redis", "backend", "frontend"], 120_000);
  });

  afterAll(async () => {
    await compose?.(["down", "-v", "--remove-orphans"]);
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it("serves the app from Vite's dev server, proxying REST and the websocket", async () => {
    expect(await (await fetch(BASE)).text()).toContain("/@vite/client");
    const socket = await connectSocket(BASE);
    try {
      const pushed = new Promise<{ note: { text: string } }>((resolve) => socket.once("note:created", resolve));
      expect((await postNote(BASE, "through vite")).status).toBe(201);
      expect((await pushed).note.text).toBe("through vite");
    } finally {
      socket.close();
    }
  });

  it("restarts the backend on a source edit (tsx watch)", async () => {
    await edit("backend/src/http/ops-routes.ts", "instance: hostname() }", "instance: hostname(), edited: true }");
    const body = await waitFor("the edited /api/version", async () => {
      const version = (await (await fetch(`${BASE}/api/version`)).json()) as { edited?: boolean };
      return version.edited ? version : undefined;
    }, 60_000);
    expect(body).toMatchObject({ edited: true });
  });

  it("serves an edited frontend module at once (Vite)", async () => {
    await edit("frontend/src/about-view.ts", "About this example", "About this edited example");
    const module = await waitFor("the edited module", async () => {
      const text = await (await fetch(`${BASE}/src/about-view.ts`)).text();
      return text.includes("About this edited example") ? text : undefined;
    }, 30_000);
    expect(module).toContain("About this edited example");
  });
});
