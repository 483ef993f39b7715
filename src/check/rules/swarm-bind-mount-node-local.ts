import { relative } from "node:path";
import { defineRule } from "../rule.js";
import { pinnedToNode, runsSeveralTasks } from "./swarm-support.js";

export const swarmBindMountNodeLocal = defineRule({
  id: "swarm-bind-mount-node-local",
  group: "compose",
  severity: "warning",
  title: "Swarm: a bind mount reads the node's disk, not yours",
  doc: {
    why: "On Swarm a bind mount's source is a path on the node that runs the task, resolved when you deploy (a relative `./conf` becomes the absolute path of your checkout). If the path is missing there the task is rejected (\"invalid mount config: bind source path does not exist\") and Swarm retries on another node; if it exists with other content the service silently runs with that. Nothing copies your files to the nodes.",
    example: "services:\n  proxy:\n    image: nginx:1.22\n    volumes:\n      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro",
    fix: "Ship configuration as a Swarm config (`configs:` with `file:`), secrets as `secrets:`, and data in a named volume on a pinned node; keep bind mounts for paths every node provides (such as /var/run/docker.sock on managers).",
  },
  check(context, report) {
    for (const view of context.services) {
      const pinned = pinnedToNode(view.service);
      (view.service.volumes ?? []).forEach((volume, index) => {
        if (volume.type !== "bind" || volume.source === undefined) return;
        const inProject = !relative(context.dir, volume.source).startsWith("..");
        const where = pinned !== undefined && !runsSeveralTasks(view.service) ? `on the node matching "${pinned}"` : "on every node a task may land on";
        const hint = inProject
          ? `ship ${relative(context.dir, volume.source) || "."} as a Swarm config or secret (or bake it into the image); the project folder exists on your machine, not on the nodes`
          : `make sure ${volume.source} exists ${where}, or pin the service with deploy.placement.constraints`;
        report({ at: context.locate(["services", view.name, "volumes", index]), message: `service "${view.name}" bind-mounts ${volume.source}: on Swarm that path must exist ${where}`, hint });
      });
    }
  },
});
