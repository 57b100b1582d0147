// The driver adapter the Prisma CLI uses (migrate deploy/status) for one subgraph's schema.
// See ../shared/RECIPE.md: no native engines here, so the CLI runs through adapter-pg.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

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
  return new PrismaPg(pool, { schema });
}
