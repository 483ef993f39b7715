import type { CommandModule } from "../command-module.js";
import { configCommand } from "./config.js";

/** Every verb of the CLI, in the order `berth --help` lists them. */
export const commandModules: readonly CommandModule[] = [configCommand];
