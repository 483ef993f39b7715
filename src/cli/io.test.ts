import { getMaxListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { processIO } from "./io.js";

describe("processIO", () => {
  it("lets one wait per service listen for Ctrl-C without Node's leak warning (50 services are not a leak)", () => {
    const controller = new AbortController();
    const io = processIO(controller.signal);
    expect(io.signal).toBe(controller.signal);
    expect(getMaxListeners(controller.signal)).toBeGreaterThanOrEqual(200);
  });
});
