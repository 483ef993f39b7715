import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { dependencyLayerOrder } from "./dependency-layer-order.js";

const compose = "services:\n  api:\n    build: .\n";

describe("dependency-layer-order", () => {
  it("fires when COPY . . precedes pip install", () => {
    expect(findingsOf(dependencyLayerOrder, { compose, files: { Dockerfile: "FROM python:3.11-slim\nCOPY . .\nRUN pip install -r requirements.txt\n" } })).toMatchObject([{ line: 2 }]);
  });
  it("stays quiet when manifests are copied first", () => {
    expect(findingsOf(dependencyLayerOrder, { compose, files: { Dockerfile: "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n" } })).toEqual([]);
  });
});
