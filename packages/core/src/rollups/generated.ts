// The keeper of rollups generated from a spec (sql.ts): the years kept and the day the subtree
// rows describe decide whether they answer; a rebuild sums only the subtree rows again when the
// kept years are still the ones to keep (a tree change: own rows do not depend on the tree), and
// everything from the rows otherwise (a first build, a bulk load, a new year).
import { raw, sql, type Sql } from "../db/sql.ts";
import type { RollupDb, RollupKeeper } from "./keeping.ts";
import { rollupNames, type RollupSpec } from "./spec.ts";

const table = (name: string) => raw(`"${name}"`);

/** SQL: no closure row of the spec's tree starts or ends in (after, until] — the tree of `after`
 * is the tree of `until`, so rollups summed on the one answer for the other. */
export function treeUnchangedBetween(spec: Pick<RollupSpec, "tree">, after: Sql, until: Date): Sql {
  const closure = table(spec.tree.closure);
  return sql`NOT EXISTS (SELECT 1 FROM ${closure} t WHERE (t."validFrom" > ${after} AND t."validFrom" <= ${until}::date)
    OR (t."validTo" > ${after} AND t."validTo" <= ${until}::date))`;
}

/** What is kept: the years, and whether the subtree rows were summed on today's tree. */
async function keptState(db: RollupDb, spec: RollupSpec, today: Date): Promise<{ years: number[]; current: boolean }> {
  const n = rollupNames(spec);
  const [row] = await db.$queryRaw<{ years: number[] | null; current: boolean }[]>(sql`
    SELECT (SELECT array_agg(year ORDER BY year) FROM ${table(n.years)}) AS years,
      EXISTS (SELECT 1 FROM ${table(n.state)} s WHERE ${treeUnchangedBetween(spec, sql`s."restatedAsOf"`, today)}) AS current`);
  return { years: row?.years ?? [], current: row?.current ?? false };
}

const sameYears = (a: number[], b: number[]) => a.length === b.length && a.every((y, i) => y === b[i]);

/** Whether they answer for `today` (some year kept, summed on today's tree). */
export async function rollupsKept(db: RollupDb, spec: RollupSpec, today: Date): Promise<boolean> {
  const kept = await keptState(db, spec, today);
  return kept.years.length > 0 && kept.current;
}

/** The keeper of `spec`'s rollups; `years` are the years to keep as of a day, read from the rows. */
export function generatedRollupKeeper(spec: RollupSpec, years: (db: RollupDb, today: Date) => Promise<number[]>): RollupKeeper {
  const n = rollupNames(spec);
  return {
    schema: spec.schema,
    tree: spec.tree,
    destinations: n.destinations,
    state: n.state,
    rebuildLock: n.rebuildLock,
    current: async (db, today) => {
      const kept = await keptState(db, spec, today);
      return kept.current && sameYears(kept.years, await years(db, today));
    },
    build: async (tx, today) => {
      const wanted = await years(tx, today);
      if (sameYears((await keptState(tx, spec, today)).years, wanted)) await tx.$executeRaw(sql`SELECT ${raw(n.tree)}(${today}::date)`);
      else await tx.$executeRaw(sql`SELECT ${raw(n.build)}(${wanted}::int[], ${today}::date)`);
    },
    suspend: async (db) => {
      await db.$executeRaw(sql`DELETE FROM ${table(n.years)}`);
      await db.$executeRaw(sql`DELETE FROM ${table(n.state)}`);
    },
  };
}
