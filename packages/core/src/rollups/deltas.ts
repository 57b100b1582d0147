// Rollups kept by signed differences, for figures that do not add up from chapters' own rows (a
// distinct count: a donor who gave in two communes counts once for their province). The domain's
// statement triggers compute, from the rows a statement changed, the difference it makes to every
// subtree row above them, and append it to the generated pending table, which no two transactions
// share a row of; at commit a deferred trigger folds the transaction's differences into the
// subtree rows in key order (two folds cannot deadlock), so the hot rows (the national one) are
// locked only while the commit runs, never across the writer's later statements and round trips.
// What is generated here: the tables, the fold, the rebuild from the domain's rows function, the
// keeper and the readers' gate. The spec's SQL is held verbatim by the domain's migration, and a
// test compares the two, as for spec.ts's rollups.
import { raw, sql, type Sql } from "../db/sql.ts";
import type { TreeTables } from "../replica/tables.ts";
import { treeUnchangedBetween } from "./generated.ts";
import type { RollupDb, RollupKeeper } from "./keeping.ts";
import type { RollupColumn } from "./spec.ts";
import { closureIndexesSql, destinationsTableSql, generatedPart, stateTableSql, subtreeTableSql } from "./sql.ts";

export interface DeltaRollupSpec {
  /** the subgraph's Postgres schema (the replica's hooks run on a connection of their own) */
  schema: string;
  /** SQL function names start with `${prefix}_rollup_`; helper tables with its PascalCase */
  prefix: string;
  /** a subtree's figures per (x, year, restated) */
  subtree: string;
  /** the figures: a count, a sum or a distinct count, each moved by the differences the domain computes */
  columns: RollupColumn[];
  /** `fn(as_of date) RETURNS SETOF "<subtree>"`: every subtree row from the rows, in both views, on
   * the tree of as_of (the destinations describe that day) */
  rowsFunction: string;
  /** the tables the figures read: a rebuild holds writers off them while it reads */
  sources: string[];
  /** the tree the subtree rows are summed on (a domain subgraph's replica) */
  tree: TreeTables;
  /** advisory lock keys: lockKey + 2 serialises rebuilds (the numbering spec.ts's rollups use) */
  lockKey: number;
}

const q = (name: string) => `"${name}"`;
const pascal = (prefix: string) => prefix.charAt(0).toUpperCase() + prefix.slice(1);

/** The names every part derives from the spec. */
export function deltaRollupNames(spec: DeltaRollupSpec) {
  const table = pascal(spec.prefix);
  return {
    state: `${table}RollupState`,
    destinations: `${table}HistoryDestination`,
    pending: `${spec.subtree}Pending`,
    fold: `${spec.prefix}_rollup_fold`,
    build: `${spec.prefix}_rollup_build`,
    rebuildLock: spec.lockKey + 2,
  };
}

function tables(spec: DeltaRollupSpec): string {
  const n = deltaRollupNames(spec);
  const figures = spec.columns.map((c) => `    ${q(c.name)} ${c.type} NOT NULL DEFAULT 0`).join(",\n");
  return `${subtreeTableSql(spec.subtree, spec.columns)}

-- one row: the day the restated subtree rows and ${q(n.destinations)} describe; none while the
-- rollups are not kept (before the first build, during a bulk load, a tree change being summed)
${stateTableSql(n.state)}

-- core's history.ts definition of where each chapter's history went, as of "restatedAsOf"
${destinationsTableSql(n.destinations)}

-- the differences a transaction's statements made, until its commit folds them
CREATE TABLE ${q(n.pending)} (
    "txid" BIGINT NOT NULL DEFAULT txid_current(),
    "x" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "restated" BOOLEAN NOT NULL,
${figures}
);
CREATE INDEX ${q(`${n.pending}_txid_idx`)} ON ${q(n.pending)}("txid");

${closureIndexesSql(spec.tree)}`;
}

function fold(spec: DeltaRollupSpec): string {
  const n = deltaRollupNames(spec);
  const names = spec.columns.map((c) => q(c.name));
  return `-- At commit: the transaction's differences, summed per row, folded in key order. The first
-- firing takes them all; the others find nothing. Rollups stopped meanwhile (a tree change, a
-- bulk load) keep nothing: the rebuild that follows counts the rows.
CREATE FUNCTION ${n.fold}() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  WITH gone AS (DELETE FROM ${q(n.pending)} WHERE txid = txid_current() RETURNING *),
  sums AS (
    SELECT x, year, restated, ${names.map((c) => `sum(${c}) AS ${c}`).join(", ")}
    FROM gone WHERE EXISTS (SELECT 1 FROM ${q(n.state)})
    GROUP BY x, year, restated
    HAVING ${names.map((c) => `sum(${c}) <> 0`).join(" OR ")}
  )
  INSERT INTO ${q(spec.subtree)} AS b (x, year, restated, ${names.join(", ")})
  SELECT x, year, restated, ${names.join(", ")} FROM sums ORDER BY x, year, restated
  ON CONFLICT (x, year, restated) DO UPDATE SET ${names.map((c) => `${c} = b.${c} + EXCLUDED.${c}`).join(", ")};
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ${q(`${n.pending}_fold`)} AFTER INSERT ON ${q(n.pending)}
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${n.fold}();`;
}

function build(spec: DeltaRollupSpec): string {
  const n = deltaRollupNames(spec);
  return `-- Every subtree row from the rows, on the tree of as_of (${q(n.destinations)} must describe that
-- day): the rebuild command, the first start, after a bulk load and after every tree change the
-- replica applies. Writers hold their source tables until their commit has folded: the build
-- waits for them, and new ones wait for it.
CREATE FUNCTION ${n.build}(as_of DATE) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  LOCK TABLE ${[...spec.sources, spec.subtree].map(q).join(", ")} IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM ${q(spec.subtree)};
  INSERT INTO ${q(spec.subtree)} SELECT * FROM ${spec.rowsFunction}(as_of);
  INSERT INTO ${q(n.state)} (id, "restatedAsOf") VALUES (1, as_of)
  ON CONFLICT (id) DO UPDATE SET "restatedAsOf" = EXCLUDED."restatedAsOf";
END
$$;`;
}

/** The SQL text of the generic part of `spec`'s rollups, as the domain's migration holds it. */
export function deltaRollupSql(spec: DeltaRollupSpec): string {
  return generatedPart("deltas.ts", spec.prefix, [tables(spec), fold(spec), build(spec)]);
}

const table = (name: string) => raw(`"${name}"`);

/** SQL boolean: the subtree rows answer for `today` in the view asked — kept, and restated only
 * while no tree change has taken effect since the restated mapping was built (as it was, each
 * row is summed on the tree of its own day, which a later change does not alter). */
export function deltaRollupsAnswer(spec: DeltaRollupSpec, restated: boolean, today: Date): Sql {
  const n = deltaRollupNames(spec);
  return sql`EXISTS (SELECT 1 FROM ${table(n.state)} s WHERE ${restated}::boolean = FALSE OR ${treeUnchangedBetween(spec, sql`s."restatedAsOf"`, today)})`;
}

/** The keeper of `spec`'s rollups: current when kept and summed on today's tree. */
export function deltaRollupKeeper(spec: DeltaRollupSpec): RollupKeeper {
  const n = deltaRollupNames(spec);
  const current = async (db: RollupDb, today: Date) => {
    const [row] = await db.$queryRaw<{ current: boolean }[]>(sql`SELECT ${deltaRollupsAnswer(spec, true, today)} AS current`);
    return row?.current ?? false;
  };
  return {
    schema: spec.schema,
    tree: spec.tree,
    destinations: n.destinations,
    state: n.state,
    rebuildLock: n.rebuildLock,
    current,
    build: async (tx, today) => {
      await tx.$executeRaw(sql`SELECT ${raw(n.build)}(${today}::date)`);
    },
    suspend: async (db) => {
      await db.$executeRaw(sql`DELETE FROM ${table(n.state)}`);
    },
  };
}
