import { describe, expect, it } from "vitest";
import { buildArgs, failureText, outcomeLine } from "./build.js";

describe("berth build", () => {
  it("takes --build-arg KEY=VALUE, and KEY alone from the environment as docker does", () => {
    expect(buildArgs(["A=1", "B=x=y", "C"], { C: "from-env" })).toEqual({ A: "1", B: "x=y", C: "from-env" });
    expect(buildArgs(["UNSET"], {})).toEqual({});
    expect(() => buildArgs(["=1"], {})).toThrow("--build-arg =1: expected NAME=VALUE");
    expect(() => buildArgs(["A B=1"], {})).toThrow(/expected NAME=VALUE/);
  });

  it("says what was built, with the short image id", () => {
    expect(outcomeLine("api", "shop-api", { ok: true, log: "", imageId: "sha256:0123456789abcdef" })).toBe("api: built shop-api (0123456789ab)\n");
    expect(outcomeLine("api", "shop-api", { ok: false, log: "" })).toBe("api: build of shop-api failed\n");
  });

  it("names the failing step and its last ten output lines", () => {
    const output = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
    const text = failureText("api", { ok: false, log: "", error: "exit code: 9", failedStep: { index: 4, total: 4, instruction: "RUN make" }, failedStepOutput: output });
    expect(text.split("\n")).toEqual(["error: api: exit code: 9", "  failing step 4/4: RUN make", ...output.slice(2).map((line) => `    ${line}`), ""]);
    expect(failureText("api", { ok: false, log: "" })).toBe("error: api: the build failed\n");
  });
});
