import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadInline } from "../testing/inline-project.js";
import { toComposeJson } from "./to-compose-json.js";
import { toComposeYaml } from "./to-compose-yaml.js";

const sample = `name: shop
x-release: "2024"
services:
  web:
    image: nginx
    command: echo $$HOME
    privileged: false
    init: false
    read_only: true
    labels: {"$key": "a $$ b"}
    ulimits: {nproc: 100, nofile: {soft: 1, hard: 2}}
    x-team: pay
    env_file: [{path: missing.env, required: false}]
    volumes: ["/srv/a:/a", "data:/d"]
    depends_on:
      db: {condition: service_started, required: false}
  db:
    image: postgres
volumes:
  data:
`;

describe("toComposeJson", () => {
  const json = toComposeJson(loadInline(sample));
  const web = (json["services"] as Record<string, Record<string, unknown>>)["web"];

  it("prints compose's shape: command/entrypoint always, hidden keys left out", () => {
    expect(web?.["command"]).toEqual(["echo", "$$HOME"]);
    expect(web?.["entrypoint"]).toBeNull();
    expect(web).not.toHaveProperty("x-team");
    expect(web).not.toHaveProperty("env_file");
    expect(web).not.toHaveProperty("name");
    expect(json["x-release"]).toBe("2024");
  });

  it("follows Go's omission rules for booleans and OptOut fields", () => {
    expect(web).not.toHaveProperty("privileged");
    expect(web?.["init"]).toBe(false);
    expect(web?.["read_only"]).toBe(true);
    expect((web?.["depends_on"] as Record<string, unknown>)["db"]).toEqual({ condition: "service_started", required: false });
    expect(web?.["volumes"]).toEqual([
      { type: "bind", source: "/srv/a", target: "/a", bind: {} },
      { type: "volume", source: "data", target: "/d", volume: {} },
    ]);
  });

  it("re-escapes every $ in keys and values, prints single ulimits as numbers", () => {
    expect(web?.["labels"]).toEqual({ $$key: "a $$ b" });
    expect(web?.["ulimits"]).toEqual({ nproc: 100, nofile: { soft: 1, hard: 2 } });
  });

  it("keeps empty structs that carry meaning (a network attachment without options)", () => {
    const attached = toComposeJson(loadInline("services:\n  web:\n    image: a\n    networks:\n      front: {}\n      back:\nnetworks:\n  front:\n  back:\n"));
    expect((attached["services"] as Record<string, Record<string, unknown>>)["web"]?.["networks"]).toEqual({ front: {}, back: null });
  });

  it("keeps a config's variable content in the model but not in the output", () => {
    const project = loadInline("services:\n  web:\n    image: a\n    configs: [env_conf, inline]\nconfigs:\n  env_conf: {environment: CONF}\n  inline: {content: 'x=1'}\n", {
      environment: { CONF: "value" },
    });
    expect(project.configs["env_conf"]?.content).toBe("value");
    const configs = toComposeJson(project)["configs"] as Record<string, Record<string, unknown>>;
    expect(configs["env_conf"]).toEqual({ name: "proj_env_conf", environment: "CONF" });
    expect(configs["inline"]).toEqual({ name: "proj_inline", content: "x=1" });
  });

  it("prints top-level sections only when used, networks with ipam", () => {
    expect(json["networks"]).toEqual({ default: { name: "shop_default", ipam: {} } });
    expect(json["volumes"]).toEqual({ data: { name: "shop_data" } });
    expect(json).not.toHaveProperty("secrets");
  });

  // Keys are never interpolated, so a `$` in a key doubles on each pass, as in compose.
  it("round-trips: loading the printed JSON or YAML prints the same again", () => {
    const plainKeys = sample.replace('"$key"', '"key"');
    const first = toComposeJson(loadInline(plainKeys));
    expect(toComposeJson(loadInline(JSON.stringify(first)))).toEqual(first);
    const yaml = toComposeYaml(loadInline(plainKeys));
    expect(parse(yaml)).toEqual(first);
    expect(toComposeJson(loadInline(yaml))).toEqual(first);
    expect(toComposeYaml(loadInline("services:\n  job:\n    image: a\n    restart: no\n"))).toContain('restart: "no"');
  });
});
