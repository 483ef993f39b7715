import { ConfigError } from "../../common/errors.js";

/** The ConfigError an action throws; anything else (or nothing) fails the test. */
export function caughtConfigError(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("no error");
}
