import { ConfigError, formatLocation, type SourceLocation } from "../common/errors.js";

/** The build keys BuildKit serves only over a client session (`POST /session`, gRPC), which berth does not open. */
export const sessionBuildKeys = ["secrets", "ssh"] as const;

export interface SessionBuildUse {
  readonly service: string;
  readonly key: (typeof sessionBuildKeys)[number];
  readonly location: SourceLocation | undefined;
}

/** A service as this check needs it: its name and its build section as loaded. */
export interface BuildingService {
  readonly name: string;
  readonly build?: Readonly<Record<string, unknown>> | undefined;
}

/** Where the services' build sections ask for build secrets or ssh (an empty list or map asks for nothing). */
export function sessionBuildUses(services: readonly BuildingService[], locate: (path: readonly (string | number)[]) => SourceLocation | undefined): SessionBuildUse[] {
  return services.flatMap((service) =>
    sessionBuildKeys.filter((key) => asksFor(service.build?.[key])).map((key) => ({ service: service.name, key, location: locate(["services", service.name, "build", key]) })),
  );
}

function asksFor(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === "object") return Object.keys(value).length > 0;
  return typeof value === "string" ? value !== "" : value !== undefined && value !== null && value !== false;
}

/**
 * Exit 1 before any build: building without the session would leave `RUN --mount=type=secret`
 * empty (BuildKit's secret mounts are optional by default) or fail with BuildKit's own words.
 */
export function sessionBuildError(uses: readonly SessionBuildUse[]): ConfigError {
  const where = (use: SessionBuildUse) => `${use.location ? `${formatLocation(use.location)}: ` : ""}services.${use.service}.build.${use.key}`;
  const [first, ...others] = uses;
  if (!first) throw new Error("sessionBuildError needs at least one use");
  // The first place is the error's location (printed before the message); the others are listed.
  const also = others.length > 0 ? ` (also ${others.map(where).join(", ")})` : "";
  const services = [...new Set(uses.map((use) => use.service))].join(" ");
  return new ConfigError(
    "build.session-required",
    `services.${first.service}.build.${first.key}: berth cannot pass build ${first.key === "secrets" ? "secrets" : "ssh agents or keys"} to the build${also}: BuildKit asks the client for them over a session (POST /session), which berth does not open, and a build without them would run RUN --mount=type=${first.key === "secrets" ? "secret" : "ssh"} with nothing mounted`,
    {
      ...(first.location ? { location: first.location } : {}),
      hint: `build the image with \`docker compose build ${services}\` (or \`docker buildx build --secret …\`/\`--ssh …\`), then \`berth up\` deploys it without building it again (not with --build); or take build.${first.key} out of the service`,
    },
  );
}
