import { describe, expect, it } from "vitest";
import { REDACTED, createRedactor, isPlainSettingName, isRedactableValue, isSecretName, passwordArguments, urlPasswords } from "./redact.js";

const canary = "canary-7f3a9c1e5b";

describe("isSecretName", () => {
  it.each(["POSTGRES_PASSWORD", "DB_PASSWD", "JWT_SECRET", "GITHUB_TOKEN", "API_KEY", "apiKey", "STRIPE_SECRET_KEY", "SENTRY_DSN", "AUTH", "DB_PWD"])("%s looks secret", (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(["POSTGRES_USER", "NODE_ENV", "PORT", "PWD", "OLDPWD", "MONKEY", "KEYBOARD_LAYOUT", "POSTGRES_PASSWORD_FILE", "SECRET_PATH", "TOKEN_HOST", "SSH_AUTH_SOCK", "SECRETS_DIR"])("%s does not", (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe("isRedactableValue", () => {
  it("keeps short and ordinary values", () => {
    for (const value of ["1", "abc", "true", "production", "5432", "65535", "postgres", "/run/secrets/db_pw", "/tmp/ssh-XYZ/agent.1234", "/var/lib/postgresql/data/"]) expect(isRedactableValue(value)).toBe(false);
    expect(isRedactableValue("/not a path/x")).toBe(true);
    expect(isRedactableValue(canary)).toBe(true);
    expect(isRedactableValue("83920174")).toBe(true);
  });
});

describe("createRedactor", () => {
  it("replaces known values wherever they stand as a whole word, longest first", () => {
    const redactor = createRedactor([`${canary}-long`, canary, "1"]);
    expect(redactor.text(`a ${canary}-long b ${canary}c (${canary}) 1`)).toBe(`a ${REDACTED} b ${canary}c (${REDACTED}) 1`);
    expect(redactor.knownValues).toBe(2);
  });

  it("hides credentials inside URLs without knowing them", () => {
    const redactor = createRedactor([]);
    expect(redactor.text("DATABASE_URL=postgres://app:hunter2x@db:5432/app")).toBe(`DATABASE_URL=postgres://app:${REDACTED}@db:5432/app`);
    expect(redactor.text("redis://:s3cr3tpw@cache:6379/0")).toBe(`redis://:${REDACTED}@cache:6379/0`);
  });

  it("hides NAME=value and JSON pairs whose name looks secret", () => {
    const redactor = createRedactor([]);
    expect(redactor.text("POSTGRES_PASSWORD=abc123 POSTGRES_USER=app")).toBe(`POSTGRES_PASSWORD=${REDACTED} POSTGRES_USER=app`);
    expect(redactor.text('export API_TOKEN="x y z"')).toBe(`export API_TOKEN=${REDACTED}`);
    expect(redactor.text('{"JWT_SECRET": "zzz", "user": "app"}')).toBe(`{"JWT_SECRET": "${REDACTED}", "user": "app"}`);
  });

  it("redacts data deeply and blanks secret-named keys", () => {
    const redactor = createRedactor([canary]);
    const data = { env: { DB_PASSWORD: "short", NODE_ENV: "production" }, lines: [`got ${canary}`], n: 3, ok: true, none: null };
    expect(redactor.data(data)).toEqual({ env: { DB_PASSWORD: REDACTED, NODE_ENV: "production" }, lines: [`got ${REDACTED}`], n: 3, ok: true, none: null });
    expect(data.lines[0]).toBe(`got ${canary}`);
  });

  it("leaves look-alikes alone: hyphenated words, references, URLs", () => {
    const redactor = createRedactor([]);
    for (const text of ["backend-db-credentials: postgres db", "use `SESSION_SECRET: ${SESSION_SECRET}` instead", "see API_TOKEN: $API_TOKEN", "token_url: http://x/y", "use `POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?}` or ${DB_PASSWORD:?set it in .env}", "API_TOKEN: ---"]) expect(redactor.text(text)).toBe(text);
    expect(redactor.text("${DB_PASSWORD:-hunter2x}")).toBe(`\${DB_PASSWORD:${REDACTED}}`);
    expect(redactor.text("API_TOKEN: abc123")).toBe(`API_TOKEN: ${REDACTED}`);
  });

  it("leaves text without secrets untouched", () => {
    const redactor = createRedactor([canary]);
    const text = "GET /api/health 200 in 12 ms; path=services.web.ports user=app";
    expect(redactor.text(text)).toBe(text);
  });
});

describe("isPlainSettingName", () => {
  it.each(["POSTGRES_USER", "POSTGRES_DB", "MYSQL_DATABASE", "DB_HOST", "APP_PORT", "DATA_DIR", "APP_IMAGE", "COMPOSE_PROJECT_NAME", "NODE_ENV", "LOG_LEVEL", "TZ", "USER"])("%s names a setting users must read", (name) => {
    expect(isPlainSettingName(name)).toBe(true);
  });
  it.each(["POSTGRES_PASSWORD", "GREETING_WORD", "API_TOKEN", "STRIPE_KEY"])("%s does not", (name) => {
    expect(isPlainSettingName(name)).toBe(false);
  });
});

describe("readable evidence (issue 14 item 6)", () => {
  it("never redacts a fragment of a longer word: project ux-smalltalk stays whole", () => {
    const redactor = createRedactor(["smalltalk"]);
    expect(redactor.text("berth report: ux-smalltalk")).toBe("berth report: ux-smalltalk");
    expect(redactor.text("image ux-smalltalk-web:latest, volume ux-smalltalk_pgdata")).toBe("image ux-smalltalk-web:latest, volume ux-smalltalk_pgdata");
    expect(redactor.text("smalltalkers and bigsmalltalk")).toBe("smalltalkers and bigsmalltalk");
    expect(redactor.text('password for "smalltalk" failed.')).toBe(`password for "${REDACTED}" failed.`);
  });

  it("leaves source code alone: default_token_generator = PasswordResetTokenGenerator()", () => {
    const redactor = createRedactor([]);
    for (const line of ["default_token_generator = PasswordResetTokenGenerator()", 'SECRET_KEY = os.environ["SECRET_KEY"]', "const token = process.env.API_TOKEN;", "max_tokens=4096", "use_token: true"]) expect(redactor.text(line)).toBe(line);
    expect(redactor.text("SECRET_KEY = 'django-insecure-9x8y7z'")).toBe(`SECRET_KEY = ${REDACTED}`);
  });

  it("keeps a hint's placeholder readable: one KEY=value per line, TOKEN=<token>", () => {
    const redactor = createRedactor([]);
    for (const line of ["hint: env files hold one KEY=value per line", "set API_KEY=<api-key> in .env", 'use "SECRET": "..." or PASSWORD=xxxx']) expect(redactor.text(line)).toBe(line);
    expect(redactor.text("API_KEY=values-are-secret")).toBe(`API_KEY=${REDACTED}`);
  });

  it("keeps user, database, port, path and image readable in a database error", () => {
    const redactor = createRedactor(["pw-canary-91d2"]);
    const line = 'FATAL:  password authentication failed for user "smalltalk" (db smalltalk_prod at db:5432, /var/lib/postgresql/data, postgres:15)';
    expect(redactor.text(line)).toBe(line);
  });
});

describe("secrets printed (issue 18 item 7)", () => {
  const quoted = 'pa"ss\\wo-rd-7f1c';

  it("matches a password with quotes and backslashes in its JSON-escaped form", () => {
    const redactor = createRedactor([quoted]);
    const json = JSON.stringify({ env: [`X=${quoted}`], note: `got ${quoted}` }, null, 2);
    const out = redactor.text(json);
    expect(out).not.toContain(JSON.stringify(quoted).slice(1, -1));
    expect(out).not.toContain(quoted);
    expect(JSON.parse(out)).toEqual({ env: [`X=${REDACTED}`], note: `got ${REDACTED}` });
  });

  it("still hides a value right after an escape: a newline in JSON text, a colour code in a log", () => {
    const redactor = createRedactor([canary]);
    const json = JSON.stringify({ tail: `line 1\n${canary}\tx\r\n` });
    expect(redactor.text(json)).not.toContain(canary);
    expect(redactor.text(`\u001b[32m${canary}\u001b[0m`)).toBe(`\u001b[32m${REDACTED}\u001b[0m`);
    expect(redactor.text(JSON.stringify(`\u001b[1;31m${canary}`))).not.toContain(canary);
  });

  it("keeps JSON text valid when a masked value stops before an escaped quote (found by the fuzz harness)", () => {
    const redactor = createRedactor([]);
    for (const message of ['default ${POSTGRES_PASSWORD:-abc"', 'run --requirepass abc"x', "mysql -u root -pabc\"", 'API_TOKEN=abc\\"']) {
      const json = JSON.stringify({ message }, null, 2);
      const out = redactor.text(json);
      expect(() => JSON.parse(out), out).not.toThrow();
      expect(out).not.toContain("abc");
    }
    // An even run of backslashes escapes itself, not the quote: nothing is added.
    expect(redactor.text("API_TOKEN=abc\\\\")).toBe(`API_TOKEN=${REDACTED}`);
  });

  it("matches a password in its URL-encoded form", () => {
    const redactor = createRedactor(["p@ss/w0rd!x"]);
    expect(redactor.text("DATABASE_URL: postgres://app:p%40ss%2Fw0rd!x@db/app and p@ss/w0rd!x")).toBe(`DATABASE_URL: postgres://app:${REDACTED}@db/app and ${REDACTED}`);
  });

  it("hides an invalid-port error quoting an .env value", () => {
    const redactor = createRedactor(["hunter2-canary"]);
    expect(redactor.text('services.web.ports[0]: invalid port "hunter2-canary:80"')).toBe(`services.web.ports[0]: invalid port "${REDACTED}:80"`);
  });

  it("hides values passed as passwords, in shell lines and JSON arrays, without knowing them", () => {
    const redactor = createRedactor([]);
    expect(redactor.text("redis-server --appendonly yes --requirepass s3cr3t-redis")).toBe(`redis-server --appendonly yes --requirepass ${REDACTED}`);
    expect(redactor.text('["redis-server", "--requirepass", "s3cr3t-redis"]')).toBe(`["redis-server", "--requirepass", "${REDACTED}"]`);
    expect(redactor.text("redis-cli -h cache -a s3cr3t-redis ping")).toBe(`redis-cli -h cache -a ${REDACTED} ping`);
    expect(redactor.text('["CMD", "redis-cli", "-a", "s3cr3t-redis", "ping"]')).toBe(`["CMD", "redis-cli", "-a", "${REDACTED}", "ping"]`);
    expect(redactor.text("mysqladmin ping -h db -uroot -pm7sql-pw")).toBe(`mysqladmin ping -h db -uroot -p${REDACTED}`);
    expect(redactor.text("PGPASSWORD=pg-pw-1 psql -h db -U app")).toBe(`PGPASSWORD=${REDACTED} psql -h db -U app`);
    expect(redactor.text("mongod --auth --password=abc123x")).toBe(`mongod --auth --password=${REDACTED}`);
  });

  it("leaves look-alike options alone", () => {
    const redactor = createRedactor([]);
    for (const text of ["ls -a /srv", "mysql -h db -P 3306 -p", "redis-server --requirepass $REDIS_PASSWORD", "ps -p 1", "uname -a"]) expect(redactor.text(text)).toBe(text);
  });
});

describe("passwordArguments", () => {
  it("collects passwords from command lines so they are known everywhere", () => {
    expect(passwordArguments("redis-server --requirepass 'a b c'")).toEqual(["a b c"]);
    expect(passwordArguments('["redis-cli","-a","r3d1s-pw","ping"]')).toEqual(["r3d1s-pw"]);
    expect(passwordArguments("mysqladmin ping -uroot -pm7sql-pw")).toEqual(["m7sql-pw", "-pm7sql-pw"]);
    expect(passwordArguments("redis-server --requirepass ${REDIS_PASSWORD}")).toEqual([]);
    expect(passwordArguments("node server.js --port 3000")).toEqual([]);
  });

  it("makes a glued -p password redactable as a whole word", () => {
    const redactor = createRedactor(passwordArguments("mysqladmin ping -pm7sql-pw"));
    expect(redactor.text('{"Test": ["CMD", "mysqladmin", "ping", "-pm7sql-pw"]}')).not.toContain("m7sql-pw");
  });
});

describe("urlPasswords", () => {
  it("returns the password of each URL, raw and decoded", () => {
    expect(urlPasswords("postgres://app:p%40ss@db/app redis://:r3d1s@cache:6379 http://host/x")).toEqual(["p%40ss", "p@ss", "r3d1s", "r3d1s"]);
    expect(urlPasswords("no url here")).toEqual([]);
  });
});
