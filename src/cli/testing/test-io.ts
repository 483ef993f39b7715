import { BufferSink, type CliIO } from "../io.js";

/** A CliIO for tests: output collected in buffers, no terminal, a signal nobody aborts. */
export function testIO(cwd = process.cwd(), env: Record<string, string> = {}) {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const io: CliIO = { stdout, stderr, env, cwd, isTTY: false, signal: new AbortController().signal };
  return { io, stdout, stderr };
}
