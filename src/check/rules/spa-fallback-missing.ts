import { allDirectives, childrenNamed } from "../helpers/nginx-facts.js";
import { readPackageJson } from "../helpers/app-files.js";
import { defineRule } from "../rule.js";

const spaRouters = ["react-router", "react-router-dom", "vue-router", "@angular/router", "@tanstack/react-router", "svelte-spa-router", "preact-router", "wouter"];

export const spaFallbackMissing = defineRule({
  id: "spa-fallback-missing",
  group: "cross-file",
  severity: "warning",
  title: "Single-page app served without an index.html fallback",
  doc: {
    why: "A client-side router (react-router, vue-router) owns paths like `/settings` that do not exist as files: without `try_files $uri /index.html`, reloading or sharing such a link returns nginx's 404.",
    example: "location / {\n  root /usr/share/nginx/html;\n}",
    fix: "`location / { try_files $uri $uri/ /index.html; }`",
  },
  check(context, report) {
    for (const config of context.nginx) {
      const view = context.services.find((candidate) => candidate.name === config.service);
      const pkg = view?.build ? readPackageJson(context.files, view.build.contextDir) : undefined;
      if (!pkg || !spaRouters.some((router) => router in pkg.dependencies)) continue;
      for (const placed of allDirectives([config]).filter((candidate) => candidate.directive.name === "location" && candidate.directive.args.join(" ") === "/")) {
        const block = placed.directive.block;
        const proxied = (block ?? []).some((directive) => directive.name.endsWith("_pass") || directive.name === "return");
        const fallback = childrenNamed(block, "try_files").some((directive) => directive.args.some((arg) => arg.includes("index.html")));
        if (proxied || fallback) continue;
        report({ at: placed.directive.at, message: `"${config.service}" serves a client-routed app, but location / has no index.html fallback`, hint: "add `try_files $uri $uri/ /index.html;`" });
      }
    }
  },
});
