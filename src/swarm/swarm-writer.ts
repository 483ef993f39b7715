import type Docker from "dockerode";
import { toEngineError } from "../engine/engine-errors.js";
import { decodeFrames } from "../engine/stream-frames.js";
import { managerApi } from "./swarm-client.js";
import type { NodeFields } from "./stack-tasks.js";
import { stackNamespaceLabel } from "./stack-tasks.js";
import type { ExistingService, NamedObject, SwarmPort, SwarmTask } from "./swarm-port.js";

const TIMEOUT_MS = 30_000;

interface Named {
  /** Secrets, configs and services say ID; networks say Id. */
  readonly ID?: string;
  readonly Id?: string;
  readonly Name?: string;
  readonly Spec?: { readonly Name?: string };
}

const named = (object: Named): NamedObject => ({ ID: object.ID ?? object.Id ?? "", Name: object.Name ?? object.Spec?.Name ?? "" });

/** {@link SwarmPort} over the Engine API of the manager `docker` would use (DOCKER_HOST, the docker context, the socket). */
export function swarmPort(env: Readonly<Record<string, string | undefined>>): SwarmPort {
  const { docker, ask, endpoint } = managerApi(env, TIMEOUT_MS);
  const stackFilter = (stack: string) => JSON.stringify({ label: [`${stackNamespaceLabel}=${stack}`] });
  const exactName = (objects: readonly Named[], name: string) => objects.map(named).find((object) => object.Name === name);
  return {
    nodes: () => ask<NodeFields[]>("listing the Swarm's nodes", () => docker.listNodes()),
    localNodeId: async () => (await ask<{ Swarm?: { NodeID?: string } }>("asking the manager for its node id", () => docker.info())).Swarm?.NodeID ?? "",
    networks: async (stack) => (await ask<Named[]>(`listing the networks of stack ${stack}`, () => docker.listNetworks({ filters: stackFilter(stack) }))).map(named),
    // The name filter matches substrings: keep the exact one.
    networkNamed: async (name) => exactName(await ask<Named[]>(`looking for network ${name}`, () => docker.listNetworks({ filters: JSON.stringify({ name: [name] }) })), name),
    createNetwork: async (spec) => void (await ask(`creating network ${spec.Name}`, () => docker.createNetwork({ Name: spec.Name, Driver: spec.Driver, Scope: spec.Scope, Internal: spec.Internal ?? false, Attachable: spec.Attachable, Labels: { ...spec.Labels }, ...(spec.Options ? { Options: { ...spec.Options } } : {}), CheckDuplicate: true }))),
    removeNetwork: async (id) => void (await ask(`removing network ${id}`, () => docker.getNetwork(id).remove())),
    fileObjects: async (kind, stack) => (await ask<Named[]>(`listing the ${kind}s of stack ${stack}`, () => (kind === "secret" ? docker.listSecrets({ filters: stackFilter(stack) }) : docker.listConfigs({ filters: stackFilter(stack) })))).map(named),
    fileObjectNamed: async (kind, name) => {
      const filters = JSON.stringify({ name: [name] });
      return exactName(await ask<Named[]>(`looking for ${kind} ${name}`, () => (kind === "secret" ? docker.listSecrets({ filters }) : docker.listConfigs({ filters }))), name);
    },
    createFileObject: async (spec) => {
      const body = { Name: spec.Name, Labels: { ...spec.Labels }, Data: spec.Data };
      const created = await ask<{ id?: string; ID?: string }>(`creating ${spec.kind} ${spec.Name}`, () => (spec.kind === "secret" ? docker.createSecret(body) : docker.createConfig(body)));
      return created.id ?? created.ID ?? "";
    },
    removeFileObject: async (kind, id) => void (await ask(`removing ${kind} ${id}`, () => (kind === "secret" ? docker.getSecret(id).remove() : docker.getConfig(id).remove()))),
    services: (stack) => ask<ExistingService[]>(`listing the services of stack ${stack}`, () => docker.listServices({ filters: stackFilter(stack) })),
    service: (id) => ask<ExistingService>(`inspecting service ${id}`, () => docker.getService(id).inspect()),
    createService: async (spec) => {
      const created = await ask<{ ID?: string; id?: string }>(`creating service ${spec.Name}`, () => docker.createService(spec as unknown as Docker.CreateServiceOptions));
      return created.ID ?? created.id ?? "";
    },
    updateService: async (id, version, spec) => void (await ask(`updating service ${spec.Name}`, () => docker.getService(id).update({ _query: { version }, _body: spec } as never))),
    // As docker/cli's `service rollback`: the current spec as the body, rollback=previous in the query.
    rollbackService: async (id, version) => {
      const current = await ask<{ Spec: unknown }>(`inspecting service ${id}`, () => docker.getService(id).inspect());
      await ask(`rolling back service ${id}`, () => docker.getService(id).update({ _query: { version, rollback: "previous" }, _body: current.Spec } as never));
    },
    removeService: async (id) => void (await ask(`removing service ${id}`, () => docker.getService(id).remove())),
    tasks: (serviceId) => ask<SwarmTask[]>(`listing the tasks of service ${serviceId}`, () => docker.listTasks({ filters: JSON.stringify({ service: [serviceId] }) })),
    serviceLogs: async (serviceId, tail) => {
      try {
        const raw: unknown = await docker.getService(serviceId).logs({ stdout: true, stderr: true, tail, follow: false } as never);
        const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
        return decodeFrames(buffer).map((chunk) => chunk.text).join("");
      } catch {
        // Logs are evidence, not the verdict: a node that cannot send them leaves them out.
        return "";
      }
    },
    removeLocalVolume: async (name) => {
      try {
        await docker.getVolume(name).remove();
        return true;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return false;
        throw toEngineError(error, `removing volume ${name}`, endpoint.display);
      }
    },
  };
}
