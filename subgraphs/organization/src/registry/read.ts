// Per-chapter registers (ORG-COVERAGE organisations, ORG-PEOPLE clubs and teams, ORG-FUND ledger):
// one page of rows for many chapters in ONE statement (a window per chapter), filtered by the
// caller's slice in SQL, so listing them under N chapters costs the same as under one.
import { formatIsoDate, requestLoader, windowedPages } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { inSlice, sliceRoots } from "../access/slice.ts";

export interface PageRequest {
  limit: number;
  offset: number;
}

type Paged<T> = { items: T[]; total: number };

/** `rows` is a subquery with a "chapterId" column; `order` orders within a chapter. */
async function pagesPerChapter<T extends { chapterId: string }>(
  ctx: OrgContext,
  chapterIds: readonly string[],
  rows: Prisma.Sql,
  order: Prisma.Sql,
  page: PageRequest,
  on: Date,
): Promise<Paged<T>[]> {
  const roots = await sliceRoots(ctx);
  return windowedPages<T>(ctx.prisma, Prisma.sql`
    SELECT r.*, row_number() OVER (PARTITION BY r."chapterId" ORDER BY ${order})::int AS n,
           count(*) OVER (PARTITION BY r."chapterId")::int AS total
    FROM ${rows} r
    WHERE r."chapterId"::uuid = ANY(${[...chapterIds]}::uuid[]) AND ${inSlice('r."chapterId"::uuid', roots, on)}`,
    page, chapterIds, (row) => row.chapterId);
}

export interface OrganisationRow {
  id: string;
  chapterId: string;
  kind: "AGENCY" | "SCHOOL" | "HOSPITAL" | "ENTERPRISE";
  name: string;
  hasRedCross: boolean;
  redCrossSince: Date | null;
  listedOn: Date;
}

export interface OrganisationFilter extends PageRequest {
  on: Date;
  kinds: string[] | null;
  covered: boolean | null;
}

export function organisationPageLoader(ctx: OrgContext, f: OrganisationFilter) {
  const key = [formatIsoDate(f.on), f.kinds?.join(",") ?? "", f.covered ?? "", f.limit, f.offset].join("|");
  return requestLoader<string, Paged<OrganisationRow>>(ctx, `organisations@${key}`, (ids) => {
    const d = Prisma.sql`${f.on}::date`;
    const kinds = f.kinds?.length ? Prisma.sql`AND o.kind::text = ANY(${f.kinds}::text[])` : Prisma.empty;
    const covered = f.covered === null ? Prisma.empty : Prisma.sql`AND o."hasRedCross" = ${f.covered}`;
    const rows = Prisma.sql`(SELECT o.id::text AS id, o."chapterId"::text AS "chapterId", o.kind::text AS kind, o.name,
        o."hasRedCross", o."redCrossSince", o."listedOn"
      FROM "Organisation" o
      WHERE o."listedOn" <= ${d} AND (o."delistedOn" IS NULL OR o."delistedOn" > ${d}) ${kinds} ${covered})`;
    return pagesPerChapter<OrganisationRow>(ctx, ids, rows, Prisma.sql`r.name, r.id`, f, f.on);
  });
}

export interface ClubRow {
  id: string;
  chapterId: string;
  kind: "FIRST_AID_TEAM" | "DISASTER_RESPONSE_TEAM" | "BLOOD_DONOR_CLUB";
  name: string;
  servesLevel: string;
  foundedOn: Date;
  members: number;
}

export function clubPageLoader(ctx: OrgContext, f: PageRequest & { on: Date; kinds: string[] | null }) {
  const key = [formatIsoDate(f.on), f.kinds?.join(",") ?? "", f.limit, f.offset].join("|");
  return requestLoader<string, Paged<ClubRow>>(ctx, `clubs@${key}`, (ids) => {
    const d = Prisma.sql`${f.on}::date`;
    const kinds = f.kinds?.length ? Prisma.sql`AND c.kind::text = ANY(${f.kinds}::text[])` : Prisma.empty;
    const rows = Prisma.sql`(SELECT c.id::text AS id, c."chapterId"::text AS "chapterId", c.kind::text AS kind, c.name,
        c."servesLevel"::text AS "servesLevel", c."foundedOn",
        (SELECT count(*)::int FROM "ClubMember" m WHERE m."clubId" = c.id AND m."joinedOn" <= ${d}
           AND (m."leftOn" IS NULL OR m."leftOn" > ${d})) AS members
      FROM "Club" c WHERE c."foundedOn" <= ${d} ${kinds})`;
    return pagesPerChapter<ClubRow>(ctx, ids, rows, Prisma.sql`r.name, r.id`, f, f.on);
  });
}

export interface FundEntryRow {
  id: string;
  chapterId: string;
  entryDate: Date;
  kind: string;
  amount: bigint;
  source: string;
  note: string | null;
}

/** `on`: the date the chapter is seen on (its slice check), which may differ from the period. */
export function ledgerPageLoader(ctx: OrgContext, f: PageRequest & { from: Date; to: Date; on: Date }) {
  const key = [formatIsoDate(f.from), formatIsoDate(f.to), formatIsoDate(f.on), f.limit, f.offset].join("|");
  return requestLoader<string, Paged<FundEntryRow>>(ctx, `ledger@${key}`, (ids) => {
    const rows = Prisma.sql`(SELECT e.id::text AS id, e."chapterId"::text AS "chapterId", e."entryDate", e.kind::text AS kind,
        e.amount, e.source, e.note
      FROM "FundEntry" e WHERE e."entryDate" >= ${f.from}::date AND e."entryDate" <= ${f.to}::date)`;
    return pagesPerChapter<FundEntryRow>(ctx, ids, rows, Prisma.sql`r."entryDate", r.id`, f, f.on);
  });
}
