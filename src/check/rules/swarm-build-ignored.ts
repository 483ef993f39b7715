import { defineRule } from "../rule.js";

export const swarmBuildIgnored = defineRule({
  id: "swarm-build-ignored",
  group: "compose",
  severity: "warning",
  title: "Swarm: build is ignored, the image must be on every node",
  doc: {
    why: "`docker stack deploy` builds nothing: it ignores `build` and creates each task from `image`. A service with `build` and no `image` is refused (\"no image specified\"); one with both runs whatever image of that name the node the task lands on has, or fails with \"No such image\" there, since a tag built on one machine exists on no other node.",
    example: "services:\n  api:\n    build: ./api\n    image: shop-api:1.4",
    fix: "Build and push the image to a registry every node can pull from (or load it into every node), give the service `image:` with that reference, and deploy that tag; keep `build` for local development only.",
  },
  check(context, report) {
    for (const view of context.services) {
      if (view.service.build === undefined) continue;
      const at = context.locate(["services", view.name, "build"]);
      if (view.service.image === undefined) {
        report({ at, severity: "error", message: `service "${view.name}" has build but no image: docker stack deploy refuses it ("no image specified") and Swarm builds nothing`, hint: "build and push the image to a registry every node reaches, and set `image:` to that reference" });
        continue;
      }
      report({ at, message: `service "${view.name}": build is ignored on Swarm; every node that runs a task needs image "${view.service.image}" from a registry or loaded beforehand`, hint: `push "${view.service.image}" to a registry the nodes can pull from (or load it into each node) before deploying` });
    }
  },
});
