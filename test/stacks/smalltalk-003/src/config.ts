// Settings from the environment, read once. Bracket access because process.env is an index
// signature (report 003: "TypeScript strict mode: process.env index signature errors").

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export const config = {
  apiPort: Number(process.env["PORT"] ?? 3000),
  healthPort: Number(process.env["HEALTH_PORT"] ?? 3001),
  postgresUrl: required("DATABASE_URL"),
  redisUrl: required("REDIS_URL"),
  sessionTtlSeconds: Number(process.env["SESSION_TTL_SECONDS"] ?? 3600),
  version: process.env["APP_VERSION"] ?? "dev",
};
