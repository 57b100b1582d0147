// Builds a subgraph's Prisma client on a pg pool whose sessions work in the subgraph's own
// Postgres schema, and counts the SQL statements it sends (the "no N+1" tests read the count).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { serviceLogger } from "../logger.ts";
import { tracedQuery } from "../telemetry/sql.ts";
import { preparedName } from "./prepared.ts";

const log = serviceLogger("database");

/** How long a request waits for a connection (a new one, or a free one from a busy pool) before
 * it fails with SERVICE_UNAVAILABLE, instead of hanging while the database is away. A refused
 * connection fails at once; this bounds the slow cases. */
const CONNECT_TIMEOUT_MS = Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 15_000);

/** A pg pool that survives the database going away: an idle connection the server terminates
 * (a restart, pg_terminate_backend) is logged and dropped — unhandled, pg's 'error' event would
 * end the whole process — and the next request opens a fresh connection. */
export function resilientPool(config: pg.PoolConfig & { name: string }): pg.Pool {
  const { name, ...poolConfig } = config;
  const pool = new pg.Pool({ connectionTimeoutMillis: CONNECT_TIMEOUT_MS, ...poolConfig });
  pool.on("error", (error) => log.warn({ pool: name, err: error.message }, "idle database connection lost; it will be replaced"));
  return pool;
}

export interface StatementCounter {
  count: number;
}

export interface SubgraphPool {
  adapter: PrismaPg;
  pool: pg.Pool;
  statements: StatementCounter;
}

/** Numbers each pg connection, so that a prepared statement's name is its connection's own
 * (prepared.ts says why). */
let connections = 0;

export function createSubgraphPool(url: string, schema: string, options: { max?: number } = {}): SubgraphPool {
  const statements: StatementCounter = { count: 0 };
  // Raw SQL finds the subgraph's tables through the search path. (An embedded PGlite ignores
  // startup options; startEmbeddedPostgres sets its one session's search path instead.)
  // JIT compilation pays off for long analytical queries, not for requests: on the figures'
  // statements it added a fixed 1–3 s of compiling to plans that run in milliseconds.
  const pool = resilientPool({ name: schema, connectionString: url, max: options.max ?? 10, options: `-c search_path=${schema} -c jit=off` });
  pool.on("connect", (client) => {
    // each statement is also a span of the request's trace (when tracing is on)
    const query = tracedQuery(client.query.bind(client) as (...args: unknown[]) => unknown, schema);
    const serial = ++connections;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements.count += 1;
      return query(...withPreparedName(args, serial));
    };
  });
  const adapter = new PrismaPg(pool, { schema });
  return { adapter, pool, statements };
}

/** The arguments of a pg `query` call, with a name for a statement marked `prepared` (prepared.ts). */
function withPreparedName(args: unknown[], serial: number): unknown[] {
  const config = args[0] as { text?: unknown; name?: unknown; values?: unknown[] } | null;
  if (!config || typeof config !== "object" || typeof config.text !== "string" || config.name) return args;
  const name = preparedName(config.text, serial);
  return name ? [{ ...config, name }, ...args.slice(1)] : args;
}

/** One URL per subgraph (DATABASE_URL_ORGANIZATION, …) or one shared DATABASE_URL. */
export function databaseUrlFromEnv(subgraph: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`DATABASE_URL_${subgraph.toUpperCase()}`] ?? env.DATABASE_URL;
}

export interface SubgraphDatabase<Client> {
  prisma: Client;
  statements: StatementCounter;
  close(): Promise<void>;
}

/** A subgraph's Prisma client on its own pool and schema; `createClient` is the subgraph's
 * generated PrismaClient constructor call (each subgraph has its own generated client). */
export function connectSubgraphDatabase<Client extends { $disconnect(): Promise<void> }>(
  schema: string,
  url: string,
  createClient: (adapter: PrismaPg) => Client,
  options: { maxConnections?: number } = {},
): SubgraphDatabase<Client> {
  const { adapter, pool, statements } = createSubgraphPool(url, schema, { max: options.maxConnections });
  const prisma = createClient(adapter);
  return {
    prisma,
    statements,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
