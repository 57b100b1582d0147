import { badInput, isUuid, notFound, requireIdentity, roleLabels, todayInVietnam } from "@chapters/core";
import { builder } from "../builder.ts";
import { chaptersByKeys } from "../tree/read.ts";
import { chapterList, ChapterRef } from "./chapter.ts";
import { ChapterLevelEnum, ChapterOrderEnum } from "./enums.ts";

interface Viewer {
  subject: string;
  role: string;
  chapterCode: string;
  grants: string[];
}

const ViewerRef = builder.objectRef<Viewer>("Viewer").implement({
  description: "Who is calling",
  fields: (t) => ({
    subject: t.exposeString("subject"),
    role: t.exposeString("role"),
    roleLabel: t.string({ resolve: (v) => roleLabels[v.role as keyof typeof roleLabels] }),
    grants: t.exposeStringList("grants"),
    chapter: t.field({
      type: ChapterRef,
      nullable: true,
      args: { asOf: t.arg({ type: "Date", required: false }) },
      resolve: async (v, args, ctx) => (await chaptersByKeys(ctx, { codes: [v.chapterCode] }, args.asOf ?? todayInVietnam()))[0] ?? null,
    }),
  }),
});

builder.queryType({
  authScopes: { authenticated: true },
  fields: (t) => ({
    me: t.field({ type: ViewerRef, resolve: (_root, _args, ctx) => requireIdentity(ctx) }),
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
  }),
});

