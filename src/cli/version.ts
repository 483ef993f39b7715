import { readFileSync } from "node:fs";

/** The version in package.json, read once; dist/ and src/ both sit two levels below it. */
export function berthVersion(): string {
  const packageUrl = new URL("../../package.json", import.meta.url);
  const parsed = JSON.parse(readFileSync(packageUrl, "utf8")) as { version?: string };
  return parsed.version ?? "0.0.0";
}
