// HA-PROFILE: humanitarian addresses in the caller's slice (following merges: an address stays
// with the chapter that took over its commune). Rows are read raw, the slice in the SQL.
import { empty, notFound, sql, type RawQuerier, type Sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { inSliceFollowingHistory, sliceRoots } from "../access/slice.ts";
import type { AddressCategory, AddressKind, AddressStatus } from "../generated/prisma/enums.ts";

export interface AddressRow {
  id: string;
  chapterId: string;
  kind: AddressKind;
  category: AddressCategory;
  /** every category, the main one first */
  categories: AddressCategory[];
  status: AddressStatus;
  fullName: string;
  birthYear: number | null;
  nationalId: string | null;
  phone: string | null;
  addressLine: string;
  healthNote: string | null;
  householdSize: number;
  needs: string;
  priorityRank: number | null;
  consentOn: Date | null;
  consentBy: string | null;
  surveyedOn: Date;
  surveyedBy: string;
  profiledOn: Date | null;
  profiledBy: string | null;
  approvedOn: Date | null;
  approvedBy: string | null;
  supportedOn: Date | null;
  supportedBy: string | null;
  closedOn: Date | null;
  closedBy: string | null;
  closeReason: string | null;
  publishedOn: Date | null;
}

export const ADDRESS_COLUMNS = sql`a.id::text AS id, a."chapterId"::text AS "chapterId", a.kind, a.category, a.categories::text[] AS categories, a.status, a."fullName",
  a."birthYear", a."nationalId", a.phone, a."addressLine", a."healthNote", a."householdSize", a.needs, a."priorityRank",
  a."consentOn", a."consentBy", a."surveyedOn", a."surveyedBy", a."profiledOn", a."profiledBy", a."approvedOn", a."approvedBy",
  a."supportedOn", a."supportedBy", a."closedOn", a."closedBy", a."closeReason", a."publishedOn"`;

export interface AddressFilter {
  /** only addresses of this chapter and the chapters below it (following merges) */
  chapterId?: string | null;
  statuses?: AddressStatus[] | null;
  categories?: AddressCategory[] | null;
  published?: boolean | null;
}

async function addressWhere(ctx: HumanitarianContext, filter: AddressFilter): Promise<Sql> {
  const roots = await sliceRoots(ctx);
  return sql`${inSliceFollowingHistory('"a"."chapterId"', roots)}
    ${filter.chapterId ? sql`AND ${inSliceFollowingHistory('"a"."chapterId"', [filter.chapterId])}` : empty}
    ${filter.statuses?.length ? sql`AND a.status::text = ANY(${filter.statuses}::text[])` : empty}
    ${filter.categories?.length ? sql`AND a.categories::text[] && ${filter.categories}::text[]` : empty}
    ${filter.published === true ? sql`AND a."publishedOn" IS NOT NULL` : filter.published === false ? sql`AND a."publishedOn" IS NULL` : empty}`;
}

/** One page, in priority order within each chapter (unranked last), then by survey date. */
export async function listAddresses(ctx: HumanitarianContext, filter: AddressFilter, page: { limit: number; offset: number }): Promise<AddressRow[]> {
  const where = await addressWhere(ctx, filter);
  return ctx.prisma.$queryRaw<AddressRow[]>(sql`
    SELECT ${ADDRESS_COLUMNS} FROM "HumanitarianAddress" a WHERE ${where}
    ORDER BY a."chapterId", a."priorityRank" NULLS LAST, a."surveyedOn", a.id LIMIT ${page.limit} OFFSET ${page.offset}`);
}

export async function countAddresses(ctx: HumanitarianContext, filter: AddressFilter): Promise<number> {
  const where = await addressWhere(ctx, filter);
  const [row] = await ctx.prisma.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n FROM "HumanitarianAddress" a WHERE ${where}`);
  return row?.n ?? 0;
}

/** Addresses by id, in the slice (one statement for all ids). */
export async function addressesByIds(ctx: HumanitarianContext, ids: readonly string[]): Promise<AddressRow[]> {
  const roots = await sliceRoots(ctx);
  return ctx.prisma.$queryRaw<AddressRow[]>(sql`
    SELECT ${ADDRESS_COLUMNS} FROM "HumanitarianAddress" a
    WHERE a.id = ANY(${[...ids]}::uuid[]) AND ${inSliceFollowingHistory('"a"."chapterId"', roots)}`);
}

/** Write check on `tx`: locks the address row (FOR UPDATE) and returns it, or NOT_FOUND outside the slice. */
export async function lockAddressInSlice(db: RawQuerier, roots: string[], addressId: string): Promise<AddressRow> {
  const [row] = await db.$queryRaw<AddressRow[]>(sql`
    SELECT ${ADDRESS_COLUMNS} FROM "HumanitarianAddress" a
    WHERE a.id = ${addressId}::uuid AND ${inSliceFollowingHistory('"a"."chapterId"', roots)} FOR UPDATE OF a`);
  if (!row) throw notFound(`No humanitarian address ${addressId} in your part of the tree.`);
  return row;
}
