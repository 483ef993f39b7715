import { describe, expect, it } from "vitest";
import { maxNginxDepth, parseNginx, walkNginx } from "./nginx.js";
import { tokenizeNginx } from "./nginx-tokens.js";

describe("tokenizeNginx", () => {
  it("keeps quoted punctuation, ${var} braces and comments out", () => {
    const tokens = tokenizeNginx('set $a "x;{}"; # comment ;\nreturn 200 ${host}ok;').map((token) => token.value);
    expect(tokens).toEqual(["set", "$a", "x;{}", ";", "return", "200", "${host}ok", ";"]);
  });
  it("records 1-based line and column", () => {
    expect(tokenizeNginx("a;\n  b;")[2]).toMatchObject({ value: "b", line: 2, column: 3 });
  });
});

describe("parseNginx", () => {
  it("builds nested blocks with positions", () => {
    const file = parseNginx("/x.conf", "http {\n  server {\n    location /api/ { proxy_pass http://b:1; }\n  }\n}\n");
    const location = file.directives[0]!.block![0]!.block![0]!;
    expect(location).toMatchObject({ name: "location", args: ["/api/"], at: { line: 3, column: 5 } });
    expect(location.block![0]).toMatchObject({ name: "proxy_pass", args: ["http://b:1"] });
    expect(file.errors).toEqual([]);
  });
  it("reports unbalanced braces and missing semicolons", () => {
    expect(parseNginx("/x.conf", "server {\n listen 80\n").errors.map((error) => error.message)).toEqual([
      'directive "listen" is not terminated by ";"',
      'unexpected end of file, expecting "}"',
    ]);
    expect(parseNginx("/x.conf", "}\n").errors[0]?.message).toBe('unexpected "}"');
  });
});

describe("parseNginx nesting bound", () => {
  it("stops at blocks nested deeper than the bound, with one error at the first block past it", () => {
    const text = `http {\n${"  server {\n    listen 80;\n".repeat(2000)}`;
    const started = Date.now();
    const file = parseNginx("/n.conf", text);
    expect(Date.now() - started).toBeLessThan(2000);
    const nested = file.errors.filter((error) => error.message.startsWith(`blocks nested more than ${maxNginxDepth} levels deep`));
    expect(nested).toHaveLength(1);
    let depth = 0;
    walkNginx(file.directives, (_directive, parents) => (depth = Math.max(depth, parents.length)));
    expect(depth).toBeLessThanOrEqual(maxNginxDepth + 1);
  });

  it("reads a config nested as deep as the bound without that error", () => {
    const text = `${"a {\n".repeat(maxNginxDepth)}b;\n${"}\n".repeat(maxNginxDepth)}`;
    expect(parseNginx("/n.conf", text).errors).toEqual([]);
  });
});
