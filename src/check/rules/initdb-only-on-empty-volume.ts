import { defineRule } from "../rule.js";

export const initdbOnlyOnEmptyVolume = defineRule({
  id: "initdb-only-on-empty-volume",
  group: "compose",
  severity: "info",
  title: "Init scripts and credentials apply only to an empty data volume",
  doc: {
    why: "The postgres/mysql/mongo entrypoints run `/docker-entrypoint-initdb.d` and apply `POSTGRES_PASSWORD`/`POSTGRES_DB` only when the data directory is empty. With a named volume, changing them later does nothing: the old password stays, and the app's connection string drifts from the database.",
    example: "services:\n  db:\n    image: postgres:15\n    environment: { POSTGRES_PASSWORD: \"${DB_PASSWORD}\" }\n    volumes: [\"pgdata:/var/lib/postgresql/data\", \"./init:/docker-entrypoint-initdb.d\"]",
    fix: "Change credentials with SQL (`ALTER USER`), and put schema changes in migrations rather than init scripts.",
  },
  check(context, report) {
    for (const view of context.services.filter((candidate) => candidate.datastore?.passwordVar !== undefined)) {
      const volumes = view.service.volumes ?? [];
      const init = volumes.findIndex((volume) => volume.target?.startsWith("/docker-entrypoint-initdb.d") === true);
      const hasData = volumes.some((volume) => volume.type === "volume" && volume.source);
      if (init < 0 || !hasData) continue;
      report({ at: context.locate(["services", view.name, "volumes", init]), message: `init scripts of "${view.name}" run only when its data volume is empty`, hint: "use migrations for schema changes; change credentials with SQL, not env" });
    }
  },
});
