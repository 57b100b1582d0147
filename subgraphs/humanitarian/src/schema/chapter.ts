// The organization's Chapter, extended by key with its humanitarian figures (HA-TARGETS,
// ORG-VALUE) through the indicators contract (organization/INDICATORS.md): one
// `humanitarianIndicators(year, restated)` field whose `year` is the chapter's reporting year
// (HA-CALENDAR: the calendar year unless a document sets another; the figures say which), plus the detail (`humanitarianFigures`) and campaign progress.
import { builder } from "../builder.ts";
import { requireFiguresReader } from "../access/roles.ts";
import { addressStatusLabels } from "../labels.ts";
import { figuresLoader, MEASURES, percent, type HumanitarianFigures } from "../indicators/read.ts";
import { meets, MONTH_SHARE, rulesLoader, type RuleRow } from "../indicators/rules.ts";
import { readYear } from "../write/inputs.ts";
import { AddressStatusEnum } from "./enums.ts";

export const ChapterRef = builder.externalRef("Chapter", builder.selection<{ id: string }>("id"));

interface StatusCount {
  status: keyof typeof addressStatusLabels;
  count: number;
}

const StatusCountRef = builder.objectRef<StatusCount>("HumanitarianStatusCount").implement({
  description: "Addresses that had reached a step by the end of the reporting year (cumulative)",
  fields: (t) => ({
    status: t.field({ type: AddressStatusEnum, resolve: (s) => s.status }),
    statusLabel: t.string({ resolve: (s) => addressStatusLabels[s.status] }),
    count: t.exposeInt("count"),
  }),
});

export const FiguresRef = builder.objectRef<HumanitarianFigures>("HumanitarianFigures").implement({
  description: "Humanitarian figures of a chapter's whole subtree for its reporting year (HA-CALENDAR: the calendar year unless a document sets the chapter another; periodFrom, periodTo and calendarSource say which)",
  fields: (t) => ({
    year: t.exposeInt("year"),
    periodFrom: t.field({ type: "Date", description: "The first day the figures cover", resolve: (f) => f.periodFrom }),
    periodTo: t.field({ type: "Date", description: "The last day the figures cover", resolve: (f) => f.periodTo }),
    calendarSource: t.string({ nullable: true, description: "The document that sets this chapter's reporting year (null: the calendar year, no document sets another)", resolve: (f) => f.calendarSource }),
    restated: t.exposeBoolean("restated"),
    value: t.field({ type: "Money", description: "Value of all help given in the year, every form, from sponsors and chapter funds, to listed addresses and others (giá trị hoạt động nhân đạo, ORG-VALUE, HA-CAMPAIGNS)", resolve: (f) => f.value }),
    supports: t.exposeInt("supports", { description: "Support records in the year" }),
    newAddresses: t.exposeInt("newAddresses", { description: "Addresses surveyed in the year (địa chỉ mới)" }),
    addressesByStatus: t.field({
      type: [StatusCountRef],
      resolve: (f) => [
        { status: "SURVEYED" as const, count: f.surveyed },
        { status: "PROFILED" as const, count: f.profiled },
        { status: "APPROVED" as const, count: f.approved },
        { status: "SUPPORTED" as const, count: f.supported },
        { status: "CLOSED" as const, count: f.closed },
      ],
    }),
    published: t.exposeInt("published", { description: "Addresses published on iNHANDAO by the year's end" }),
    addressesSupported: t.exposeInt("addressesSupported", { description: "Addresses of the subtree's chapters given support in the year, by any chapter (counted on the address's chapter, once each)" }),
    peopleHelped: t.exposeInt("peopleHelped", { description: "People in those addresses (counted on the address's chapter, as addressesSupported)" }),
    peopleOutside: t.exposeInt("peopleOutside", { description: "People helped outside the address list (head counts of the help recorded by the subtree's chapters)" }),
    valueFromFund: t.field({ type: "Money", description: "The part of value the chapters gave from their own funds (Hội trợ giúp, ORG-FUND)", resolve: (f) => f.valueFromFund }),
    heads: t.exposeInt("heads", { description: "Heads of agencies and organisations listed in the area and serving in the year (agencyHeads; HA-PLEDGE)" }),
    headsPledged: t.exposeInt("headsPledged", { description: "…of whom their own sponsor record has a pledge running in the year (HA-PLEDGE)" }),
    headsPledgedPercent: t.float({ nullable: true, resolve: (f) => percent(f.headsPledged, f.heads) }),
  }),
});

interface TargetKey {
  chapterId: string;
  indicatorCode: string;
  year: number;
  /** the view the target is read in (ORG-REFORM): the same as the actual's */
  restated: boolean;
}

/** The organization's Target, by key only (INDICATORS.md). */
const TargetRef = builder.externalRef(
  "Target",
  builder.keyDirective(builder.selection<TargetKey>("chapterId indicatorCode year restated"), false),
).implement({ externalFields: (t) => ({ chapterId: t.id(), indicatorCode: t.string(), year: t.int(), restated: t.boolean() }) });

const RuleRef = builder.objectRef<RuleRow & { actual: number | null }>("HumanitarianRule").implement({
  description: "A HA-TARGETS rule stated by one chapter's document, applying to this chapter",
  fields: (t) => ({
    comparison: t.exposeString("comparison", { description: "GT (more than) or GTE (at least)" }),
    threshold: t.exposeFloat("threshold"),
    source: t.exposeString("source", { description: "The document stating it" }),
    statedBy: t.exposeString("statedBy", { description: "Code of the chapter whose document states it" }),
    met: t.boolean({ nullable: true, resolve: (r) => meets(r, r.actual) }),
  }),
});

interface HumanitarianIndicator extends TargetKey {
  actual: number | null;
}

const IndicatorRef = builder.objectRef<HumanitarianIndicator>("HumanitarianIndicator").implement({
  description: "One humanitarian indicator of the organization's catalogue, measured for a chapter's subtree and reporting year",
  fields: (t) => ({
    indicatorCode: t.exposeString("indicatorCode"),
    year: t.exposeInt("year"),
    actual: t.exposeFloat("actual", { nullable: true, description: "In the indicator's unit (VND, count, %)" }),
    target: t.field({
      type: TargetRef,
      nullable: true,
      description: "The target organization holds (null when none was assigned)",
      resolve: ({ chapterId, indicatorCode, year, restated }) => ({ chapterId, indicatorCode, year, restated }),
    }),
    rules: t.field({
      type: [RuleRef],
      description: "HA-TARGETS rules that apply to this chapter for the year, with whether the actual meets them",
      resolve: async (i, _a, ctx) =>
        (await rulesLoader(ctx, i.year).load(i.chapterId)).filter((r) => r.indicatorCode === i.indicatorCode).map((r) => ({ ...r, actual: i.actual })),
    }),
  }),
});

ChapterRef.implement({
  externalFields: () => ({}),
  fields: (t) => ({
    id: t.exposeID("id"),
    humanitarianFigures: t.field({
      type: FiguresRef,
      nullable: true,
      args: {
        year: t.arg.int({ required: true, description: "The chapter's reporting year (HA-CALENDAR: the calendar year unless a document sets another)" }),
        restated: t.arg.boolean({ required: false, defaultValue: false, description: "Count past years onto today's tree" }),
      },
      description: "Humanitarian figures of the chapter's subtree for a reporting year (null outside your part of the tree)",
      resolve: (chapter, args, ctx) => {
        requireFiguresReader(ctx);
        return figuresLoader(ctx, readYear(args.year), args.restated ?? false).load(chapter.id);
      },
    }),
    humanitarianMonthShare: t.field({
      type: RuleRef,
      nullable: true,
      args: { year: t.arg.int({ required: true, description: "The year the campaign ends in" }) },
      description:
        "HA-CAMPAIGNS: the rule row setting the share of the year's resource-mobilisation target Tháng Nhân đạo must reach in this chapter (Kiên Giang 2024, the province and its districts: 20%); null where no document sets one, or outside your part of the tree. Emulation's HUMANITARIAN_MONTH fact reads it",
      resolve: async (chapter, args, ctx) => {
        requireFiguresReader(ctx);
        const year = readYear(args.year);
        // the figures' loader answers null outside the slice: the rule is shown only where the figures are
        const [figures, rules] = await Promise.all([figuresLoader(ctx, year, false).load(chapter.id), rulesLoader(ctx, year).load(chapter.id)]);
        const rule = figures ? rules.find((r) => r.indicatorCode === MONTH_SHARE) : undefined;
        return rule ? { ...rule, actual: null } : null;
      },
    }),
    humanitarianIndicators: t.field({
      type: [IndicatorRef],
      args: {
        year: t.arg.int({ required: true, description: "The chapter's reporting year (HA-CALENDAR: the calendar year unless a document sets another)" }),
        restated: t.arg.boolean({ required: false, defaultValue: false, description: "Count past years onto today's tree" }),
      },
      description: "The humanitarian indicators in the form every subgraph reports them (INDICATORS.md); humanitarian.value is ORG-VALUE's actual (VND)",
      resolve: async (chapter, args, ctx) => {
        requireFiguresReader(ctx);
        const restated = args.restated ?? false;
        const figures = await figuresLoader(ctx, readYear(args.year), restated).load(chapter.id);
        if (!figures) return [];
        return MEASURES.map(([indicatorCode, measure]) => ({ chapterId: chapter.id, indicatorCode, year: args.year, restated, actual: measure(figures) }));
      },
    }),
  }),
});
