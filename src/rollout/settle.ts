/**
 * How long old and new replicas serve side by side before the old one drains: long enough for a
 * proxy that caches DNS answers (nginx `resolver 127.0.0.11 valid=5s`) to learn the new address.
 * `BERTH_ROLLOUT_SETTLE_MS` tunes it.
 */
export function rolloutSettleMs(env: Readonly<Record<string, string | undefined>>): number {
  const configured = Number(env["BERTH_ROLLOUT_SETTLE_MS"]);
  return env["BERTH_ROLLOUT_SETTLE_MS"] !== undefined && Number.isFinite(configured) && configured >= 0 ? configured : 6000;
}
