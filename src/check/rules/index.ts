import type { Rule } from "../rule.js";
import { addHeaderDropped } from "./add-header-dropped.js";
import { baseImageUnpinned } from "./base-image-unpinned.js";
import { bindMountSourceMissing } from "./bind-mount-source-missing.js";
import { cmdTargetMissing } from "./cmd-target-missing.js";
import { composeInvalid } from "./compose-invalid.js";
import { composeInvocationMismatch } from "./compose-invocation-mismatch.js";
import { composeWarning } from "./compose-warning.js";
import { containerNameFixed } from "./container-name-fixed.js";
import { copyOutsideContext } from "./copy-outside-context.js";
import { copySourceMissing } from "./copy-source-missing.js";
import { credentialsInUrl } from "./credentials-in-url.js";
import { dangerousHostAccess } from "./dangerous-host-access.js";
import { datastorePortPublished } from "./datastore-port-published.js";
import { dbIdentityMismatch } from "./db-identity-mismatch.js";
import { debugPortPublished } from "./debug-port-published.js";
import { dependencyLayerOrder } from "./dependency-layer-order.js";
import { dependsOnNotHealthy } from "./depends-on-not-healthy.js";
import { dockerfileMissing } from "./dockerfile-missing.js";
import { dockerignoreMissing } from "./dockerignore-missing.js";
import { dockerignoreNotApplied } from "./dockerignore-not-applied.js";
import { duplicateHostPort } from "./duplicate-host-port.js";
import { entrypointScriptBroken } from "./entrypoint-script-broken.js";
import { envExampleDrift } from "./env-example-drift.js";
import { envFileMissing } from "./env-file-missing.js";
import { frontendHardcodedLocalhost } from "./frontend-hardcoded-localhost.js";
import { frozenInstallWithoutLockfile } from "./frozen-install-without-lockfile.js";
import { healthcheckAuthMissing } from "./healthcheck-auth-missing.js";
import { pgIsreadyWithoutHost } from "./pg-isready-without-host.js";
import { healthcheckComposeInterpolation } from "./healthcheck-compose-interpolation.js";
import { healthcheckMissing } from "./healthcheck-missing.js";
import { healthcheckPortMismatch } from "./healthcheck-port-mismatch.js";
import { healthcheckTiming } from "./healthcheck-timing.js";
import { healthcheckToolMissing } from "./healthcheck-tool-missing.js";
import { inputTooLarge } from "./input-too-large.js";
import { healthyWithoutHealthcheck } from "./healthy-without-healthcheck.js";
import { imageUnpinned } from "./image-unpinned.js";
import { initdbOnlyOnEmptyVolume } from "./initdb-only-on-empty-volume.js";
import { installFlagSmells } from "./install-flag-smells.js";
import { literalSecretInCompose } from "./literal-secret-in-compose.js";
import { localArtifactsNotIgnored } from "./local-artifacts-not-ignored.js";
import { loggingUnbounded } from "./logging-unbounded.js";
import { migrationsNotWired } from "./migrations-not-wired.js";
import { nextjsStandaloneMissing } from "./nextjs-standalone-missing.js";
import { nginxDirectiveContext } from "./nginx-directive-context.js";
import { nginxInvalid } from "./nginx-invalid.js";
import { noImageOrBuild } from "./no-image-or-build.js";
import { nonrootCannotWrite } from "./nonroot-cannot-write.js";
import { outputRedirectedToFile } from "./output-redirected-to-file.js";
import { placeholderSecret } from "./placeholder-secret.js";
import { proxyHeaderDropped } from "./proxy-header-dropped.js";
import { proxyUpstreamPortMismatch } from "./proxy-upstream-port-mismatch.js";
import { proxyUpstreamUnknown } from "./proxy-upstream-unknown.js";
import { publicBuildVarAtRuntime } from "./public-build-var-at-runtime.js";
import { pythonModuleNotInImage } from "./python-module-not-in-image.js";
import { pythonUnbufferedMissing } from "./python-unbuffered-missing.js";
import { requiredPathIgnored } from "./required-path-ignored.js";
import { resourceLimitsMissing } from "./resource-limits-missing.js";
import { restartPolicyMissing } from "./restart-policy-missing.js";
import { runsAsRoot } from "./runs-as-root.js";
import { secretEnvFileTracked } from "./secret-env-file-tracked.js";
import { secretInCommandLine } from "./secret-in-command-line.js";
import { secretInImage } from "./secret-in-image.js";
import { secretsNotIgnored } from "./secrets-not-ignored.js";
import { servicePortMismatch } from "./service-port-mismatch.js";
import { serviceReferenceUnknown } from "./service-reference-unknown.js";
import { shellFormCmd } from "./shell-form-cmd.js";
import { spaFallbackMissing } from "./spa-fallback-missing.js";
import { swarmRules } from "./swarm-rules.js";
import { staticUpstreamResolution } from "./static-upstream-resolution.js";
import { uidGidCollision } from "./uid-gid-collision.js";
import { undefinedReference } from "./undefined-reference.js";
import { unsetVariableNoDefault } from "./unset-variable-no-default.js";
import { upstreamBypassesProxy } from "./upstream-bypasses-proxy.js";
import { urlDependencyUndeclared } from "./url-dependency-undeclared.js";
import { weakOrDefaultCredential } from "./weak-or-default-credential.js";
import { websocketUpgradeMissing } from "./websocket-upgrade-missing.js";
import { workspaceOutsideContext } from "./workspace-outside-context.js";

/** Every rule of `berth check`, sorted by id; a rule's id is its file name. */
export const allRules: readonly Rule[] = [
  addHeaderDropped,
  baseImageUnpinned,
  bindMountSourceMissing,
  cmdTargetMissing,
  composeInvalid,
  composeInvocationMismatch,
  composeWarning,
  containerNameFixed,
  copyOutsideContext,
  copySourceMissing,
  credentialsInUrl,
  dangerousHostAccess,
  datastorePortPublished,
  dbIdentityMismatch,
  debugPortPublished,
  dependencyLayerOrder,
  dependsOnNotHealthy,
  dockerfileMissing,
  dockerignoreMissing,
  dockerignoreNotApplied,
  duplicateHostPort,
  entrypointScriptBroken,
  envExampleDrift,
  envFileMissing,
  frontendHardcodedLocalhost,
  frozenInstallWithoutLockfile,
  healthcheckAuthMissing,
  pgIsreadyWithoutHost,
  healthcheckComposeInterpolation,
  healthcheckMissing,
  healthcheckPortMismatch,
  healthcheckTiming,
  healthcheckToolMissing,
  healthyWithoutHealthcheck,
  imageUnpinned,
  initdbOnlyOnEmptyVolume,
  inputTooLarge,
  installFlagSmells,
  literalSecretInCompose,
  localArtifactsNotIgnored,
  loggingUnbounded,
  migrationsNotWired,
  nextjsStandaloneMissing,
  nginxDirectiveContext,
  nginxInvalid,
  noImageOrBuild,
  nonrootCannotWrite,
  outputRedirectedToFile,
  placeholderSecret,
  proxyHeaderDropped,
  proxyUpstreamPortMismatch,
  proxyUpstreamUnknown,
  publicBuildVarAtRuntime,
  pythonModuleNotInImage,
  pythonUnbufferedMissing,
  requiredPathIgnored,
  resourceLimitsMissing,
  restartPolicyMissing,
  runsAsRoot,
  secretEnvFileTracked,
  secretInCommandLine,
  secretInImage,
  secretsNotIgnored,
  servicePortMismatch,
  serviceReferenceUnknown,
  shellFormCmd,
  spaFallbackMissing,
  staticUpstreamResolution,
  uidGidCollision,
  undefinedReference,
  unsetVariableNoDefault,
  upstreamBypassesProxy,
  urlDependencyUndeclared,
  weakOrDefaultCredential,
  websocketUpgradeMissing,
  workspaceOutsideContext,
].sort((a, b) => a.id.localeCompare(b.id));

/** Every rule id of every target: what `x-berth.check` may name. */
export const allRuleIds: ReadonlySet<string> = new Set([...allRules, ...swarmRules].map((rule) => rule.id));

export function findRule(id: string): Rule | undefined {
  return [...allRules, ...swarmRules].find((rule) => rule.id === id);
}
