// The registers under each chapter: organisations in its area and whether they have a Red Cross
// organisation (ORG-COVERAGE), its clubs and teams (ORG-PEOPLE), and its fund ledger (ORG-FUND) —
// paginated lists, slice-filtered and batched — and the mutations that keep them.
import { conflict, inTransactionOf, notFound, offsetConnection, parseInput, todayInVietnam, uuid } from "@chapters/core";
import { z } from "zod";
import { builder, type OrgContext } from "../builder.ts";
import { requireFigures } from "../access/roles.ts";
import { clubPageLoader, ledgerPageLoader, organisationPageLoader, type ClubRow, type FundEntryRow, type OrganisationRow } from "../registry/read.ts";
import { idempotencyKey as key, runOnce } from "../write/transaction.ts";
import { levelLabels } from "../tree/levels.ts";
import { requireOrgWriter, writableChapters } from "../access/write.ts";
import { ChapterRef } from "./chapter.ts";
import { FundEntryKindEnum, fundEntryKindLabels, type FundEntryKind } from "./enums.ts";
import { ChapterLevelEnum } from "./enums.ts";

export const organisationKindLabels = { AGENCY: "Cơ quan", SCHOOL: "Trường học", HOSPITAL: "Bệnh viện", ENTERPRISE: "Doanh nghiệp" } as const;
export const clubKindLabels = {
  FIRST_AID_TEAM: "Đội sơ cấp cứu",
  DISASTER_RESPONSE_TEAM: "Đội ứng phó thảm họa",
  BLOOD_DONOR_CLUB: "Câu lạc bộ hiến máu",
} as const;

const OrganisationKindEnum = builder.enumType("OrganisationKind", {
  values: Object.fromEntries(Object.entries(organisationKindLabels).map(([k, v]) => [k, { description: v }])) as Record<
    keyof typeof organisationKindLabels,
    { description: string }
  >,
});
const ClubKindEnum = builder.enumType("ClubKind", {
  values: Object.fromEntries(Object.entries(clubKindLabels).map(([k, v]) => [k, { description: v }])) as Record<keyof typeof clubKindLabels, { description: string }>,
});

const OrganisationRef = builder.objectRef<OrganisationRow>("Organisation").implement({
  description: "An agency, school, hospital or enterprise in a chapter's area (ORG-COVERAGE)",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: OrganisationKindEnum, resolve: (o) => o.kind }),
    kindLabel: t.string({ resolve: (o) => organisationKindLabels[o.kind] }),
    name: t.exposeString("name"),
    hasRedCross: t.exposeBoolean("hasRedCross", { description: "Has a Red Cross organisation (có tổ chức Hội)" }),
    redCrossSince: t.field({ type: "Date", nullable: true, resolve: (o) => o.redCrossSince }),
    listedOn: t.field({ type: "Date", resolve: (o) => o.listedOn }),
  }),
});

const ClubRef = builder.objectRef<ClubRow>("Club").implement({
  description: "A first-aid team, disaster-response team or blood-donor club of a chapter",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: ClubKindEnum, resolve: (c) => c.kind }),
    kindLabel: t.string({ resolve: (c) => clubKindLabels[c.kind] }),
    name: t.exposeString("name"),
    servesLevel: t.field({ type: ChapterLevelEnum, description: "The level it serves", resolve: (c) => c.servesLevel as keyof typeof levelLabels }),
    servesLevelLabel: t.string({ resolve: (c) => levelLabels[c.servesLevel as keyof typeof levelLabels] }),
    foundedOn: t.field({ type: "Date", resolve: (c) => c.foundedOn }),
    members: t.exposeInt("members", { description: "Members on the date the list was asked for" }),
  }),
});

const LedgerEntryRef = builder.objectRef<FundEntryRow>("LedgerEntry").implement({
  description: "One line of a chapter's fund ledger (sổ quỹ)",
  fields: (t) => ({
    id: t.exposeID("id"),
    entryDate: t.field({ type: "Date", resolve: (e) => e.entryDate }),
    kind: t.field({ type: FundEntryKindEnum, resolve: (e) => e.kind as FundEntryKind }),
    kindLabel: t.string({ description: "Vietnamese label of the kind", resolve: (e) => fundEntryKindLabels[e.kind as FundEntryKind] }),
    amount: t.field({ type: "Money", description: "Whole đồng, positive (the kind gives the sign)", resolve: (e) => BigInt(e.amount) }),
    source: t.exposeString("source"),
    note: t.exposeString("note", { nullable: true }),
  }),
});

builder.objectFields(ChapterRef, (t) => ({
  organisations: t.connection({
    type: OrganisationRef,
    description: "Agencies, schools, hospitals and enterprises in this chapter's area on a date, by name",
    args: {
      asOf: t.arg({ type: "Date", required: false }),
      kinds: t.arg({ type: [OrganisationKindEnum], required: false }),
      covered: t.arg.boolean({ required: false, description: "true: only those with a Red Cross organisation; false: only those without" }),
    },
    resolve: (c, args, ctx) => {
      requireFigures(ctx);
      const on = args.asOf ?? c.seenOn;
      return offsetConnection(args, { pageWithTotal: (page) =>
        organisationPageLoader(ctx, { ...page, on, kinds: args.kinds ?? null, covered: args.covered ?? null }).load(c.id) });
    },
  }),
  clubs: t.connection({
    type: ClubRef,
    description: "Clubs and teams of this chapter on a date, by name",
    args: { asOf: t.arg({ type: "Date", required: false }), kinds: t.arg({ type: [ClubKindEnum], required: false }) },
    resolve: (c, args, ctx) => {
      requireFigures(ctx);
      const on = args.asOf ?? c.seenOn;
      return offsetConnection(args, { pageWithTotal: (page) => clubPageLoader(ctx, { ...page, on, kinds: args.kinds ?? null }).load(c.id) });
    },
  }),
  fundLedger: t.connection({
    type: LedgerEntryRef,
    description: "The chapter's own fund ledger between two dates (default: this year so far), oldest first",
    args: { from: t.arg({ type: "Date", required: false }), to: t.arg({ type: "Date", required: false }) },
    resolve: (c, args, ctx) => {
      requireFigures(ctx);
      const to = args.to ?? todayInVietnam();
      const from = args.from ?? new Date(Date.UTC(to.getUTCFullYear(), 0, 1));
      return offsetConnection(args, { pageWithTotal: (page) => ledgerPageLoader(ctx, { ...page, from, to, on: c.seenOn }).load(c.id) });
    },
  }),
}));


async function writableOrganisation(ctx: OrgContext, id: string) {
  await requireOrgWriter(ctx);
  const row = await ctx.prisma.organisation.findUnique({ where: { id } });
  if (!row) throw notFound(`No organisation ${id} in your part of the tree.`);
  await writableChapters(ctx, [row.chapterId], todayInVietnam()).catch(() => {
    throw notFound(`No organisation ${id} in your part of the tree.`);
  });
  return row;
}

builder.mutationField("registerOrganisation", (t) =>
  t.field({
    type: "ID",
    description: "Lists an agency, school, hospital or enterprise in a chapter's area (ORG-COVERAGE)",
    args: {
      chapterId: t.arg.id({ required: true }),
      kind: t.arg({ type: OrganisationKindEnum, required: true }),
      name: t.arg.string({ required: true }),
      listedOn: t.arg({ type: "Date", required: true }),
      redCrossSince: t.arg({ type: "Date", required: false, description: "When it has a Red Cross organisation, since when" }),
      idempotencyKey: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(
        z.object({
          chapterId: uuid,
          kind: z.enum(["AGENCY", "SCHOOL", "HOSPITAL", "ENTERPRISE"]),
          name: z.string().trim().min(1, "give its name").max(300),
          listedOn: z.date(),
          redCrossSince: z.date().nullish(),
          idempotencyKey: key,
        }),
        args,
      );
      await writableChapters(ctx, [input.chapterId], todayInVietnam());
      return runOnce(ctx, "registerOrganisation", input, async (tx) => {
        const row = await tx.organisation.create({
          data: {
            chapterId: input.chapterId,
            kind: input.kind,
            name: input.name,
            listedOn: input.listedOn,
            hasRedCross: Boolean(input.redCrossSince),
            redCrossSince: input.redCrossSince ?? null,
          },
        });
        return row.id;
      });
    },
  }),
);

builder.mutationField("recordRedCrossOrganisation", (t) =>
  t.field({
    type: "Boolean",
    description: "Records that a listed organisation now has a Red Cross organisation (thành lập tổ chức Hội), from a date",
    args: { organisationId: t.arg.id({ required: true }), since: t.arg({ type: "Date", required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(z.object({ organisationId: uuid, since: z.date().max(todayInVietnam(), "cannot be in the future") }), args);
      const row = await writableOrganisation(ctx, input.organisationId);
      if (row.hasRedCross) throw conflict(`${row.name} already has a Red Cross organisation.`);
      // one transaction with its audit entry (docs/partners-and-audit.md)
      await inTransactionOf(ctx.prisma, (tx) => tx.organisation.update({ where: { id: row.id }, data: { hasRedCross: true, redCrossSince: input.since } }));
      return true;
    },
  }),
);

builder.mutationField("createClub", (t) =>
  t.field({
    type: "ID",
    description: "Founds a club or team in a chapter (đội, câu lạc bộ)",
    args: {
      chapterId: t.arg.id({ required: true }),
      kind: t.arg({ type: ClubKindEnum, required: true }),
      name: t.arg.string({ required: true }),
      servesLevel: t.arg({ type: ChapterLevelEnum, required: true, description: "The level it serves (province, district or base)" }),
      foundedOn: t.arg({ type: "Date", required: true }),
      idempotencyKey: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(
        z.object({
          chapterId: uuid,
          kind: z.enum(["FIRST_AID_TEAM", "DISASTER_RESPONSE_TEAM", "BLOOD_DONOR_CLUB"]),
          name: z.string().trim().min(1, "give its name").max(300),
          servesLevel: z.enum(["CENTRAL", "PROVINCE", "DISTRICT", "COMMUNE", "BRANCH", "AFFILIATED"]),
          foundedOn: z.date().max(todayInVietnam(), "cannot be in the future"),
          idempotencyKey: key,
        }),
        args,
      );
      await writableChapters(ctx, [input.chapterId], todayInVietnam());
      return runOnce(ctx, "createClub", input, async (tx) => {
        const { idempotencyKey: _key, ...data } = input;
        return (await tx.club.create({ data })).id;
      });
    },
  }),
);

builder.mutationField("addClubMember", (t) =>
  t.field({
    type: "Boolean",
    description: "Adds a person (already known to the chapter's slice) to a club from a date",
    args: { clubId: t.arg.id({ required: true }), personId: t.arg.id({ required: true }), joinedOn: t.arg({ type: "Date", required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(z.object({ clubId: uuid, personId: uuid, joinedOn: z.date() }), args);
      await requireOrgWriter(ctx);
      const club = await ctx.prisma.club.findUnique({ where: { id: input.clubId } });
      if (!club) throw notFound(`No club ${input.clubId} in your part of the tree.`);
      await writableChapters(ctx, [club.chapterId], todayInVietnam()).catch(() => {
        throw notFound(`No club ${input.clubId} in your part of the tree.`);
      });
      // the person must belong to a chapter the caller may write to: no adding strangers
      const memberships = await ctx.prisma.membership.findMany({ where: { personId: input.personId }, select: { chapterId: true } });
      const reachable = await Promise.all(
        [...new Set(memberships.map((m) => m.chapterId))].map((id) =>
          writableChapters(ctx, [id], todayInVietnam()).then(
            () => true,
            () => false,
          ),
        ),
      );
      if (!reachable.some(Boolean)) throw notFound(`No person ${input.personId} in your part of the tree.`);
      const open = await ctx.prisma.clubMember.count({ where: { clubId: club.id, personId: input.personId, leftOn: null } });
      if (open) throw conflict("This person is already a member of the club.");
      // one transaction with its audit entry (docs/partners-and-audit.md)
      await inTransactionOf(ctx.prisma, (tx) => tx.clubMember.create({ data: { clubId: club.id, personId: input.personId, joinedOn: input.joinedOn } }));
      return true;
    },
  }),
);
