import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { datastorePortPublished } from "./datastore-port-published.js";

describe("datastore-port-published", () => {
  it("fires on postgres published on all interfaces", () => {
    expect(findingsOf(datastorePortPublished, { compose: "services:\n  db:\n    image: postgres:15\n    ports:\n      - '5432:5432'\n" })).toMatchObject([{ line: 5 }]);
  });
  it("stays quiet on loopback binds and on app services", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    ports: ['127.0.0.1:5432:5432']\n  web:\n    image: nginx:1.22\n    ports: ['80:80']\n";
    expect(findingsOf(datastorePortPublished, { compose })).toEqual([]);
  });
});
