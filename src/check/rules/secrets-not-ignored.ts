import { wholesaleCopyLeaks } from "../helpers/build-facts.js";
import { defineRule } from "../rule.js";

const secretName = /^(\.env(\.(?!example$|sample$|template$|dist$)[\w.-]+)?|.*\.pem|.*\.key|id_rsa|id_ed25519|credentials\.json|service-account.*\.json|\.npmrc|\.pypirc)$/;

export const secretsNotIgnored = defineRule({
  id: "secrets-not-ignored",
  group: "dockerignore",
  severity: "error",
  title: "Secret files copied into the image",
  doc: {
    why: "`COPY . .` takes `.env`, keys and credential files along: they end up in the image layers, readable by anyone who pulls the image, even if a later step deletes them.",
    example: "# context has .env and .env.docker, .dockerignore does not list them\nCOPY . .",
    fix: "Add `.env*` (then `!.env.example`), `*.pem`, `*.key` to `.dockerignore`, and pass secrets at run time.",
  },
  check(context, report) {
    for (const { view, copy, names } of wholesaleCopyLeaks(context, (name) => secretName.test(name))) {
      report({ at: copy.instruction.at, message: `COPY . . puts secret files into the image of "${view.name}": ${names.join(", ")}`, hint: "add them to .dockerignore (`.env*`, `!.env.example`) and pass secrets at run time" });
    }
  },
});
