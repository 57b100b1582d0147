// Reading people through their memberships: pages of many chapters in one statement (window
// functions per chapter), filtered by the caller's slice in SQL.
import { formatIsoDate, foldForSearch, requestLoader, todayInVietnam, windowedPages } from "@chapters/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { MembershipEnd, MembershipKind } from "../generated/prisma/enums.ts";
import type { OrgContext } from "../builder.ts";
import { duesStatusSql, type DuesStatus } from "../figures/dues-status.ts";
import { livesOn, scopePairs } from "../figures/scope.ts";
import { sliceRoots } from "../access/slice.ts";

export interface MembershipRow {
  id: string;
  personId: string;
  chapterId: string;
  kind: MembershipKind;
  joinedOn: Date;
  leftOn: Date | null;
  endReason: MembershipEnd | null;
  lineageId: string;
  fullName: string;
  birthDate: Date | null;
  phone: string | null;
  nationalId: string | null;
  /** with a dues year: the member's status that year */
  status?: DuesStatus;
  /** the date the page was asked for */
  asOf: Date;
}

export interface PeopleFilter {
  asOf: Date;
  kinds: MembershipKind[] | null;
  /** folded name fragment; only for callers who see personal data */
  search: string | null;
  includeBelow: boolean;
  /** list members owing dues that year, with their status */
  duesYear: number | null;
  statuses: DuesStatus[] | null;
  limit: number;
  offset: number;
}

const filterKey = (f: PeopleFilter) =>
  [formatIsoDate(f.asOf), f.kinds?.join(",") ?? "", f.search ?? "", f.includeBelow, f.duesYear ?? "", f.statuses?.join(",") ?? "", f.limit, f.offset].join("|");

async function membershipPages(ctx: OrgContext, ids: readonly string[], f: PeopleFilter) {
  const roots = await sliceRoots(ctx);
  const scope = scopePairs({ ids, on: f.asOf, restated: false, roots, today: todayInVietnam() });
  const where: Prisma.Sql[] = [livesOn("m", "joinedOn", "leftOn", f.asOf)];
  if (!f.includeBelow) where.push(Prisma.sql`s.own`);
  if (f.kinds?.length) where.push(Prisma.sql`m.kind::text = ANY(${f.kinds}::text[])`);
  if (f.search) where.push(Prisma.sql`p."searchName" LIKE ${`%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (f.duesYear !== null) where.push(Prisma.sql`m.kind = 'MEMBER'`);
  const status = f.duesYear !== null ? duesStatusSql(Prisma.sql`m."lineageId"`, f.duesYear) : Prisma.sql`NULL`;
  const statusFilter = f.statuses?.length ? Prisma.sql`WHERE status = ANY(${f.statuses}::text[])` : Prisma.empty;
  const pages = await windowedPages<Omit<MembershipRow, "asOf"> & { x: string; searchName?: string }>(ctx.prisma, Prisma.sql`
    SELECT *, row_number() OVER (PARTITION BY x ORDER BY "searchName", id)::int AS n, count(*) OVER (PARTITION BY x)::int AS total
    FROM (
      SELECT s.x::text AS x, m.id::text AS id, m."personId"::text AS "personId", m."chapterId"::text AS "chapterId",
        m.kind::text AS kind, m."joinedOn", m."leftOn", m."endReason"::text AS "endReason", m."lineageId"::text AS "lineageId",
        p."fullName", p."searchName", p."birthDate", p.phone, p."nationalId", ${status} AS status
      FROM ${scope} s JOIN "Membership" m ON m."chapterId" = s.c JOIN "Person" p ON p.id = m."personId"
      WHERE ${Prisma.join(where, " AND ")}
    ) listed ${statusFilter}`, f, ids, (r) => r.x);
  return pages.map(({ items, total }) => ({
    items: items.map(({ x: _x, searchName: _s, ...row }) => ({ ...row, status: (row.status ?? undefined) as DuesStatus | undefined, asOf: f.asOf })),
    total,
  }));
}

/** Pages that share every argument are fetched together, for any number of chapters. */
export function peoplePageLoader(ctx: OrgContext, filter: PeopleFilter) {
  return requestLoader<string, { items: MembershipRow[]; total: number }>(ctx, `people@${filterKey(filter)}`, (ids) =>
    membershipPages(ctx, ids, filter),
  );
}

export const foldName = foldForSearch;
