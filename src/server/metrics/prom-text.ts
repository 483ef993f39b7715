/** One metric family of the Prometheus text exposition format (version 0.0.4). */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: "gauge" | "counter";
  readonly samples: readonly MetricSample[];
}

export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export const prometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

/** Renders families as Prometheus text: HELP and TYPE lines, then one line per sample. */
export function renderPrometheusText(families: readonly MetricFamily[]): string {
  return families.map(renderFamily).join("");
}

function renderFamily(family: MetricFamily): string {
  const head = `# HELP ${family.name} ${family.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n# TYPE ${family.name} ${family.type}\n`;
  return head + family.samples.map((sample) => `${family.name}${renderLabels(sample.labels)} ${renderValue(sample.value)}\n`).join("");
}

function renderLabels(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

// The format's three escapes inside a label value: backslash, double quote, newline.
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function renderValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
