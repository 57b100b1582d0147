// EM-CONFERENCE, EM-LIVE reads: conferences in the caller's slice, their programme, delegates
// and honouring list in announcement order. Per-parent lists are one statement for every
// conference asked about.
import { requestLoader, sql, todayInVietnam, windowedPages } from "@chapters/core";
import type { EmulationContext } from "../builder.ts";
import { inSlice, sliceRoots } from "../access/slice.ts";

export interface ConferenceRow {
  id: string;
  chapterId: string;
  level: "BASE" | "DISTRICT" | "PROVINCE";
  title: string;
  heldOn: Date;
  delegateQuota: number;
  delegateCount: number;
}

export interface SegmentRow {
  conferenceId: string;
  position: number;
  kind: "OPENING" | "MOVEMENT_REPORT" | "EXEMPLAR_TALKS" | "LEADER_SPEECHES" | "EXCHANGE" | "MOVEMENT_LAUNCH" | "HONOURING" | "DELEGATE_APPROVAL" | "CLOSING";
  title: string;
}

export interface DelegateRow {
  id: string;
  conferenceId: string;
  fullName: string;
  fromChapterId: string;
  exemplar: string;
  approvedAtId: string | null;
}

export interface HonoureeRow {
  id: string;
  conferenceId: string;
  position: number;
  kind: "COLLECTIVE" | "INDIVIDUAL";
  name: string;
  citation: string;
  chapterId: string;
  title: "GOOD_PERSON_GOOD_DEED" | "CARING_COMMUNITY" | null;
  commendation: string | null;
  announcedAt: Date | null;
}

/** A conference is visible when its chapter lies in the slice on its day (today for a future one). */
const visible = (roots: string[]) => inSlice('"c"."chapterId"', roots, sql`least("c"."heldOn", ${todayInVietnam()}::date)`);
const COLUMNS = sql`c.id::text AS id, c."chapterId"::text AS "chapterId", c.level::text AS level, c.title, c."heldOn", c."delegateQuota",
  (SELECT count(*)::int FROM "Delegate" d WHERE d."conferenceId" = c.id) AS "delegateCount"`;

export function conferenceLoader(ctx: EmulationContext) {
  return requestLoader<string, ConferenceRow | null>(ctx, "conference", async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<ConferenceRow[]>(sql`SELECT ${COLUMNS} FROM "Conference" c WHERE c.id = ANY(${[...ids]}::uuid[]) AND ${visible(roots)}`);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  });
}

/** A chapter's conferences (optionally of one year), by date. */
export function chapterConferencesLoader(ctx: EmulationContext, year: number | null) {
  return requestLoader<string, ConferenceRow[]>(ctx, `chapter-conferences@${year ?? "all"}`, async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<ConferenceRow[]>(sql`SELECT ${COLUMNS} FROM "Conference" c
      WHERE c."chapterId" = ANY(${[...ids]}::uuid[]) AND (${year}::int IS NULL OR extract(year FROM c."heldOn")::int = ${year}::int) AND ${visible(roots)}
      ORDER BY c."heldOn", c.title`);
    return ids.map((id) => rows.filter((r) => r.chapterId === id));
  });
}

export function segmentsLoader(ctx: EmulationContext) {
  return requestLoader<string, SegmentRow[]>(ctx, "segments", async (ids) => {
    const rows = await ctx.prisma.$queryRaw<SegmentRow[]>(sql`SELECT "conferenceId"::text AS "conferenceId", position, kind::text AS kind, title
      FROM "ConferenceSegment" WHERE "conferenceId" = ANY(${[...ids]}::uuid[]) ORDER BY position`);
    return ids.map((id) => rows.filter((r) => r.conferenceId === id));
  });
}

export function honoureesLoader(ctx: EmulationContext, announcedOnly: boolean) {
  return requestLoader<string, HonoureeRow[]>(ctx, `honourees@${announcedOnly}`, async (ids) => {
    const rows = await ctx.prisma.$queryRaw<HonoureeRow[]>(sql`SELECT id::text AS id, "conferenceId"::text AS "conferenceId", position, kind::text AS kind, name, citation, "chapterId"::text AS "chapterId", title::text AS title, commendation, "announcedAt"
      FROM "Honouree" WHERE "conferenceId" = ANY(${[...ids]}::uuid[]) AND (NOT ${announcedOnly} OR "announcedAt" IS NOT NULL) ORDER BY position`);
    return ids.map((id) => rows.filter((r) => r.conferenceId === id));
  });
}

export function delegatesPageLoader(ctx: EmulationContext, page: { limit: number; offset: number }) {
  return requestLoader<string, { items: DelegateRow[]; total: number }>(ctx, `delegates@${page.limit}|${page.offset}`, async (ids) => {
    return windowedPages<DelegateRow>(ctx.prisma, sql`
      SELECT id::text AS id, "conferenceId"::text AS "conferenceId", "fullName", "fromChapterId"::text AS "fromChapterId", exemplar, "approvedAtId"::text AS "approvedAtId",
        count(*) OVER (PARTITION BY "conferenceId")::int AS total, row_number() OVER (PARTITION BY "conferenceId" ORDER BY "createdAt", id)::int AS n
      FROM "Delegate" WHERE "conferenceId" = ANY(${[...ids]}::uuid[])`, page, ids, (r) => r.conferenceId);
  });
}
