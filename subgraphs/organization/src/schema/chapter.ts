import { badInput, foldForSearch, isUuid, notFound, offsetConnection, todayInVietnam } from "@chapters/core";
import { builder, type OrgContext } from "../builder.ts";
import type { ChapterLevel } from "../generated/prisma/enums.ts";
import { hostKindLabels, levelLabels } from "../tree/levels.ts";
import { ancestorsLoader, chapterLoader, childCountLoader, childPageLoader } from "../tree/loaders.ts";
import { chaptersByKeys, countChapters, listChapters, type ChapterOrder, type ChapterView } from "../tree/read.ts";
import {
  ChapterLevelEnum,
  ChapterOrderEnum,
  ChapterStatusEnum,
  chapterStatusLabels,
  HostKindEnum,
  type ChapterStatus,
} from "./enums.ts";
import { ViewerRef } from "./viewer.ts";


export const ChapterRef = builder.objectRef<ChapterView>("Chapter");

function statusOf(view: ChapterView): ChapterStatus {
  if (view.foundedOn > view.asOf) return "NOT_YET_FOUNDED";
  if (view.endedOn && view.endedOn <= view.asOf) {
    return view.endKind === "MERGE" ? "MERGED" : view.endKind === "SPLIT" ? "SPLIT" : "DISSOLVED";
  }
  return "ACTIVE";
}

ChapterRef.implement({
  description:
    "A Red Cross chapter (Hội Chữ thập đỏ) as it stood on the date asked for (asOf). A chapter keeps its id and code for ever, through renames, moves and merges.",
  fields: (t) => ({
    id: t.exposeID("id"),
    code: t.exposeString("code", { description: "Permanent code, e.g. KG or KG.RG" }),
    name: t.exposeString("name", { description: "Vietnamese name on that date" }),
    level: t.field({ type: ChapterLevelEnum, resolve: (c) => c.level }),
    levelLabel: t.string({ description: "The level in Vietnamese", resolve: (c) => levelLabels[c.level] }),
    hostKind: t.field({ type: HostKindEnum, nullable: true, resolve: (c) => c.hostKind }),
    hostKindLabel: t.string({ nullable: true, resolve: (c) => (c.hostKind ? hostKindLabels[c.hostKind] : null) }),
    asOf: t.field({ type: "Date", description: "The date this answer describes", resolve: (c) => c.asOf }),
    status: t.field({ type: ChapterStatusEnum, resolve: statusOf }),
    statusLabel: t.string({ resolve: (c) => chapterStatusLabels[statusOf(c)] }),
    foundedOn: t.field({ type: "Date", resolve: (c) => c.foundedOn }),
    endedOn: t.field({
      type: "Date",
      nullable: true,
      description: "First day the chapter no longer existed (merged, split or dissolved)",
      resolve: (c) => c.endedOn,
    }),
    parent: t.field({
      type: ChapterRef,
      nullable: true,
      description: "The chapter directly above, when it is in your part of the tree",
      resolve: (c, _args, ctx) => (c.parentId ? chapterLoader(ctx, c.seenOn).load(c.parentId) : null),
    }),
    ancestors: t.field({
      type: [ChapterRef],
      description: "The chapters above, from the highest you may see down to the parent",
      resolve: (c, _args, ctx) => ancestorsLoader(ctx, c.seenOn).load(c.id),
    }),
    childCount: t.int({ resolve: (c, _args, ctx) => childCountLoader(ctx, c.seenOn).load(c.id) }),
    children: t.connection({
      type: ChapterRef,
      args: {
        levels: t.arg({ type: [ChapterLevelEnum], required: false }),
        orderBy: t.arg({ type: ChapterOrderEnum, defaultValue: "CODE" }),
      },
      resolve: (c, args, ctx) => {
        const shared = { seenOn: c.seenOn, levels: args.levels ?? null, orderBy: args.orderBy ?? "CODE" } as const;
        return offsetConnection(args, { pageWithTotal: ({ limit, offset }) =>
          childPageLoader(ctx, { ...shared, limit, offset }).load({ ...shared, parentId: c.id, limit, offset }) });
      },
    }),
    descendants: t.connection({
      type: ChapterRef,
      description: "Every chapter below this one on that date, optionally of some levels or matching a name",
      args: {
        levels: t.arg({ type: [ChapterLevelEnum], required: false }),
        search: t.arg.string({ required: false, description: "Part of the name; accents and case are ignored" }),
        orderBy: t.arg({ type: ChapterOrderEnum, defaultValue: "CODE" }),
      },
      resolve: (c, args, ctx) => chapterList(ctx, args, { asOf: c.seenOn, underId: c.id }),
    }),
  }),
});

interface ChapterListArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  levels?: ChapterLevel[] | null;
  search?: string | null;
  orderBy?: ChapterOrder | null;
}

/** One page of chapters matching the list arguments, with a lazily counted total. */
export function chapterList(ctx: OrgContext, args: ChapterListArgs, scope: { asOf: Date; underId?: string }) {
  const filter = {
    ...scope,
    levels: args.levels ?? null,
    search: args.search ? foldForSearch(args.search) : null,
    orderBy: args.orderBy ?? "CODE",
  };
  return offsetConnection(args, { page: ({ limit, offset }) => listChapters(ctx, filter, { limit, offset }), count: () => countChapters(ctx, filter) });
}

builder.asEntity(ChapterRef, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: (ref, ctx) => chapterLoader(ctx, todayInVietnam()).load(ref.id),
});

// the caller's own chapter (Query.me)
builder.objectField(ViewerRef, "chapter", (t) =>
  t.field({
    type: ChapterRef,
    nullable: true,
    args: { asOf: t.arg({ type: "Date", required: false }) },
    resolve: async (v, args, ctx) => (await chaptersByKeys(ctx, { codes: [v.chapterCode] }, args.asOf ?? todayInVietnam()))[0] ?? null,
  }),
);

builder.queryFields((t) => ({
  chapter: t.field({
    type: ChapterRef,
    nullable: true,
    description:
      "One chapter by id or code, as of a date (default today). A chapter that no longer exists on that date is shown as it last stood, with its status.",
    args: {
      id: t.arg.id({ required: false }),
      code: t.arg.string({ required: false }),
      asOf: t.arg({ type: "Date", required: false }),
    },
    resolve: async (_root, args, ctx) => {
      if (!args.id === !args.code) throw badInput("Give either id or code of the chapter, not both.");
      const asOf = args.asOf ?? todayInVietnam();
      const id = args.id ? String(args.id) : null;
      if (id && !isUuid(id)) throw notFound(`No chapter ${id} in your part of the tree.`);
      const [view] = await chaptersByKeys(ctx, id ? { ids: [id] } : { codes: [args.code!.toUpperCase()] }, asOf);
      if (!view) throw notFound(`No chapter ${id ?? args.code} in your part of the tree.`);
      return view;
    },
  }),
  chapters: t.connection({
    type: ChapterRef,
    description: "Chapters in your part of the tree on a date (default today), filtered and paginated",
    args: {
      asOf: t.arg({ type: "Date", required: false }),
      levels: t.arg({ type: [ChapterLevelEnum], required: false }),
      search: t.arg.string({ required: false, description: "Part of the name; accents and case are ignored (\"kien giang\" finds \"Kiên Giang\")" }),
      orderBy: t.arg({ type: ChapterOrderEnum, defaultValue: "CODE" }),
    },
    resolve: (_root, args, ctx) => chapterList(ctx, args, { asOf: args.asOf ?? todayInVietnam() }),
  }),
}));
