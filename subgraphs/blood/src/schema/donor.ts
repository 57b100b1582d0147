// Donors, their donations and eligibility (BL-DONORS). Personal data (name, birth date,
// national ID, phone) shows only to callers with personal-data rights; others see a masked
// name ("Nguyễn V. A.", core's mask) and null for the rest.
import { isUuid, maskName, notFound, offsetConnection, type RequestContext, statementPages, todayInVietnam } from "@chapters/core";
import { builder } from "../builder.ts";
import { requireRecordReader, seesPersonalData } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import type { DonationRow } from "../donations/read.ts";
import { eligibility, reasonLabels, type Eligibility } from "../donors/eligibility.ts";
import { clubsLoader, donationPageLoader, donorLoader, donorStatusLoader, mergedRecordsLoader } from "../donors/loaders.ts";
import { countDonors, duplicatePairsStatement, listDonors, type DonorRow, type DuplicatePair } from "../donors/read.ts";
import { ChapterRef } from "./chapter.ts";
import { aboLabels, AboGroupEnum, clubLabels, DonationTypeEnum, DonorClubEnum, RhFactorEnum, type DonationTypeCode } from "./enums.ts";

export const DonorRef = builder.objectRef<DonorRow>("Donor");
export const DonationRef = builder.objectRef<DonationRow>("Donation");

/** The donor's personal data when the caller sees it (the read is audited, docs/partners-and-audit.md), else null. */
const personal = <T>(ctx: RequestContext, d: DonorRow, value: T): T | null => (shownDonor(ctx, d) ? value : null);
const shownDonor = (ctx: RequestContext, d: DonorRow) => seesPersonalData(ctx, { type: "Donor", id: d.id });

const EligibilityRef = builder.objectRef<Eligibility & { on: Date }>("Eligibility").implement({
  description: "Whether the donor may give blood on a day (BL-DONORS intervals and deferrals)",
  fields: (t) => ({
    on: t.field({ type: "Date", resolve: (e) => e.on }),
    eligible: t.boolean({ resolve: (e) => e.reason === null }),
    eligibleOn: t.field({ type: "Date", nullable: true, description: "First day the donor may donate (null: deferred until lifted)", resolve: (e) => e.eligibleOn }),
    reason: t.string({ nullable: true, description: "INTERVAL or DEFERRAL", resolve: (e) => e.reason }),
    reasonLabel: t.string({ nullable: true, resolve: (e) => (e.reason ? reasonLabels[e.reason] : null) }),
  }),
});

const ClubMembershipRef = builder.objectRef<{ club: keyof typeof clubLabels; joinedOn: Date }>("DonorClubMembership").implement({
  fields: (t) => ({
    club: t.field({ type: DonorClubEnum, resolve: (m) => m.club }),
    clubLabel: t.string({ resolve: (m) => clubLabels[m.club] }),
    joinedOn: t.field({ type: "Date", resolve: (m) => m.joinedOn }),
  }),
});

DonationRef.implement({
  description: "One donation (một lần hiến máu)",
  fields: (t) => ({
    id: t.exposeID("id"),
    donatedOn: t.field({ type: "Date", resolve: (d) => d.donatedOn }),
    type: t.field({ type: DonationTypeEnum, description: "Kind of donation", resolve: (d) => d.typeCode as DonationTypeCode }),
    typeLabel: t.exposeString("typeLabel", { description: "e.g. Máu toàn phần" }),
    volumeMl: t.exposeInt("volumeMl"),
    units: t.exposeFloat("units"),
    firstTime: t.exposeBoolean("isFirst", { description: "The donor's first donation (else a repeat donation)" }),
    chapter: t.field({ type: ChapterRef, description: "The chapter credited", resolve: (d) => ({ id: d.chapterId }) }),
    driveId: t.exposeID("driveId", { nullable: true }),
  }),
});

DonorRef.implement({
  description: "A blood donor (người hiến máu)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, resolve: (d) => ({ id: d.chapterId }) }),
    fullName: t.string({ description: "Full name; masked (\"Nguyễn V. A.\") without personal-data rights", resolve: (d, _a, ctx) => (shownDonor(ctx, d) ? d.fullName : maskName(d.fullName)) }),
    birthDate: t.field({ type: "Date", nullable: true, description: "Personal data", resolve: (d, _a, ctx) => personal(ctx, d, d.birthDate) }),
    nationalId: t.string({ nullable: true, description: "Personal data", resolve: (d, _a, ctx) => personal(ctx, d, d.nationalId) }),
    phone: t.string({ nullable: true, description: "Personal data", resolve: (d, _a, ctx) => personal(ctx, d, d.phone) }),
    abo: t.field({ type: AboGroupEnum, resolve: (d) => d.abo }),
    rh: t.field({ type: RhFactorEnum, resolve: (d) => d.rh }),
    bloodGroup: t.string({ description: "e.g. O+ or AB−", resolve: (d) => `${d.abo}${d.rh === "POSITIVE" ? "+" : "−"}` }),
    bloodGroupLabel: t.string({ resolve: (d) => `${aboLabels[d.abo]}, Rh${d.rh === "POSITIVE" ? "+" : "−"}` }),
    mergedInto: t.id({ nullable: true, description: "Set when this record was merged into another (use that one)", resolve: (d) => d.mergedIntoId }),
    mergedRecords: t.idList({ description: "Duplicate records merged into this one", resolve: (d, _a, ctx) => mergedRecordsLoader(ctx).load(d.id) }),
    clubs: t.field({ type: [ClubMembershipRef], resolve: (d, _a, ctx) => clubsLoader(ctx).load(d.id) }),
    donationCount: t.int({ resolve: async (d, _a, ctx) => (await donorStatusLoader(ctx, todayInVietnam()).load(d.id))?.donationCount ?? 0 }),
    lastDonatedOn: t.field({
      type: "Date",
      nullable: true,
      resolve: async (d, _a, ctx) => (await donorStatusLoader(ctx, todayInVietnam()).load(d.id))?.lastDonatedOn ?? null,
    }),
    nextEligibleOn: t.field({
      type: "Date",
      nullable: true,
      description: "First day the donor may donate again (interval of the last donation's type, open deferrals); null while deferred without end",
      resolve: async (d, _a, ctx) => {
        const today = todayInVietnam();
        return eligibility(await donorStatusLoader(ctx, today).load(d.id), today).eligibleOn;
      },
    }),
    eligibility: t.field({
      type: EligibilityRef,
      args: { on: t.arg({ type: "Date", required: false, description: "default today" }) },
      resolve: async (d, args, ctx) => {
        const on = args.on ?? todayInVietnam();
        return { ...eligibility(await donorStatusLoader(ctx, on).load(d.id), on), on };
      },
    }),
    donations: t.connection({
      type: DonationRef,
      description: "Donation history, newest first (including records merged into this one)",
      resolve: (d, args, ctx) => offsetConnection(args, { pageWithTotal: (page) => donationPageLoader(ctx, page).load(d.id) }),
    }),
  }),
});

const DuplicateRef = builder.objectRef<DuplicatePair>("DonorDuplicate").implement({
  description: "Two donor records that share a national ID or a phone number: merge them with mergeDonors",
  fields: (t) => ({
    donors: t.field({
      type: [DonorRef],
      resolve: async (p, _a, ctx) => (await donorLoader(ctx).loadMany([p.keepId, p.otherId])).filter((d): d is DonorRow => !!d && !(d instanceof Error)),
    }),
    sameNationalId: t.exposeBoolean("sameNationalId"),
    samePhone: t.exposeBoolean("samePhone"),
  }),
});

builder.queryFields((t) => ({
  donors: t.connection({
    type: DonorRef,
    description: "Donors in your part of the tree, by name",
    args: {
      chapterCode: t.arg.string({ required: false, description: "Only donors of this chapter and the chapters below it" }),
      abo: t.arg({ type: AboGroupEnum, required: false }),
      rh: t.arg({ type: RhFactorEnum, required: false }),
      lookup: t.arg.string({ required: false, description: "An exact national ID or phone number" }),
    },
    resolve: (_root, args, ctx) => {
      requireRecordReader(ctx);
      const filter = { chapterCode: args.chapterCode, abo: args.abo, rh: args.rh, lookup: args.lookup };
      return offsetConnection(args, { page: ({ limit, offset }) => listDonors(ctx, filter, { limit, offset }), count: () => countDonors(ctx, filter) });
    },
  }),
  donor: t.field({
    type: DonorRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    description: "One donor by id; NOT_FOUND outside your part of the tree, as if it did not exist",
    resolve: async (_root, args, ctx) => {
      requireRecordReader(ctx);
      const donor = isUuid(String(args.id)) ? await donorLoader(ctx).load(String(args.id)) : null;
      if (!donor) throw notFound(`No donor ${args.id} in your part of the tree.`);
      return donor;
    },
  }),
  donorDuplicates: t.connection({
    type: DuplicateRef,
    description: "Records that look like the same person (same national ID or phone), to merge",
    resolve: async (_root, args, ctx) => {
      requireRecordReader(ctx);
      return offsetConnection(args, statementPages<DuplicatePair>(ctx.prisma, duplicatePairsStatement(await sliceRoots(ctx))));
    },
  }),
}));

