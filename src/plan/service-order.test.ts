import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { dependantsOf, dependenciesOf, orderServices } from "./service-order.js";
import { testProject } from "./test-project.js";

const needs = (...names: string[]): Partial<Service> => ({ depends_on: Object.fromEntries(names.map((name) => [name, { condition: "service_started", required: true }])) as NonNullable<Service["depends_on"]> });

/** s0 depends on s1, which depends on s2, ... up to s<length>. */
function chain(length: number) {
  const services: Record<string, Partial<Service>> = {};
  for (let index = 0; index < length; index++) services[`s${index}`] = needs(`s${index + 1}`);
  services[`s${length}`] = {};
  return testProject("deep", services);
}

describe("orderServices", () => {
  it("puts dependencies first, ties in alphabetical order, whatever the declaration order", () => {
    const project = testProject("shop", { web: needs("api"), worker: needs("db"), api: needs("db", "cache"), db: {}, cache: {} });
    expect(orderServices(project)).toEqual(["cache", "db", "api", "web", "worker"]);
  });

  it("ignores dependencies left out of the project (profiles)", () => {
    const project = testProject("shop", { api: needs("db", "metrics"), db: {} });
    expect(orderServices(project)).toEqual(["db", "api"]);
    expect(dependenciesOf(project, "api")).toEqual(["db"]);
  });

  it("orders a depends_on chain of 6,000 services without overflowing the stack", () => {
    const order = orderServices(chain(6000));
    expect(order).toHaveLength(6001);
    expect(order[0]).toBe("s6000");
    expect(order.at(-1)).toBe("s0");
    expect(order.indexOf("s2999")).toBe(order.indexOf("s3000") + 1);
  });

  it("dependantsOf lists the direct dependants, sorted", () => {
    const project = testProject("shop", { web: needs("api"), admin: needs("api"), api: needs("db"), db: {} });
    expect(dependantsOf(project, "api")).toEqual(["admin", "web"]);
    expect(dependantsOf(project, "db")).toEqual(["api"]);
    expect(dependantsOf(project, "web")).toEqual([]);
  });
});
