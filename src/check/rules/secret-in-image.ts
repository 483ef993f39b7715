import { posix } from "node:path";
import { contextCopies } from "../helpers/build-facts.js";
import { isSecretFile } from "../helpers/secret-files.js";
import { isSecretKey } from "../helpers/service-facts.js";
import { stageChain, type DockerInstruction } from "../sources/dockerfile.js";
import { defineRule } from "../rule.js";

export const secretInImage = defineRule({
  id: "secret-in-image",
  group: "dockerfile",
  severity: "error",
  title: "Secret baked into the image",
  doc: {
    why: "ARG and ENV values and copied files are stored in the image layers: anyone who can pull the image (`docker history`, a registry) reads the secret, and rotating it means rebuilding.",
    example: "ARG NPM_TOKEN=abc123\nENV JWT_SECRET=supersecret\nCOPY .env .",
    fix: "Pass secrets at run time (`environment:`/`secrets:`), or at build time with `RUN --mount=type=secret`.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      // Only stages the final image derives from: a builder stage's files never reach it.
      const stages = build?.dockerfile && build.stage ? stageChain(build.dockerfile, build.stage) : build?.dockerfile?.stages ?? [];
      for (const stage of stages) {
        for (const instruction of stage.instructions.filter((candidate) => candidate.keyword === "ENV" || candidate.keyword === "ARG")) {
          const key = secretAssignment(instruction);
          if (key) report({ at: instruction.at, message: `${instruction.keyword} ${key} puts a secret value into the image layers`, hint: "pass it at run time, or use `RUN --mount=type=secret` at build time" });
        }
        for (const copy of contextCopies(stage)) {
          const source = copy.sources.find((candidate) => isSecretFile(posix.join(build!.contextDir, candidate), (path) => context.files.readText(path)));
          if (source) report({ at: copy.instruction.at, message: `COPY ${source} puts a secret file into the image`, hint: "mount it at run time (`secrets:` or `env_file:`) instead" });
        }
      }
    }
  },
});

function secretAssignment(instruction: DockerInstruction): string | undefined {
  for (const arg of instruction.args) {
    const [key = "", ...value] = arg.split("=");
    const literal = value.join("=");
    if (isSecretKey(key) && literal !== "" && !literal.startsWith("$") && !/^(true|false|\d+)$/.test(literal)) return key;
  }
  const spaced = instruction.keyword === "ENV" && instruction.args.length === 2 && !instruction.args[0]!.includes("=");
  return spaced && isSecretKey(instruction.args[0]!) && !instruction.args[1]!.startsWith("$") ? instruction.args[0] : undefined;
}
