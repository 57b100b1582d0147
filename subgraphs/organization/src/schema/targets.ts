// ORG-TARGETS: the indicator catalogue, yearly targets assigned down the tree, and the
// organization's own indicators (actual + target). Target is an entity keyed by
// (chapterId, indicatorCode, year) so any domain subgraph can return a reference to it next to
// its own actual figure (see ../../INDICATORS.md).
import { offsetConnection, requestLoader } from "@chapters/core";
import { builder, type OrgContext } from "../builder.ts";
import type { Indicator } from "../generated/prisma/client.ts";
import { coverageRate } from "../figures/coverage.ts";
import { collectionRate } from "../figures/dues.ts";
import { coverageLoader, duesLoader, fundLoader, memberLoader, type FiguresKey } from "../figures/loaders.ts";
import { ownStaffLoader } from "../figures/own-staff.ts";
import { requireFigures } from "../access/roles.ts";
import { assignedBelowLoader, chapterTargetPageLoader, targetLoader, type TargetRow, type ViewedTargetKey } from "../targets/read.ts";
import { chapterLoader } from "../tree/loaders.ts";
import { todayInVietnam } from "@chapters/core";
import { ChapterRef } from "./chapter.ts";
import { figuresArgs } from "./figures.ts";

export const indicatorUnitLabels = { COUNT: "Số lượng", PERCENT: "Tỷ lệ (%)", VND: "Đồng", BLOOD_UNITS: "Đơn vị máu" } as const;

export const IndicatorUnitEnum = builder.enumType("IndicatorUnit", {
  values: Object.fromEntries(Object.entries(indicatorUnitLabels).map(([k, v]) => [k, { description: v }])) as Record<
    keyof typeof indicatorUnitLabels,
    { description: string }
  >,
});

export const indicatorLoader = (ctx: OrgContext) =>
  requestLoader<string, Indicator | null>(ctx, "indicator", async (codes) => {
    const rows = new Map((await ctx.prisma.indicator.findMany({ where: { code: { in: [...codes] } } })).map((r) => [r.code, r]));
    return codes.map((c) => rows.get(c) ?? null);
  });

export const IndicatorRef = builder.objectRef<Indicator>("Indicator").implement({
  description: "An indicator targets can be set for (chỉ tiêu), and the subgraph whose data measures it",
  fields: (t) => ({
    code: t.exposeString("code", { description: "e.g. org.members, blood.units" }),
    name: t.exposeString("name", { description: "Vietnamese name" }),
    unit: t.field({ type: IndicatorUnitEnum, resolve: (i) => i.unit }),
    unitLabel: t.string({ resolve: (i) => indicatorUnitLabels[i.unit] }),
    ownerSubgraph: t.exposeString("ownerSubgraph", { description: "The subgraph that reports the actual figure" }),
    description: t.exposeString("description", { nullable: true }),
  }),
});

const AssignedBelowRef = builder
  .objectRef<{ sum: number; count: number }>("AssignedBelow")
  .implement({
    description: "What a chapter assigned to the chapters directly below it for the same indicator and year",
    fields: (t) => ({
      sum: t.exposeFloat("sum", { description: "Sum of the values (for PERCENT indicators a sum is rarely meaningful: see count)" }),
      count: t.exposeInt("count", { description: "How many chapters were assigned a target" }),
    }),
  });

export const TargetRef = builder.objectRef<TargetRow>("Target").implement({
  description: "A chapter's target (chỉ tiêu) for one indicator and year, assigned by the chapter above it",
  fields: (t) => ({
    chapterId: t.exposeID("chapterId"),
    indicatorCode: t.exposeString("indicatorCode"),
    year: t.exposeInt("year"),
    restated: t.exposeBoolean("restated", {
      description: "false: the chapter's own target as assigned; true: restated onto today's tree, adding the targets of the chapters merged into it (ORG-REFORM)",
    }),
    value: t.exposeFloat("value", { description: "In the indicator's unit (PERCENT: 0–100; VND: whole đồng); for a range target, its lower bound" }),
    maxValue: t.exposeFloat("maxValue", { nullable: true, description: "Upper bound of a range target (e.g. 800–1,400 units of blood); null for a single value" }),
    source: t.string({ nullable: true, description: "The document stating the target (a seed's plan, a resolution), or \"illustrative\" for a demo value", resolve: (r) => r.source ?? null }),
    unit: t.field({ type: IndicatorUnitEnum, resolve: (r) => r.unit }),
    indicator: t.field({ type: IndicatorRef, resolve: async (r, _a, ctx) => (await indicatorLoader(ctx).load(r.indicatorCode))! }),
    chapter: t.field({ type: ChapterRef, nullable: true, resolve: (r, _a, ctx) => chapterLoader(ctx, todayInVietnam()).load(r.chapterId) }),
    assignedBy: t.field({ type: ChapterRef, nullable: true, description: "The chapter that set it, when in your part of the tree", resolve: (r, _a, ctx) => chapterLoader(ctx, todayInVietnam()).load(r.assignedById) }),
    assignedBelow: t.field({
      type: AssignedBelowRef,
      description: "Sum of the targets this chapter assigned below it for the same indicator and year",
      resolve: (r, _a, ctx) => assignedBelowLoader(ctx).load({ chapterId: r.chapterId, indicatorCode: r.indicatorCode, year: r.year }),
    }),
  }),
});

// The key names the view, so a domain subgraph returns beside a figure asked for with `restated`
// the target in that same view (ORG-REFORM); a representation without it means as it was.
builder.asEntity(TargetRef, {
  key: builder.selection<ViewedTargetKey>("chapterId indicatorCode year restated"),
  resolveReference: (ref, ctx) =>
    targetLoader(ctx).load({ chapterId: String(ref.chapterId), indicatorCode: ref.indicatorCode, year: Number(ref.year), restated: ref.restated === true }),
});

interface OrgIndicator extends FiguresKey {
  chapterId: string;
  indicatorCode: string;
}

/** How each of the organization's own indicators is measured from the chapter figures. */
const actuals: Record<string, (ctx: OrgContext, i: OrgIndicator) => Promise<number | null>> = {
  "org.members": async (ctx, i) => (await memberLoader(ctx, i).load(i.chapterId)).members,
  "org.member-growth": async (ctx, i) => (await memberLoader(ctx, i).load(i.chapterId)).joined,
  "org.dues-rate": async (ctx, i) => {
    const rate = collectionRate(await duesLoader(ctx, i).load(i.chapterId));
    return rate === null ? null : rate * 100;
  },
  "org.fund-balance": async (ctx, i) => (await fundLoader(ctx, i).load(i.chapterId)).balance,
  // ORG-PEOPLE: full-time staff (cán bộ chuyên trách) of the chapter itself, not its subtree (seed 001)
  "org.staff": (ctx, i) => ownStaffLoader(ctx, i.year, i.restated).load(i.chapterId),
  "org.coverage-rate": async (ctx, i) => {
    const rate = coverageRate(await coverageLoader(ctx, i).load(i.chapterId));
    return rate === null ? null : rate * 100;
  },
};

const OrganizationIndicatorRef = builder.objectRef<OrgIndicator>("OrganizationIndicator").implement({
  description: "One of the organization subgraph's indicators for a chapter and year: the actual figure and the target",
  fields: (t) => ({
    indicatorCode: t.exposeString("indicatorCode"),
    year: t.exposeInt("year"),
    restated: t.exposeBoolean("restated"),
    actual: t.float({ nullable: true, description: "Measured on the year's reference date, in the indicator's unit", resolve: (i, _a, ctx) => actuals[i.indicatorCode]!(ctx, i) }),
    indicator: t.field({ type: IndicatorRef, resolve: async (i, _a, ctx) => (await indicatorLoader(ctx).load(i.indicatorCode))! }),
    target: t.field({
      type: TargetRef,
      nullable: true,
      resolve: (i, _a, ctx) => targetLoader(ctx).load({ chapterId: i.chapterId, indicatorCode: i.indicatorCode, year: i.year, restated: i.restated }),
    }),
  }),
});

builder.objectFields(ChapterRef, (t) => ({
  organizationIndicators: t.field({
    type: [OrganizationIndicatorRef],
    description: "Members, member growth, dues rate, fund balance, coverage rate and full-time staff with their targets, for a year",
    args: { year: t.arg.int({ required: true }), restated: t.arg.boolean({ required: false, defaultValue: false }) },
    resolve: (c, args, ctx) => {
      requireFigures(ctx);
      const key = figuresArgs(args.year, args.restated, c.id);
      return Object.keys(actuals).map((indicatorCode) => ({ ...key, indicatorCode, consumer: "indicators" }));
    },
  }),
  targets: t.connection({
    type: TargetRef,
    description: "This chapter's targets for a year, by indicator code",
    args: { year: t.arg.int({ required: true }) },
    resolve: (c, args, ctx) => {
      requireFigures(ctx);
      return offsetConnection(args, { pageWithTotal: (page) => chapterTargetPageLoader(ctx, args.year, page).load(c.id) });
    },
  }),
}));

builder.queryField("indicators", (t) =>
  t.connection({
    type: IndicatorRef,
    description: "The indicator catalogue",
    args: { ownerSubgraph: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) => {
      const where = args.ownerSubgraph ? { ownerSubgraph: args.ownerSubgraph } : {};
      return offsetConnection(args, { page: ({ limit, offset }) =>
          ctx.prisma.indicator.findMany({ where, orderBy: { code: "asc" }, skip: offset, take: limit }), count: () => ctx.prisma.indicator.count({ where }) });
    },
  }),
);
