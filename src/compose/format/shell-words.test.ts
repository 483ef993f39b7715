import { describe, expect, it } from "vitest";
import { splitShellWords } from "./shell-words.js";

describe("splitShellWords", () => {
  it.each([
    ["npm run start", ["npm", "run", "start"]],
    ["  lead   and\ttrail \n", ["lead", "and", "trail"]],
    [`a"b c"d`, ["ab cd"]],
    [`'it'"'"'s'`, ["it's"]],
    [`'a\\b'`, ["a\\b"]],
    [`"a\\b"`, ["a\\b"]],
    [`"say \\"hi\\""`, [`say "hi"`]],
    [`"cost \\$5 \\\\ \\\`x\\\`"`, ["cost $5 \\ `x`"]],
    [`echo $HOME "$PATH"`, ["echo", "$HOME", "$PATH"]],
    [`a\\ b\\'c`, ["a b'c"]],
    [`'' ""`, ["", ""]],
    [`trailing\\`, ["trailing"]],
    [`sh -c 'nginx -g "daemon off;"'`, ["sh", "-c", `nginx -g "daemon off;"`]],
  ])("%j", (text, words) => {
    expect(splitShellWords(text)).toEqual(words);
  });

  it("names the quote left open", () => {
    expect(() => splitShellWords("echo 'oops")).toThrow("unterminated single quote");
    expect(() => splitShellWords(`say "hi\\"`)).toThrow("unterminated double quote");
  });
});
