// The layers of src/, lowest first, and what each may import (docs/architecture.md). Mechanism
// folders never import the runs that orchestrate them, nor the CLI or the server;
// test/architecture.test.ts fails on any folder cycle and on an import this table does not allow.
export const layers = {
  common: [],
  compose: ["common"],
  engine: ["common", "compose"],
  swarm: ["common", "compose", "engine", "check"],
  plan: ["common", "compose"],
  check: ["common", "compose", "plan"],
  journal: ["common"],
  report: ["common", "journal"],
  edge: ["common", "compose", "plan"],
  deploy: ["common", "compose", "engine", "plan", "check", "journal"],
  verify: ["common", "compose", "engine", "plan", "check", "journal", "report"],
  rollout: ["common", "compose", "engine", "plan", "check", "journal", "edge", "deploy", "verify"],
  release: ["common", "compose", "engine", "plan", "journal", "deploy", "rollout"],
  backup: ["common", "compose", "engine", "plan", "journal", "deploy"],
  migrate: ["common", "compose", "engine", "plan", "journal", "deploy", "backup"],
  runs: ["common", "compose", "engine", "plan", "check", "journal", "report", "edge", "deploy", "verify", "rollout", "release", "backup", "migrate"],
  server: ["common", "compose", "engine", "plan", "check", "journal", "report", "edge", "deploy", "verify", "rollout", "release", "backup", "migrate", "runs"],
  cli: ["common", "compose", "engine", "swarm", "plan", "check", "journal", "report", "edge", "deploy", "verify", "rollout", "release", "backup", "migrate", "runs", "server"],
};
