import type { Project } from "../../compose/model/project.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import type { Engine } from "../../engine/engine.js";
import type { FailOn } from "../../report/verdict.js";
import { isVerified } from "../../runs/verified.js";
import type { SwarmPort } from "../../swarm/swarm-port.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import type { CliIO } from "../io.js";
import { renderVerifyJson, renderVerifyText } from "./verify.js";

/** What `up --verify` on a manager prints and exits with, once the verify run is done. */
export interface SwarmVerified {
  readonly ok: boolean;
  /** `berth verify --json`'s object, for `up --json`. */
  readonly json: unknown;
  readonly text: string;
}

/**
 * `berth up --verify` on a Swarm manager: once every service is ready, a verify run of its own
 * (journalled and locked like `berth verify`) with the stack's probes from its overlay networks.
 */
export async function verifySwarmStack(session: { project: Project; engine: Engine }, port: SwarmPort, raw: Record<string, unknown>, io: CliIO): Promise<SwarmVerified> {
  const { project, engine } = session;
  const redactor = projectRedactor(project);
  const [{ runVerify }, { swarmDeploymentTarget }, { swarmVerifyAccess }] = await Promise.all([import("../../runs/verify.js"), import("../../verify/swarm-target.js"), import("../../swarm/verify-read.js")]);
  const verified = await runVerify({
    engine,
    project,
    stateDir: projectStateDir(project.name, io.env),
    redactor,
    signal: io.signal,
    failOn: raw["failOn"] as FailOn,
    target: swarmDeploymentTarget({ engine, stack: swarmVerifyAccess(port, project.name), project, signal: io.signal }),
    onLockWait: (holder) => io.stderr.write(`waiting for another berth (${holder}) working on ${project.name}\n`),
  });
  return { ok: isVerified(verified), json: JSON.parse(renderVerifyJson(verified, redactor)) as unknown, text: redactor.text(renderVerifyText(verified)) };
}
