import type { Volume } from "../../compose/model/project.js";
import { defineRule } from "../rule.js";
import { pinnedToNode, runsSeveralTasks } from "./swarm-support.js";

export const swarmVolumeUnpinned = defineRule({
  id: "swarm-volume-unpinned",
  group: "compose",
  severity: "warning",
  title: "Swarm: a named volume lives on one node, the task may move",
  doc: {
    why: "A named volume with the `local` driver is a folder on the node that runs the task. When Swarm reschedules the task (node drained or down, an update, a resource change) it creates an empty volume of the same name on the new node: a database starts empty, or initialises a fresh one beside the old data. Several replicas each get their own volume.",
    example: "services:\n  db:\n    image: postgres:15\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {}",
    fix: "Pin the service to the node that holds the data: `deploy.placement.constraints: [node.hostname == db-1]` (or a node label), one replica; or use a volume driver that follows the task (NFS, a cluster volume).",
  },
  check(context, report) {
    for (const view of context.services) {
      const pinned = pinnedToNode(view.service);
      const several = runsSeveralTasks(view.service);
      (view.service.volumes ?? []).forEach((mount, index) => {
        if (mount.type !== "volume" || mount.source === undefined) return;
        const volume = context.project.volumes[mount.source];
        if (volume === undefined || followsTheTask(volume) || (pinned !== undefined && !several)) return;
        const at = context.locate(["services", view.name, "volumes", index]);
        const message = several
          ? `service "${view.name}" runs several tasks with named volume "${mount.source}": each node gets its own copy, they never share data`
          : `service "${view.name}" keeps named volume "${mount.source}" on whichever node runs it: rescheduled elsewhere, it starts with an empty volume`;
        report({ at, message, hint: "pin it to one node with deploy.placement.constraints (node.hostname == NODE or a node label) and one replica, or use a volume driver every node reaches" });
      });
    }
  },
});

/** External volumes, volume plugins and NFS-backed local volumes are not a folder on one node (as far as a file can tell). */
function followsTheTask(volume: Volume): boolean {
  const remoteType = ["nfs", "nfs4", "cifs"].includes(volume.driver_opts?.["type"] ?? "");
  return volume.external === true || (volume.driver ?? "local") !== "local" || remoteType;
}
