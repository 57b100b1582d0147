// Keeping a domain's rollups in step with things triggers cannot see: a first build, a bulk load
// (suspend, then one rebuild), and the tree replica's changes (invalidate in the replica's own
// transaction, rebuild once it has caught up). Rebuilds refresh the restated mapping from core's
// one definition of where a chapter's history went (history.ts) before summing on it.
import type pg from "pg";
import { historyDestinations } from "../history.ts";
import type { TransactionalClient } from "../idempotency.ts";
import { raw, sql, type Sql } from "../slice.ts";
import { rollupNames, type RollupSpec } from "./spec.ts";

export interface RollupDb {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Sql, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(query: TemplateStringsArray | Sql, ...values: unknown[]): PromiseLike<number>;
}

export type RollupClient = RollupDb & TransactionalClient<RollupDb>;

/** How a domain keeps its rollups: the spec, and the years worth keeping. */
export interface RollupKeeping {
  spec: RollupSpec;
  /** the years to keep as of `today`, read from the rows (earlier years are computed from them) */
  years(db: RollupDb, today: Date): Promise<number[]>;
}

const table = (name: string) => raw(`"${name}"`);

/** SQL: no closure row of the tree starts or ends in (after, until] — the tree of `after` is the
 * tree of `until`, so rollups summed on the one answer for the other. */
export function treeUnchangedBetween(spec: RollupSpec, after: Sql, until: Date): Sql {
  const closure = table(spec.tree.closure);
  return sql`NOT EXISTS (SELECT 1 FROM ${closure} t WHERE (t."validFrom" > ${after} AND t."validFrom" <= ${until}::date)
    OR (t."validTo" > ${after} AND t."validTo" <= ${until}::date))`;
}

/** What is kept: the years, and the day the subtree rows describe (null: waiting for a rebuild). */
async function keptState(db: RollupDb, spec: RollupSpec, today: Date): Promise<{ years: number[]; current: boolean }> {
  const n = rollupNames(spec);
  const [row] = await db.$queryRaw<{ years: number[] | null; current: boolean }[]>(sql`
    SELECT (SELECT array_agg(year ORDER BY year) FROM ${table(n.years)}) AS years,
      EXISTS (SELECT 1 FROM ${table(n.state)} s WHERE ${treeUnchangedBetween(spec, sql`s."restatedAsOf"`, today)}) AS current`);
  return { years: row?.years ?? [], current: row?.current ?? false };
}

/** Whether the rollups answer for `today` (some year kept, summed on today's tree). */
export async function rollupsKept(db: RollupDb, spec: RollupSpec, today: Date): Promise<boolean> {
  const kept = await keptState(db, spec, today);
  return kept.years.length > 0 && kept.current;
}

/** Stops keeping them (before a bulk load: triggers skip their work, readers use the rows). */
export async function suspendRollups(db: RollupDb, spec: RollupSpec): Promise<void> {
  const n = rollupNames(spec);
  await db.$executeRaw(sql`DELETE FROM ${table(n.years)}`);
  await db.$executeRaw(sql`DELETE FROM ${table(n.state)}`);
}

/** Rebuilds what is stale, under a lock (one rebuild at a time; one that waited may find nothing
 * left to do with onlyIfStale): only the subtree rows when the kept years are still the ones to
 * keep (a tree change: own rows do not depend on the tree), else everything from the rows. */
export async function rebuildRollups(
  client: RollupClient,
  keeping: RollupKeeping,
  options: { today: Date; onlyIfStale?: boolean },
): Promise<{ years: number[]; rebuilt: "nothing" | "subtrees" | "everything" }> {
  const { spec } = keeping;
  const n = rollupNames(spec);
  const { today } = options;
  return client.$transaction(
    async (tx) => {
      await tx.$executeRaw(sql`SELECT pg_advisory_xact_lock(${n.rebuildLock}::bigint)`);
      const wanted = await keeping.years(tx, today);
      const kept = await keptState(tx, spec, today);
      const sameYears = kept.years.length === wanted.length && kept.years.every((y, i) => y === wanted[i]);
      if (options.onlyIfStale && sameYears && kept.current) return { years: wanted, rebuilt: "nothing" as const };
      await tx.$executeRaw(sql`SET LOCAL work_mem = '512MB'`);
      // writers see the new mapping once this commits; the functions below take the tree lock,
      // so no writer adds to the rows they sum (a build locks the source tables first)
      await tx.$executeRaw(sql`DELETE FROM ${table(n.destinations)}`);
      await tx.$executeRaw(sql`INSERT INTO ${table(n.destinations)} (id, dest) SELECT h.id, h.dest FROM ${historyDestinations(spec.tree, today)} h`);
      if (sameYears) {
        await tx.$executeRaw(sql`SELECT ${raw(n.tree)}(${today}::date)`);
        return { years: wanted, rebuilt: "subtrees" as const };
      }
      await tx.$executeRaw(sql`SELECT ${raw(n.build)}(${wanted}::int[], ${today}::date)`);
      return { years: wanted, rebuilt: "everything" as const };
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
}

/** A database opened for one piece of background work. */
export interface OwnConnection {
  prisma: RollupClient;
  close(): Promise<void>;
}

/** The tree replica's hooks (tree-replica.ts `derived`): each change applied invalidates the
 * subtree rows in the replica's transaction (readers then use the rows); after a catch-up one
 * rebuild, on a connection of its own (the serving pool's statements are the requests'). */
export function rollupsFollowTree(keeping: RollupKeeping, open: () => OwnConnection, today: () => Date) {
  const n = rollupNames(keeping.spec);
  return {
    invalidate: async (client: pg.PoolClient) => {
      await client.query(`DELETE FROM "${keeping.spec.schema}"."${n.state}"`);
    },
    rebuild: async () => {
      const own = open();
      try {
        await rebuildRollups(own.prisma, keeping, { today: today(), onlyIfStale: true });
      } finally {
        await own.close();
      }
    },
  };
}
