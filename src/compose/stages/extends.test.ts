import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/errors.js";
import { loadInline } from "../testing/inline-project.js";

describe("extends", () => {
  it("inherits from a service of the same file, by string or mapping, through chains", () => {
    const project = loadInline(
      "services:\n  root:\n    image: r\n    environment: {A: root}\n  middle:\n    extends: root\n    environment: {B: middle}\n  leaf:\n    extends: {service: middle}\n    command: [run]\n",
    );
    expect(project.services["leaf"]?.environment).toEqual({ A: "root", B: "middle" });
    expect(project.services["leaf"]?.image).toBe("r");
    expect(project.services["leaf"]?.["extends"]).toBeUndefined();
    expect(Object.keys(project.services)).toEqual(["root", "middle", "leaf"]);
  });

  it("resolves a base from another file against that file's folder, without its other services", () => {
    const project = loadInline("services:\n  api:\n    extends: {file: common/base.yaml, service: node}\n", {
      extraFiles: { "common/base.yaml": "services:\n  node:\n    build: .\n    volumes: ['./s:/s']\n  other:\n    image: x\n" },
    });
    const dir = project.meta.workingDir;
    expect(project.services["api"]?.build?.context).toBe(`${dir}/common`);
    expect(project.services["api"]?.volumes?.[0]?.source).toBe(`${dir}/common/s`);
    expect(Object.keys(project.services)).toEqual(["api"]);
  });

  it("resolves extends.file of an override in a sub-folder against the project directory", () => {
    const project = loadInline("services:\n  web:\n    image: a\n", {
      files: ["compose.yaml", "overrides/dev.yaml"],
      extraFiles: { "overrides/dev.yaml": "services:\n  tool:\n    extends: {file: common.yaml, service: base}\n", "common.yaml": "services:\n  base:\n    image: shared\n" },
    });
    expect(project.services["tool"]?.image).toBe("shared");
  });

  it("merges the child like an override, honouring !reset and !override", () => {
    const project = loadInline(
      "services:\n  base:\n    image: b\n    ports: ['1:1']\n    environment: {A: '1', B: '2'}\n  child:\n    extends: base\n    ports: !override ['2:2']\n    environment:\n      B: !reset\n",
    );
    expect(project.services["child"]?.ports?.map((p) => p.target)).toEqual([2]);
    expect(project.services["child"]?.environment).toEqual({ A: "1" });
  });

  it("fails naming both services when the base does not exist", () => {
    expect(() => loadInline("services:\n  web:\n    extends: nosuch\n    image: a\n")).toThrow(/cannot extend service "web" in .*: service "nosuch" not found/);
  });

  it("fails on a circular reference, with the position of extends", () => {
    try {
      loadInline("services:\n  alpha:\n    extends: bravo\n    image: a\n  bravo:\n    extends: alpha\n    image: a\n");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/Circular reference: alpha in .*, extends bravo in .*, extends alpha in/);
      expect((error as ConfigError).location?.line).toBe(3);
    }
  });

  it("takes a service of the same file named through file: (docker compose accepts it)", () => {
    const project = loadInline("services:\n  base:\n    image: b\n    environment: {A: '1'}\n  web:\n    extends: {file: compose.yaml, service: base}\n    environment: {B: '2'}\n");
    expect(project.services["web"]?.image).toBe("b");
    expect(project.services["web"]?.environment).toEqual({ A: "1", B: "2" });
    expect(Object.keys(project.services)).toEqual(["base", "web"]);
  });

  it("follows a cross-file back reference: a.yaml extends b.yaml, which extends another service of a.yaml", () => {
    const project = loadInline("services:\n  base:\n    image: b\n  web:\n    extends: {file: other.yaml, service: mid}\n    command: [run]\n", {
      extraFiles: { "other.yaml": "services:\n  mid:\n    extends: {file: compose.yaml, service: base}\n    environment: {M: '1'}\n" },
    });
    expect(project.services["web"]?.image).toBe("b");
    expect(project.services["web"]?.environment).toEqual({ M: "1" });
    expect(project.services["web"]?.command).toEqual(["run"]);
    expect(Object.keys(project.services)).toEqual(["base", "web"]);
  });

  it("finds a real cycle across files, located at the extends that closes it", () => {
    try {
      loadInline("services:\n  web:\n    extends:\n      file: other.yaml\n      service: mid\n", {
        extraFiles: { "other.yaml": "services:\n  mid:\n    extends: {file: compose.yaml, service: web}\n    image: x\n" },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/Circular reference: web in .*compose\.yaml, extends mid in .*other\.yaml, extends web in .*compose\.yaml/);
      expect((error as ConfigError).location?.file).toMatch(/compose\.yaml$/);
      expect((error as ConfigError).location?.line).toBe(3);
    }
  });

  it("finds a service extending itself through file:", () => {
    expect(() => loadInline("services:\n  web:\n    image: x\n    extends: {file: ./compose.yaml, service: web}\n")).toThrow(/Circular reference: web in .*, extends web in/);
  });
});

describe("include", () => {
  it("refuses a file including itself, located at the include entry", () => {
    try {
      loadInline("include:\n  - compose.yaml\nservices:\n  web:\n    image: w\n");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe("compose.include-cycle");
      expect((error as ConfigError).location?.line).toBe(2);
      expect((error as ConfigError).hint).toMatch(/cannot include itself/);
    }
  });

  it("refuses an include cycle through another file, naming every step", () => {
    try {
      loadInline("include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: w\n", {
        extraFiles: { "sub/compose.yaml": "include:\n  - ../compose.yaml\nservices:\n  api:\n    image: a\n" },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/include cycle: .*compose\.yaml, includes .*sub\/compose\.yaml, includes .*compose\.yaml/);
      expect((error as ConfigError).location?.file).toMatch(/sub\/compose\.yaml$/);
    }
  });

  it("loads the same file included twice side by side (no cycle)", () => {
    const project = loadInline("include:\n  - a.yaml\n  - b.yaml\nservices:\n  web:\n    image: w\n", {
      extraFiles: { "a.yaml": "include:\n  - c.yaml\nservices:\n  a:\n    image: a\n", "b.yaml": "include:\n  - c.yaml\nservices:\n  b:\n    image: b\n", "c.yaml": "services:\n  c:\n    image: c\n" },
    });
    expect(Object.keys(project.services).sort()).toEqual(["a", "b", "c", "web"]);
  });

  it("loads another project with its own folder and .env", () => {
    const project = loadInline("include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: w\n", {
      extraFiles: { "sub/compose.yaml": "services:\n  inc:\n    image: 'i:${TAG}'\n    build: .\n", "sub/.env": "TAG=7\n" },
    });
    expect(project.services["inc"]?.image).toBe("i:7");
    expect(project.services["inc"]?.build?.context).toBe(`${project.meta.workingDir}/sub`);
    expect(project.meta.composeFiles.some((file) => file.endsWith("sub/compose.yaml"))).toBe(true);
  });
});
