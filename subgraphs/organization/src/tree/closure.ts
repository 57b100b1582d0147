// Keeps ChapterClosure (ancestor, descendant, depth over [validFrom, validTo)) equal to what the
// versions say, after a change effective on date D. Only chapters whose ancestry can change are
// touched: the changed chapters and everything below them.
import { conflict } from "@chapters/core";
import { Prisma } from "../generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;
type Edge = { ancestorId: string; descendantId: string; depth: number };
const edgeKey = (e: Edge) => `${e.ancestorId}|${e.descendantId}|${e.depth}`;

/** Ancestor edges (depth ≥ 0) for chapters given their parents; `outside` holds the open
 * ancestor edges of parents that are not themselves being recomputed. */
export function computeEdges(parents: Map<string, string | null>, outside: Map<string, Edge[]>): Edge[] {
  const memo = new Map<string, [string, number][]>();
  const visiting = new Set<string>();
  const chain = (id: string): [string, number][] => {
    const known = memo.get(id);
    if (known) return known;
    if (visiting.has(id)) throw conflict("This change would make a chapter its own ancestor.");
    visiting.add(id);
    const parent = parents.get(id) ?? null;
    let above: [string, number][] = [];
    if (parent !== null) {
      above = parents.has(parent)
        ? chain(parent)
        : (outside.get(parent) ?? []).map((e) => [e.ancestorId, e.depth] as [string, number]);
    }
    const result: [string, number][] = [[id, 0], ...above.map(([a, depth]) => [a, depth + 1] as [string, number])];
    visiting.delete(id);
    memo.set(id, result);
    return result;
  };
  const edges: Edge[] = [];
  for (const id of parents.keys()) for (const [a, depth] of chain(id)) edges.push({ ancestorId: a, descendantId: id, depth });
  return edges;
}

export async function openEdgesOf(tx: Tx, ids: string[]): Promise<Map<string, Edge[]>> {
  const rows = await tx.$queryRaw<Edge[]>`
    SELECT "ancestorId"::text AS "ancestorId", "descendantId"::text AS "descendantId", depth
    FROM "ChapterClosure" WHERE "descendantId" = ANY(${ids}::uuid[]) AND "validTo" IS NULL`;
  const byDescendant = new Map<string, Edge[]>();
  for (const row of rows) byDescendant.set(row.descendantId, [...(byDescendant.get(row.descendantId) ?? []), row]);
  return byDescendant;
}

export async function insertEdges(tx: Tx, edges: Edge[], from: Date): Promise<void> {
  for (let i = 0; i < edges.length; i += 5000) {
    const chunk = edges.slice(i, i + 5000);
    await tx.$executeRaw`
      INSERT INTO "ChapterClosure" ("ancestorId", "descendantId", depth, "validFrom")
      SELECT a, d, n, ${from}::date FROM unnest(${chunk.map((e) => e.ancestorId)}::uuid[],
        ${chunk.map((e) => e.descendantId)}::uuid[], ${chunk.map((e) => e.depth)}::int[]) AS x(a, d, n)`;
  }
}

/** Recomputes the open closure rows of `changedIds` and their open descendants as of `at`;
 * returns every chapter whose closure rows may have changed. */
export async function refreshClosure(tx: Tx, changedIds: string[], at: Date): Promise<string[]> {
  const below = await tx.$queryRaw<{ id: string; latest: Date }[]>`
    SELECT "descendantId"::text AS id, max("validFrom") AS latest FROM "ChapterClosure"
    WHERE "validTo" IS NULL AND "descendantId" IN (
      SELECT "descendantId" FROM "ChapterClosure" WHERE "ancestorId" = ANY(${changedIds}::uuid[]) AND "validTo" IS NULL)
    GROUP BY "descendantId"`;
  const later = below.find((r) => r.latest > at);
  if (later) throw laterChangeConflict(later.latest);
  const affected = [...new Set([...changedIds, ...below.map((r) => r.id)])];

  const versions = await tx.$queryRaw<{ chapterId: string; parentId: string | null }[]>`
    SELECT "chapterId"::text AS "chapterId", "parentId"::text AS "parentId" FROM "ChapterVersion"
    WHERE "chapterId" = ANY(${affected}::uuid[]) AND "validTo" IS NULL`;
  const parents = new Map(versions.map((v) => [v.chapterId, v.parentId]));
  const outsideParents = [...new Set(versions.map((v) => v.parentId).filter((p): p is string => p !== null && !parents.has(p)))];
  const outside = outsideParents.length ? await openEdgesOf(tx, outsideParents) : new Map<string, Edge[]>();
  const wanted = computeEdges(parents, outside);

  const current = [...(await openEdgesOf(tx, affected)).values()].flat();
  const wantedKeys = new Set(wanted.map(edgeKey));
  const currentKeys = new Set(current.map(edgeKey));
  const stale = current.filter((e) => !wantedKeys.has(edgeKey(e)));
  const fresh = wanted.filter((e) => !currentKeys.has(edgeKey(e)));

  if (stale.length) {
    const anc = stale.map((e) => e.ancestorId);
    const desc = stale.map((e) => e.descendantId);
    // an edge opened the same day is simply withdrawn; an older one ends the day before `at`
    await tx.$executeRaw`
      DELETE FROM "ChapterClosure" c USING unnest(${anc}::uuid[], ${desc}::uuid[]) AS x(a, d)
      WHERE c."ancestorId" = x.a AND c."descendantId" = x.d AND c."validTo" IS NULL AND c."validFrom" >= ${at}::date`;
    await tx.$executeRaw`
      UPDATE "ChapterClosure" c SET "validTo" = ${at}::date FROM unnest(${anc}::uuid[], ${desc}::uuid[]) AS x(a, d)
      WHERE c."ancestorId" = x.a AND c."descendantId" = x.d AND c."validTo" IS NULL`;
  }
  if (fresh.length) await insertEdges(tx, fresh, at);
  return affected;
}

export function laterChangeConflict(latest: Date) {
  return conflict(
    `A change effective ${latest.toISOString().slice(0, 10)} already affects these chapters: record tree changes in date order.`,
  );
}
