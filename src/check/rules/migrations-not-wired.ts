import { posix } from "node:path";
import type { CheckContext } from "../context.js";
import { defineRule } from "../rule.js";

const migrationDirs = ["migrations", "alembic", "prisma/migrations", "db/migrate", "db/migrations", "src/migrations", "drizzle", "sql/migrations"];
const runsMigrations = /migrat|alembic|prisma\s+(migrate|db\s+push)|flyway|liquibase|knex|sequelize|typeorm|goose|dbmate|atlas/i;

export const migrationsNotWired = defineRule({
  id: "migrations-not-wired",
  group: "cross-file",
  severity: "info",
  title: "Migrations exist but nothing in the stack runs them",
  doc: {
    why: "When migrations are applied by hand, a fresh deploy or a restored backup starts on an old schema, and the app fails on the first query that needs a new column. Seed stacks applied six SQL migrations manually.",
    example: "backend/migrations/001_init.sql ... 006_add_index.sql\n# no migrate service, no entrypoint step",
    fix: "Add a one-shot `migrate` service the app depends on with `condition: service_completed_successfully`, or run the migrations in the entrypoint before the server starts.",
  },
  check(context, report) {
    if (!context.services.some((view) => view.datastore?.kind === "postgres" || view.datastore?.kind === "mysql")) return;
    const found = context.services.flatMap((view) => (view.build && !view.build.remote ? [view.build.contextDir] : [])).concat(context.dir)
      .flatMap((dir) => migrationDirs.map((name) => posix.join(dir, name))).find((dir) => context.files.isDirectory(dir) && holdsFiles(context, dir));
    if (found === undefined || isWired(context) || appliedByBerth(context)) return;
    report({ at: context.locate(["services"]), message: `${posix.relative(context.dir, found)} holds migrations, but no service, command or entrypoint runs them`, hint: "add a one-shot migrate service and make the app depend on it (condition: service_completed_successfully)" });
  },
});

function isWired(context: CheckContext): boolean {
  return context.services.some((view) => {
    const texts = [view.name, ...(view.service.command ?? []), ...(view.service.entrypoint ?? [])];
    const instructions = view.build?.dockerfile?.stages.flatMap((stage) => stage.instructions) ?? [];
    const scripts = instructions.filter((instruction) => instruction.keyword === "ENTRYPOINT" || instruction.keyword === "CMD").flatMap((instruction) => instruction.args)
      .filter((arg) => arg.endsWith(".sh")).map((script) => context.files.readText(posix.join(view.build!.contextDir, posix.basename(script))) ?? "");
    return [...texts, ...instructions.map((instruction) => instruction.text), ...scripts].some((text) => runsMigrations.test(text));
  });
}

// An empty folder (or one with only a .gitkeep) has nothing to run yet.
function holdsFiles(context: CheckContext, dir: string): boolean {
  return context.files.list(dir).some((name) => !name.startsWith(".") && !/^readme/i.test(name));
}

// `x-berth.migrate` hands the migrations to `berth migrate` (docs/x-berth.md).
function appliedByBerth(context: CheckContext): boolean {
  const berth = context.project.extensions["x-berth"];
  return typeof berth === "object" && berth !== null && "migrate" in berth;
}
