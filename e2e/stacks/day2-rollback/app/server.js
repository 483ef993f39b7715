// Answers with the version it was built from, and says it once in its log.
const { readFileSync } = require("node:fs");
const { createServer } = require("node:http");
const version = readFileSync("/app/version.txt", "utf8").trim();
createServer((_request, response) => response.end(`version ${version}\n`)).listen(8080, () => console.log(`serving version ${version}`));
process.on("SIGTERM", () => process.exit(0));
