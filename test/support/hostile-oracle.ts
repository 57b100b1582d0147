// What the hostile-callers suite (docs/testing.md) checks answers against, read straight from
// the subgraphs' databases: which chapters lie outside a caller's reach, which personal data
// exists, and a fingerprint of every table to prove a refused request wrote nothing.
//
// "Outside a caller's reach" is decided by province lineage, not by the exact slice: chapters
// whose provinces (every province that was ever an ancestor, joined through merges) never met the
// caller's. The exact slice changes with dates and merges (an An Giang officer sees Kiên Giang's
// past); the lineage never legitimately crosses, so a hit is a leak, never a judgement call.
import pg from "pg";
import type { KnownValues } from "./hostile-values.ts";

export interface Chapter {
  id: string;
  code: string;
  /** every PROVINCE-level chapter that was ever this chapter or one of its ancestors */
  provinces: string[];
}

/** The demo tree with each chapter's province lineage, from organization's closure table. */
export async function chaptersWithLineage(client: pg.Client): Promise<{ chapters: Chapter[]; successions: [string, string][] }> {
  const { rows } = await client.query<{ id: string; code: string; provinces: string[] | null }>(`
    SELECT c.id, c.code,
           (SELECT array_agg(DISTINCT cl."ancestorId"::text) FROM organization."ChapterClosure" cl
              JOIN organization."ChapterVersion" v ON v."chapterId" = cl."ancestorId" AND v.level = 'PROVINCE'
             WHERE cl."descendantId" = c.id) AS provinces
      FROM organization."Chapter" c`);
  const successions = await client.query<{ from: string; to: string }>(
    `SELECT "predecessorId"::text AS from, "successorId"::text AS to FROM organization."ChapterSuccession"`,
  );
  return {
    chapters: rows.map((r) => ({ id: r.id, code: r.code, provinces: r.provinces ?? [] })),
    successions: successions.rows.map((r) => [r.from, r.to]),
  };
}

/** Provinces joined into groups: two provinces are one group when a chapter ever sat under both
 * or a chapter under one succeeded a chapter under the other. */
function provinceGroups(chapters: Chapter[], successions: [string, string][]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  const join = (a: string, b: string) => parent.set(find(a), find(b));
  for (const c of chapters) for (const p of c.provinces.slice(1)) join(c.provinces[0]!, p);
  const lineage = new Map(chapters.map((c) => [c.id, c.provinces]));
  for (const [from, to] of successions) {
    for (const a of lineage.get(from) ?? []) for (const b of lineage.get(to) ?? []) join(a, b);
  }
  const provinces = new Set(chapters.flatMap((c) => c.provinces));
  return new Map([...provinces].map((p) => [p, find(p)]));
}

/** Chapters no caller at `callerCode` may ever see: every province of their lineage is in
 * another group than the caller's. Chapters above every province (the central committee) are
 * neither own nor foreign. */
export function partitionChapters(tree: Awaited<ReturnType<typeof chaptersWithLineage>>, callerCode: string) {
  const groups = provinceGroups(tree.chapters, tree.successions);
  const caller = tree.chapters.find((c) => c.code === callerCode);
  if (!caller) throw new Error(`No chapter ${callerCode} in the demo tree`);
  const callerGroups = new Set(caller.provinces.map((p) => groups.get(p)));
  const own = tree.chapters.filter((c) => c.provinces.some((p) => callerGroups.has(groups.get(p))));
  const foreign = tree.chapters.filter((c) => c.provinces.length > 0 && !c.provinces.some((p) => callerGroups.has(groups.get(p))));
  return { own, foreign };
}

/** Ids of records in a subgraph's schema (any uuid column called id), by table. */
export async function recordIds(client: pg.Client, schema: string): Promise<[string, string[]][]> {
  const tables = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'id' AND data_type = 'uuid'`,
    [schema],
  );
  const ids: [string, string[]][] = [];
  for (const { table_name } of tables.rows) {
    const { rows } = await client.query<{ id: string }>(`SELECT id::text FROM "${schema}"."${table_name}" ORDER BY id LIMIT 20`);
    if (rows.length) ids.push([table_name, rows.map((r) => r.id)]);
  }
  return ids;
}

/** Ids of the records that belong to the given chapters (any table with an id and a chapterId):
 * a donor, an address or a plan of another province lineage is as much a leak as its chapter. */
export async function recordIdsOfChapters(client: pg.Client, schema: string, chapterIds: string[]): Promise<string[]> {
  const tables = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('id', 'chapterId') AND data_type = 'uuid'
      GROUP BY table_name HAVING count(*) = 2`,
    [schema],
  );
  const ids: string[] = [];
  for (const { table_name } of tables.rows) {
    const { rows } = await client.query<{ id: string }>(`SELECT id::text FROM "${schema}"."${table_name}" WHERE "chapterId" = ANY($1::uuid[])`, [chapterIds]);
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** Phone numbers and CCCD numbers stored anywhere in a subgraph's schema: personal data a
 * VIEWER or a PARTNER without the grant must never receive. */
export async function personalDataValues(client: pg.Client, schema: string): Promise<string[]> {
  const columns = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = $1 AND data_type = 'text' AND column_name ~* '^(phone|nationalId|cccd|idNumber)$'`,
    [schema],
  );
  const values = new Set<string>();
  for (const { table_name, column_name } of columns.rows) {
    const { rows } = await client.query<{ v: string }>(
      `SELECT DISTINCT "${column_name}" AS v FROM "${schema}"."${table_name}" WHERE length("${column_name}") >= 8`,
    );
    for (const { v } of rows) values.add(v);
  }
  return [...values];
}

/** Tables whose rows legitimately change when a request is refused: an audit log records
 * refusals (another branch adds one: any table named like "Audit"). Prisma's own bookkeeping
 * never changes during a test. */
const CHANGES_ON_REFUSAL = /audit/i;

/** A digest of every row of every table in a subgraph's schema, one statement: equal digests
 * before and after a refused request prove it wrote nothing (inserts, updates and deletes). */
export async function fingerprint(client: pg.Client, schema: string): Promise<Map<string, string>> {
  const tables = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [schema],
  );
  const names = tables.rows.map((r) => r.table_name).filter((n) => !CHANGES_ON_REFUSAL.test(n) && n !== "_prisma_migrations");
  if (names.length === 0) return new Map();
  const sql = names
    .map((n) => `SELECT '${n}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM "${schema}"."${n}" x`)
    .join(" UNION ALL ");
  const { rows } = await client.query<{ t: string; n: number; d: string }>(sql);
  return new Map(rows.map((r) => [r.t, `${r.n}:${r.d}`]));
}

/** The tables whose digest differs between two fingerprints. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t));
}

/** Known values for a caller at `callerCode`. */
export function knownValuesFor(
  tree: Awaited<ReturnType<typeof chaptersWithLineage>>,
  callerCode: string,
  records: Map<string, string[]>,
  personalData: string[],
): KnownValues {
  const { own, foreign } = partitionChapters(tree, callerCode);
  return {
    ownChapterIds: own.map((c) => c.id),
    ownChapterCodes: own.map((c) => c.code),
    foreignChapterIds: foreign.map((c) => c.id),
    foreignChapterCodes: foreign.map((c) => c.code),
    recordIds: records,
    personalData,
  };
}
