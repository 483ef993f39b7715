import { describe, expect, it } from "vitest";
import { tokenizeNginx } from "./nginx-tokens.js";

const values = (text: string) => tokenizeNginx(text).map((token) => (token.quoted ? `"${token.value}"` : token.value));

describe("tokenizeNginx (as nginx's ngx_conf_read_token reads)", () => {
  it("splits words and punctuation, with 1-based line and column of each", () => {
    const tokens = tokenizeNginx("server {\n  listen 80;\n}\n");
    expect(tokens.map((t) => [t.value, t.line, t.column])).toEqual([
      ["server", 1, 1],
      ["{", 1, 8],
      ["listen", 2, 3],
      ["80", 2, 10],
      [";", 2, 12],
      ["}", 3, 1],
    ]);
  });

  it("starts a comment only at a word boundary", () => {
    expect(values("root /srv/a#b; # the rest is ignored ;{}\nindex x;")).toEqual(["root", "/srv/a#b", ";", "index", "x", ";"]);
  });

  it("keeps quoted punctuation as a word, and unescapes the quote inside", () => {
    expect(values(`add_header X-Note "a; b {c}" always;`)).toEqual(["add_header", "X-Note", '"a; b {c}"', "always", ";"]);
    expect(values(`return 200 'it\\'s';`)).toEqual(["return", "200", `"it's"`, ";"]);
  });

  it("keeps ${name} braces inside a word, but a brace after a word opens a block", () => {
    expect(values("proxy_pass http://${upstream}:8080/;")).toEqual(["proxy_pass", "http://${upstream}:8080/", ";"]);
    expect(values("location /api{ }")).toEqual(["location", "/api", "{", "}"]);
  });

  it("keeps a backslash-escaped character in the word", () => {
    expect(values("rewrite ^/a\\;b /c;")).toEqual(["rewrite", "^/a\\;b", "/c", ";"]);
  });

  it("reads an unterminated quote to the end without looping", () => {
    expect(values(`return 200 "never closed;`)).toEqual(["return", "200", '"never closed;"']);
    expect(tokenizeNginx("")).toEqual([]);
  });
});
