import { listSourceFiles, readPackageJson } from "../helpers/app-files.js";
import { defineRule } from "../rule.js";

const frontendFrameworks = ["react", "vue", "svelte", "next", "@angular/core", "solid-js", "preact", "nuxt"];
const localUrl = /["'`](https?|wss?):\/\/(localhost|127\.0\.0\.1):(\d{2,5})[^"'`]*["'`]/;

export const frontendHardcodedLocalhost = defineRule({
  id: "frontend-hardcoded-localhost",
  group: "cross-file",
  severity: "warning",
  title: "Frontend code calls a hardcoded localhost backend",
  doc: {
    why: "A URL like `http://localhost:8000/api` in browser code works on the developer's machine only: deployed, the browser calls the user's own computer.",
    example: "const api = axios.create({ baseURL: 'http://localhost:8000/api' });",
    fix: "Use a relative path (`/api`, proxied by nginx) or a build-time variable (`import.meta.env.VITE_API_URL`) set to the public origin.",
  },
  check(context, report) {
    for (const view of context.services) {
      const build = view.build;
      const pkg = build && !build.remote ? readPackageJson(context.files, build.contextDir) : undefined;
      if (!build || !pkg || !frontendFrameworks.some((name) => name in pkg.dependencies)) continue;
      for (const file of listSourceFiles(context.files, build.contextDir, /\.(jsx?|tsx?|vue|svelte)$/)) {
        if (/\.(test|spec|config)\.|(^|\/)(tests?|__tests__|e2e|cypress|scripts)\//.test(file)) continue;
        const lines = (context.files.readText(file) ?? "").split(/\r?\n/);
        const index = lines.findIndex((line) => localUrl.test(line) && !/^\s*(\/\/|\*)/.test(line) && !/\?\?|\|\|/.test(line));
        if (index < 0) continue;
        const match = localUrl.exec(lines[index] ?? "");
        report({ at: { file, line: index + 1, column: (lines[index]?.indexOf(match?.[0] ?? "") ?? 0) + 1 }, message: `frontend code of "${view.name}" calls ${match?.[0]?.slice(1, -1)}; in production the browser would call the user's own machine`, hint: "use a relative /api path behind the proxy, or a build-time variable with the public URL" });
      }
    }
  },
});
