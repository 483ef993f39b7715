import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { debugPortPublished } from "./debug-port-published.js";

describe("debug-port-published", () => {
  it("fires on the Node inspector port", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  app:\n    image: node:20\n    ports: ['3000:3000', '9229:9229']\n" })).toMatchObject([{ severity: "error", message: expect.stringContaining("9229") }]);
  });
  it("fires on 5678 when debugpy runs, from compose or the Dockerfile CMD", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  api:\n    image: python:3.12\n    command: python -m debugpy --listen 0.0.0.0:5678 app.py\n    ports: ['5678:5678']\n" })).toMatchObject([{ line: 5 }]);
    const files = { "Dockerfile": "FROM python:3.12\nCMD [\"python\", \"-m\", \"debugpy\", \"--listen\", \"0.0.0.0:5678\", \"app.py\"]\n" };
    expect(findingsOf(debugPortPublished, { compose: "services:\n  api:\n    build: .\n    ports: ['5678:5678']\n", files })).toHaveLength(1);
  });
  it("stays quiet on 5678 as an app's own port (n8n)", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  n8n:\n    image: docker.n8n.io/n8nio/n8n:1.80.0\n    ports: ['5678:5678']\n" })).toEqual([]);
  });
  it("stays quiet in a dev override bound to 127.0.0.1", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  app:\n    image: node:20\n    ports: ['127.0.0.1:9229:9229']\n" })).toEqual([]);
  });
  it("stays quiet on ordinary ports", () => {
    expect(findingsOf(debugPortPublished, { compose: "services:\n  app:\n    image: node:20\n    ports: ['3000:3000']\n" })).toEqual([]);
  });
});
