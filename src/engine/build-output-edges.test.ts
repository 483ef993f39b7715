import { describe, expect, it } from "vitest";
import { BuildOutput, type BuildMessage } from "./build-output.js";

function run(messages: readonly BuildMessage[]) {
  const output = new BuildOutput();
  const progress = messages.flatMap((message) => output.accept(message));
  return { progress: progress.map((p) => p.text), result: output.result() };
}

describe("BuildOutput, odd streams", () => {
  it("joins lines split across messages, and CRLF line ends, into whole lines", () => {
    const { progress } = run([{ stream: "Step 1/2 : FROM app:1\r\n ---> ab" }, { stream: "c123\r\nStep 2/2 : RUN make" }, { stream: "\n" }, { aux: { ID: "sha256:1" } }]);
    expect(progress).toEqual(["Step 1/2 : FROM app:1", " ---> abc123", "Step 2/2 : RUN make"]);
  });

  it("keeps a last line that never got its newline, in the log", () => {
    const { progress, result } = run([{ stream: "Step 1/1 : RUN echo hi\n" }, { stream: "hi" }, { aux: { ID: "sha256:2" } }]);
    expect(progress).toEqual(["Step 1/1 : RUN echo hi"]);
    expect(result).toEqual({ ok: true, imageId: "sha256:2", log: "Step 1/1 : RUN echo hi\nhi" });
  });

  it("shows pull progress of a FROM image (status messages) as lines", () => {
    expect(run([{ status: "Pulling from library/node" }, { status: "Digest: sha256:abc" }]).progress).toEqual(["Pulling from library/node", "Digest: sha256:abc"]);
  });

  it("strips the builder's colours from a step's output, and leaves bookkeeping lines out of it", () => {
    const { result } = run([
      { stream: "Step 1/1 : RUN npm ci\n" },
      { stream: " ---> Running in 5f3e\n" },
      { stream: "\u001b[91mnpm ERR! code E404\n\u001b[0m" },
      { stream: "Removing intermediate container 5f3e\n" },
      { error: "The command '/bin/sh -c npm ci' returned a non-zero code: 1" },
    ]);
    expect(result).toMatchObject({ ok: false, failedStepOutput: ["npm ERR! code E404"], error: "The command '/bin/sh -c npm ci' returned a non-zero code: 1" });
    expect(result.log).not.toContain("\u001b[");
  });

  it("takes the detailed message over the short one, and prints it once as the last line", () => {
    const { progress, result } = run([{ stream: "Step 1/1 : COPY missing.txt .\n" }, { error: "COPY failed", errorDetail: { message: "COPY failed: file not found in build context: stat missing.txt: file does not exist" } }]);
    expect(result.error).toBe("COPY failed: file not found in build context: stat missing.txt: file does not exist");
    expect(progress.at(-1)).toBe(result.error);
    expect(result.failedStepOutput).toEqual([]);
  });

  it("fails with the request's own error over anything the stream said, and without a step when none began", () => {
    const output = new BuildOutput();
    output.accept({ aux: { ID: "sha256:3" } });
    expect(output.result("the build was cancelled")).toEqual({ ok: false, log: "", error: "the build was cancelled" });
    expect(run([{ error: "dockerfile parse error line 3: unknown instruction: RUNN" }]).result).toEqual({ ok: false, log: "dockerfile parse error line 3: unknown instruction: RUNN", error: "dockerfile parse error line 3: unknown instruction: RUNN" });
  });
});
