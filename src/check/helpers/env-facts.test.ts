import { describe, expect, it } from "vitest";
import { fixtureContext } from "../testing/check-fixture.js";
import { envSettings, lineAt } from "./env-facts.js";

const compose = `services:
  api:
    image: node:20-bookworm-slim
    env_file: [api.env]
    environment:
      NODE_ENV: production
      DB_PASSWORD: \${DB_PASSWORD}
      PASSTHROUGH:
      PRICE: "$$5"
  worker:
    image: node:20-bookworm-slim
    environment:
      - QUEUE=jobs
      - HOME_DIR
      - "SECRET_TOKEN=abc123"
`;
const context = fixtureContext({ compose, files: { ".env": "DB_PASSWORD=from-dotenv\n", "api.env": "# api settings\nAPI_KEY=k-123\n" }, environment: { HOME_DIR: "/home/x" } });
const settings = envSettings(context);
const setting = (service: string | undefined, key: string) => settings.find((s) => s.service === service && s.key === key);
const where = (at: { file: string; line: number; column: number }) => `${at.file.slice(context.dir.length + 1)}:${at.line}:${at.column}`;

describe("envSettings", () => {
  it("marks a value typed at its own entry as literal, located at the key", () => {
    expect(setting("api", "NODE_ENV")).toMatchObject({ value: "production", interpolated: false, source: "compose" });
    expect(where(setting("api", "NODE_ENV")!.at)).toBe("compose.yaml:6:7");
  });

  it("marks ${VAR} as interpolated (the literal lives in the env file) and $$ as a literal dollar", () => {
    expect(setting("api", "DB_PASSWORD")).toMatchObject({ value: "from-dotenv", interpolated: true });
    expect(setting("api", "PRICE")).toMatchObject({ value: "$5", interpolated: false });
  });

  it("skips a pass-through key without a value, and reads a list entry's value from the shell", () => {
    expect(setting("api", "PASSTHROUGH")).toBeUndefined();
    expect(setting("worker", "HOME_DIR")).toMatchObject({ value: "/home/x", interpolated: true });
  });

  it("locates list-form entries at their own item, quoted or not", () => {
    expect(where(setting("worker", "QUEUE")!.at)).toBe("compose.yaml:13:9");
    expect(setting("worker", "SECRET_TOKEN")).toMatchObject({ value: "abc123", interpolated: false });
    expect(where(setting("worker", "SECRET_TOKEN")!.at)).toBe("compose.yaml:15:9");
  });

  it("adds each env file's entries once, at their own line", () => {
    const fromFiles = settings.filter((s) => s.source === "env-file");
    expect(fromFiles.map((s) => [s.key, s.value, where(s.at)])).toEqual([
      ["DB_PASSWORD", "from-dotenv", ".env:1:1"],
      ["API_KEY", "k-123", "api.env:2:1"],
    ]);
    expect(envSettings(context)).toBe(settings);
  });
});

describe("lineAt", () => {
  it("is the text of the line a location points at, empty past the end or in a missing file", () => {
    expect(lineAt(context, setting("worker", "QUEUE")!.at)).toBe("      - QUEUE=jobs");
    expect(lineAt(context, { file: `${context.dir}/compose.yaml`, line: 99, column: 1 })).toBe("");
    expect(lineAt(context, { file: `${context.dir}/absent.yaml`, line: 1, column: 1 })).toBe("");
  });
});
