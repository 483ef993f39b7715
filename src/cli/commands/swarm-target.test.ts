import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../common/errors.js";
import type { SwarmRole } from "../../swarm/detect.js";
import { addTargetOption, deployTarget } from "./swarm-target.js";

const role = (value: SwarmRole) => async () => value;
const never = async (): Promise<SwarmRole> => {
  throw new Error("the engine must not be asked");
};

describe("deployTarget", () => {
  it("follows the engine's role: a manager takes the stack, an engine outside a Swarm its containers", async () => {
    expect(await deployTarget({}, role("manager"))).toBe("swarm");
    expect(await deployTarget({}, role("none"))).toBe("engine");
  });

  it("refuses a worker with a usage error (exit 2) that says where to point instead", async () => {
    const failure = await deployTarget({}, role("worker")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as UsageError).exitCode).toBe(2);
    expect((failure as UsageError).message).toBe("this engine is a Swarm worker: a stack is deployed through a manager, and a worker cannot create services");
    expect((failure as UsageError).hint).toContain("--target engine");
  });

  it("--target engine skips the question; --target swarm insists on a manager", async () => {
    expect(await deployTarget({ target: "engine" }, never)).toBe("engine");
    expect(await deployTarget({ target: "swarm" }, role("manager"))).toBe("swarm");
    await expect(deployTarget({ target: "swarm" }, role("none"))).rejects.toThrow("--target swarm needs a Swarm manager, and this engine is not in a Swarm");
    await expect(deployTarget({ target: "swarm" }, role("worker"))).rejects.toThrow("this engine is a Swarm worker");
  });
});

describe("addTargetOption", () => {
  it("accepts engine and swarm only", () => {
    const command = addTargetOption(new Command("up").exitOverride().configureOutput({ writeErr: () => undefined }));
    expect(command.parse(["--target", "swarm"], { from: "user" }).opts()["target"]).toBe("swarm");
    expect(() => addTargetOption(new Command("up").exitOverride().configureOutput({ writeErr: () => undefined })).parse(["--target", "k8s"], { from: "user" })).toThrow(/Allowed choices are engine, swarm/);
  });
});
