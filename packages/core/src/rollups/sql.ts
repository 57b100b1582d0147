// The generic half of a domain's rollup migration, generated from its spec: the tables, the
// commit-time flush that recomputes the own rows of the chapters a transaction touched and adds
// the difference to every subtree row above them (as it was and restated), the mark function the
// domain's triggers call, and the rebuilds. The domain writes only what is its own (the own-figures
// function and the triggers that mark chapters). Its migration holds this text verbatim, and a test
// compares the two, so a change here becomes a new migration rather than a silent drift.
//
// Exactness under concurrency: writers take a per-chapter advisory lock (in a fixed order, so
// they cannot deadlock) before reading the rows, so two transactions touching one chapter are
// summed one after the other; rebuilds take the tree lock exclusively, writers share it.
import type { TreeTables } from "../replica/tables.ts";
import { rollupNames, type RollupColumn, type RollupSpec } from "./spec.ts";

const q = (name: string) => `"${name}"`;

const figureColumns = (columns: RollupColumn[]) => columns.map((c) => `    ${q(c.name)} ${c.type} NOT NULL DEFAULT 0,`).join("\n");

/** The subtree table: per (x, year, restated), the figures of x's whole subtree. */
export function subtreeTableSql(name: string, columns: RollupColumn[]): string {
  return `CREATE TABLE ${q(name)} (
    "x" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "restated" BOOLEAN NOT NULL,
${figureColumns(columns)}
    CONSTRAINT ${q(`${name}_pkey`)} PRIMARY KEY ("x", "year", "restated")
);`;
}

/** One row: the day the subtree rows and the destinations describe (no row: not kept). */
export const stateTableSql = (name: string): string => `CREATE TABLE ${q(name)} (
    "id" INTEGER NOT NULL DEFAULT 1 CHECK ("id" = 1),
    "restatedAsOf" DATE NOT NULL,
    CONSTRAINT ${q(`${name}_pkey`)} PRIMARY KEY ("id")
);`;

/** core's history.ts definition of where each chapter's history went, as of "restatedAsOf". */
export const destinationsTableSql = (name: string): string => `CREATE TABLE ${q(name)} (
    "id" UUID NOT NULL,
    "dest" UUID NOT NULL,
    CONSTRAINT ${q(`${name}_pkey`)} PRIMARY KEY ("id")
);
CREATE INDEX ${q(`${name}_dest_idx`)} ON ${q(name)}("dest");`;

/** The closure's own indexes the readers' gate uses (the replica has them: a no-op there). */
export const closureIndexesSql = (tree: TreeTables): string => `-- readers check that no tree change has taken effect since "restatedAsOf"
CREATE INDEX IF NOT EXISTS ${q(`${tree.closure}_validFrom_idx`)} ON ${q(tree.closure)}("validFrom");
CREATE INDEX IF NOT EXISTS ${q(`${tree.closure}_validTo_idx`)} ON ${q(tree.closure)}("validTo");`;

function tables(spec: RollupSpec): string {
  const n = rollupNames(spec);
  return `CREATE TABLE ${q(spec.own)} (
    "chapterId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
${figureColumns(spec.columns)}
    CONSTRAINT ${q(`${spec.own}_pkey`)} PRIMARY KEY ("chapterId", "year")
);

${subtreeTableSql(spec.subtree, [...spec.columns, ...(spec.self ?? [])])}

-- the years kept: no row, no rollups (before the first build, during a bulk load)
CREATE TABLE ${q(n.years)} (
    "year" INTEGER NOT NULL,
    "builtAt" TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ${q(`${n.years}_pkey`)} PRIMARY KEY ("year")
);

-- one row: the day the subtree rows and ${q(n.destinations)} describe; none while a tree change
-- the replica applied waits to be summed (own rows are still kept exact meanwhile)
${stateTableSql(n.state)}

-- core's history.ts definition of where each chapter's history went, as of "restatedAsOf"
${destinationsTableSql(n.destinations)}

CREATE TABLE ${q(n.dirty)} (
    "txid" BIGINT NOT NULL,
    "chapterId" UUID NOT NULL,
    "fromYear" INTEGER NOT NULL,
    CONSTRAINT ${q(`${n.dirty}_pkey`)} PRIMARY KEY ("txid", "chapterId")
);

${closureIndexesSql(spec.tree)}`;
}

/** INSERT … SELECT of subtree rows from `source` (alias d, chapter column `chapter`), in one view. */
function subtreeInsert(spec: RollupSpec, options: { source: string; chapter: string; year: string; restated: boolean; asOf: string; add: boolean }): string {
  const n = rollupNames(spec);
  const self = spec.self ?? [];
  const names = [...spec.columns, ...self].map((c) => q(c.name));
  const sums = [...spec.columns.map((c) => `sum(d.${q(c.name)})`), ...self.map((c) => `coalesce(sum(d.${q(c.of)}) FILTER (WHERE a.depth = 0), 0)`)].join(", ");
  const closure = q(spec.tree.closure);
  const on = options.restated ? options.asOf : spec.referenceDate(options.year, options.asOf);
  const from = options.restated
    ? `${options.source} d JOIN ${q(n.destinations)} h ON h.id = d.${options.chapter}
      JOIN ${closure} a ON a."descendantId" = h.dest`
    : `${options.source} d JOIN ${closure} a ON a."descendantId" = d.${options.chapter}`;
  const conflict = options.add
    ? `\n      ON CONFLICT (x, year, restated) DO UPDATE SET ${names.map((c) => `${c} = ${q(spec.subtree)}.${c} + EXCLUDED.${c}`).join(", ")}`
    : "";
  return `INSERT INTO ${q(spec.subtree)} (x, year, restated, ${names.join(", ")})
      SELECT a."ancestorId", ${options.year}, ${options.restated ? "TRUE" : "FALSE"}, ${sums}
      FROM ${from}
        AND a."validFrom" <= ${on} AND (a."validTo" IS NULL OR a."validTo" > ${on})
      WHERE ${options.asOf} IS NOT NULL
      GROUP BY a."ancestorId"${options.year === "y" ? "" : `, ${options.year}`}${conflict}`;
}

function apply(spec: RollupSpec): string {
  const n = rollupNames(spec);
  const names = spec.columns.map((c) => q(c.name));
  const delta = names.map((c) => `coalesce(f.${c}, 0) - coalesce(o.${c}, 0) AS ${c}`).join(",\n        ");
  const anyChange = names.map((c) => `d.${c} <> 0`).join(" OR ");
  const put = names.map((c) => `${c} = EXCLUDED.${c}`).join(", ");
  return `-- Recomputes the own rows of chapters for every kept year from from_year and adds the difference
-- to the subtree rows above them. Without a state row (a tree change waiting to be summed) only
-- the own rows are kept: the rebuild that follows sums the subtree rows from them.
CREATE FUNCTION ${n.apply}(chapters UUID[], from_year INTEGER) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  y INTEGER;
  k INTEGER;
  as_of DATE;
  n INTEGER;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(${n.treeLock});
  FOR k IN SELECT DISTINCT hashtext(c::text) FROM unnest(chapters) c ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(${n.chapterLock}, k);
  END LOOP;
  SELECT "restatedAsOf" INTO as_of FROM ${q(n.state)} WHERE id = 1;
  FOR y IN SELECT r.year FROM ${q(n.years)} r WHERE r.year >= from_year ORDER BY r.year LOOP
    WITH fresh AS (SELECT * FROM ${spec.ownFunction}(chapters, y)),
    old AS (SELECT * FROM ${q(spec.own)} WHERE "chapterId" = ANY(chapters) AND year = y),
    delta AS (
      SELECT coalesce(f."chapterId", o."chapterId") AS c,
        ${delta}
      FROM fresh f FULL JOIN old o ON o."chapterId" = f."chapterId"
    ),
    changed AS (SELECT d.* FROM delta d WHERE ${anyChange}),
    put AS (
      INSERT INTO ${q(spec.own)} SELECT * FROM fresh
      ON CONFLICT ("chapterId", year) DO UPDATE SET ${put}
      RETURNING 1
    ),
    gone AS (
      DELETE FROM ${q(spec.own)} o WHERE o."chapterId" = ANY(chapters) AND o.year = y
        AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f."chapterId" = o."chapterId")
      RETURNING 1
    ),
    was AS (
      ${subtreeInsert(spec, { source: "changed", chapter: "c", year: "y", restated: false, asOf: "as_of", add: true })}
      RETURNING 1
    ),
    restated_rows AS (
      ${subtreeInsert(spec, { source: "changed", chapter: "c", year: "y", restated: true, asOf: "as_of", add: true })}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM put) + (SELECT count(*) FROM gone) + (SELECT count(*) FROM was) + (SELECT count(*) FROM restated_rows) INTO n;
  END LOOP;
END
$$;`;
}

function flushAndMark(spec: RollupSpec): string {
  const n = rollupNames(spec);
  return `-- At commit: the chapters this transaction touched, recomputed once.
CREATE FUNCTION ${n.flush}() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  touched UUID[];
  first_year INTEGER;
BEGIN
  WITH gone AS (DELETE FROM ${q(n.dirty)} WHERE txid = txid_current() RETURNING "chapterId", "fromYear")
  SELECT array_agg(DISTINCT "chapterId"), min("fromYear") INTO touched, first_year FROM gone;
  IF touched IS NOT NULL THEN
    PERFORM ${n.apply}(touched, first_year);
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ${q(`${n.dirty}_flush`)} AFTER INSERT ON ${q(n.dirty)}
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${n.flush}();

-- (chapter, first year) pairs a write touched; nothing to do while no year is kept
CREATE FUNCTION ${n.mark}(touched_chapters UUID[], touched_years INTEGER[]) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ${q(n.years)}) THEN RETURN; END IF;
  INSERT INTO ${q(n.dirty)} (txid, "chapterId", "fromYear")
  SELECT txid_current(), t.c, min(t.y) FROM unnest(touched_chapters, touched_years) AS t(c, y)
  WHERE t.c IS NOT NULL AND t.y IS NOT NULL GROUP BY t.c
  ON CONFLICT (txid, "chapterId") DO UPDATE SET "fromYear" = least(${q(n.dirty)}."fromYear", EXCLUDED."fromYear");
END
$$;`;
}

function rebuilds(spec: RollupSpec): string {
  const n = rollupNames(spec);
  return `-- Every subtree row from the own rows, on the tree of as_of (${q(n.destinations)} must describe
-- that day). After a tree change the replica applied: the own rows do not depend on the tree.
CREATE FUNCTION ${n.tree}(as_of DATE) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(${n.treeLock});
  DELETE FROM ${q(spec.subtree)};
  ${subtreeInsert(spec, { source: q(spec.own), chapter: `"chapterId"`, year: "d.year", restated: false, asOf: "as_of", add: false })};
  ${subtreeInsert(spec, { source: q(spec.own), chapter: `"chapterId"`, year: "d.year", restated: true, asOf: "as_of", add: false })};
  INSERT INTO ${q(n.state)} (id, "restatedAsOf") VALUES (1, as_of)
  ON CONFLICT (id) DO UPDATE SET "restatedAsOf" = EXCLUDED."restatedAsOf";
END
$$;

-- Everything from the rows for years (the rebuild command, the first start, after a bulk load).
-- The source tables are locked before the tree lock: a writer holding them takes the tree lock
-- at its commit, so the other order could deadlock.
CREATE FUNCTION ${n.build}(years INTEGER[], as_of DATE) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  y INTEGER;
BEGIN
  LOCK TABLE ${spec.sources.map(q).join(", ")} IN SHARE MODE;
  PERFORM pg_advisory_xact_lock(${n.treeLock});
  DELETE FROM ${q(n.dirty)};
  DELETE FROM ${q(spec.own)};
  DELETE FROM ${q(n.years)};
  FOREACH y IN ARRAY years LOOP
    INSERT INTO ${q(spec.own)} SELECT * FROM ${spec.ownFunction}(NULL, y);
    INSERT INTO ${q(n.years)} (year) VALUES (y);
  END LOOP;
  PERFORM ${n.tree}(as_of);
END
$$;`;
}

/** A migration's generated part: the parts between a first line naming the generator and the spec
 * and a last line, as a test finds it in the migration. */
export function generatedPart(generator: string, prefix: string, parts: string[]): string {
  return [
    `-- Generated by packages/core/src/rollups/${generator} from the "${prefix}" rollup spec: edit the spec, not this text.`,
    ...parts,
    `-- End of the generated part.`,
  ].join("\n\n") + "\n";
}

/** The SQL text of the generic rollup machinery for `spec`, as its migration holds it. */
export function rollupSql(spec: RollupSpec): string {
  return generatedPart("sql.ts", spec.prefix, [tables(spec), apply(spec), flushAndMark(spec), rebuilds(spec)]);
}
