import type { VerifiedDeployment } from "../verify/verify-deployment.js";

/** Every probe passed and the report's verdict, computed from all the evidence, is not a fail. */
export function isVerified(verified: VerifiedDeployment): boolean {
  return verified.outcome.ok && verified.report.verdict.status !== "fail";
}
