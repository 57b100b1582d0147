// Figures read from the subtree rollups, built once per (chapter, year, view, data version) and
// reused by every caller of the process. The data version is a one-row counter beside the rollups,
// bumped by a statement trigger on the subtree table, so every transaction that changes a subtree
// row (a write's commit-time flush, a tree change's re-summing, a rebuild) bumps it in that same
// transaction: never time-based, and a read that starts after a write committed sees the new version
// and reads the new figures (docs/benchmarks.md, "A figure cache per data version").
//
// The reader asks for the version in the statement it already sends (no statement is added) and
// names the chapters it holds at the latest version it knows; their subtree rows are joined only
// when the version has moved. The reader's gate — the years kept, the tree unchanged, the caller's
// slice on each chapter asked — runs in that statement on every call: the cache holds figures,
// never an access decision, and nothing personal (counts and sums of a chapter's subtree).
import { raw, sql, type Sql } from "../db/sql.ts";
import { rollupNames, type RollupSpec } from "./spec.ts";
import { generatedPart } from "./sql.ts";

const q = (name: string) => `"${name}"`;

/** The migration text of the data version of `spec`'s subtree rollups. It starts at the creation
 * time in microseconds, so a schema dropped and created again never repeats a version an earlier
 * one used (a process's cache compares versions for equality). */
export function figureVersionSql(spec: RollupSpec): string {
  const n = rollupNames(spec);
  return generatedPart("versioned.ts", spec.prefix, [
    `-- the data version of ${q(spec.subtree)}: one row, bumped in every transaction that changes it
CREATE TABLE ${q(n.version)} (
    "id" INTEGER NOT NULL DEFAULT 1 CHECK ("id" = 1),
    "version" BIGINT NOT NULL,
    CONSTRAINT ${q(`${n.version}_pkey`)} PRIMARY KEY ("id")
);
INSERT INTO ${q(n.version)} (id, version) VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);`,
    `-- BEFORE each statement, so a transaction locks this row before any subtree row: writers
-- then queue here rather than crossing on subtree rows (one summing 2024 then 2025, another
-- holding this row from 2024 and waiting on 2025 would deadlock). Writers already queued on the
-- national subtree row at commit, so this serialises little that was not already.
CREATE FUNCTION ${n.bump}() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  UPDATE ${q(n.version)} SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER ${q(`${spec.subtree}_version`)} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${q(spec.subtree)}
  FOR EACH STATEMENT EXECUTE FUNCTION ${n.bump}();`,
  ]);
}

/** How many figures one cache holds (per subgraph process and database): a figure object is well
 * under a kilobyte, so ~20 MB at most; the national tree's provinces and communes for two years
 * in both views are ~14,000. */
export const FIGURE_CACHE_ENTRIES = 20_000;

interface Entry<T> {
  version: bigint;
  value: T;
}

/** One read's use of the cache: the SQL to put in the statement and, after it, the figures. */
export interface FigureRead<T> {
  /** SQL text of the data version (select it as a column, e.g. `AS "figureVersion"`) */
  version: Sql;
  /** SQL boolean: the subtree row of chapter `column` must be read (the cache lacks it at this version) */
  needed(column: string): Sql;
  /** The figures of the rows the statement returned: held ones when the version did not move,
   * the others built from the row and kept. */
  settle<R>(rows: R[], row: { id: (r: R) => string; version: (r: R) => string | bigint | number; build: (r: R) => T }): Map<string, T>;
}

/** An LRU of figures per (chapter, year, view), each entry valid at one data version. */
export class FigureCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  #latest = -1n;
  /** figures reused / built, since the process started */
  hits = 0;
  misses = 0;

  constructor(
    private readonly versionTable: string,
    readonly maxEntries = FIGURE_CACHE_ENTRIES,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  #put(key: string, version: bigint, value: T): void {
    const held = this.#entries.get(key);
    // a slower read that began before a write must not replace what a later read built
    if (held && held.version > version) return;
    this.#entries.delete(key);
    this.#entries.set(key, { version, value });
    if (version > this.#latest) this.#latest = version;
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  /** Begins a read of `ids` for `year` in one view. */
  begin(ids: readonly string[], year: number, restated: boolean): FigureRead<T> {
    const key = (id: string) => `${id}|${year}|${restated}`;
    const known = this.#latest;
    const held = new Map<string, T>();
    for (const id of ids) {
      const entry = this.#entries.get(key(id));
      if (entry?.version !== known) continue;
      // touched: most recently used
      this.#entries.delete(key(id));
      this.#entries.set(key(id), entry);
      held.set(id, entry.value);
    }
    const current = sql`(SELECT v.version FROM ${raw(q(this.versionTable))} v WHERE v.id = 1)`;
    return {
      version: sql`${current}::text`,
      needed: (column) => sql`NOT (${current} = ${known}::bigint AND ${raw(column)} = ANY(${[...held.keys()]}::uuid[]))`,
      settle: (rows, row) => {
        const out = new Map<string, T>();
        for (const r of rows) {
          const id = row.id(r);
          const version = BigInt(row.version(r));
          const reused = version === known ? held.get(id) : undefined;
          if (reused !== undefined) {
            this.hits++;
            out.set(id, reused);
            continue;
          }
          const value = row.build(r);
          this.misses++;
          this.#put(key(id), version, value);
          out.set(id, value);
        }
        return out;
      },
    };
  }
}

const caches = new WeakMap<object, Map<string, FigureCache<unknown>>>();

/** The cache of `spec`'s figures for the database `owner` (a subgraph's client) talks to: one per
 * client, so two databases in one process (tests, the stack) never share figures. */
export function figureCacheFor<T>(owner: object, spec: RollupSpec): FigureCache<T> {
  let byPrefix = caches.get(owner);
  if (!byPrefix) caches.set(owner, (byPrefix = new Map()));
  let cache = byPrefix.get(spec.prefix);
  if (!cache) byPrefix.set(spec.prefix, (cache = new FigureCache<unknown>(rollupNames(spec).version)));
  return cache as FigureCache<T>;
}
