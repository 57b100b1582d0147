// HA-PLEDGE, ORG-PEOPLE: the heads of agencies and organisations listed in the caller's slice (and,
// when asked, in one chapter's area: the chapter and everything below it), a page at a time, the
// slice and the filter decided in SQL.
import { empty, sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { inSliceFollowingHistory, sliceRoots } from "../access/slice.ts";

export interface HeadRecord {
  id: string;
  chapterId: string;
  reference: string;
  fullName: string;
  position: string;
  organisation: string;
  phone: string | null;
  servesFrom: Date;
  servesUntil: Date | null;
  sponsorId: string | null;
}

const HEAD_COLUMNS = sql`h.id::text AS id, h."chapterId"::text AS "chapterId", h.reference, h."fullName", h.position, h.organisation, h.phone,
  h."servesFrom", h."servesUntil", h."sponsorId"::text AS "sponsorId"`;

const headsWhere = (roots: string[], chapterId: string | null | undefined) => sql`${inSliceFollowingHistory('"h"."chapterId"', roots)}
  ${chapterId ? sql`AND ${inSliceFollowingHistory('"h"."chapterId"', [chapterId])}` : empty}`;

export async function listHeads(ctx: HumanitarianContext, chapterId: string | null | undefined, page: { limit: number; offset: number }): Promise<HeadRecord[]> {
  const roots = await sliceRoots(ctx);
  return ctx.prisma.$queryRaw<HeadRecord[]>(sql`
    SELECT ${HEAD_COLUMNS} FROM "AgencyHead" h WHERE ${headsWhere(roots, chapterId)}
    ORDER BY h."chapterId", h.reference, h.id LIMIT ${page.limit} OFFSET ${page.offset}`);
}

export async function countHeads(ctx: HumanitarianContext, chapterId: string | null | undefined): Promise<number> {
  const roots = await sliceRoots(ctx);
  const [row] = await ctx.prisma.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n FROM "AgencyHead" h WHERE ${headsWhere(roots, chapterId)}`);
  return row?.n ?? 0;
}
