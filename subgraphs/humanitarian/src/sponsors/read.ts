// HA-PLEDGE: sponsors (organisations and individuals) and their pledges, in the caller's slice.
import { requestLoader, sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { inSliceFollowingHistory, sliceRoots } from "../access/slice.ts";
import type { SponsorKind, SupportKind } from "../generated/prisma/enums.ts";

export interface SponsorRow {
  id: string;
  chapterId: string;
  kind: SponsorKind;
  name: string;
  isHeadOfAgency: boolean;
  isHonoraryPresident: boolean;
  phone: string | null;
}

export interface PledgeRow {
  id: string;
  sponsorId: string;
  addressId: string;
  startsOn: Date;
  endsOn: Date | null;
  promisedKind: SupportKind;
  promisedValue: bigint;
}

const SPONSOR_COLUMNS = sql`p.id::text AS id, p."chapterId"::text AS "chapterId", p.kind, p.name, p."isHeadOfAgency", p."isHonoraryPresident", p.phone`;

export async function listSponsors(ctx: HumanitarianContext, headsOnly: boolean, page: { limit: number; offset: number }): Promise<SponsorRow[]> {
  const roots = await sliceRoots(ctx);
  return ctx.prisma.$queryRaw<SponsorRow[]>(sql`
    SELECT ${SPONSOR_COLUMNS} FROM "Sponsor" p WHERE ${inSliceFollowingHistory('"p"."chapterId"', roots)}
      AND (${!headsOnly} OR p."isHeadOfAgency" OR p."isHonoraryPresident")
    ORDER BY p.name, p.id LIMIT ${page.limit} OFFSET ${page.offset}`);
}

export async function countSponsors(ctx: HumanitarianContext, headsOnly: boolean): Promise<number> {
  const roots = await sliceRoots(ctx);
  const [row] = await ctx.prisma.$queryRaw<{ n: number }[]>(sql`
    SELECT count(*)::int AS n FROM "Sponsor" p WHERE ${inSliceFollowingHistory('"p"."chapterId"', roots)}
      AND (${!headsOnly} OR p."isHeadOfAgency" OR p."isHonoraryPresident")`);
  return row?.n ?? 0;
}

/** Sponsors by id. A sponsor is visible wherever its support is (a support record names its sponsor). */
export function sponsorLoader(ctx: HumanitarianContext) {
  return requestLoader<string, SponsorRow | null>(ctx, "sponsor@id", async (ids) => {
    const rows = await ctx.prisma.$queryRaw<SponsorRow[]>(sql`SELECT ${SPONSOR_COLUMNS} FROM "Sponsor" p WHERE p.id = ANY(${[...ids]}::uuid[])`);
    const found = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** Pledges of many sponsors to addresses in the caller's slice (a sponsor pledges a handful; a
 * chapter above may have recorded one to an address of another lineage, which stays unseen): one statement. */
export function pledgesLoader(ctx: HumanitarianContext) {
  return requestLoader<string, PledgeRow[]>(ctx, "pledges@sponsor", async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<PledgeRow[]>(sql`
      SELECT g.id::text AS id, g."sponsorId"::text AS "sponsorId", g."addressId"::text AS "addressId", g."startsOn", g."endsOn",
        g."promisedKind", g."promisedValue" FROM "Pledge" g JOIN "HumanitarianAddress" a ON a.id = g."addressId"
      WHERE g."sponsorId" = ANY(${[...ids]}::uuid[]) AND ${inSliceFollowingHistory('"a"."chapterId"', roots)} ORDER BY g."startsOn", g.id`);
    return ids.map((id) => rows.filter((r) => r.sponsorId === id));
  });
}
