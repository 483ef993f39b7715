import { describe, expect, it } from "vitest";
import { formatSize, renderImages, splitReference } from "./images.js";
import { renderColumns } from "./table.js";

describe("images", () => {
  it("splits a reference into repository and tag as compose shows them", () => {
    expect(splitReference("nginx:1.22")).toEqual(["nginx", "1.22"]);
    expect(splitReference("redis")).toEqual(["redis", "latest"]);
    expect(splitReference("registry:5000/team/app")).toEqual(["registry:5000/team/app", "latest"]);
    expect(splitReference("registry:5000/team/app:2")).toEqual(["registry:5000/team/app", "2"]);
    expect(splitReference("app@sha256:abc")).toEqual(["app@sha256:abc", ""]);
  });

  it("prints sizes in decimal units as docker does", () => {
    expect(formatSize(512)).toBe("512B");
    expect(formatSize(94_400_000)).toBe("94.4MB");
    expect(formatSize(1_234_567_890)).toBe("1.23GB");
  });

  it("says when the tag a container was created with now names another image", () => {
    const row = { container: "shop-web-1", service: "web", repository: "shop-web", tag: "dev", imageId: "0123456789ab", size: 1000, retagged: true };
    const text = renderImages([row, { ...row, container: "shop-web-2", retagged: false }]);
    expect(text.split("\n")[0]).toMatch(/^CONTAINER\s+REPOSITORY\s+TAG\s+IMAGE ID\s+SIZE$/);
    expect(text).toContain("dev (tag now names a newer image)   0123456789ab   1.00kB");
    expect(text.split("\n")[2]).toMatch(/^shop-web-2\s+shop-web\s+dev\s+0123456789ab/);
  });
});

describe("renderColumns", () => {
  it("pads each column to its widest cell and trims line ends", () => {
    expect(renderColumns(["A", "BB"], [["xyz", ""], ["1", "2"]])).toBe("A     BB\nxyz\n1     2\n");
  });
});
