// The organization's Chapter, extended by key with its blood figures, so a dashboard asks for a
// province's chapters and their blood indicators in one request through the gateway — in either
// view (ORG-REFORM: as it was, or restated onto today's tree), targets included.
import { checkYear } from "@chapters/core";
import { requireFiguresReader } from "../access/roles.ts";
import { builder } from "../builder.ts";
import { indicatorsLoader, percent, type BloodIndicators } from "../indicators/read.ts";

export const ChapterRef = builder.externalRef("Chapter", builder.selection<{ id: string }>("id"));

const BloodIndicatorsRef = builder.objectRef<BloodIndicators>("BloodFigures").implement({
  description:
    "Blood donation figures of a chapter and everything below it for a year (BL-TARGETS), as it was (a donation counts under the chapters above its chapter on the donation day) " +
    "or restated onto today's tree (ORG-REFORM). Targets are organization's: see bloodIndicators { target }.",
  fields: (t) => ({
    year: t.exposeInt("year"),
    restated: t.exposeBoolean("restated", { description: "true: counted on today's tree, where each ended chapter's history went" }),
    units: t.exposeFloat("units", { description: "Units of blood collected (đơn vị máu; 250 ml = 1 unit)" }),
    donations: t.exposeInt("donations", { description: "Lượt hiến máu" }),
    repeatDonations: t.exposeInt("repeatDonations", { description: "Donations by donors who had given before (hiến máu nhắc lại)" }),
    repeatRatePercent: t.float({ nullable: true, description: "Tỷ lệ hiến máu nhắc lại, %", resolve: (i) => percent(i.repeatDonations, i.donations) }),
    donors: t.exposeInt("donors", { description: "Distinct donors in the year" }),
    population: t.exposeInt("population", {
      nullable: true,
      description: "Dân số: the chapter's own figure for the year, else the sum of those below it; restated, with the chapters merged into it",
    }),
    populationSharePercent: t.float({
      nullable: true,
      description: "Tỷ lệ dân số hiến máu: distinct donors / population, %",
      resolve: (i) => percent(i.donors, i.population),
    }),
    organRegistrations: t.exposeInt("organRegistrations", { description: "New organ and tissue donation registrations (BL-ORGAN)" }),
  }),
});

/** The organization's Target, referenced by key only (INDICATORS.md): the gateway fetches its
 * value and what was assigned below from organization. */
const TargetRef = builder.externalRef(
  "Target",
  builder.keyDirective(builder.selection<TargetKey>("chapterId indicatorCode year restated"), false),
).implement({ externalFields: (t) => ({ chapterId: t.id(), indicatorCode: t.string(), year: t.int(), restated: t.boolean() }) });

interface TargetKey {
  chapterId: string;
  indicatorCode: string;
  year: number;
  /** the view the target is read in (ORG-REFORM): restated, it adds the targets of the chapters merged into this one */
  restated: boolean;
}

interface BloodIndicator extends TargetKey {
  actual: number | null;
}

const BloodIndicatorRef = builder.objectRef<BloodIndicator>("BloodIndicator").implement({
  description: "One blood indicator of the organization's catalogue, measured for a chapter's subtree and year, with the target organization holds",
  fields: (t) => ({
    indicatorCode: t.exposeString("indicatorCode"),
    year: t.exposeInt("year"),
    actual: t.exposeFloat("actual", { nullable: true, description: "In the indicator's unit (units of blood, %, count)" }),
    target: t.field({
      type: TargetRef,
      nullable: true,
      description: "null when no target was assigned for this chapter, indicator and year",
      resolve: ({ chapterId, indicatorCode, year, restated }) => ({ chapterId, indicatorCode, year, restated }),
    }),
  }),
});

/** The catalogue codes blood reports (prisma/organization/catalogue.ts, ownerSubgraph "blood"). */
const measures: [string, (f: BloodIndicators) => number | null][] = [
  ["blood.units", (f) => f.units],
  ["blood.repeat-rate", (f) => percent(f.repeatDonations, f.donations)],
  ["blood.population-share", (f) => percent(f.donors, f.population)],
  ["blood.organ-registrations", (f) => f.organRegistrations],
];

ChapterRef.implement({
  externalFields: () => ({}),
  fields: (t) => ({
    id: t.exposeID("id"),
    bloodFigures: t.field({
      type: BloodIndicatorsRef,
      nullable: true,
      args: { year: t.arg.int({ required: true }), restated: t.arg.boolean({ required: false, defaultValue: false, description: "Count past years onto today's tree" }) },
      description: "Actual blood figures for a year, rolled up the tree (null outside your part of the tree)",
      resolve: (chapter, args, ctx) => {
        requireFiguresReader(ctx);
        return indicatorsLoader(ctx, checkYear(args.year), args.restated ?? false).load(chapter.id);
      },
    }),
    bloodIndicators: t.field({
      type: [BloodIndicatorRef],
      // nullable so that, when blood cannot answer, the gateway nulls this field alone and keeps
      // the rest of a dashboard (a non-null field would null the whole chapter)
      nullable: { list: true, items: false },
      args: { year: t.arg.int({ required: true }), restated: t.arg.boolean({ required: false, defaultValue: false, description: "Count past years onto today's tree" }) },
      description:
        "The blood indicators in the form every subgraph reports them (INDICATORS.md): actual and the organization's target, in the same view. Empty outside your part of the tree; null only when the blood service could not answer",
      resolve: async (chapter, args, ctx) => {
        requireFiguresReader(ctx);
        const restated = args.restated ?? false;
        const figures = await indicatorsLoader(ctx, checkYear(args.year), restated).load(chapter.id);
        if (!figures) return [];
        return measures.map(([indicatorCode, measure]) => ({ chapterId: chapter.id, indicatorCode, year: args.year, restated, actual: measure(figures) }));
      },
    }),
  }),
});
