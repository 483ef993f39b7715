import { defineRule } from "../rule.js";

export const nginxInvalid = defineRule({
  id: "nginx-invalid",
  group: "nginx",
  severity: "error",
  title: "nginx configuration does not parse",
  doc: {
    why: "nginx refuses to start on a syntax error (an unbalanced brace, a missing `;`, an unquoted regex with `{`), and the proxy container restarts in a loop.",
    example: "location ~ ^/(\\d{3})$ { return 404; }   # braces in an unquoted regex",
    fix: "Fix the syntax at the reported position; quote regexes that contain `{` or `;`.",
  },
  check(context, report) {
    const seen = new Set<string>();
    for (const config of context.nginx) {
      if (seen.has(config.file.path)) continue;
      seen.add(config.file.path);
      for (const error of config.file.errors) report({ at: error.at, message: `nginx: ${error.message}`, hint: "fix the syntax; `nginx -t` would fail here" });
    }
  },
});
