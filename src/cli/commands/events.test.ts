import { describe, expect, it } from "vitest";
import { eventJson, formatEvent } from "./events.js";

const event = {
  type: "container",
  action: "die",
  id: "3f2a",
  time: Date.parse("2026-12-07T17:20:01.000Z"),
  attributes: { "com.docker.compose.service": "web", name: "shop-web-1", image: "nginx:1.22", exitCode: "0", "com.docker.compose.project": "shop" },
};

describe("events", () => {
  it("prints a line as compose does, with name, image and exit code", () => {
    expect(formatEvent(event)).toBe("2026-12-07T17:20:01.000Z container die 3f2a (name=shop-web-1, image=nginx:1.22, exitCode=0)\n");
    expect(formatEvent({ ...event, action: "start", attributes: {} })).toBe("2026-12-07T17:20:01.000Z container start 3f2a\n");
  });

  it("gives the JSON fields of docker compose events --json, the service among them", () => {
    expect(eventJson(event)).toEqual({
      time: "2026-12-07T17:20:01.000Z",
      type: "container",
      action: "die",
      id: "3f2a",
      service: "web",
      attributes: { name: "shop-web-1", image: "nginx:1.22", exitCode: "0" },
    });
  });
});
