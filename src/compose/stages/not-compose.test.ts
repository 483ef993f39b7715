import { LineCounter, parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/errors.js";
import { kindOf, looksLikeCompose, secretAt, treeLooksLikeCompose, withoutQuotedSource } from "./not-compose.js";
import { parseComposeFile } from "./parse.js";

const file = "/p/compose.yaml";

function errorOf(text: string): ConfigError {
  try {
    parseComposeFile({ file, text });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("no error");
}

/** Everything a user sees of an error. */
const shown = (error: ConfigError) => `${error.message}\n${error.hint ?? ""}`;

describe("a file that is not a compose file", () => {
  const shadow = "root:$y$j9T$Qx7Secret0Hash1Value2:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\nbin:*:19700:0:99999:7:::\n";

  it("shadow(5) (a mapping of one odd key) is named, located at line 1, and not quoted", () => {
    const error = errorOf(shadow);
    expect(error.message).toBe("/p/compose.yaml is not a compose file: none of its top-level keys is one compose defines (services, include, volumes, ...)");
    expect(error.location).toEqual({ file, line: 1, column: 1 });
    expect(shown(error)).not.toMatch(/root|Secret0Hash|daemon|19700/);
  });

  it("a file whose top level is a string, a list, a number or a boolean says which, without the text", () => {
    expect(errorOf("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n").message).toBe("/p/compose.yaml is not a compose file: top level is a string");
    expect(errorOf("- hunter2\n- b\n").message).toBe("/p/compose.yaml is not a compose file: top level is a list");
    expect(errorOf("123456789\n").message).toBe("/p/compose.yaml is not a compose file: top level is a number");
    expect(errorOf("true\n").message).toBe("/p/compose.yaml is not a compose file: top level is a boolean");
    expect(shown(errorOf("root:x:0:0:root:/root:/bin/bash\n"))).not.toContain("root");
    expect(errorOf("- hunter2\n").location).toEqual({ file, line: 1, column: 1 });
  });

  it("text that does not parse as YAML (a README) is located at the error, never quoted", () => {
    const error = errorOf("title: berth\n\n```sh\nexport TOKEN=abc123secret\n```\n");
    expect(error.message).toBe("/p/compose.yaml is not a compose file: it does not parse as YAML (line 3, column 1)");
    expect(error.location).toEqual({ file, line: 3, column: 1 });
    expect(shown(error)).not.toMatch(/```|abc123secret|TOKEN/);
  });

  it("a compose file's typo at the top level still reaches validation, which names the key", () => {
    expect(parseComposeFile({ file, text: "servcies:\n  web:\n    image: nginx\n" }).tree).toEqual({ servcies: { web: { image: "nginx" } } });
    expect(parseComposeFile({ file, text: "x-common: &c\n  a: 1\n" }).tree).toEqual({ "x-common": { a: 1 } });
  });
});

describe("YAML errors in a compose file", () => {
  it("keep quoting what the parser saw", () => {
    const error = errorOf("services:\n  web:\n    image: nginx\n    ports: [80]]\n");
    expect(error.message).toBe('failed to parse /p/compose.yaml: Unexpected flow-seq-end token in YAML stream: "]" at line 4, column 16:');
    expect(error.location).toEqual({ file, line: 4, column: 16 });
  });

  it("never quote text under a key whose name looks secret", () => {
    const cases = [
      "services:\n  db:\n    image: x\n    environment:\n      DB_PASSWORD: |hunter2\n",
      "services:\n  db:\n    image: x\n    environment:\n      DB_PASSWORD: >-zz hunter2\n",
      "services:\n  db:\n    image: x\n    environment:\n      API_TOKEN: [hunter2]]\n",
    ];
    for (const text of cases) {
      const error = errorOf(text);
      expect(error.message).toMatch(/^failed to parse \/p\/compose\.yaml: .* at line 5, column \d+ \(the text is not shown: it is under a key whose name looks secret\)$/);
      expect(error.location?.line).toBe(5);
      expect(shown(error)).not.toContain("hunter2");
    }
  });

  it("an error under an ordinary key quotes as before", () => {
    const error = errorOf("services:\n  db:\n    image: x\n    environment:\n      LOG_FORMAT: |json\n");
    expect(error.message).toContain("Block scalar header includes extra characters: |json");
  });
});

describe("the pieces", () => {
  const doc = (text: string) => parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: false, schema: "core" });

  it("looksLikeCompose: a mapping with a compose key or an x- extension", () => {
    expect(looksLikeCompose(doc("services: {}\n").contents)).toBe(true);
    expect(looksLikeCompose(doc("name: shop\n").contents)).toBe(true);
    expect(looksLikeCompose(doc("x-anchors: 1\n").contents)).toBe(true);
    expect(looksLikeCompose(doc("servcies: {}\n").contents)).toBe(false);
    expect(looksLikeCompose(doc("- services\n").contents)).toBe(false);
    expect(looksLikeCompose(doc("services\n").contents)).toBe(false);
    expect(looksLikeCompose(null)).toBe(false);
  });

  it("treeLooksLikeCompose on plain trees", () => {
    expect(treeLooksLikeCompose({ volumes: {} })).toBe(true);
    expect(treeLooksLikeCompose({ "x-y": 1 })).toBe(true);
    expect(treeLooksLikeCompose({ "root:*:1": null })).toBe(false);
    expect(treeLooksLikeCompose({})).toBe(false);
  });

  it("kindOf names each top level", () => {
    expect([kindOf("a"), kindOf([]), kindOf(1), kindOf(false), kindOf(null)]).toEqual(["a string", "a list", "a number", "a boolean", "not a mapping"]);
  });

  it("secretAt finds offsets under secret-named keys and KEY=VALUE items, not elsewhere", () => {
    const text = "services:\n  db:\n    image: hunter1\n    environment:\n      DB_PASSWORD: hunter2\n      LEVEL: info\n    command:\n      - API_KEY=hunter3\n";
    const parsed = doc(text);
    expect(secretAt(parsed, text.indexOf("hunter2"))).toBe(true);
    expect(secretAt(parsed, text.indexOf("DB_PASSWORD"))).toBe(true);
    expect(secretAt(parsed, text.indexOf("hunter3"))).toBe(true);
    expect(secretAt(parsed, text.indexOf("hunter1"))).toBe(false);
    expect(secretAt(parsed, text.indexOf("info"))).toBe(false);
    expect(secretAt(doc("just text\n"), 2)).toBe(false);
  });

  it("withoutQuotedSource drops the quoted text and keeps the position", () => {
    expect(withoutQuotedSource('Unexpected scalar token in YAML stream: "abc def" at line 3, column 1:')).toBe("Unexpected scalar token in YAML stream at line 3, column 1:");
    expect(withoutQuotedSource("Block scalar header includes extra characters: |abc at line 5, column 21:")).toBe("Block scalar header includes extra characters at line 5, column 21:");
    expect(withoutQuotedSource("Not a YAML token: abc at line 5, column 25:")).toBe("Not a YAML token at line 5, column 25:");
    expect(withoutQuotedSource('Missing closing "quote at line 4, column 1:')).toBe('Missing closing "quote at line 4, column 1:');
  });
});
