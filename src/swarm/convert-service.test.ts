import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { convertService, fileMode, hostsEntry } from "./convert-service.js";
import { fileObjectNames, stackFileObjects } from "./convert-objects.js";

// Each expectation is what `docker stack deploy` (docker/cli cli/compose/convert/service.go) puts
// in the service spec for the same file; the loader is the real one, so .env, interpolation and
// normalisation are berth's own.
const noObjects = { secrets: {}, configs: {} };

function convert(yaml: string, service: string, options: Parameters<typeof loadInline>[1] = {}) {
  const project = loadInline(yaml, { projectName: "shop", ...options });
  const found = project.services[service];
  if (found === undefined) throw new Error(`no service ${service}`);
  return convertService(project, found, fileObjectNames(project, stackFileObjects(project, () => Buffer.from("x"))));
}

describe("convertService", () => {
  it("names the service <stack>_<service> and labels it and its containers with the stack and the image", () => {
    const spec = convert("services:\n  api:\n    image: shop-api:1.4\n    labels: { tier: web }\n    deploy: { labels: { team: a } }\n", "api");
    expect(spec.Name).toBe("shop_api");
    expect(spec.Labels).toEqual({ team: "a", "com.docker.stack.namespace": "shop", "com.docker.stack.image": "shop-api:1.4" });
    expect(spec.TaskTemplate.ContainerSpec.Labels).toEqual({ tier: "web", "com.docker.stack.namespace": "shop" });
    expect(spec.TaskTemplate.ContainerSpec.Image).toBe("shop-api:1.4");
  });

  it("maps entrypoint to Command and command to Args, and leaves both out when unset", () => {
    const spec = convert("services:\n  api:\n    image: a\n    entrypoint: [tini, --]\n    command: node server.js\n", "api");
    expect(spec.TaskTemplate.ContainerSpec.Command).toEqual(["tini", "--"]);
    expect(spec.TaskTemplate.ContainerSpec.Args).toEqual(["node", "server.js"]);
    const bare = convert("services:\n  api:\n    image: a\n", "api");
    expect(bare.TaskTemplate.ContainerSpec).not.toHaveProperty("Command");
    expect(bare.TaskTemplate.ContainerSpec).not.toHaveProperty("Args");
  });

  it("sorts the environment as KEY=VALUE, interpolated with .env as berth loads it, a bare key without a value", () => {
    const spec = convert("services:\n  api:\n    image: a\n    environment:\n      ZED: ${ZED_VALUE}\n      ALPHA: one\n      BARE:\n", "api", { extraFiles: { ".env": "ZED_VALUE=from-dotenv\n" } });
    expect(spec.TaskTemplate.ContainerSpec.Env).toEqual(["ALPHA=one", "BARE", "ZED=from-dotenv"]);
  });

  it("attaches the stack's networks by their scoped names, sorted, the service name first among the aliases", () => {
    const spec = convert("services:\n  api:\n    image: a\n    networks:\n      web: { aliases: [api-web] }\n      data: {}\nnetworks:\n  web: {}\n  data: {}\n", "api");
    expect(spec.TaskTemplate.Networks).toEqual([
      { Target: "shop_data", Aliases: ["api"] },
      { Target: "shop_web", Aliases: ["api", "api-web"] },
    ]);
  });

  it("puts a service without networks on the stack's default network", () => {
    expect(convert("services:\n  api:\n    image: a\n", "api").TaskTemplate.Networks).toEqual([{ Target: "shop_default", Aliases: ["api"] }]);
  });

  it("mounts named volumes as <stack>_<volume> with the stack label and driver, binds by absolute path, tmpfs", () => {
    const project = loadInline("services:\n  db:\n    image: a\n    volumes:\n      - data:/var/lib/data\n      - ./conf:/etc/app:ro\n      - { type: tmpfs, target: /scratch, tmpfs: { size: 1048576 } }\nvolumes:\n  data: { driver: local, driver_opts: { type: none } }\n", { projectName: "shop" });
    const spec = convertService(project, project.services["db"]!, noObjects);
    expect(spec.TaskTemplate.ContainerSpec.Mounts).toEqual([
      { Type: "volume", Source: "shop_data", Target: "/var/lib/data", VolumeOptions: { Labels: { "com.docker.stack.namespace": "shop" }, DriverConfig: { Name: "local", Options: { type: "none" } } } },
      { Type: "bind", Source: `${project.meta.workingDir}/conf`, Target: "/etc/app", ReadOnly: true },
      { Type: "tmpfs", Target: "/scratch", TmpfsOptions: { SizeBytes: 1048576 } },
    ]);
  });

  it("publishes host-mode and ingress ports with their published port", () => {
    const spec = convert("services:\n  web:\n    image: a\n    ports:\n      - { target: 80, published: 8080, mode: host }\n      - \"9090:90\"\n", "web");
    expect(spec.EndpointSpec).toEqual({
      Mode: "vip",
      Ports: [
        { Protocol: "tcp", TargetPort: 80, PublishedPort: 8080, PublishMode: "host" },
        { Protocol: "tcp", TargetPort: 90, PublishedPort: 9090, PublishMode: "ingress" },
      ],
    });
  });

  it("converts the healthcheck's durations to nanoseconds and a disabled one to NONE", () => {
    const spec = convert("services:\n  api:\n    image: a\n    healthcheck:\n      test: [CMD, curl, -f, http://127.0.0.1/]\n      interval: 2s\n      timeout: 1500ms\n      start_period: 1m\n      retries: 4\n", "api");
    expect(spec.TaskTemplate.ContainerSpec.Healthcheck).toEqual({ Test: ["CMD", "curl", "-f", "http://127.0.0.1/"], Interval: 2e9, Timeout: 1.5e9, StartPeriod: 60e9, Retries: 4 });
    expect(convert("services:\n  api:\n    image: a\n    healthcheck: { disable: true }\n", "api").TaskTemplate.ContainerSpec.Healthcheck).toEqual({ Test: ["NONE"] });
  });

  it("takes deploy: replicas, placement, resources, restart_policy, update/rollback config, endpoint_mode", () => {
    const spec = convert(
      `services:
  api:
    image: a
    deploy:
      replicas: 3
      endpoint_mode: dnsrr
      placement:
        constraints: [node.role == worker]
        preferences: [{ spread: node.labels.zone }]
        max_replicas_per_node: 2
      resources:
        limits: { cpus: "0.5", memory: 256M, pids: 100 }
        reservations: { memory: 64M }
      restart_policy: { condition: on-failure, delay: 5s, max_attempts: 3, window: 1m }
      update_config: { parallelism: 2, delay: 10s, order: start-first, failure_action: rollback, monitor: 20s, max_failure_ratio: 0.5 }
      rollback_config: { order: stop-first }
`,
      "api",
    );
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(spec.EndpointSpec).toEqual({ Mode: "dnsrr" });
    expect(spec.TaskTemplate.Placement).toEqual({ Constraints: ["node.role == worker"], Preferences: [{ Spread: { SpreadDescriptor: "node.labels.zone" } }], MaxReplicas: 2 });
    expect(spec.TaskTemplate.Resources).toEqual({ Limits: { NanoCPUs: 5e8, MemoryBytes: 268435456, Pids: 100 }, Reservations: { MemoryBytes: 67108864 } });
    expect(spec.TaskTemplate.RestartPolicy).toEqual({ Condition: "on-failure", Delay: 5e9, MaxAttempts: 3, Window: 60e9 });
    expect(spec.UpdateConfig).toEqual({ Parallelism: 2, Delay: 10e9, FailureAction: "rollback", Monitor: 20e9, MaxFailureRatio: 0.5, Order: "start-first" });
    // docker/cli gives an update config without parallelism a parallelism of 1.
    expect(spec.RollbackConfig).toEqual({ Parallelism: 1, Order: "stop-first" });
  });

  it("maps the service modes, a replicated job running replicas tasks to completion", () => {
    expect(convert("services:\n  a:\n    image: a\n    deploy: { mode: global }\n", "a").Mode).toEqual({ Global: {} });
    expect(convert("services:\n  a:\n    image: a\n    deploy: { mode: replicated-job, replicas: 2 }\n", "a").Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } });
    expect(convert("services:\n  a:\n    image: a\n    deploy: { mode: global-job }\n", "a").Mode).toEqual({ GlobalJob: {} });
    expect(convert("services:\n  a:\n    image: a\n", "a").Mode).toEqual({ Replicated: { Replicas: 1 } });
  });

  it("maps restart: as docker/cli does when no restart_policy is written", () => {
    const policy = (restart: string) => convert(`services:\n  a:\n    image: a\n    restart: "${restart}"\n`, "a").TaskTemplate.RestartPolicy;
    expect(policy("always")).toEqual({ Condition: "any" });
    expect(policy("unless-stopped")).toEqual({ Condition: "any" });
    expect(policy("on-failure:4")).toEqual({ Condition: "on-failure", MaxAttempts: 4 });
    expect(policy("on-failure")).toEqual({ Condition: "on-failure", MaxAttempts: 0 });
    expect(policy("no")).toBeUndefined();
    // deploy.restart_policy wins over restart:
    expect(convert("services:\n  a:\n    image: a\n    restart: always\n    deploy: { restart_policy: { condition: none } }\n", "a").TaskTemplate.RestartPolicy).toEqual({ Condition: "none" });
  });

  it("carries stop grace, stop signal, user, working_dir, hostname, init, read_only, extra_hosts, capabilities, sysctls, ulimits, logging", () => {
    const spec = convert(
      `services:
  a:
    image: a
    stop_grace_period: 15s
    stop_signal: SIGINT
    user: "1000:1000"
    working_dir: /srv
    hostname: box
    init: true
    read_only: true
    extra_hosts: ["db.local:10.0.0.5"]
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    sysctls: { net.core.somaxconn: "1024" }
    ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 512 }
    logging: { driver: json-file, options: { max-size: 10m } }
`,
      "a",
    );
    const container = spec.TaskTemplate.ContainerSpec;
    expect(container).toMatchObject({ StopGracePeriod: 15e9, StopSignal: "SIGINT", User: "1000:1000", Dir: "/srv", Hostname: "box", Init: true, ReadOnly: true, CapabilityAdd: ["NET_ADMIN"], CapabilityDrop: ["ALL"], Sysctls: { "net.core.somaxconn": "1024" } });
    expect(container.Hosts).toEqual(["10.0.0.5 db.local"]);
    expect(container.Ulimits).toEqual([{ Name: "nofile", Soft: 1024, Hard: 2048 }, { Name: "nproc", Soft: 512, Hard: 512 }]);
    expect(spec.TaskTemplate.LogDriver).toEqual({ Name: "json-file", Options: { "max-size": "10m" } });
  });

  it("refers to secrets and configs by their hashed names, with docker/cli's default targets and modes", () => {
    const project = loadInline(
      "services:\n  a:\n    image: a\n    secrets: [db_pw, { source: api_key, target: key, mode: 0400 }]\n    configs: [site]\nsecrets:\n  db_pw: { file: ./pw.txt }\n  api_key: { file: ./key.txt }\nconfigs:\n  site: { file: ./site.conf }\n",
      { projectName: "shop", extraFiles: { "pw.txt": "s3cret", "key.txt": "k", "site.conf": "listen 80;" } },
    );
    const objects = stackFileObjects(project, (path) => Buffer.from(path));
    const names = fileObjectNames(project, objects);
    const container = convertService(project, project.services["a"]!, names).TaskTemplate.ContainerSpec;
    expect(container.Secrets).toEqual([
      { File: { Name: "db_pw", UID: "0", GID: "0", Mode: 0o444 }, SecretName: names.secrets["db_pw"] },
      { File: { Name: "key", UID: "0", GID: "0", Mode: 0o400 }, SecretName: names.secrets["api_key"] },
    ]);
    expect(container.Configs).toEqual([{ File: { Name: "/site", UID: "0", GID: "0", Mode: 0o444 }, ConfigName: names.configs["site"] }]);
    expect(names.secrets["db_pw"]).toMatch(/^shop_db_pw-[0-9a-f]{12}$/);
  });
});

describe("hostsEntry and fileMode", () => {
  it("turns host:ip and host=ip into the hosts-file order", () => {
    expect(hostsEntry("db:10.0.0.5")).toBe("10.0.0.5 db");
    expect(hostsEntry("db=10.0.0.5")).toBe("10.0.0.5 db");
    expect(hostsEntry("v6=::1")).toBe("::1 v6");
  });
  it("reads octal modes as compose writes them", () => {
    expect(fileMode("0440")).toBe(0o440);
    expect(fileMode(292)).toBe(292);
    expect(fileMode("292")).toBe(292);
    expect(fileMode(undefined)).toBe(0o444);
  });
});
