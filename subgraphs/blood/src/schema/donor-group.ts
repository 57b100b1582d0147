// BL-HONOURS for families and collectives (122/QĐ-BCĐQG honours both): a group of donors whose
// donations count together against the tiers of its kind, honoured once per tier.
import { badInput, offsetConnection, parseInput, statementPages, requestLoader, todayInVietnam } from "@chapters/core";
import { z } from "zod";
import { builder, type BloodContext } from "../builder.ts";
import { requireRecordReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { groupHonourCandidatesStatement, groupsByIds, type GroupCandidate, type GroupRow } from "../groups/read.ts";
import { awardGroupHonours, createDonorGroup } from "../groups/write.ts";
import { uuid } from "../write/inputs.ts";
import { ChapterRef } from "./chapter.ts";
import { HonourTierRef, tierLoader } from "./rules.ts";

export const groupKindLabels = { FAMILY: "Gia đình hiến máu", COLLECTIVE: "Tập thể hiến máu" } as const;

export const DonorGroupKindEnum = builder.enumType("DonorGroupKind", {
  description: "Whom a group honour goes to",
  values: Object.fromEntries(Object.entries(groupKindLabels).map(([k, v]) => [k, { description: v }])) as Record<keyof typeof groupKindLabels, { description: string }>,
});

const groupLoader = (ctx: BloodContext) =>
  requestLoader<string, GroupRow | null>(ctx, "donor-group", async (ids) => {
    const rows = new Map((await groupsByIds(ctx.prisma, await sliceRoots(ctx), ids)).map((g) => [g.id, g]));
    return ids.map((id) => rows.get(id) ?? null);
  });

const DonorGroupRef = builder.objectRef<GroupRow>("DonorGroup").implement({
  description: "A family (gia đình) or collective (tập thể) whose members' donations are honoured together (BL-HONOURS)",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    kind: t.field({ type: DonorGroupKindEnum, resolve: (g) => g.kind }),
    kindLabel: t.string({ resolve: (g) => groupKindLabels[g.kind] }),
    chapter: t.field({ type: ChapterRef, resolve: (g) => ({ id: g.chapterId }) }),
    memberCount: t.exposeInt("members", { description: "Donors in the group" }),
  }),
});

const GroupCandidateRef = builder.objectRef<GroupCandidate>("GroupHonourCandidate").implement({
  description: "A family or collective whose members' donations together reached a tier in the period, not yet honoured for it",
  fields: (t) => ({
    group: t.field({ type: DonorGroupRef, nullable: true, resolve: (c, _a, ctx) => groupLoader(ctx).load(c.groupId) }),
    chapter: t.field({ type: ChapterRef, resolve: (c) => ({ id: c.chapterId }) }),
    tier: t.field({ type: HonourTierRef, resolve: async (c, _a, ctx) => (await tierLoader(ctx).load(c.tierId))! }),
    donations: t.exposeInt("donations", { description: "The tier's number of donations" }),
    reachedOn: t.field({ type: "Date", description: "Day of the members' donation that reached the tier", resolve: (c) => c.reachedOn }),
  }),
});

const periodSchema = z
  .object({ ruleSet: z.string().trim().min(1), from: z.date(), to: z.date() })
  .refine((p) => p.from <= p.to, { message: "must not be before from", path: ["to"] });

const CreateDonorGroupInput = builder.inputType("CreateDonorGroupInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    kind: t.field({ type: DonorGroupKindEnum, required: true }),
    name: t.string({ required: true, description: "e.g. Gia đình ông Nguyễn Văn A; Công ty TNHH …" }),
    donorIds: t.idList({ required: true, description: "The member donors" }),
  }),
});

const groupSchema = z.object({
  chapterId: uuid,
  kind: z.enum(["FAMILY", "COLLECTIVE"]),
  name: z.string().trim().min(2).max(200),
  donorIds: z.array(uuid).min(2, "a group has at least two donors").refine((ids) => new Set(ids).size === ids.length, "each donor once"),
});

builder.queryFields((t) => ({
  groupHonourCandidates: t.connection({
    type: GroupCandidateRef,
    description: "Families and collectives that reached a tier of a rule set in a period, not yet honoured for it",
    args: {
      ruleSet: t.arg.string({ required: true }),
      from: t.arg({ type: "Date", required: true }),
      to: t.arg({ type: "Date", required: true }),
      chapterCode: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      requireRecordReader(ctx);
      const period = parseInput(periodSchema, args);
      const roots = await sliceRoots(ctx);
      return offsetConnection(args, statementPages<GroupCandidate>(ctx.prisma, groupHonourCandidatesStatement(roots, { ...period, chapterCode: args.chapterCode })));
    },
  }),
}));

builder.mutationFields((t) => ({
  createDonorGroup: t.field({
    type: DonorGroupRef,
    description: "Records a family or collective of donors, honoured together (BL-HONOURS)",
    args: { input: t.arg({ type: CreateDonorGroupInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: groupSchema }), args);
      const id = await createDonorGroup(ctx, await sliceRoots(ctx), input);
      return (await groupLoader(ctx).load(id))!;
    },
  }),
  awardGroupHonours: t.field({
    type: [GroupCandidateRef],
    description: "Honours every family and collective of the period under a chapter, once per tier",
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
      return awardGroupHonours(ctx, await sliceRoots(ctx), { ...input, awardedOn: input.awardedOn ?? todayInVietnam() });
    },
  }),
}));
