import { describe, expect, it } from "vitest";
import { BuildOutput, type BuildMessage } from "./build-output.js";

// Recorded from engine 20.10's /build (classic builder): a two-stage build whose second stage fails.
const failing: BuildMessage[] = [
  { stream: "Step 1/5 : FROM debian:bookworm-slim AS base" },
  { stream: "\n" },
  { stream: " ---> 872f265ce450\n" },
  { stream: "Step 2/5 : ARG GREETING=hi" },
  { stream: "\n" },
  { stream: " ---> Using cache\n" },
  { stream: " ---> 896d851c408f\n" },
  { stream: 'Step 3/5 : RUN echo "$GREETING from build"' },
  { stream: "\n" },
  { stream: " ---> Using cache\n" },
  { stream: " ---> 6482c164dbd8\n" },
  { aux: { ID: "sha256:6482c164dbd802d5ec2c8db4d85baaf2a80d4c43198d347e1f259b0461203362" } },
  { stream: "Step 4/5 : FROM base AS fail" },
  { stream: "\n" },
  { stream: " ---> 6482c164dbd8\n" },
  { stream: "Step 5/5 : RUN echo about to fail && echo err >&2 && exit 3" },
  { stream: "\n" },
  { stream: " ---> Running in f83879371158\n" },
  { stream: "about to fail\n" },
  { stream: "\u001b[91merr\n\u001b[0m" },
  { stream: "Removing intermediate container f83879371158\n" },
  {
    errorDetail: {
      code: 3,
      message:
        "The command '/bin/sh -c echo about to fail && echo err >&2 && exit 3' returned a non-zero code: 3",
    },
    error:
      "The command '/bin/sh -c echo about to fail && echo err >&2 && exit 3' returned a non-zero code: 3",
  },
];

const succeeding: BuildMessage[] = [
  { stream: "Step 1/2 : FROM debian:bookworm-slim" },
  { stream: "\n ---> 872f265ce450\nStep 2/2 : RUN echo yo\n" },
  { stream: " ---> Running in 0581bfca48e1\nyo\n" },
  { stream: "Removing intermediate container 0581bfca48e1\n ---> 6482c164dbd8\n" },
  { aux: { ID: "sha256:6482c164dbd8" } },
  { stream: "Successfully built 6482c164dbd8\nSuccessfully tagged berthe2e-engine:1\n" },
];

describe("BuildOutput", () => {
  it("reports the failing step, its own output and the builder's error", () => {
    const output = new BuildOutput();
    for (const message of failing) output.accept(message);
    const result = output.result();
    expect(result.ok).toBe(false);
    expect(result.failedStep).toEqual({
      index: 5,
      total: 5,
      instruction: "RUN echo about to fail && echo err >&2 && exit 3",
    });
    expect(result.failedStepOutput).toEqual(["about to fail", "err"]);
    expect(result.error).toMatch(/returned a non-zero code: 3$/);
    expect(result.log).toContain("Step 4/5 : FROM base AS fail");
  });

  it("emits one progress line per complete line, with the step when one starts", () => {
    const output = new BuildOutput();
    const progress = succeeding.flatMap((message) => output.accept(message));
    expect(progress.filter((line) => line.step !== undefined).map((line) => line.step?.index)).toEqual([
      1, 2,
    ]);
    expect(progress.map((line) => line.text)).toContain("yo");
    expect(output.result()).toMatchObject({ ok: true, imageId: "sha256:6482c164dbd8" });
  });

  it("fails a build that produced no image, or that the request itself refused", () => {
    expect(new BuildOutput().result()).toMatchObject({
      ok: false,
      error: "the build ended without an image",
    });
    expect(new BuildOutput().result("Cannot locate specified Dockerfile: Nope")).toMatchObject({
      ok: false,
      error: "Cannot locate specified Dockerfile: Nope",
    });
  });
});
