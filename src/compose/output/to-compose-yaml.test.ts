import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadInline } from "../testing/inline-project.js";
import { toComposeJson } from "./to-compose-json.js";
import { toComposeYaml } from "./to-compose-yaml.js";

const printed = (yaml: string, environment: Record<string, string> = {}) => toComposeYaml(loadInline(yaml, { environment: { HOME: "/h", ...environment } }));

describe("toComposeYaml", () => {
  it("quotes strings a YAML 1.1 reader would take for booleans, numbers or dates", () => {
    const text = printed("services:\n  a:\n    image: x\n    environment:\n      DEBUG: 'no'\n      MODE: 'on'\n      DAY: '2024-01-01'\n      PORT: '8080'\n      PLAIN: hello\n");
    expect(text).toMatch(/DEBUG: "no"/);
    expect(text).toMatch(/MODE: "on"/);
    expect(text).toMatch(/DAY: "2024-01-01"/);
    expect(text).toMatch(/PORT: "8080"/);
    expect(text).toMatch(/PLAIN: hello/);
  });

  it("prints null command and entrypoint as null, as compose does", () => {
    expect(printed("services:\n  a:\n    image: x\n")).toMatch(/command: null\n\s+entrypoint: null/);
  });

  it("does not fold long lines, so a long command stays one line", () => {
    const long = `echo ${"x".repeat(200)}`;
    const text = printed(`services:\n  a:\n    image: x\n    command: ['sh', '-c', '${long}']\n`);
    expect(text.split("\n").some((line) => line.includes(long))).toBe(true);
  });

  it("repeats a value shared by two places instead of writing an alias", () => {
    const text = printed("x-env: &env\n  A: '1'\nservices:\n  a:\n    image: x\n    environment: *env\n  b:\n    image: y\n    environment: *env\n");
    expect(text).not.toMatch(/[&*]\w/);
  });

  it("carries the same content as the JSON output, read back by any YAML reader", () => {
    const project = loadInline("name: shop\nservices:\n  web:\n    image: nginx:1.22\n    ports: ['127.0.0.1:8080:80']\n    environment: {GREETING: 'yes', COST: '$$5'}\n    healthcheck:\n      test: curl -f http://localhost\n      interval: 90s\n");
    expect(parse(toComposeYaml(project), { version: "1.1" })).toEqual(toComposeJson(project));
  });
});
