import { describe, expect, it } from "vitest";
import { renderTable } from "./ps.js";

describe("berth ps table", () => {
  it("keeps NAME SERVICE STATUS first and adds the running release after the status", () => {
    const row = { name: "shop-web-1", id: "0123456789ab", service: "web", number: 1, state: "running", status: "Up 3 seconds (healthy)", health: "healthy", exitCode: null, image: "nginx:1.22", imageId: "2bab7347f9b2", ports: ["127.0.0.1:8080->80/tcp"] };
    const [header, line] = renderTable([row]).split("\n");
    expect(header).toMatch(/^NAME\s+SERVICE\s+STATUS\s+IMAGE\s+IMAGE ID\s+PORTS$/);
    expect(line).toMatch(/^shop-web-1\s+web\s+Up 3 seconds \(healthy\)\s+nginx:1\.22\s+2bab7347f9b2\s+127\.0\.0\.1:8080->80\/tcp$/);
  });
});
