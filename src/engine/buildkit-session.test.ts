import { describe, expect, it } from "vitest";
import { ConfigError } from "../common/errors.js";
import { sessionBuildError, sessionBuildUses } from "./buildkit-session.js";

const at = (line: number) => ({ file: "/srv/app/compose.yaml", line, column: 7 });
const locate = (path: readonly (string | number)[]) => (path[3] === "secrets" ? at(9) : path[3] === "ssh" ? at(12) : undefined);

describe("build keys BuildKit serves only over a session", () => {
  it("finds build.secrets and build.ssh with their place in the file", () => {
    const uses = sessionBuildUses(
      [
        { name: "api", build: { context: "/srv/app/api", secrets: [{ source: "npm_token", target: "npm_token" }], ssh: ["default"] } },
        { name: "web", build: { context: "/srv/app/web" } },
        { name: "db" },
      ],
      locate,
    );
    expect(uses).toEqual([
      { service: "api", key: "secrets", location: at(9) },
      { service: "api", key: "ssh", location: at(12) },
    ]);
  });

  it("an empty list or map asks for nothing; the map form of ssh counts", () => {
    expect(sessionBuildUses([{ name: "api", build: { secrets: [], ssh: {} } }], locate)).toEqual([]);
    expect(sessionBuildUses([{ name: "api", build: { ssh: { default: "/run/ssh.sock" } } }], locate).map((use) => use.key)).toEqual(["ssh"]);
  });

  it("the error names file:line and key, why, and the way out (exit 1)", () => {
    const error = sessionBuildError([{ service: "api", key: "secrets", location: at(9) }]);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      "services.api.build.secrets: berth cannot pass build secrets to the build: BuildKit asks the client for them over a session (POST /session), which berth does not open, and a build without them would run RUN --mount=type=secret with nothing mounted",
    );
    expect(error.location).toEqual(at(9));
    expect(error.hint).toBe("build the image with `docker compose build api` (or `docker buildx build --secret …`/`--ssh …`), then `berth up` deploys it without building it again (not with --build); or take build.secrets out of the service");
  });

  it("several uses: the first leads, the others are listed; ssh is worded as ssh", () => {
    const error = sessionBuildError([
      { service: "api", key: "ssh", location: at(12) },
      { service: "worker", key: "secrets", location: undefined },
    ]);
    expect(error.message).toMatch(/^services.api.build.ssh: berth cannot pass build ssh agents or keys to the build \(also services.worker.build.secrets\): .* RUN --mount=type=ssh with nothing mounted$/);
    expect(error.hint).toContain("docker compose build api worker");
    expect(() => sessionBuildError([])).toThrow();
    const unplaced = sessionBuildError([{ service: "worker", key: "secrets", location: undefined }, { service: "api", key: "ssh", location: at(12) }]);
    expect(unplaced.message).toMatch(/^services.worker.build.secrets: berth .*\(also \/srv\/app\/compose.yaml:12:7: services.api.build.ssh\)/);
  });
});
