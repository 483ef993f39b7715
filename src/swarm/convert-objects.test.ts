import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { fileObjectNames, stackFileObjects, stackNetworks } from "./convert-objects.js";

describe("stackNetworks", () => {
  it("creates the stack's networks as overlay, attachable, labelled, internal where written; not external ones", () => {
    const project = loadInline("services:\n  api:\n    image: a\n    networks: [web, data, shared]\nnetworks:\n  web: {}\n  data: { internal: true, labels: { tier: db }, driver_opts: { encrypted: \"\" } }\n  shared: { external: true, name: platform-net }\n", { projectName: "shop" });
    expect(stackNetworks(project)).toEqual([
      { Name: "shop_web", Labels: { "com.docker.stack.namespace": "shop" }, Driver: "overlay", Scope: "swarm", Attachable: true },
      { Name: "shop_data", Labels: { tier: "db", "com.docker.stack.namespace": "shop" }, Driver: "overlay", Scope: "swarm", Internal: true, Attachable: true, Options: { encrypted: "" } },
    ]);
  });

  it("gives a service without networks the stack's default overlay network", () => {
    expect(stackNetworks(loadInline("services:\n  api:\n    image: a\n", { projectName: "shop" })).map((network) => [network.Name, network.Driver])).toEqual([["shop_default", "overlay"]]);
  });
});

describe("stackFileObjects", () => {
  const yaml = "services:\n  api:\n    image: a\n    secrets: [pw, token, vault]\n    configs: [site]\nsecrets:\n  pw: { file: ./pw.txt }\n  token: { environment: API_TOKEN }\n  vault: { external: true, name: corp-vault }\nconfigs:\n  site: { content: \"listen 80;\" }\n";
  const load = (pw: string) => loadInline(yaml, { projectName: "shop", environment: { API_TOKEN: "t0ken" }, extraFiles: { "pw.txt": pw } });

  it("reads files, inline content and environment variables, base64, with a content hash in the name; not external ones", () => {
    const project = load("s3cret");
    const objects = stackFileObjects(project, (path) => Buffer.from(path.endsWith("pw.txt") ? "s3cret" : "?"));
    expect(objects.map((object) => [object.kind, object.key, Buffer.from(object.Data, "base64").toString()])).toEqual([
      ["secret", "pw", "s3cret"],
      ["secret", "token", "t0ken"],
      ["config", "site", "listen 80;"],
    ]);
    expect(objects.every((object) => /^shop_(pw|token|site)-[0-9a-f]{12}$/.test(object.Name))).toBe(true);
    expect(objects[0]?.Labels).toEqual({ "com.docker.stack.namespace": "shop" });
  });

  it("names changed content differently and the same content the same, so an update points at a new object", () => {
    const first = stackFileObjects(load("one"), () => Buffer.from("one"));
    const same = stackFileObjects(load("one"), () => Buffer.from("one"));
    const changed = stackFileObjects(load("two"), () => Buffer.from("two"));
    expect(same[0]?.Name).toBe(first[0]?.Name);
    expect(changed[0]?.Name).not.toBe(first[0]?.Name);
  });

  it("keeps a long name within Swarm's 64 characters", () => {
    const project = loadInline(`services:\n  api:\n    image: a\n    secrets: [${"k".repeat(70)}]\nsecrets:\n  ${"k".repeat(70)}: { file: ./pw.txt }\n`, { projectName: "shop", extraFiles: { "pw.txt": "x" } });
    const [object] = stackFileObjects(project, () => Buffer.from("x"));
    expect(object?.Name.length).toBe(64);
    expect(object?.Name).toMatch(/-[0-9a-f]{12}$/);
  });

  it("lets services refer to the hashed names, and to an external object by its own name", () => {
    const project = load("s3cret");
    const objects = stackFileObjects(project, () => Buffer.from("s3cret"));
    const names = fileObjectNames(project, objects);
    expect(names.secrets["pw"]).toBe(objects[0]?.Name);
    expect(names.secrets["vault"]).toBe("corp-vault");
    expect(names.configs["site"]).toBe(objects[2]?.Name);
  });
});
