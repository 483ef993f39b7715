import { describe, expect, it } from "vitest";
import { dependentsInStartOrder } from "./restore.js";

type Services = Record<string, { depends_on?: Record<string, unknown> }>;

describe("dependentsInStartOrder (the services a restore stops and starts again)", () => {
  it("lists direct and indirect dependents in start order, and nothing else", () => {
    const services: Services = {
      db: {},
      api: { depends_on: { db: {} } },
      web: { depends_on: { api: {} } },
      worker: { depends_on: { db: {}, cache: {} } },
      cache: {},
      docs: {},
    };
    expect(dependentsInStartOrder({ services } as never, "db")).toEqual(["api", "web", "worker"]);
    expect(dependentsInStartOrder({ services } as never, "cache")).toEqual(["worker"]);
    expect(dependentsInStartOrder({ services } as never, "web")).toEqual([]);
  });

  it("walks a depends_on chain of 6,000 services without overflowing the stack", () => {
    const services: Services = { s6000: {} };
    for (let index = 0; index < 6000; index++) services[`s${index}`] = { depends_on: { [`s${index + 1}`]: {} } };
    const dependents = dependentsInStartOrder({ services } as never, "s6000");
    expect(dependents).toHaveLength(6000);
    expect(dependents[0]).toBe("s5999");
    expect(dependents.at(-1)).toBe("s0");
  });
});
