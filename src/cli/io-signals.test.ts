import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// A child process with berth's clean-stop handlers installed computes synchronously (bounded to
// 60 s); the signal comes once it says it is busy. With killableWhile the signal ends it at once
// (killed by the signal: the shell's 130/143); without it, the handler would only run when the
// work returns, and the child would exit 0 after its full minute.

const tsx = new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;
const io = fileURLToPath(new URL("./io.ts", import.meta.url));

function busyChild() {
  const script = `
    import { killableWhile } from ${JSON.stringify(io)};
    const controller = new AbortController();
    process.on("SIGINT", () => controller.abort());
    process.on("SIGTERM", () => controller.abort());
    const work = () => { process.stdout.write("busy\\n"); const end = Date.now() + 60000; while (Date.now() < end); return "done"; };
    const result = killableWhile(work);
    process.stdout.write(result + " " + process.listenerCount("SIGINT") + "\\n");
  `;
  const child = spawn(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "ignore"] });
  const busy = new Promise<void>((resolve) => child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("busy") && resolve()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { child, busy, exited };
}

describe.runIf(process.platform !== "win32")("killableWhile: signals during synchronous work", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} ends the process during the work, though clean-stop handlers are installed`, async () => {
      const { child, busy, exited } = busyChild();
      await busy;
      child.kill(signal);
      expect(await exited).toEqual({ code: null, signal });
    }, 90_000);
  }

  it("the handlers are back once the work returns", async () => {
    const script = `
      import { killableWhile } from ${JSON.stringify(io)};
      process.on("SIGINT", () => {});
      process.on("SIGTERM", () => {});
      const value = killableWhile(() => 42);
      let threw = "";
      try { killableWhile(() => { throw new Error("load failed"); }); } catch (error) { threw = error.message; }
      process.stdout.write(JSON.stringify([value, threw, process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]));
    `;
    const child = spawn(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await new Promise((resolve) => child.on("exit", resolve));
    expect(JSON.parse(out)).toEqual([42, "load failed", 1, 1]);
  }, 60_000);
});
