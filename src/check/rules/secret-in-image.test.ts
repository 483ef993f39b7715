import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { secretInImage } from "./secret-in-image.js";

const compose = "services:\n  app:\n    build: .\n";

describe("secret-in-image", () => {
  it("fires on a secret ENV value, an ARG default and a copied .env", () => {
    const files = { Dockerfile: "FROM node:20-slim\nARG NPM_TOKEN=abc123\nENV JWT_SECRET=supersecret\nCOPY .env ./\n", ".env": "A=1" };
    expect(findingsOf(secretInImage, { compose, files }).map((finding) => finding.line)).toEqual([2, 3, 4]);
  });
  it("stays quiet on ARGs without values, references and example files", () => {
    const files = { Dockerfile: "FROM node:20-slim\nARG NPM_TOKEN\nENV API_KEY_FILE=/run/secrets/key DB_PASSWORD=$DB_PASSWORD\nCOPY .env.example ./\n" };
    expect(findingsOf(secretInImage, { compose, files })).toEqual([]);
  });
});
