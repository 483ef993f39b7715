import { normalizeImage } from "./base-images.js";

/** What kind of server an image runs, with the port it listens on and its credential variables. */
export interface Datastore {
  readonly kind: "postgres" | "mysql" | "mongo" | "redis" | "other";
  readonly port: number;
  readonly userVar?: string;
  readonly passwordVar?: string;
  readonly databaseVar?: string;
  readonly defaultUser?: string;
}

const datastores: readonly [RegExp, Datastore][] = [
  [/(^|\/)(postgres|postgis\/postgis|pgvector\/pgvector|timescale\/timescaledb|bitnami\/postgresql)(:|@|$)/, { kind: "postgres", port: 5432, userVar: "POSTGRES_USER", passwordVar: "POSTGRES_PASSWORD", databaseVar: "POSTGRES_DB", defaultUser: "postgres" }],
  [/(^|\/)(mysql|mariadb)(:|$)/, { kind: "mysql", port: 3306, userVar: "MYSQL_USER", passwordVar: "MYSQL_PASSWORD", databaseVar: "MYSQL_DATABASE" }],
  [/(^|\/)mongo(:|$)/, { kind: "mongo", port: 27017, userVar: "MONGO_INITDB_ROOT_USERNAME", passwordVar: "MONGO_INITDB_ROOT_PASSWORD", databaseVar: "MONGO_INITDB_DATABASE" }],
  [/(^|\/)(redis|valkey\/valkey|redis\/redis-stack(-server)?|redislabs\/redis\w*|bitnami\/redis)(:|@|$)/, { kind: "redis", port: 6379 }],
  [/(^|\/)qdrant\/qdrant(:|@|$)/, { kind: "other", port: 6333 }],
  [/(^|\/)chromadb\/chroma(:|@|$)/, { kind: "other", port: 8000 }],
  [/(^|\/)(elasticsearch|elasticsearch\/elasticsearch|opensearchproject\/opensearch)(:|@|$)/, { kind: "other", port: 9200 }],
  [/(^|\/)(memcached)(:|$)/, { kind: "other", port: 11211 }],
  [/(^|\/)(rabbitmq)(:|$)/, { kind: "other", port: 5672 }],
  [/(^|\/)(mssql\/server|azure-sql-edge)(:|@|$)/, { kind: "other", port: 1433 }],
  [/(^|\/)(bitnami\/kafka|confluentinc\/cp-kafka|apache\/kafka)(:|@|$)/, { kind: "other", port: 9092 }],
  [/(^|\/)(clickhouse\/clickhouse-server|influxdb)(:|@|$)/, { kind: "other", port: 8123 }],
];

/** The datastore an image runs, when it is one berth knows. */
export function datastoreOf(image: string | undefined): Datastore | undefined {
  if (image === undefined) return undefined;
  const name = normalizeImage(image);
  return datastores.find(([pattern]) => pattern.test(name))?.[1];
}

export const isNginxImage = (image: string | undefined): boolean =>
  image !== undefined && /(^|\/)(nginx|nginxinc\/nginx-unprivileged)(:|$)/.test(normalizeImage(image));
