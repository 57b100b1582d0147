// Recording the history of the tree (ORG-REFORM): create, rename, move, merge, split and
// dissolve, each effective from a date, with its legal basis, in one transaction that also
// writes the change to the outbox for the other subgraphs.
import { badInput, conflict, foldForSearch, formatIsoDate, lockRows, notFound, TREE_CHANGED_TOPIC } from "@chapters/core";
import type { Prisma, TreeChange } from "../generated/prisma/client.ts";
import type { ChapterLevel, HostKind, TreeChangeKind } from "../generated/prisma/enums.ts";
import { refreshTreeRollups } from "../figures/rollups.ts";
import { computeEdges, insertEdges, laterChangeConflict, openEdgesOf, refreshClosure } from "./closure.ts";
import { moveHoldings } from "./holdings.ts";
import { allowedParentLevels, levelLabels } from "./levels.ts";

type Tx = Prisma.TransactionClient;

export { TREE_CHANGED_TOPIC } from "@chapters/core";

export interface ChangeMeta {
  effectiveDate: Date;
  decisionNumber: string;
  note?: string | null;
  recordedBy: string;
}

export interface NewChapter {
  code: string;
  name: string;
  level: ChapterLevel;
  hostKind?: HostKind | null;
  /** parent by id, or by code (the seed and bulk loads) */
  parentId?: string | null;
  parentCode?: string | null;
}

interface OpenVersion {
  id: bigint;
  chapterId: string;
  name: string;
  level: ChapterLevel;
  hostKind: HostKind | null;
  parentId: string | null;
  validFrom: Date;
}

async function openVersions(tx: Tx, ids: string[], at: Date): Promise<Map<string, OpenVersion>> {
  // Changes are recorded in date order per chapter: lock the chapters first, so a concurrent
  // change to any of them waits and then sees this one's dates (and is refused if earlier).
  await lockRows(tx, "Chapter", ids);
  const rows = await tx.chapterVersion.findMany({ where: { chapterId: { in: ids }, validTo: null } });
  const byId = new Map(rows.map((r) => [r.chapterId, r as OpenVersion]));
  const ended = ids.filter((id) => !byId.has(id));
  if (ended.length) {
    const chapters = await tx.chapter.findMany({ where: { id: { in: ended } } });
    const later = chapters.find((c) => c.endedOn && c.endedOn > at);
    if (later) throw laterChangeConflict(later.endedOn!);
    const first = chapters[0];
    throw notFound(
      first ? `Chapter ${first.code} no longer exists on ${formatIsoDate(at)} (it was merged, split or dissolved).` : `Chapter ${ended[0]} does not exist.`,
    );
  }
  for (const version of byId.values()) {
    if (version.validFrom > at) throw laterChangeConflict(version.validFrom);
  }
  return byId;
}

async function endVersions(tx: Tx, ids: string[], at: Date): Promise<void> {
  await tx.chapterVersion.deleteMany({ where: { chapterId: { in: ids }, validTo: null, validFrom: { gte: at } } });
  await tx.chapterVersion.updateMany({ where: { chapterId: { in: ids }, validTo: null }, data: { validTo: at } });
}

async function startVersions(
  tx: Tx,
  versions: { chapterId: string; name: string; level: ChapterLevel; hostKind: HostKind | null; parentId: string | null }[],
  at: Date,
  changeId: string,
): Promise<void> {
  await tx.chapterVersion.createMany({
    data: versions.map((v) => ({ ...v, searchName: foldForSearch(v.name), validFrom: at, changeId })),
  });
}

function checkParentLevel(level: ChapterLevel, parentLevel: ChapterLevel | null, code: string): void {
  const allowed = allowedParentLevels[level];
  if (parentLevel === null ? allowed.length > 0 : !allowed.includes(parentLevel)) {
    const where = parentLevel ? `under a ${levelLabels[parentLevel]} (${parentLevel})` : "without a parent";
    throw badInput(
      `${code}: a ${levelLabels[level]} (${level}) cannot sit ${where}; allowed parents: ${allowed.join(", ") || "none"}.`,
    );
  }
}

async function startChange(tx: Tx, kind: TreeChangeKind, meta: ChangeMeta, chapterIds: string[]): Promise<TreeChange> {
  return tx.treeChange.create({
    data: {
      kind,
      effectiveDate: meta.effectiveDate,
      decisionNumber: meta.decisionNumber,
      note: meta.note ?? null,
      recordedBy: meta.recordedBy,
      chapterIds,
    },
  });
}

/** Closes a change: records the chapters it touched and writes its events to the outbox. The
 * events carry, for every chapter whose ancestry may have changed, all its closure rows, so the
 * other subgraphs' replicas can replace theirs (in chunks, for very large changes). */
async function finishChange(tx: Tx, change: TreeChange, chapterIds: string[], reshaped: string[]): Promise<TreeChange> {
  const touched = [...new Set(chapterIds)];
  const updated = await tx.treeChange.update({ where: { id: change.id }, data: { chapterIds: touched } });
  // a rename moves nothing; every other change reshapes the tree the rollups are summed over
  if (change.kind !== "RENAME") await refreshTreeRollups(tx);
  const descendants = [...new Set(reshaped)];
  const successions = await tx.chapterSuccession.findMany({ where: { changeId: change.id } });
  const header = { changeId: change.id, kind: change.kind, effectiveDate: formatIsoDate(change.effectiveDate), chapterIds: touched };
  const chunks = Math.max(1, Math.ceil(descendants.length / REPLICA_CHUNK));
  for (let i = 0; i < chunks; i++) {
    const part = descendants.slice(i * REPLICA_CHUNK, (i + 1) * REPLICA_CHUNK);
    const closure = await tx.chapterClosure.findMany({ where: { descendantId: { in: part } } });
    const chapters = await tx.chapter.findMany({ where: { id: { in: part } }, select: { id: true, code: true } });
    await tx.outboxEvent.create({
      data: {
        topic: TREE_CHANGED_TOPIC,
        payload: {
          ...header,
          part: i + 1,
          parts: chunks,
          replica: {
            descendants: part,
            closure: closure.map((c) => [c.ancestorId, c.descendantId, c.depth, formatIsoDate(c.validFrom), c.validTo ? formatIsoDate(c.validTo) : null]),
            chapters: chapters.map((c) => [c.id, c.code]),
            successions: i === 0 ? successions.map((s) => [s.predecessorId, s.successorId, s.kind]) : [],
          },
        },
      },
    });
  }
  return updated;
}

const REPLICA_CHUNK = 2000;

/** Creates many chapters under one decision in a constant number of statements (parents first
 * or already existing). Used for single creations, splits, the seed and synthetic volume. */
export async function createChapters(tx: Tx, items: NewChapter[], meta: ChangeMeta, change?: TreeChange): Promise<{ change: TreeChange; ids: string[] }> {
  const at = meta.effectiveDate;
  const codes = items.map((i) => i.code);
  if (new Set(codes).size !== codes.length) throw badInput("Each new chapter needs its own code.");
  const taken = await tx.chapter.findMany({ where: { code: { in: codes } }, select: { code: true } });
  if (taken.length) throw conflict(`Chapter code already in use: ${taken.map((t) => t.code).join(", ")}. Codes are permanent; choose another.`, { codes: taken.map((t) => t.code) });

  const ownChange = change ?? (await startChange(tx, "CREATE", meta, []));
  const ids: string[] = items.map(() => crypto.randomUUID());
  const idByCode = new Map(items.map((item, i) => [item.code, ids[i]!]));
  const levelById = new Map(items.map((item, i) => [ids[i]!, item.level]));

  const outsideCodes = items.map((i) => i.parentCode).filter((c): c is string => !!c && !idByCode.has(c));
  const outsideByCode = new Map(
    (await tx.chapter.findMany({ where: { code: { in: outsideCodes } }, select: { id: true, code: true } })).map((c) => [c.code, c.id]),
  );
  const parentOf = (item: NewChapter): string | null => {
    if (item.parentId) return item.parentId;
    if (!item.parentCode) return null;
    const id = idByCode.get(item.parentCode) ?? outsideByCode.get(item.parentCode);
    if (!id) throw notFound(`Parent chapter ${item.parentCode} of ${item.code} does not exist.`);
    return id;
  };
  const parents = new Map(items.map((item, i) => [ids[i]!, parentOf(item)]));
  const outsideIds = [...new Set([...parents.values()].filter((p): p is string => p !== null && !levelById.has(p)))];
  const outsideVersions = outsideIds.length ? await openVersions(tx, outsideIds, at) : new Map<string, OpenVersion>();

  items.forEach((item, i) => {
    const parentId = parents.get(ids[i]!) ?? null;
    const parentLevel = parentId ? (levelById.get(parentId) ?? outsideVersions.get(parentId)!.level) : null;
    checkParentLevel(item.level, parentLevel, item.code);
    if ((item.level === "AFFILIATED") !== Boolean(item.hostKind)) {
      throw badInput(`${item.code}: a host kind (SCHOOL, HOSPITAL, AGENCY, ENTERPRISE) is required for an AFFILIATED chapter and only for one.`);
    }
    if (!item.name.trim()) throw badInput(`${item.code}: the name cannot be empty.`);
  });
  if (items.some((i) => i.level === "CENTRAL")) {
    const central = await tx.chapterVersion.count({ where: { level: "CENTRAL", validTo: null } });
    if (central > 0 || items.filter((i) => i.level === "CENTRAL").length > 1) throw conflict("There is only one central society.");
  }

  for (let i = 0; i < items.length; i += 5000) {
    await tx.chapter.createMany({
      data: items.slice(i, i + 5000).map((item, j) => ({ id: ids[i + j]!, code: item.code, foundedOn: at })),
    });
  }
  for (let i = 0; i < items.length; i += 5000) {
    await startVersions(
      tx,
      items.slice(i, i + 5000).map((item, j) => ({
        chapterId: ids[i + j]!,
        name: item.name.trim(),
        level: item.level,
        hostKind: item.hostKind ?? null,
        parentId: parents.get(ids[i + j]!) ?? null,
      })),
      at,
      ownChange.id,
    );
  }
  const outside = outsideIds.length ? await openEdgesOf(tx, outsideIds) : new Map();
  await insertEdges(tx, computeEdges(parents, outside), at);
  const finished = change ? ownChange : await finishChange(tx, ownChange, ids, ids);
  return { change: finished, ids };
}

export async function renameChapter(tx: Tx, chapterId: string, name: string, meta: ChangeMeta): Promise<TreeChange> {
  if (!name.trim()) throw badInput("The new name cannot be empty.");
  const current = (await openVersions(tx, [chapterId], meta.effectiveDate)).get(chapterId)!;
  const change = await startChange(tx, "RENAME", meta, [chapterId]);
  await endVersions(tx, [chapterId], meta.effectiveDate);
  await startVersions(tx, [{ ...pickState(current), name: name.trim() }], meta.effectiveDate, change.id);
  return finishChange(tx, change, [chapterId], []);
}

const pickState = (v: OpenVersion) => ({
  chapterId: v.chapterId,
  name: v.name,
  level: v.level,
  hostKind: v.hostKind,
  parentId: v.parentId,
});

async function reparent(tx: Tx, chapterIds: string[], newParentId: string, at: Date, changeId: string): Promise<void> {
  if (chapterIds.length === 0) return;
  const versions = await openVersions(tx, [...chapterIds, newParentId], at);
  const parentLevel = versions.get(newParentId)!.level;
  for (const id of chapterIds) {
    const v = versions.get(id)!;
    checkParentLevel(v.level, parentLevel, v.name);
  }
  await endVersions(tx, chapterIds, at);
  await startVersions(tx, chapterIds.map((id) => ({ ...pickState(versions.get(id)!), parentId: newParentId })), at, changeId);
}

export async function moveChapters(tx: Tx, chapterIds: string[], newParentId: string, meta: ChangeMeta): Promise<TreeChange> {
  if (chapterIds.includes(newParentId)) throw badInput("A chapter cannot be moved under itself.");
  const change = await startChange(tx, "MOVE", meta, chapterIds);
  await reparent(tx, chapterIds, newParentId, meta.effectiveDate, change.id);
  const reshaped = await refreshClosure(tx, chapterIds, meta.effectiveDate);
  return finishChange(tx, change, [...chapterIds, newParentId], reshaped);
}

async function childrenOn(tx: Tx, parentIds: string[]): Promise<string[]> {
  const rows = await tx.chapterVersion.findMany({ where: { parentId: { in: parentIds }, validTo: null }, select: { chapterId: true } });
  return rows.map((r) => r.chapterId);
}

async function endChapters(tx: Tx, ids: string[], kind: TreeChangeKind, at: Date): Promise<void> {
  await endVersions(tx, ids, at);
  await tx.chapter.updateMany({ where: { id: { in: ids } }, data: { endedOn: at, endKind: kind } });
}

/** Several chapters into one (an existing one, or a new one): their children move to the
 * successor, and the merged chapters keep their identity and history. */
export async function mergeChapters(
  tx: Tx,
  sourceIds: string[],
  target: { intoId: string } | { newChapter: NewChapter },
  meta: ChangeMeta,
): Promise<{ change: TreeChange; successorId: string }> {
  const at = meta.effectiveDate;
  if (new Set(sourceIds).size !== sourceIds.length) throw badInput("A chapter is listed twice among those to merge.");
  await openVersions(tx, sourceIds, at);
  const change = await startChange(tx, "MERGE", meta, sourceIds);
  let successorId: string;
  if ("intoId" in target) {
    if (sourceIds.includes(target.intoId)) throw badInput("The chapter merged into cannot also be one of those merged.");
    if (sourceIds.length < 1) throw badInput("Name at least one chapter to merge.");
    successorId = target.intoId;
  } else {
    if (sourceIds.length < 2) throw badInput("A merge into a new chapter needs at least two chapters.");
    successorId = (await createChapters(tx, [target.newChapter], meta, change)).ids[0]!;
  }
  const children = await childrenOn(tx, sourceIds);
  await reparent(tx, children, successorId, at, change.id);
  await endChapters(tx, sourceIds, "MERGE", at);
  // members, dues, funds and organisations follow the merged chapters, with their history
  await moveHoldings(tx, sourceIds, successorId, at, meta.recordedBy, "MERGE");
  await tx.chapterSuccession.createMany({
    data: sourceIds.map((p) => ({ predecessorId: p, successorId, kind: "MERGE" as const, effectiveDate: at, changeId: change.id })),
  });
  const reshaped = await refreshClosure(tx, [...sourceIds, ...children, successorId], at);
  return { change: await finishChange(tx, change, [...sourceIds, successorId, ...children], reshaped), successorId };
}

/** One chapter into several new ones; every child of the old chapter goes to exactly one part,
 * and the old chapter's own members, fund, organisations and clubs to the part that takes over
 * (`takesOver`; the first part when none is named). */
export async function splitChapter(
  tx: Tx,
  chapterId: string,
  parts: (Omit<NewChapter, "parentCode"> & { childIds: string[]; takesOver?: boolean | null })[],
  meta: ChangeMeta,
): Promise<{ change: TreeChange; partIds: string[] }> {
  const at = meta.effectiveDate;
  if (parts.length < 2) throw badInput("A split needs at least two parts.");
  const takers = parts.flatMap((p, i) => (p.takesOver ? [i] : []));
  if (takers.length > 1) throw badInput("Name one part that takes over the split chapter's members and fund (takesOver), not several.");
  const source = (await openVersions(tx, [chapterId], at)).get(chapterId)!;
  const children = new Set(await childrenOn(tx, [chapterId]));
  const assigned = parts.flatMap((p) => p.childIds);
  const unknown = assigned.filter((id) => !children.has(id));
  if (unknown.length) throw badInput(`Not children of the chapter being split: ${unknown.join(", ")}.`);
  if (new Set(assigned).size !== assigned.length || assigned.length !== children.size) {
    throw badInput(`Assign each of the ${children.size} children of the chapter being split to exactly one part.`);
  }
  const change = await startChange(tx, "SPLIT", meta, [chapterId]);
  const { ids: partIds } = await createChapters(
    tx,
    parts.map((p) => ({ ...p, parentId: p.parentId ?? source.parentId })),
    meta,
    change,
  );
  for (const [i, part] of parts.entries()) await reparent(tx, part.childIds, partIds[i]!, at, change.id);
  await endChapters(tx, [chapterId], "SPLIT", at);
  await moveHoldings(tx, [chapterId], partIds[takers[0] ?? 0]!, at, meta.recordedBy, "SPLIT");
  await tx.chapterSuccession.createMany({
    data: partIds.map((s) => ({ predecessorId: chapterId, successorId: s, kind: "SPLIT" as const, effectiveDate: at, changeId: change.id })),
  });
  const reshaped = await refreshClosure(tx, [chapterId, ...partIds, ...assigned], at);
  return { change: await finishChange(tx, change, [chapterId, ...partIds, ...assigned], reshaped), partIds };
}

/** Ends a chapter with nothing under it; its members, fund, organisations and clubs pass to its
 * parent, the chapter that takes over its area — the same place its history goes when figures
 * are restated (core's history.ts), so both views keep every member and every đồng. */
export async function dissolveChapter(tx: Tx, chapterId: string, meta: ChangeMeta): Promise<TreeChange> {
  const own = (await openVersions(tx, [chapterId], meta.effectiveDate)).get(chapterId)!;
  if (!own.parentId) throw badInput("The central society cannot be dissolved: there is no chapter to take over its area.");
  const successorId = own.parentId;
  const children = await childrenOn(tx, [chapterId]);
  if (children.length) {
    throw conflict(`This chapter still has ${children.length} chapter(s) under it: move or merge them before dissolving it.`, {
      childCount: children.length,
    });
  }
  const change = await startChange(tx, "DISSOLVE", meta, [chapterId]);
  await endChapters(tx, [chapterId], "DISSOLVE", meta.effectiveDate);
  await moveHoldings(tx, [chapterId], successorId, meta.effectiveDate, meta.recordedBy, "DISSOLVE");
  const reshaped = await refreshClosure(tx, [chapterId], meta.effectiveDate);
  return finishChange(tx, change, [chapterId], reshaped);
}
