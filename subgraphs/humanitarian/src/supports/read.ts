// HA-SUPPORT: support records in the caller's slice (following merges, as their addresses do),
// pending chapter-fund gifts included (marked by fundState: they are counted nowhere yet).
import { empty, sql, windowedPages, type Sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { inSliceFollowingHistory, sliceRoots } from "../access/slice.ts";
import type { FundSpendingState, SupportForm, SupportGiver, SupportKind } from "../generated/prisma/enums.ts";

export interface SupportRow {
  id: string;
  chapterId: string;
  giver: SupportGiver;
  addressId: string | null;
  sponsorId: string | null;
  recipientGroup: string | null;
  headCount: number | null;
  campaignId: string | null;
  kind: SupportKind;
  form: SupportForm;
  items: string | null;
  value: bigint;
  givenOn: Date;
  reference: string;
  note: string | null;
  fundState: FundSpendingState | null;
  fundEntryId: string | null;
  recordedBy: string;
}

const SUPPORT_COLUMNS = sql`s.id::text AS id, s."chapterId"::text AS "chapterId", s.giver, s."addressId"::text AS "addressId",
  s."sponsorId"::text AS "sponsorId", s."recipientGroup", s."headCount", s."campaignId"::text AS "campaignId", s.kind, s.form, s.items,
  s.value, s."givenOn", s.reference, s.note, s."fundState", s."fundEntryId"::text AS "fundEntryId", s."recordedBy"`;

export interface SupportFilter {
  campaignId?: string | null;
  addressId?: string | null;
  reference?: string | null;
  from?: Date | null;
  to?: Date | null;
}

async function supportWhere(ctx: HumanitarianContext, f: SupportFilter): Promise<Sql> {
  const roots = await sliceRoots(ctx);
  return sql`${inSliceFollowingHistory('"s"."chapterId"', roots)}
    ${f.campaignId ? sql`AND s."campaignId" = ${f.campaignId}::uuid` : empty}
    ${f.addressId ? sql`AND s."addressId" = ${f.addressId}::uuid` : empty}
    ${f.reference ? sql`AND s.reference = ${f.reference}` : empty}
    ${f.from ? sql`AND s."givenOn" >= ${f.from}::date` : empty}
    ${f.to ? sql`AND s."givenOn" <= ${f.to}::date` : empty}`;
}

export async function listSupports(ctx: HumanitarianContext, f: SupportFilter, page: { limit: number; offset: number }): Promise<SupportRow[]> {
  const where = await supportWhere(ctx, f);
  return ctx.prisma.$queryRaw<SupportRow[]>(sql`
    SELECT ${SUPPORT_COLUMNS} FROM "SupportRecord" s WHERE ${where} ORDER BY s."givenOn" DESC, s.id LIMIT ${page.limit} OFFSET ${page.offset}`);
}

export async function countSupports(ctx: HumanitarianContext, f: SupportFilter): Promise<number> {
  const where = await supportWhere(ctx, f);
  const [row] = await ctx.prisma.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n FROM "SupportRecord" s WHERE ${where}`);
  return row?.n ?? 0;
}

/** Support records by id, in the slice (one statement). */
export async function supportsByIds(ctx: HumanitarianContext, ids: readonly string[]): Promise<SupportRow[]> {
  const roots = await sliceRoots(ctx);
  return ctx.prisma.$queryRaw<SupportRow[]>(sql`
    SELECT ${SUPPORT_COLUMNS} FROM "SupportRecord" s WHERE s.id = ANY(${[...ids]}::uuid[]) AND ${inSliceFollowingHistory('"s"."chapterId"', roots)}`);
}

/** The pages of support records of many addresses: one windowed statement. */
export async function supportPagesOfAddresses(ctx: HumanitarianContext, addressIds: readonly string[], page: { limit: number; offset: number }): Promise<{ items: SupportRow[]; total: number }[]> {
  const roots = await sliceRoots(ctx);
  return windowedPages<SupportRow>(ctx.prisma, sql`
    SELECT ${SUPPORT_COLUMNS}, count(*) OVER (PARTITION BY s."addressId")::int AS total,
      row_number() OVER (PARTITION BY s."addressId" ORDER BY s."givenOn" DESC, s.id)::int AS n
    FROM "SupportRecord" s WHERE s."addressId" = ANY(${[...addressIds]}::uuid[]) AND ${inSliceFollowingHistory('"s"."chapterId"', roots)}`,
    page, addressIds, (r) => r.addressId ?? "");
}
