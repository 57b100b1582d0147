// HA-CAMPAIGNS: campaigns and programmes, their targets per chapter, and progress — value
// raised (every form of help counted under the campaign, from sponsors and chapter funds, to listed
// addresses and to people outside the list), addresses supported, people helped (households of the
// addresses and head counts of the others) — rolled up the tree, as it was (the tree of the
// campaign's last day, or today while it runs) or restated (today's tree: access/restated.ts).
import { empty, formatIsoDate, join, requestLoader, sql, todayInVietnam, windowedPages, type RawQuerier, type Sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { askedInSlice, restatedDestinations, scopePairs } from "../access/restated.ts";
import { inSliceFollowingHistory, sliceRoots } from "../access/slice.ts";
import { COUNTED } from "../indicators/read.ts";
import type { CampaignKind } from "../generated/prisma/enums.ts";

export interface CampaignRow {
  id: string;
  chapterId: string;
  kind: CampaignKind;
  name: string;
  startsOn: Date;
  endsOn: Date;
}

export interface CampaignTargetRow {
  campaignId: string;
  chapterId: string;
  value: bigint;
  people: number | null;
  addresses: number | null;
}

export interface Totals {
  value: bigint;
  supports: number;
  addressesSupported: number;
  peopleHelped: number;
}

export interface ProgressRow extends Totals {
  campaignId: string;
  chapterId: string;
  restated: boolean;
}

const CAMPAIGN_COLUMNS = sql`k.id::text AS id, k."chapterId"::text AS "chapterId", k.kind, k.name, k."startsOn", k."endsOn"`;

/** Campaigns visible to the caller: run by a chapter in the slice, or above it (a national
 * campaign concerns every chapter below), optionally of some kinds and touching a year. */
async function campaignWhere(ctx: HumanitarianContext, kinds: CampaignKind[] | null | undefined, during: { from: Date; to: Date } | null): Promise<Sql> {
  const roots = await sliceRoots(ctx);
  return sql`(${inSliceFollowingHistory('"k"."chapterId"', roots)} OR k."chapterId" IN (
      SELECT c."ancestorId" FROM "TreeClosure" c WHERE c."descendantId" = ANY(${roots}::uuid[])))
    ${kinds?.length ? sql`AND k.kind::text = ANY(${kinds}::text[])` : empty}
    ${during ? sql`AND k."startsOn" <= ${during.to}::date AND k."endsOn" >= ${during.from}::date` : empty}`;
}

export async function listCampaigns(ctx: HumanitarianContext, kinds: CampaignKind[] | null | undefined, during: { from: Date; to: Date } | null, page: { limit: number; offset: number }): Promise<CampaignRow[]> {
  const where = await campaignWhere(ctx, kinds, during);
  return ctx.prisma.$queryRaw<CampaignRow[]>(sql`
    SELECT ${CAMPAIGN_COLUMNS} FROM "Campaign" k WHERE ${where} ORDER BY k."startsOn" DESC, k.name, k.id LIMIT ${page.limit} OFFSET ${page.offset}`);
}

export async function countCampaigns(ctx: HumanitarianContext, kinds: CampaignKind[] | null | undefined, during: { from: Date; to: Date } | null): Promise<number> {
  const where = await campaignWhere(ctx, kinds, during);
  const [row] = await ctx.prisma.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n FROM "Campaign" k WHERE ${where}`);
  return row?.n ?? 0;
}

/** Campaigns by id, among those visible to the caller (null otherwise). */
export function campaignLoader(ctx: HumanitarianContext) {
  return requestLoader<string, CampaignRow | null>(ctx, "campaign@id", async (ids) => {
    const where = await campaignWhere(ctx, null, null);
    const rows = await ctx.prisma.$queryRaw<CampaignRow[]>(sql`SELECT ${CAMPAIGN_COLUMNS} FROM "Campaign" k WHERE k.id = ANY(${[...ids]}::uuid[]) AND ${where}`);
    const found = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** One page of each campaign's targets (chapters in the caller's slice), one windowed statement. */
export function campaignTargetsLoader(ctx: HumanitarianContext, page: { limit: number; offset: number }) {
  return requestLoader<string, { items: CampaignTargetRow[]; total: number }>(ctx, `campaign-targets@${page.limit}|${page.offset}`, async (ids) => {
    const roots = await sliceRoots(ctx);
    return windowedPages<CampaignTargetRow>(ctx.prisma, sql`
      SELECT t."campaignId"::text AS "campaignId", t."chapterId"::text AS "chapterId", t.value, t.people, t.addresses,
        count(*) OVER (PARTITION BY t."campaignId")::int AS total,
        row_number() OVER (PARTITION BY t."campaignId" ORDER BY tc.code, t."chapterId")::int AS n
      FROM "CampaignTarget" t JOIN "TreeChapter" tc ON tc.id = t."chapterId"
      WHERE t."campaignId" = ANY(${[...ids]}::uuid[]) AND ${inSliceFollowingHistory('"t"."chapterId"', roots)}`, page, ids, (r) => r.campaignId);
  });
}

/** The campaign's target for one chapter: keys "campaignId|chapterId", one statement. */
export function targetLoader(ctx: HumanitarianContext) {
  return requestLoader<string, CampaignTargetRow | null>(ctx, "campaign-target@key", async (keys) => {
    const pairs = keys.map((k) => k.split("|") as [string, string]);
    const rows = await ctx.prisma.$queryRaw<CampaignTargetRow[]>(sql`
      SELECT t."campaignId"::text AS "campaignId", t."chapterId"::text AS "chapterId", t.value, t.people, t.addresses
      FROM "CampaignTarget" t JOIN unnest(${pairs.map((p) => p[0])}::uuid[], ${pairs.map((p) => p[1])}::uuid[]) AS k(c, h)
        ON t."campaignId" = k.c AND t."chapterId" = k.h`);
    const found = new Map(rows.map((r) => [`${r.campaignId}|${r.chapterId}`, r]));
    return keys.map((k) => found.get(k) ?? null);
  });
}

/** Progress of campaigns under chapters, keyed "campaignId|chapterId|campaign's last day": one
 * statement for every campaign and chapter asked about in a request (the as-it-was tree is the
 * one of each campaign's last day, or today while it runs). Restated, an ended chapter is
 * answered by the chapter its history went to (one more statement; the row names that chapter). */
export function progressLoader(ctx: HumanitarianContext, restated: boolean) {
  return requestLoader<string, ProgressRow | null>(ctx, `campaign-progress@${restated}`, async (keys) => {
    const today = todayInVietnam();
    const roots = await sliceRoots(ctx);
    const asked = [...new Set(keys.map((key) => key.split("|")[1]!))];
    const destinations = restated ? await restatedDestinations(ctx.prisma, asked, today) : new Map<string, string>();
    const answeredBy = (chapterId: string) => destinations.get(chapterId) ?? chapterId;
    const byCampaign = new Map<string, { endsOn: Date; chapters: string[] }>();
    for (const key of keys) {
      const [campaignId, chapterId, endsOn] = key.split("|") as [string, string, string];
      const entry = byCampaign.get(campaignId) ?? { endsOn: new Date(`${endsOn}T00:00:00Z`), chapters: [] };
      if (!entry.chapters.includes(answeredBy(chapterId))) entry.chapters.push(answeredBy(chapterId));
      byCampaign.set(campaignId, entry);
    }
    const scopes = [...byCampaign].map(([campaignId, { endsOn, chapters }]) => {
      const request = { ids: chapters, on: endsOn < today ? endsOn : today, restated, roots, today };
      return sql`SELECT ${campaignId}::uuid AS k, p.x, p.c FROM ${scopePairs(request)} p WHERE p.x IN ${askedInSlice(request)}`;
    });
    const rows = await ctx.prisma.$queryRaw<ProgressRow[]>(sql`
      WITH pairs AS (${join(scopes, " UNION ALL ")}),
      mine AS (
        SELECT p.k, p.x, s.value, s."addressId", s."headCount" FROM pairs p JOIN "SupportRecord" s ON s."chapterId" = p.c AND s."campaignId" = p.k
        WHERE ${COUNTED}
      ), per AS (
        SELECT m.k, m.x, sum(m.value) AS value, count(*) AS supports, count(DISTINCT m."addressId") AS addresses,
          sum(m."headCount") FILTER (WHERE m."addressId" IS NULL) AS outside FROM mine m GROUP BY m.k, m.x
      ), people AS (
        SELECT d.k, d.x, sum(a."householdSize") AS people FROM (SELECT DISTINCT k, x, "addressId" FROM mine WHERE "addressId" IS NOT NULL) d
        JOIN "HumanitarianAddress" a ON a.id = d."addressId" GROUP BY d.k, d.x
      )
      SELECT q.k::text AS "campaignId", q.x::text AS "chapterId", ${restated}::boolean AS restated,
        coalesce(per.value, 0)::bigint AS value, coalesce(per.supports, 0)::int AS supports,
        coalesce(per.addresses, 0)::int AS "addressesSupported", (coalesce(people.people, 0) + coalesce(per.outside, 0))::int AS "peopleHelped"
      FROM (SELECT DISTINCT k, x FROM pairs) q
      LEFT JOIN per ON per.k = q.k AND per.x = q.x LEFT JOIN people ON people.k = q.k AND people.x = q.x`);
    const found = new Map(rows.map((r) => [`${r.campaignId}|${r.chapterId}`, r]));
    return keys.map((key) => {
      const [campaignId, chapterId] = key.split("|") as [string, string];
      return found.get(`${campaignId}|${answeredBy(chapterId)}`) ?? null;
    });
  });
}

/** The whole campaign's running totals, wherever recorded (for progress events). */
export async function campaignTotals(db: RawQuerier, campaignId: string): Promise<Totals> {
  const [row] = await db.$queryRaw<Totals[]>(sql`
    SELECT coalesce(sum(s.value), 0)::bigint AS value, count(*)::int AS supports, count(DISTINCT s."addressId")::int AS "addressesSupported",
      (coalesce((SELECT sum(a."householdSize") FROM "HumanitarianAddress" a
        WHERE a.id IN (SELECT s."addressId" FROM "SupportRecord" s WHERE s."campaignId" = ${campaignId}::uuid AND ${COUNTED})), 0)
       + coalesce(sum(s."headCount") FILTER (WHERE s."addressId" IS NULL), 0))::int AS "peopleHelped"
    FROM "SupportRecord" s WHERE s."campaignId" = ${campaignId}::uuid AND ${COUNTED}`);
  return row!;
}

/** The loader key of a campaign's progress under a chapter. */
export const progressKey = (campaign: CampaignRow, chapterId: string) => `${campaign.id}|${chapterId}|${formatIsoDate(campaign.endsOn)}`;

/** Resource-mobilisation targets, keyed "chapterId|year": one statement. */
export function resourcePlanLoader(ctx: HumanitarianContext) {
  return requestLoader<string, bigint | null>(ctx, "resource-plan@key", async (keys) => {
    const pairs = keys.map((k) => k.split("|") as [string, string]);
    const rows = await ctx.prisma.$queryRaw<{ chapterId: string; year: number; target: bigint }[]>(sql`
      SELECT r."chapterId"::text AS "chapterId", r.year, r.target FROM "ResourcePlan" r
      JOIN unnest(${pairs.map((p) => p[0])}::uuid[], ${pairs.map((p) => Number(p[1]))}::int[]) AS k(c, y) ON r."chapterId" = k.c AND r.year = k.y`);
    const found = new Map(rows.map((r) => [`${r.chapterId}|${r.year}`, r.target]));
    return keys.map((k) => found.get(k) ?? null);
  });
}
