// A test run's name and what it leaves behind: the snapshots (snapshots.ts) are named after the
// run, and vitest.config.ts drops them when the run ends. Kept apart from snapshots.ts so the
// config does not load the whole stack.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/** set in the main vitest process; the test workers inherit it */
export const TEST_RUN_VARIABLE = "CHAPTERS_TEST_RUN";
export const TEMPLATE_PREFIX = "chapters_tpl_";
/** the databases of the workers' shared stacks (shared.ts) */
export const SHARED_PREFIX = "chapters_shared_";

export const newRunId = () => randomBytes(5).toString("hex");

/** this run's name, or undefined outside a test run (then stacks start from empty databases) */
export const run = (): string | undefined => {
  const value = process.env[TEST_RUN_VARIABLE];
  return value && /^[a-z0-9]+$/.test(value) ? value : undefined;
};

export const snapshotRoot = (id: string) => path.join(tmpdir(), `chapters-test-${id}`);

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Drops what the run built: the embedded dumps, the template databases on the server and the
 * shared stacks' databases (the server may be away in the embedded run: then there is nothing to drop). */
export async function dropSnapshots(baseUrl: string, id: string): Promise<void> {
  await rm(snapshotRoot(id), { recursive: true, force: true });
  await withClient(baseUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2",
      [`${TEMPLATE_PREFIX}${id}_%`, `${SHARED_PREFIX}${id}_%`],
    );
    for (const { datname } of rows) {
      await admin.query(`ALTER DATABASE ${datname} WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  }).catch(() => undefined);
}
