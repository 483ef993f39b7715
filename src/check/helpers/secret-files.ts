import { posix } from "node:path";

// Committed templates (`.env.example`, `.env.production.sample`) hold no secrets by design.
const template = /\.(example|sample|template|dist|tpl)$/i;
const alwaysSecret = /^(\.env(\.[\w.-]+)?|.*\.pem|.*\.key|id_rsa|id_ed25519|credentials\.json|service-account.*\.json)$/;
// Package manager configs are ordinary settings unless they carry a credential.
const configWithAuth = /^(\.npmrc|\.pypirc|\.yarnrc(\.yml)?)$/;
const authLine = /(_authToken|_auth|_password|npmAuthToken|^\s*password\s*[=:])/m;

/**
 * Whether a file by this name (a path or a base name) holds secrets. `readText` gives its content,
 * when it can be read: `.npmrc` and friends count only with a token or password inside.
 */
export function isSecretFile(path: string, readText: (path: string) => string | undefined): boolean {
  const name = posix.basename(path);
  if (template.test(name)) return false;
  if (alwaysSecret.test(name)) return true;
  if (!configWithAuth.test(name)) return false;
  const text = readText(path);
  return text !== undefined && authLine.test(text);
}
