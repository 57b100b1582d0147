import { requestLoader } from "@chapters/core";
import { builder, type OrgContext } from "../builder.ts";
import type { ChapterSuccession, ChapterVersion, TreeChange } from "../generated/prisma/client.ts";
import { hostKindLabels, levelLabels } from "../tree/levels.ts";
import { chapterLoader } from "../tree/loaders.ts";
import { ChapterRef } from "./chapter.ts";
import { ChapterLevelEnum, HostKindEnum, TreeChangeKindEnum } from "./enums.ts";

export const TreeChangeRef = builder.prismaObject("TreeChange", {
  description: "A recorded decision that changed the tree (quyết định), with its legal basis",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: TreeChangeKindEnum, resolve: (c) => c.kind }),
    effectiveDate: t.field({ type: "Date", resolve: (c) => c.effectiveDate }),
    decisionNumber: t.exposeString("decisionNumber", { description: "Legal basis, e.g. 202/2025/QH15" }),
    note: t.exposeString("note", { nullable: true }),
    recordedAt: t.string({ resolve: (c) => c.recordedAt.toISOString() }),
    recordedBy: t.exposeString("recordedBy"),
    chapters: t.field({
      type: [ChapterRef],
      description: "The chapters this change touched that are in your part of the tree, as of its date",
      resolve: async (c, _args, ctx) =>
        (await chapterLoader(ctx, c.effectiveDate).loadMany(c.chapterIds)).filter(
          (v): v is Exclude<typeof v, Error | null> => v !== null && !(v instanceof Error),
        ),
    }),
  }),
});

export const ChapterVersionRef = builder.prismaObject("ChapterVersion", {
  description: "One period of a chapter's name, level and parent",
  fields: (t) => ({
    name: t.exposeString("name"),
    level: t.field({ type: ChapterLevelEnum, resolve: (v) => v.level }),
    levelLabel: t.string({ resolve: (v) => levelLabels[v.level] }),
    hostKind: t.field({ type: HostKindEnum, nullable: true, resolve: (v) => v.hostKind }),
    hostKindLabel: t.string({ nullable: true, resolve: (v) => (v.hostKind ? hostKindLabels[v.hostKind] : null) }),
    validFrom: t.field({ type: "Date", resolve: (v) => v.validFrom }),
    validTo: t.field({ type: "Date", nullable: true, description: "First day no longer valid; null while in force", resolve: (v) => v.validTo }),
    parent: t.field({
      type: ChapterRef,
      nullable: true,
      resolve: (v, _args, ctx) => (v.parentId ? chapterLoader(ctx, v.validFrom).load(v.parentId) : null),
    }),
    change: t.field({ type: TreeChangeRef, resolve: (row, _args, ctx) => changeLoader(ctx).load(row.changeId) }),
  }),
});

export const SuccessionRef = builder.prismaObject("ChapterSuccession", {
  description: "A predecessor → successor link made by a merge or a split",
  fields: (t) => ({
    kind: t.field({ type: TreeChangeKindEnum, resolve: (s) => s.kind }),
    effectiveDate: t.field({ type: "Date", resolve: (s) => s.effectiveDate }),
    predecessor: t.field({
      type: ChapterRef,
      nullable: true,
      resolve: (s, _args, ctx) => chapterLoader(ctx, s.effectiveDate).load(s.predecessorId),
    }),
    successor: t.field({
      type: ChapterRef,
      nullable: true,
      resolve: (s, _args, ctx) => chapterLoader(ctx, s.effectiveDate).load(s.successorId),
    }),
    change: t.field({ type: TreeChangeRef, resolve: (row, _args, ctx) => changeLoader(ctx).load(row.changeId) }),
  }),
});

// Loaders keyed by chapter id: listing many chapters with their history stays a fixed number of statements.
const changeLoader = (ctx: OrgContext) =>
  requestLoader<string, TreeChange>(ctx, "tree-change", async (ids) => {
    const rows = new Map((await ctx.prisma.treeChange.findMany({ where: { id: { in: [...ids] } } })).map((r) => [r.id, r]));
    return ids.map((id) => rows.get(id)!);
  });

const groupBy = <T, K>(rows: T[], key: (row: T) => K) => {
  const map = new Map<K, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
};

const historyLoader = (ctx: OrgContext) =>
  requestLoader<string, ChapterVersion[]>(ctx, "history", async (ids) => {
    const rows = await ctx.prisma.chapterVersion.findMany({ where: { chapterId: { in: [...ids] } }, orderBy: { validFrom: "asc" } });
    const byChapter = groupBy(rows, (r) => r.chapterId);
    return ids.map((id) => byChapter.get(id) ?? []);
  });

const successionLoader = (ctx: OrgContext, side: "predecessorId" | "successorId") =>
  requestLoader<string, ChapterSuccession[]>(ctx, `succession-${side}`, async (ids) => {
    const rows = await ctx.prisma.chapterSuccession.findMany({ where: { [side]: { in: [...ids] } }, orderBy: { effectiveDate: "asc" } });
    const byChapter = groupBy(rows, (r) => r[side]);
    return ids.map((id) => byChapter.get(id) ?? []);
  });

const changesLoader = (ctx: OrgContext) =>
  requestLoader<string, TreeChange[]>(ctx, "changes-of", async (ids) => {
    const rows = await ctx.prisma.treeChange.findMany({ where: { chapterIds: { hasSome: [...ids] } }, orderBy: { effectiveDate: "asc" } });
    return ids.map((id) => rows.filter((r) => r.chapterIds.includes(id)));
  });

builder.objectFields(ChapterRef, (t) => ({
  history: t.field({
    type: [ChapterVersionRef],
    description: "Every name, level and parent this chapter has had, oldest first",
    resolve: (c, _args, ctx) => historyLoader(ctx).load(c.id),
  }),
  successors: t.field({
    type: [SuccessionRef],
    description: "What this chapter was merged or split into",
    resolve: (c, _args, ctx) => successionLoader(ctx, "predecessorId").load(c.id),
  }),
  predecessors: t.field({
    type: [SuccessionRef],
    description: "The chapters merged into this one, or the chapter it was split from",
    resolve: (c, _args, ctx) => successionLoader(ctx, "successorId").load(c.id),
  }),
  changes: t.field({
    type: [TreeChangeRef],
    description: "Decisions that touched this chapter, oldest first",
    resolve: (c, _args, ctx) => changesLoader(ctx).load(c.id),
  }),
}));
