import type { Engine } from "../engine/engine.js";
import { connectDockerEngine } from "../engine/connect-docker-engine.js";

/** The engine `docker` would use, checked to answer; EngineError (exit 3) when it does not. */
export function connectEngine(env: Readonly<Record<string, string | undefined>>): Promise<Engine> {
  return connectDockerEngine({ env });
}
