// The organization's Chapter, extended by key with its blood figures, so a dashboard asks for a
// province's chapters and their blood indicators in one request through the gateway.
import { builder } from "../builder.ts";
import { indicatorsLoader, percent, type BloodIndicators } from "../indicators/read.ts";

export const ChapterRef = builder.externalRef("Chapter", builder.selection<{ id: string }>("id"));

const BloodIndicatorsRef = builder.objectRef<BloodIndicators>("BloodIndicators").implement({
  description:
    "Blood donation figures of a chapter and everything below it for a year, against the chapter's targets (BL-TARGETS). A donation counts under the chapters above its chapter on the donation day.",
  fields: (t) => ({
    year: t.exposeInt("year"),
    units: t.exposeFloat("units", { description: "Units of blood collected (đơn vị máu; 250 ml = 1 unit)" }),
    unitsTarget: t.exposeInt("unitsTarget", { nullable: true, description: "Chỉ tiêu đơn vị máu" }),
    donations: t.exposeInt("donations", { description: "Lượt hiến máu" }),
    repeatDonations: t.exposeInt("repeatDonations", { description: "Donations by donors who had given before (hiến máu nhắc lại)" }),
    repeatRatePercent: t.float({ nullable: true, description: "Tỷ lệ hiến máu nhắc lại, %", resolve: (i) => percent(i.repeatDonations, i.donations) }),
    repeatRateTarget: t.exposeFloat("repeatRateTarget", { nullable: true, description: "Target repeat rate, %" }),
    donors: t.exposeInt("donors", { description: "Distinct donors in the year" }),
    population: t.exposeInt("population", { nullable: true, description: "The chapter's population that year (dân số), as recorded" }),
    populationSharePercent: t.float({
      nullable: true,
      description: "Tỷ lệ dân số hiến máu: distinct donors / population, %",
      resolve: (i) => percent(i.donors, i.population),
    }),
    populationShareTarget: t.exposeFloat("populationShareTarget", { nullable: true, description: "Target population share, %" }),
    organRegistrations: t.exposeInt("organRegistrations", { description: "New organ and tissue donation registrations (BL-ORGAN)" }),
    organRegistrationsTarget: t.exposeInt("organRegistrationsTarget", { nullable: true }),
  }),
});

ChapterRef.implement({
  externalFields: () => ({}),
  fields: (t) => ({
    id: t.exposeID("id"),
    bloodIndicators: t.field({
      type: BloodIndicatorsRef,
      nullable: true,
      args: { year: t.arg.int({ required: true }) },
      description: "Target and actual blood figures for a year, rolled up the tree (null outside your part of the tree)",
      resolve: (chapter, args, ctx) => indicatorsLoader(ctx, args.year).load(chapter.id),
    }),
  }),
});
