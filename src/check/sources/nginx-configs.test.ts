import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFixture } from "../testing/check-fixture.js";
import { defineRule } from "../rule.js";
import { walkNginx } from "./nginx.js";

const collect = (into: string[]) => defineRule({
  id: "collect", group: "nginx", severity: "info", title: "", doc: { why: "", example: "", fix: "" },
  check(context) {
    for (const config of context.nginx) walkNginx(config.directives, (directive) => into.push(`${config.context}:${directive.name}@${relative(context.dir, directive.at.file)}:${directive.at.line}`));
  },
});

describe("loadNginxConfigs", () => {
  it("follows a mounted main nginx.conf into included conf.d files, keeping each file's positions", () => {
    const seen: string[] = [];
    const compose = "services:\n  proxy:\n    image: nginx:1.22\n    volumes:\n      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\n      - ./nginx/conf.d:/etc/nginx/conf.d:ro\n";
    const files = { "nginx/nginx.conf": "events {}\nhttp {\n  include /etc/nginx/conf.d/*.conf;\n}\n", "nginx/conf.d/app.conf": "server {\n  listen 80;\n}\n" };
    checkFixture({ compose, files }, [collect(seen)]);
    expect(seen).toEqual(["main:events@nginx/nginx.conf:1", "main:http@nginx/nginx.conf:2", "main:server@nginx/conf.d/app.conf:1", "main:listen@nginx/conf.d/app.conf:2"]);
  });
  it("follows a glob include to files COPYed one by one", () => {
    const seen: string[] = [];
    const compose = "services:\n  proxy:\n    build: ./proxy\n";
    const files = {
      "proxy/Dockerfile": "FROM nginx:1.22\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY default.conf /etc/nginx/conf.d/default.conf\n",
      "proxy/nginx.conf": "events {}\nhttp { include /etc/nginx/conf.d/*.conf; }\n",
      "proxy/default.conf": "server { listen 8080; }\n",
    };
    checkFixture({ compose, files }, [collect(seen)]);
    expect(seen).toEqual(["main:events@proxy/nginx.conf:1", "main:http@proxy/nginx.conf:2", "main:server@proxy/default.conf:1", "main:listen@proxy/default.conf:1"]);
  });
  it("finds configs COPYed by an nginx Dockerfile", () => {
    const seen: string[] = [];
    const compose = "services:\n  proxy:\n    build: ./proxy\n";
    const files = { "proxy/Dockerfile": "FROM nginx:1.22\nCOPY conf /etc/nginx/conf.d/default.conf\n", "proxy/conf": "server { listen 80; }\n" };
    checkFixture({ compose, files }, [collect(seen)]);
    expect(seen).toEqual(["http:server@proxy/conf:1", "http:listen@proxy/conf:1"]);
  });
});
