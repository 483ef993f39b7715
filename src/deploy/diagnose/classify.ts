import { addressInUse } from "./address-in-use.js";
import { buildFailed } from "./build-failed.js";
import { connectionRefused } from "./connection-refused.js";
import { dbAuthFailed } from "./db-auth-failed.js";
import { hostNotFound } from "./host-not-found.js";
import { missingSetting } from "./missing-setting.js";
import { moduleNotFound } from "./module-not-found.js";
import { staleCredentials } from "./stale-credentials.js";
import { stuckWaiting } from "./stuck-waiting.js";
import { crashLoop } from "./crash-loop.js";
import { dependencyFailed } from "./dependency-failed.js";
import type { Classifier, Diagnosis, ServiceEvidence } from "./diagnosis.js";
import { exitNonzero } from "./exit-nonzero.js";
import { gateTimeout, operationFailed } from "./gate-failed.js";
import { healthcheckCommandMissing } from "./healthcheck-command-missing.js";
import { imageNotFound } from "./image-not-found.js";
import { missingEnv } from "./missing-env.js";
import { mountSourceMissing } from "./mount-source-missing.js";
import { noOutput } from "./no-output.js";
import { notListening } from "./not-listening.js";
import { oomKilled } from "./oom-killed.js";
import { permissionDenied } from "./permission-denied.js";
import { portInUse } from "./port-in-use.js";
import { pullFailed } from "./pull-failed.js";
import { unhealthy } from "./unhealthy.js";

/** Root causes first, then symptoms: the first diagnosis is the one to act on. */
const classifiers: readonly Classifier[] = [
  dependencyFailed,
  buildFailed,
  pullFailed,
  imageNotFound,
  portInUse,
  mountSourceMissing,
  healthcheckCommandMissing,
  oomKilled,
  // What the app's own log says, named: the cause a crash loop or an exit code only hints at.
  staleCredentials,
  dbAuthFailed,
  hostNotFound,
  missingSetting,
  missingEnv,
  moduleNotFound,
  permissionDenied,
  addressInUse,
  connectionRefused,
  stuckWaiting,
  notListening,
  noOutput,
  crashLoop,
  exitNonzero,
  unhealthy,
];

/** Every diagnosis that applies, most specific first; a fallback when none does. */
export function classifyFailure(evidence: ServiceEvidence): Diagnosis[] {
  const found = classifiers.map((classify) => classify(evidence)).filter((d): d is Diagnosis => d !== undefined);
  if (found.length > 0) return found;
  const fallback = gateTimeout(evidence) ?? operationFailed(evidence);
  return fallback ? [fallback] : [];
}
