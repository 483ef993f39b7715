import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeEngine } from "../../engine/fake-engine.js";
import { composeLabel } from "../../engine/labels.js";
import { BufferSink, type CliIO } from "../io.js";
import { runCli } from "../main.js";

/*
 * `berth logs -f` in-process on an in-memory engine whose log chunks end anywhere, as the real
 * engine's do: every line printed whole with one prefix, and a secret cut across two chunks
 * still printed as ***.
 */
const engines = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("../connect-engine.js", () => ({ connectEngine: async () => engines.current }));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const token = "tok-never-printed-7731";

/** `berth logs -f` on a container whose log holds these chunks, stopped (Ctrl-C) once `until` is printed. */
async function following(chunks: readonly string[], until: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "berth-logs-follow-"));
  dirs.push(dir);
  writeFileSync(join(dir, "compose.yaml"), `name: shop\nservices:\n  api:\n    image: node:20-bookworm-slim\n    environment: { API_TOKEN: ${token} }\n`);
  const engine = new FakeEngine({ images: ["node:20-bookworm-slim"] });
  engines.current = engine;
  await engine.createContainer({ name: "shop-api-1", Image: "node:20-bookworm-slim", Labels: { [composeLabel.project]: "shop", [composeLabel.service]: "api", [composeLabel.number]: "1" } });
  await engine.startContainer("shop-api-1");
  for (const chunk of chunks) engine.writeLog("shop-api-1", chunk);
  const stdout = new BufferSink();
  const controller = new AbortController();
  const io: CliIO = { stdout, stderr: new BufferSink(), env: { DOCKER_HOST: "unix:///nonexistent/berth-test/docker.sock", BERTH_STATE_DIR: join(dir, ".state") }, cwd: dir, isTTY: false, signal: controller.signal };
  const run = runCli(["logs", "-f"], io);
  await vi.waitFor(() => expect(stdout.text).toContain(until), { timeout: 5000 });
  controller.abort();
  expect(await run).toBe(0);
  return stdout.text;
}

describe("berth logs -f", () => {
  it("prints a line cut across chunks once, whole, with one prefix", async () => {
    expect(await following(["listening ", "on 30", "00\nready\n"], "ready")).toBe("api-1 | listening on 3000\napi-1 | ready\n");
  });

  it("redacts a secret cut in two by the chunks", async () => {
    const text = await following([`token is ${token.slice(0, 9)}`, `${token.slice(9)} (from env)\n`], "env");
    expect(text).not.toContain(token.slice(0, 9));
    expect(text).toBe("api-1 | token is *** (from env)\n");
  });

  it("prints a last line without its newline when the follow ends", async () => {
    expect(await following(["ok\nPassword: "], "ok")).toBe("api-1 | ok\napi-1 | Password: \n");
  });
});
