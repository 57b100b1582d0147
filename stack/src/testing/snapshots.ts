// The state a test stack starts from — migrated, demo data loaded — built once per test run and
// copied for each test file, so a file gets a stack of its own without paying for migrations and
// seeds again (a stack from a copy starts in 1.3 s instead of 12 on the server, 6.3 instead of 23 embedded: docs/testing.md).
// On the server the copy is a template database (CREATE DATABASE … TEMPLATE); embedded, a dump of
// each subgraph's PGlite data directory. The first file of a run that finds no snapshot builds it
// while the others start the slow way rather than wait; vitest.config.ts names the run and drops
// what it built when the run ends.
import { mkdir, open, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { subgraphModules } from "../services.ts";
import { startStack } from "../stack.ts";
import { run, snapshotRoot, TEMPLATE_PREFIX, withClient } from "./snapshot-run.ts";

const variant = (seedDemo: boolean) => (seedDemo ? "demo" : "empty");

const databaseUrl = (baseUrl: string, name: string) => {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** The name of this run's template database on the server at `baseUrl`, built now if no other
 * worker is building it; undefined when there is none yet (start from an empty database). */
export async function templateDatabase(baseUrl: string, seedDemo: boolean): Promise<string | undefined> {
  const id = run();
  if (!id) return undefined;
  const name = `${TEMPLATE_PREFIX}${id}_${variant(seedDemo)}`;
  const exists = (client: pg.Client) => client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]).then((r) => r.rowCount === 1);
  return withClient(baseUrl, async (admin) => {
    if (await exists(admin)) return name;
    const locked = (await admin.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [name])).rows[0]!.locked;
    if (!locked) return undefined;
    try {
      if (await exists(admin)) return name;
      // built under another name and renamed when whole, so a name that exists is a finished template
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      const url = databaseUrl(baseUrl, building);
      const stack = await startStack({ port: 0, databaseUrls: Object.fromEntries(subgraphModules.map((m) => [m.name, url])), seedDemo });
      await stack.stop();
      // a copy needs the template without sessions; nothing may connect to it from now on
      await admin.query(`ALTER DATABASE ${building} WITH ALLOW_CONNECTIONS false`);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [building]);
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
      return name;
    } finally {
      await admin.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  });
}

const snapshotDir = (id: string, seedDemo: boolean) => path.join(snapshotRoot(id), variant(seedDemo));

/** This run's embedded snapshot (a dump per subgraph), built now if no other worker is building
 * it; undefined when there is none yet (start from empty databases). */
export async function embeddedSnapshot(seedDemo: boolean): Promise<Record<string, Blob> | undefined> {
  const id = run();
  if (!id) return undefined;
  const dir = snapshotDir(id, seedDemo);
  const ready = path.join(dir, "ready");
  const read = async () => {
    const dumps: Record<string, Blob> = {};
    for (const { name } of subgraphModules) dumps[name] = new Blob([await readFile(path.join(dir, `${name}.tar`))]);
    return dumps;
  };
  if (await readFile(ready).then(() => true, () => false)) return read();
  await mkdir(dir, { recursive: true });
  const lock = await open(path.join(dir, "lock"), "wx").catch(() => undefined);
  if (!lock) return undefined;
  await lock.close();
  const stack = await startStack({ port: 0, seedDemo });
  try {
    const dumps = await stack.snapshot();
    for (const [name, dump] of Object.entries(dumps)) {
      await writeFile(path.join(dir, `${name}.tar.part`), Buffer.from(await dump.arrayBuffer()));
      await rename(path.join(dir, `${name}.tar.part`), path.join(dir, `${name}.tar`));
    }
    await writeFile(ready, "");
  } finally {
    await stack.stop();
  }
  return read();
}
