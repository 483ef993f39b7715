import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { loggingUnbounded } from "./logging-unbounded.js";

describe("logging-unbounded", () => {
  it("fires on driver none and on json-file without max-size", () => {
    const compose = "services:\n  a:\n    image: node:20\n    logging: { driver: none }\n  b:\n    image: node:20\n    logging:\n      driver: json-file\n";
    expect(findingsOf(loggingUnbounded, { compose })).toHaveLength(2);
  });
  it("stays quiet on bounded logs", () => {
    const compose = "services:\n  a:\n    image: node:20\n    logging:\n      driver: json-file\n      options: { max-size: 10m }\n";
    expect(findingsOf(loggingUnbounded, { compose })).toEqual([]);
  });
});
