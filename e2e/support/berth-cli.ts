// Runs the berth CLI from source (tsx), exactly as bin/berth.js runs the built one: same
// entry, same IO, same Ctrl-C handling. e2e tests spawn it as a real process.
import { runCli } from "../../src/cli/main.js";
import { processIO } from "../../src/cli/io.js";

const controller = new AbortController();
process.on("SIGINT", () => controller.abort());
process.on("SIGTERM", () => controller.abort());
process.exitCode = await runCli(process.argv.slice(2), processIO(controller.signal));
