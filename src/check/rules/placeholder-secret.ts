import { envSettings } from "../helpers/env-facts.js";
import { isSecretKey } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

const placeholder = /^(change[-_ ]?(this|me|it)\b.*|changeme.*|your[-_].*|<.*>|xxx+|todo|replace[-_]?(me|with|this)([-_ ].*)?|(strong|long|random|secure)[-_](db[-_])?(password|secret|key).*|secret|password|example|placeholder|dummy|insert[-_].*|put[-_].*here|\*+)$/i;

export const placeholderSecret = defineRule({
  id: "placeholder-secret",
  group: "env",
  severity: "error",
  title: "Placeholder secret in use",
  doc: {
    why: "Values like `change-this-password` or `your_google_client_secret` come from templates and are public: a stack deployed with them is open to anyone who has read the same README.",
    example: "JWT_SECRET=change-this-to-a-strong-random-secret\nPOSTGRES_PASSWORD=change_me_in_production",
    fix: "Generate real values (`openssl rand -hex 32`) and keep them out of git.",
  },
  check(context, report) {
    for (const setting of envSettings(context)) {
      if (setting.interpolated || !isSecretKey(setting.key) || !placeholder.test(setting.value.trim())) continue;
      report({ at: setting.at, message: `${setting.key} is a placeholder ("${setting.value}")`, hint: "set a generated secret, e.g. `openssl rand -hex 32`" });
    }
  },
});
