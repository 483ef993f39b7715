import { describe, expect, it } from "vitest";
import { projectStateDir } from "./state-dir.js";

describe("projectStateDir", () => {
  it("takes BERTH_STATE_DIR, else XDG_STATE_HOME/berth, else ~/.local/state/berth, then the project", () => {
    expect(projectStateDir("shop", { BERTH_STATE_DIR: "/s" })).toBe("/s/shop");
    expect(projectStateDir("shop", { XDG_STATE_HOME: "/x" })).toBe("/x/berth/shop");
    expect(projectStateDir("shop", { HOME: "/home/u" })).toBe("/home/u/.local/state/berth/shop");
  });
});
