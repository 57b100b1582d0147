// What a domain's generated figure rollups are, as data: the SQL (sql.ts), their keeper for the
// rebuilds and the tree replica's hooks (generated.ts) and the readers' gate (gate.ts) all read
// this one description, so the tables a trigger writes and the tables a reader trusts cannot name
// different things.
import type { TreeTables } from "../replica/tables.ts";

export interface RollupColumn {
  name: string;
  /** an additive SQL type: INTEGER, BIGINT or a DECIMAL (every column is summed up the tree) */
  type: string;
}

export interface RollupSpec {
  /** the subgraph's Postgres schema (the replica's hooks run on a connection of their own) */
  schema: string;
  /** SQL function names start with `${prefix}_rollup_`; helper tables with its PascalCase */
  prefix: string;
  /** one chapter's own figures per (chapterId, year) */
  own: string;
  /** a subtree's figures per (x, year, restated) */
  subtree: string;
  /** the figures, each a count or a sum, so a subtree is the sum of its chapters' own rows */
  columns: RollupColumn[];
  /** subtree-only figures: the figure `of` of the chapters at depth 0 alone — x itself (as it was)
   * or the chapters whose history went to x (restated) — kept beside the subtree's sum (a
   * chapter's own fund balance beside its subtree's) */
  self?: (RollupColumn & { of: string })[];
  /** `fn(chapters uuid[], y int) RETURNS SETOF "<own>"`, from the rows; chapters NULL = every chapter */
  ownFunction: string;
  /** the tables the own function reads: a build holds writers off them while it reads */
  sources: string[];
  /** the tree the subtree rows are summed on (a domain subgraph's replica) */
  tree: TreeTables;
  /** SQL: the date whose tree the as-it-was view of year `year` uses, given `asOf` (the day the
   * rollups describe: readers trust them only while the tree is unchanged since that day) */
  referenceDate: (year: string, asOf: string) => string;
  /** advisory lock keys: lockKey (tree, shared by writers), lockKey + 1 (per chapter), lockKey + 2 (rebuilds) */
  lockKey: number;
}

const pascal = (prefix: string) => prefix.charAt(0).toUpperCase() + prefix.slice(1);

/** The names every part derives from the spec. */
export function rollupNames(spec: RollupSpec) {
  const table = pascal(spec.prefix);
  return {
    years: `${table}RollupYear`,
    state: `${table}RollupState`,
    destinations: `${table}HistoryDestination`,
    dirty: `${table}RollupDirty`,
    version: `${table}FigureVersion`,
    bump: `${spec.prefix}_figure_version_bump`,
    apply: `${spec.prefix}_rollup_apply`,
    flush: `${spec.prefix}_rollup_flush`,
    mark: `${spec.prefix}_rollup_mark`,
    tree: `${spec.prefix}_rollup_tree`,
    build: `${spec.prefix}_rollup_build`,
    treeLock: spec.lockKey,
    chapterLock: spec.lockKey + 1,
    rebuildLock: spec.lockKey + 2,
  };
}
