import { isLoopback, publishedPorts } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const datastorePortPublished = defineRule({
  id: "datastore-port-published",
  group: "compose",
  severity: "warning",
  title: "Database or cache port published on all interfaces",
  doc: {
    why: "`ports: [\"5432:5432\"]` binds 0.0.0.0: the database answers the whole network, and Docker's iptables rules bypass host firewalls such as ufw. Containers on the compose network never need it published.",
    example: "services:\n  db:\n    image: postgres:15\n    ports: [\"5432:5432\"]",
    fix: "Remove the mapping (other services reach `db:5432` on the network), or bind loopback only: `127.0.0.1:5432:5432`.",
  },
  check(context, report) {
    for (const view of context.services.filter((candidate) => candidate.datastore)) {
      for (const port of publishedPorts(view.service).filter((candidate) => !isLoopback(candidate.hostIp))) {
        report({ at: context.locate(["services", view.name, "ports", port.index]), message: `datastore "${view.name}" publishes port ${port.published} on all interfaces`, hint: `drop the mapping, or bind it to loopback: "127.0.0.1:${port.published}:${port.target}"` });
      }
    }
  },
});
