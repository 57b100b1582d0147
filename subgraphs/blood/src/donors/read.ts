// Reading donors: one statement per list page, and one per batch of per-donor fields (the
// loaders in loaders.ts call these with every donor of the page at once).
import { empty, sql, todayInVietnam, type Sql } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import type { AboGroup, DonorClub, RhFactor } from "../generated/prisma/enums.ts";
import { followsMergesIntoSlice, inSliceFollowingMerges, sliceRoots, underChapterCode } from "../access/slice.ts";

export interface DonorRow {
  id: string;
  chapterId: string;
  fullName: string;
  birthDate: Date | null;
  nationalId: string | null;
  phone: string | null;
  abo: AboGroup;
  rh: RhFactor;
  mergedIntoId: string | null;
}

const DONOR_COLUMNS = sql`d.id::text AS id, d."chapterId"::text AS "chapterId", d."fullName", d."birthDate", d."nationalId", d.phone,
  d.abo::text AS abo, d.rh::text AS rh, d."mergedIntoId"::text AS "mergedIntoId"`;

export interface DonorFilter {
  chapterCode?: string | null;
  abo?: AboGroup | null;
  rh?: RhFactor | null;
  /** exact national ID or phone number */
  lookup?: string | null;
}

async function donorWhere(ctx: BloodContext, filter: DonorFilter): Promise<Sql> {
  const today = todayInVietnam();
  const roots = await sliceRoots(ctx);
  return sql`d."mergedIntoId" IS NULL AND ${inSliceFollowingMerges('"d"."chapterId"', roots, today)}
    ${filter.chapterCode ? sql`AND ${underChapterCode('"d"."chapterId"', filter.chapterCode, today)}` : empty}
    ${filter.abo ? sql`AND d.abo::text = ${filter.abo}` : empty}
    ${filter.rh ? sql`AND d.rh::text = ${filter.rh}` : empty}
    ${filter.lookup ? sql`AND (d."nationalId" = ${filter.lookup} OR d.phone = ${filter.lookup})` : empty}`;
}

export async function listDonors(ctx: BloodContext, filter: DonorFilter, page: { limit: number; offset: number }): Promise<DonorRow[]> {
  const where = await donorWhere(ctx, filter);
  return ctx.prisma.$queryRaw<DonorRow[]>(sql`
    SELECT ${DONOR_COLUMNS} FROM "Donor" d WHERE ${where}
    ORDER BY d."fullName", d.id LIMIT ${page.limit} OFFSET ${page.offset}`);
}

export async function countDonors(ctx: BloodContext, filter: DonorFilter): Promise<number> {
  const where = await donorWhere(ctx, filter);
  const [row] = await ctx.prisma.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n FROM "Donor" d WHERE ${where}`);
  return row?.n ?? 0;
}

/** Donors by id that the caller may see (merged-away records included, for their forwarding id). */
export async function donorsByIds(ctx: BloodContext, ids: readonly string[]): Promise<DonorRow[]> {
  const roots = await sliceRoots(ctx);
  return ctx.prisma.$queryRaw<DonorRow[]>(sql`
    SELECT ${DONOR_COLUMNS} FROM "Donor" d
    WHERE d.id = ANY(${[...ids]}::uuid[]) AND ${followsMergesIntoSlice('"d"."chapterId"', roots, todayInVietnam())}`);
}

/** What eligibility is computed from, as of a date (BL-DONORS). */
export interface DonorStatus {
  donorId: string;
  donationCount: number;
  lastDonatedOn: Date | null;
  lastTypeCode: string | null;
  /** the interval of the last donation's type, in days */
  intervalDays: number | null;
  /** end of the deferral in force on the date (latest, if several); null when none */
  deferredUntil: Date | null;
  /** a deferral in force with no end date */
  deferredIndefinitely: boolean;
  deferralReason: string | null;
}

interface RawQuerier {
  $queryRaw<T = unknown>(query: Sql): PromiseLike<T>;
}

/** Status of each donor as of `on`: donations up to that day, deferrals in force on it. */
export async function donorStatuses(db: RawQuerier, ids: readonly string[], on: Date): Promise<Map<string, DonorStatus>> {
  const rows = await db.$queryRaw<DonorStatus[]>(donorStatusQuery(ids, on));
  return new Map(rows.map((r) => [r.donorId, r]));
}

/** The statement behind donorStatuses, one row per donor (a writer adds its own facts around it). */
export function donorStatusQuery(ids: readonly string[], on: Date): Sql {
  return sql`
    SELECT x.id::text AS "donorId",
      (SELECT count(*)::int FROM "Donation" c WHERE c."donorId" = x.id AND c."donatedOn" <= ${on}::date) AS "donationCount",
      last."donatedOn" AS "lastDonatedOn", last."typeCode" AS "lastTypeCode", last."intervalDays",
      def."endsOn" AS "deferredUntil", coalesce(def.indefinite, false) AS "deferredIndefinitely", def.label AS "deferralReason"
    FROM unnest(${[...ids]}::uuid[]) AS x(id)
    LEFT JOIN LATERAL (
      SELECT d."donatedOn", d."typeCode", t."intervalDays" FROM "Donation" d JOIN "DonationType" t ON t.code = d."typeCode"
      WHERE d."donorId" = x.id AND d."donatedOn" <= ${on}::date
      ORDER BY d."donatedOn" DESC, d."recordedAt" DESC LIMIT 1) last ON true
    LEFT JOIN LATERAL (
      SELECT f."endsOn", f."endsOn" IS NULL AS indefinite, r.label FROM "Deferral" f JOIN "DeferralReason" r ON r.code = f."reasonCode"
      WHERE f."donorId" = x.id AND f."startsOn" <= ${on}::date AND (f."endsOn" IS NULL OR f."endsOn" > ${on}::date)
      ORDER BY f."endsOn" DESC NULLS FIRST LIMIT 1) def ON true`;
}

export async function clubsOf(ctx: BloodContext, ids: readonly string[]): Promise<Map<string, { club: DonorClub; joinedOn: Date }[]>> {
  const rows = await ctx.prisma.donorClubMember.findMany({ where: { donorId: { in: [...ids] } }, orderBy: { joinedOn: "asc" } });
  const byDonor = new Map<string, { club: DonorClub; joinedOn: Date }[]>();
  for (const r of rows) byDonor.set(r.donorId, [...(byDonor.get(r.donorId) ?? []), { club: r.club, joinedOn: r.joinedOn }]);
  return byDonor;
}

/** Donor records merged into each of these donors (their history now lives there). */
export async function mergedRecordsOf(ctx: BloodContext, ids: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await ctx.prisma.donor.findMany({ where: { mergedIntoId: { in: [...ids] } }, select: { id: true, mergedIntoId: true } });
  const byDonor = new Map<string, string[]>();
  for (const r of rows) byDonor.set(r.mergedIntoId!, [...(byDonor.get(r.mergedIntoId!) ?? []), r.id]);
  return byDonor;
}

export interface DuplicatePair {
  keepId: string;
  otherId: string;
  sameNationalId: boolean;
  samePhone: boolean;
}

/** Pairs of active records in the slice that share a national ID or a phone (BL-DONORS). */
export function duplicatePairsStatement(roots: string[]): Sql {
  const today = todayInVietnam();
  return sql`
    SELECT a.id::text AS "keepId", b.id::text AS "otherId",
      coalesce(a."nationalId" = b."nationalId", false) AS "sameNationalId", coalesce(a.phone = b.phone, false) AS "samePhone"
    FROM "Donor" a JOIN "Donor" b ON a.id < b.id AND (a."nationalId" = b."nationalId" OR a.phone = b.phone)
    WHERE a."mergedIntoId" IS NULL AND b."mergedIntoId" IS NULL
      AND ${inSliceFollowingMerges('"a"."chapterId"', roots, today)} AND ${inSliceFollowingMerges('"b"."chapterId"', roots, today)}
    ORDER BY a."fullName", a.id, b.id`;
}
