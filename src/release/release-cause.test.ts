import { describe, expect, it } from "vitest";
import { namingImageChange } from "./release-of-run.js";

describe("namingImageChange", () => {
  it("says 'new image' when the image changed but the cause speaks only of config", () => {
    expect(namingImageChange("config changed (hash 1a2b -> 3c4d)", "sha256:old", "sha256:new")).toBe("new image; config changed (hash 1a2b -> 3c4d)");
    expect(namingImageChange("recreated", "sha256:old", "sha256:new")).toBe("new image; recreated");
  });

  it("leaves a cause that already names the image, an unchanged image and a first deployment alone", () => {
    expect(namingImageChange("image app:2 changed", "sha256:old", "sha256:new")).toBe("image app:2 changed");
    expect(namingImageChange("rollback to #3 (image 0123456789ab)", "sha256:old", "sha256:new")).toBe("rollback to #3 (image 0123456789ab)");
    expect(namingImageChange("config changed (hash 1 -> 2)", "sha256:same", "sha256:same")).toBe("config changed (hash 1 -> 2)");
    expect(namingImageChange("created", undefined, "sha256:new")).toBe("created");
  });
});
