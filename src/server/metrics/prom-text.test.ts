import { describe, expect, it } from "vitest";
import { renderPrometheusText } from "./prom-text.js";

describe("renderPrometheusText", () => {
  it("writes HELP, TYPE and one line per sample, escaping label values", () => {
    const text = renderPrometheusText([
      { name: "berth_service_up", help: "1 when up.", type: "gauge", samples: [{ labels: { project: "p", service: 'we"b\\1\nx' }, value: 1 }] },
      { name: "berth_things_total", help: "Things.", type: "counter", samples: [{ labels: {}, value: Infinity }] },
    ]);
    expect(text).toBe(
      [
        "# HELP berth_service_up 1 when up.",
        "# TYPE berth_service_up gauge",
        'berth_service_up{project="p",service="we\\"b\\\\1\\nx"} 1',
        "# HELP berth_things_total Things.",
        "# TYPE berth_things_total counter",
        "berth_things_total +Inf",
        "",
      ].join("\n"),
    );
  });
});
