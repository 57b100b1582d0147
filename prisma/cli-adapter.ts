// The driver adapter the Prisma CLI uses (migrate deploy/status) for one subgraph's schema.
// See docs/operating.md, "Prisma without native engines": the CLI runs through adapter-pg.
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function cliAdapter(schema: string): PrismaPg {
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    max: 1,
    // the 6.19 CLI never closes its adapter: without this each command hangs after finishing
    allowExitOnIdle: true,
    idleTimeoutMillis: 200,
    // unqualified migration SQL lands in the subgraph's own schema
    options: `-c search_path=${schema}`,
  });
  const factory = new PrismaPg(pool, { schema });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    // adapter-pg cuts a migration at every ";" — inside comments and function bodies too (the
    // rollups' triggers are PL/pgSQL): PostgreSQL reads the whole script in one simple query, as
    // one transaction, and knows its own quoting
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    return adapter;
  };
  return factory;
}

/** The Prisma CLI configuration of one subgraph: schema, migrations and adapter, all in
 * prisma/<schema>/. */
export function subgraphCliConfig(schema: string) {
  // The CLI must be able to read the datasource URL, or it falls back to a native engine it
  // would try to download.
  process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
  const dir = path.join(import.meta.dirname, schema);
  return defineConfig({
    experimental: { adapter: true },
    engine: "js",
    schema: path.join(dir, "schema.prisma"),
    migrations: { path: path.join(dir, "migrations") },
    adapter: async () => cliAdapter(schema),
  });
}
