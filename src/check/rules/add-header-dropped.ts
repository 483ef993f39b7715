import { allDirectives, childrenNamed } from "../helpers/nginx-facts.js";
import { defineRule } from "../rule.js";

export const addHeaderDropped = defineRule({
  id: "add-header-dropped",
  group: "nginx",
  severity: "warning",
  title: "Nested add_header drops the parent's headers",
  doc: {
    why: "`add_header` is inherited only by blocks that have no `add_header` of their own. A location that adds `Cache-Control` silently drops the server's `X-Frame-Options`, `Content-Security-Policy` and `Strict-Transport-Security` for its responses.",
    example: "server {\n  add_header X-Frame-Options DENY;\n  location /assets/ {\n    add_header Cache-Control \"public, max-age=31536000\";\n  }\n}",
    fix: "Repeat the parent's headers in the location (or keep them in a snippet and `include` it in every block).",
  },
  check(context, report) {
    for (const placed of allDirectives(context.nginx).filter((candidate) => candidate.directive.name === "location" || candidate.directive.name === "if")) {
      const own = childrenNamed(placed.directive.block, "add_header");
      if (own.length === 0) continue;
      const inherited = [...placed.parents].reverse().map((parent) => childrenNamed(parent.block, "add_header")).find((headers) => headers.length > 0) ?? [];
      const ownNames = new Set(own.map((header) => (header.args[0] ?? "").toLowerCase()));
      const dropped = inherited.map((header) => header.args[0] ?? "").filter((name) => !ownNames.has(name.toLowerCase()));
      if (dropped.length === 0) continue;
      report({ at: own[0]!.at, message: `add_header here drops the inherited headers ${dropped.join(", ")} for ${placed.directive.name} ${placed.directive.args.join(" ")}`, hint: "repeat the parent's add_header lines in this block (or include a shared snippet)" });
    }
  },
});
