// BL-HONOURS: rule sets and tiers are rows (honourRuleSets); the candidates of a period are
// listed for the ceremony and awarded once per tier.
import { badInput, offsetConnection, parseInput, statementPages, todayInVietnam } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireRecordReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { donorLoader } from "../donors/loaders.ts";
import { honourCandidatesStatement, type HonourCandidate } from "../honours/read.ts";
import { awardHonours } from "../honours/write.ts";
import { uuid } from "../write/inputs.ts";
import { ChapterRef } from "./chapter.ts";
import { DonorRef } from "./donor.ts";
import { HonourTierRef, tierLoader } from "./rules.ts";

const CandidateRef = builder.objectRef<HonourCandidate>("HonourCandidate").implement({
  description: "A donor who reached a tier in the period and has not been honoured for it",
  fields: (t) => ({
    donor: t.field({ type: DonorRef, nullable: true, resolve: (c, _a, ctx) => donorLoader(ctx).load(c.donorId) }),
    chapter: t.field({ type: ChapterRef, resolve: (c) => ({ id: c.chapterId }) }),
    tier: t.field({ type: HonourTierRef, resolve: async (c, _a, ctx) => (await tierLoader(ctx).load(c.tierId))! }),
    donations: t.exposeInt("donations", { description: "The tier's number of donations" }),
    reachedOn: t.field({ type: "Date", description: "Day of the donation that reached the tier", resolve: (c) => c.reachedOn }),
  }),
});

const periodSchema = z
  .object({ ruleSet: z.string().trim().min(1), from: z.date(), to: z.date() })
  .refine((p) => p.from <= p.to, { message: "must not be before from", path: ["to"] });

builder.queryFields((t) => ({
  honourCandidates: t.connection({
    type: CandidateRef,
    description: "Donors who reached a tier of a rule set in a period, not yet honoured for it (for the 14 June ceremony)",
    args: {
      ruleSet: t.arg.string({ required: true, description: "e.g. NATIONAL_122_2017 (see honourRuleSets)" }),
      from: t.arg({ type: "Date", required: true }),
      to: t.arg({ type: "Date", required: true }),
      chapterCode: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      requireRecordReader(ctx);
      const period = parseInput(periodSchema, args);
      const roots = await sliceRoots(ctx);
      return offsetConnection(args, statementPages<HonourCandidate>(ctx.prisma, honourCandidatesStatement(roots, { ...period, chapterCode: args.chapterCode })));
    },
  }),
}));

builder.mutationFields((t) => ({
  awardHonours: t.field({
    type: [CandidateRef],
    description: "Honours every candidate of the period under a chapter; a donor is honoured once per tier, so running it again awards nothing new",
    args: {
      ruleSet: t.arg.string({ required: true }),
      from: t.arg({ type: "Date", required: true }),
      to: t.arg({ type: "Date", required: true }),
      chapterId: t.arg.id({ required: true }),
      awardedOn: t.arg({ type: "Date", required: false, description: "default today" }),
    },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const input = parseInput(periodSchema.and(z.object({ chapterId: uuid, awardedOn: z.date().nullish() })), args);
      if (input.awardedOn && input.awardedOn < input.to) throw badInput("Invalid input. awardedOn: cannot be before the end of the period.");
      return awardHonours(ctx, await sliceRoots(ctx), { ...input, awardedOn: input.awardedOn ?? todayInVietnam() });
    },
  }),
}));
