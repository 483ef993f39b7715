import { envSettings } from "../helpers/env-facts.js";
import { knownHostnames } from "../helpers/service-facts.js";
import { startupText } from "../helpers/startup.js";
import { parseUrl } from "../helpers/urls.js";
import { defineRule } from "../rule.js";

const publicPrefix = /^(NEXT_PUBLIC_|VITE_|REACT_APP_|PUBLIC_|NUXT_PUBLIC_|EXPO_PUBLIC_)/;

export const publicBuildVarAtRuntime = defineRule({
  id: "public-build-var-at-runtime",
  group: "cross-file",
  severity: "warning",
  title: "Browser build variable set only at run time, or pointing at an internal host",
  doc: {
    why: "`NEXT_PUBLIC_*`, `VITE_*` and `REACT_APP_*` are inlined into the JavaScript bundle when it is built: setting them in `environment:` changes nothing. And the browser runs on the user's machine, so `http://backend:8000` (a compose service name) cannot be resolved there.",
    example: "frontend:\n  environment:\n    NEXT_PUBLIC_API_URL: http://backend:8000",
    fix: "Pass it as a build arg (`build.args` plus `ARG`/`ENV` before the build step), with a URL the browser can reach (a public origin, or a relative `/api` behind the proxy).",
  },
  check(context, report) {
    const browserInNetwork = /playwright|cypress|puppeteer|selenium/i;
    const devServer = /\bvite\b(?!\s+build)|\bnext\s+dev\b|\bnuxt\s+dev\b|\b(npm\s+run|yarn|pnpm(\s+run)?)\s+(dev|start:dev|serve)\b/;
    const internal = knownHostnames(context);
    for (const setting of envSettings(context).filter((candidate) => candidate.source === "compose" && publicPrefix.test(candidate.key))) {
      const view = context.services.find((candidate) => candidate.name === setting.service);
      const host = parseUrl(setting.value)?.host;
      const startup = view === undefined ? "" : `${startupText(view)} ${view.baseImage ?? ""}`;
      // A browser driven inside the compose network (end-to-end tests) resolves service names; a
      // dev server (vite, next dev) reads the variable when it starts, so run time is the right time.
      if (browserInNetwork.test(startup) || (host === undefined && devServer.test(startup))) continue;
      if (host !== undefined && internal.has(host)) {
        report({ at: setting.at, message: `${setting.key} points the browser at "${host}", a compose service name the browser cannot resolve`, hint: "use a URL the browser reaches (public origin, or a relative /api path behind the proxy)" });
      } else if (view?.build && !(setting.key in (view.service.build?.args ?? {}))) {
        report({ at: setting.at, message: `${setting.key} is inlined at build time; setting it in environment: has no effect`, hint: `pass it in build.args and declare ARG ${setting.key} before the build step` });
      }
    }
  },
});
