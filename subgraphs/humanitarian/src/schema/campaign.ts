// HA-CAMPAIGNS: campaigns and programmes with a period and targets per chapter; progress (value
// raised, addresses supported, people helped) rolled up the tree, as it was or restated.
import { offsetConnection, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireFiguresReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { calendarYear, calendarYearOf } from "../calendar.ts";
import { figuresLoader } from "../indicators/read.ts";
import { MONTH_SHARE, rulesLoader } from "../indicators/rules.ts";
import {
  campaignLoader,
  campaignTargetsLoader,
  countCampaigns,
  listCampaigns,
  progressKey,
  resourcePlanLoader,
  progressLoader,
  targetLoader,
  type CampaignRow,
  type CampaignTargetRow,
  type ProgressRow,
} from "../campaigns/read.ts";
import { checkDistinctTargets, createCampaign, setResourcePlan } from "../campaigns/write.ts";

/** The rule row holding Tháng Nhân đạo's share of the resource-mobilisation target. */
import { campaignKindLabels } from "../labels.ts";
import { idempotencyKey, moneyOrZero, name, readYear, uuid, year } from "../write/inputs.ts";
import { ChapterRef } from "./chapter.ts";
import { CampaignKindEnum } from "./enums.ts";

/** HA-CALENDAR [product]: a campaign belongs to the year it ends in (a Tết campaign begun in December
 * is the next year's; Bình Phước's campaign year ends on 24 November of its year). */
const campaignYear = (campaign: { endsOn: Date }): number => calendarYearOf(campaign.endsOn);

const CampaignTargetRef = builder.objectRef<CampaignTargetRow>("CampaignTarget").implement({
  description: "A campaign's target for one chapter (chỉ tiêu)",
  fields: (t) => ({
    chapter: t.field({ type: ChapterRef, resolve: (r) => ({ id: r.chapterId }) }),
    value: t.field({ type: "Money", resolve: (r) => r.value }),
    people: t.exposeInt("people", { nullable: true }),
    addresses: t.exposeInt("addresses", { nullable: true }),
  }),
});

interface MonthCheck {
  resourceTarget: bigint;
  sharePercent: number;
  required: bigint;
  value: bigint;
  source: string;
}

const MonthCheckRef = builder.objectRef<MonthCheck>("HumanitarianMonthCheck").implement({
  description: "Tháng Nhân đạo against the year's resource-mobilisation target (HA-CAMPAIGNS: its value must reach 20% of it)",
  fields: (t) => ({
    resourceTarget: t.field({ type: "Money", description: "The chapter's resource-mobilisation target for the reporting year", resolve: (m) => m.resourceTarget }),
    sharePercent: t.exposeFloat("sharePercent", { description: "The share required, from the rule row" }),
    required: t.field({ type: "Money", resolve: (m) => m.required }),
    met: t.boolean({ resolve: (m) => m.value >= m.required }),
    source: t.exposeString("source"),
  }),
});

export const ProgressRef = builder.objectRef<ProgressRow & { campaign: CampaignRow }>("CampaignProgress").implement({
  description: "A campaign's progress under one chapter (its whole subtree), against that chapter's target",
  fields: (t) => ({
    campaign: t.field({ type: CampaignRef, description: "The campaign measured", resolve: (p) => p.campaign }),
    chapter: t.field({ type: ChapterRef, resolve: (p) => ({ id: p.chapterId }) }),
    restated: t.exposeBoolean("restated"),
    value: t.field({ type: "Money", description: "Value raised (VND)", resolve: (p) => p.value }),
    supports: t.exposeInt("supports"),
    addressesSupported: t.exposeInt("addressesSupported"),
    peopleHelped: t.exposeInt("peopleHelped"),
    target: t.field({ type: CampaignTargetRef, nullable: true, resolve: (p, _a, ctx) => targetLoader(ctx).load(`${p.campaignId}|${p.chapterId}`) }),
    resourceTarget: t.field({
      type: "Money",
      nullable: true,
      description: "The chapter's resource-mobilisation target for the campaign's year (the year it ends in) (chỉ tiêu vận động nguồn lực), whether or not a rule compares the campaign with it",
      resolve: (p, _a, ctx) => resourcePlanLoader(ctx).load(`${p.chapterId}|${campaignYear(p.campaign)}`),
    }),
    humanitarianMonth: t.field({
      type: MonthCheckRef,
      nullable: true,
      description: "For a Tháng Nhân đạo campaign: its value against the share of the chapter's resource-mobilisation target, where a rule row of the chapter's documents sets the share (HA-CAMPAIGNS: Kiên Giang 2024, the province and its districts); null when not that kind, or no target or no rule applies",
      resolve: async (p, _a, ctx) => {
        if (p.campaign.kind !== "THANG_NHAN_DAO") return null;
        const year = campaignYear(p.campaign);
        const [target, rules] = await Promise.all([resourcePlanLoader(ctx).load(`${p.chapterId}|${year}`), rulesLoader(ctx, year).load(p.chapterId)]);
        const rule = rules.find((r) => r.indicatorCode === MONTH_SHARE);
        if (target === null || !rule) return null;
        const required = (target * BigInt(Math.round(rule.threshold * 100)) + 9_999n) / 10_000n;
        return { resourceTarget: target, sharePercent: rule.threshold, required, value: p.value, source: rule.source };
      },
    }),
  }),
});

export const CampaignRef = builder.objectRef<CampaignRow>("Campaign");

CampaignRef.implement({
  description: "A campaign or programme (Tết Nhân ái, Tháng Nhân đạo, …) run by a chapter and those below it",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, resolve: (c) => ({ id: c.chapterId }) }),
    kind: t.field({ type: CampaignKindEnum, resolve: (c) => c.kind }),
    kindLabel: t.string({ resolve: (c) => campaignKindLabels[c.kind] }),
    name: t.exposeString("name"),
    startsOn: t.field({ type: "Date", resolve: (c) => c.startsOn }),
    endsOn: t.field({ type: "Date", resolve: (c) => c.endsOn }),
    targets: t.connection({
      type: CampaignTargetRef,
      resolve: (c, args, ctx) => {
        requireFiguresReader(ctx);
        return offsetConnection(args, { pageWithTotal: (page) => campaignTargetsLoader(ctx, page).load(c.id) });
      },
    }),
    progress: t.field({
      type: ProgressRef,
      nullable: true,
      description: "Progress under a chapter (default: the campaign's own chapter); null outside your part of the tree",
      args: { chapterId: t.arg.id({ required: false }), restated: t.arg.boolean({ required: false, defaultValue: false }) },
      resolve: async (c, args, ctx) => {
        requireFiguresReader(ctx);
        const chapterId = args.chapterId ? String(args.chapterId) : c.chapterId;
        if (!uuid.safeParse(chapterId).success) return null;
        const row = await progressLoader(ctx, args.restated ?? false).load(progressKey(c, chapterId));
        return row ? { ...row, campaign: c } : null;
      },
    }),
  }),
});

builder.queryFields((t) => ({
  campaigns: t.connection({
    type: CampaignRef,
    description: "Campaigns run in your part of the tree or above it, newest first",
    args: { kinds: t.arg({ type: [CampaignKindEnum], required: false }), year: t.arg.int({ required: false, description: "Touching this calendar year" }) },
    resolve: (_root, args, ctx) => {
      requireFiguresReader(ctx);
      const during = args.year != null ? calendarYear(readYear(args.year)) : null;
      return offsetConnection(args, { page: (page) => listCampaigns(ctx, args.kinds, during, page), count: () => countCampaigns(ctx, args.kinds, during) });
    },
  }),
  campaign: t.field({
    type: CampaignRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      requireFiguresReader(ctx);
      return uuid.safeParse(String(args.id)).success ? campaignLoader(ctx).load(String(args.id)) : null;
    },
  }),
}));

const CampaignTargetInput = builder.inputType("CampaignTargetInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    value: t.field({ type: "Money", required: true }),
    people: t.int({ required: false }),
    addresses: t.int({ required: false }),
  }),
});

const CreateCampaignInput = builder.inputType("CreateCampaignInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    kind: t.field({ type: CampaignKindEnum, required: true }),
    name: t.string({ required: true }),
    startsOn: t.field({ type: "Date", required: true }),
    endsOn: t.field({ type: "Date", required: true }),
    targets: t.field({ type: [CampaignTargetInput], required: false, defaultValue: [] }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const campaignSchema = z
  .object({
    chapterId: uuid,
    kind: z.enum(Object.keys(campaignKindLabels) as [keyof typeof campaignKindLabels, ...(keyof typeof campaignKindLabels)[]]),
    name,
    startsOn: z.date(),
    endsOn: z.date(),
    targets: z
      .array(z.object({ chapterId: uuid, value: moneyOrZero, people: z.number().int().min(0).nullish(), addresses: z.number().int().min(0).nullish() }))
      .max(2000)
      .default([]),
    idempotencyKey,
  })
  .refine((c) => c.endsOn >= c.startsOn, { message: "cannot precede startsOn", path: ["endsOn"] });

const ResourcePlanInput = builder.inputType("ResourceMobilisationTargetInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    year: t.int({ required: true, description: "The year (the calendar year, or the reporting year a document sets the chapter: HA-CALENDAR)" }),
    target: t.field({ type: "Money", required: true }),
    idempotencyKey: t.string({ required: false }),
  }),
});

builder.mutationFields((t) => ({
  createCampaign: t.field({
    type: CampaignRef,
    args: { input: t.arg({ type: CreateCampaignInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: campaignSchema }), args);
      checkDistinctTargets(input.targets);
      return (await campaignLoader(ctx).load(await createCampaign(ctx, await sliceRoots(ctx), by, input)))!;
    },
  }),
  setResourceMobilisationTarget: t.field({
    type: "Boolean",
    description: "Sets a chapter's resource-mobilisation target for a reporting year (Tháng Nhân đạo is checked against it)",
    args: { input: t.arg({ type: ResourcePlanInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ chapterId: uuid, year, target: moneyOrZero, idempotencyKey }) }), args);
      await setResourcePlan(ctx, await sliceRoots(ctx), by, input);
      return true;
    },
  }),
}));

builder.objectFields(ChapterRef, (t) => ({
  resourceMobilisationTarget: t.field({
    type: "Money",
    nullable: true,
    description:
      "The chapter's resource-mobilisation target (chỉ tiêu vận động nguồn lực) for a reporting year, VND; null when none is set or the chapter is outside your figures (EM-DEMOTE reads it for RESOURCES and HUMANITARIAN_MONTH)",
    args: { year: t.arg.int({ required: true, description: "The year (the calendar year, or the reporting year a document sets the chapter: HA-CALENDAR)" }) },
    resolve: async (chapter, args, ctx) => {
      requireFiguresReader(ctx);
      // visible when the chapter's figures are (the same slice check, and the same batch when asked beside them)
      if (!(await figuresLoader(ctx, readYear(args.year), false).load(chapter.id))) return null;
      return resourcePlanLoader(ctx).load(`${chapter.id}|${args.year}`);
    },
  }),
}));
