/**
 * Executables that official base images ship, for the healthcheck rules. Each row names its
 * source: the image's Dockerfile in the docker-library repositories (and the Debian/Alpine base it
 * starts from). Slim Debian images have neither curl nor wget; Alpine has busybox `wget` and `nc`.
 * Unknown images are not judged.
 */
export interface ImageInventory {
  /** Matches the image reference without registry, e.g. `node:20-alpine`. */
  readonly pattern: RegExp;
  readonly tools: readonly string[];
  readonly source: string;
}

const shell = ["sh", "cat", "test", "echo", "kill"];
const busybox = [...shell, "wget", "nc", "ps"];
const debianSlim = [...shell, "bash", "ps"];
const buildpackDeps = [...debianSlim, "curl", "wget", "git"];

export const baseImageInventory: readonly ImageInventory[] = [
  { pattern: /^node:.*alpine/, tools: [...busybox, "node", "npm", "npx"], source: "docker-library/node alpine Dockerfile (busybox wget, no curl)" },
  { pattern: /^node:.*slim/, tools: [...debianSlim, "node", "npm", "npx"], source: "docker-library/node bookworm-slim Dockerfile (no curl, no wget)" },
  { pattern: /^node(:|$)/, tools: [...buildpackDeps, "node", "npm", "npx"], source: "docker-library/node on buildpack-deps (curl, wget)" },
  { pattern: /^python:.*alpine/, tools: [...busybox, "python", "python3", "pip"], source: "docker-library/python alpine Dockerfile" },
  { pattern: /^python:.*slim/, tools: [...debianSlim, "python", "python3", "pip"], source: "docker-library/python slim Dockerfile (no curl, no wget)" },
  { pattern: /^python(:|$)/, tools: [...buildpackDeps, "python", "python3", "pip"], source: "docker-library/python on buildpack-deps" },
  { pattern: /^nginx:.*alpine/, tools: [...busybox, "curl", "nginx"], source: "nginxinc/docker-nginx alpine Dockerfile (apk add curl)" },
  { pattern: /^nginx(:|$)/, tools: [...debianSlim, "curl", "nginx"], source: "nginxinc/docker-nginx debian Dockerfile (installs curl)" },
  { pattern: /^postgres:.*alpine/, tools: [...busybox, "pg_isready", "psql", "postgres"], source: "docker-library/postgres alpine Dockerfile" },
  { pattern: /^postgres(:|$)/, tools: [...debianSlim, "pg_isready", "psql", "postgres"], source: "docker-library/postgres debian Dockerfile (no curl)" },
  { pattern: /^redis:.*alpine/, tools: [...busybox, "redis-cli", "redis-server"], source: "docker-library/redis alpine Dockerfile" },
  { pattern: /^redis(:|$)/, tools: [...debianSlim, "redis-cli", "redis-server"], source: "docker-library/redis debian Dockerfile (no curl)" },
  { pattern: /^(mysql)(:|$)/, tools: [...debianSlim, "mysqladmin", "mysql", "mysqld"], source: "docker-library/mysql oracle Dockerfile" },
  { pattern: /^mariadb(:|$)/, tools: [...debianSlim, "mariadb-admin", "mysqladmin", "healthcheck.sh", "mariadb"], source: "MariaDB/mariadb-docker Dockerfile" },
  { pattern: /^mongo(:|$)/, tools: [...debianSlim, "mongosh", "mongo", "mongod"], source: "docker-library/mongo Dockerfile" },
  { pattern: /^alpine(:|$)/, tools: busybox, source: "alpine minirootfs (busybox)" },
  { pattern: /^(debian|ubuntu)(:|$)/, tools: debianSlim, source: "debian/ubuntu base images (no curl, no wget)" },
  { pattern: /^(gcr\.io\/)?distroless\//, tools: [], source: "GoogleContainerTools/distroless (no shell)" },
  { pattern: /^scratch$/, tools: [], source: "empty image" },
];

/** Strips the registry and `docker.io/library/` so patterns see `name:tag`. */
export function normalizeImage(image: string): string {
  return image.replace(/^docker\.io\//, "").replace(/^library\//, "").replace(/@sha256:[0-9a-f]+$/, "");
}

/** Known inventory of an image, or undefined when berth does not know it. */
export function inventoryOf(image: string): ImageInventory | undefined {
  const name = normalizeImage(image);
  return baseImageInventory.find((row) => row.pattern.test(name));
}
