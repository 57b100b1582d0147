// Partner agencies and their grants (docs/partners-and-audit.md), as rows. Grants are read only by ADMINs of the
// granting chapter or of a chapter above it: the granting chapter must lie in the caller's slice,
// decided in SQL. Partners themselves are a directory every ADMIN reads (a partner is granted by
// chapters anywhere; who granted what is what the slice hides).
import { empty, sql, todayInVietnam, type Sql } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import type { PartnerKind } from "../generated/prisma/enums.ts";
import { inSlice, sliceRoots } from "../access/slice.ts";

export interface PartnerRow {
  id: string;
  name: string;
  kind: PartnerKind;
  contact: string;
  createdBy: string;
  createdAt: Date;
}

export interface GrantRow {
  id: string;
  partnerId: string;
  chapterId: string;
  chapterCode: string;
  grantingChapterId: string;
  grantingChapterCode: string;
  scopes: string[];
  operations: string[];
  validFrom: Date;
  validUntil: Date;
  reason: string;
  grantedBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Page {
  limit: number;
  offset: number;
}

export interface PartnerFilter {
  kinds?: PartnerKind[] | null;
}

const partnerWhere = (filter: PartnerFilter): Sql =>
  filter.kinds?.length ? sql`WHERE p.kind::text = ANY(${filter.kinds}::text[])` : empty;

export async function listPartners(ctx: OrgContext, filter: PartnerFilter, page: Page): Promise<PartnerRow[]> {
  return ctx.prisma.$queryRaw<PartnerRow[]>`
    SELECT p.id::text, p.name, p.kind::text AS kind, p.contact, p."createdBy", p."createdAt"
    FROM "Partner" p ${partnerWhere(filter)} ORDER BY p.name, p.id LIMIT ${page.limit} OFFSET ${page.offset}`;
}

export async function countPartners(ctx: OrgContext, filter: PartnerFilter): Promise<number> {
  const [row] = await ctx.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Partner" p ${partnerWhere(filter)}`;
  return Number(row?.n ?? 0);
}

export async function partnersByIds(ctx: OrgContext, ids: readonly string[]): Promise<PartnerRow[]> {
  return ctx.prisma.$queryRaw<PartnerRow[]>`
    SELECT p.id::text, p.name, p.kind::text AS kind, p.contact, p."createdBy", p."createdAt"
    FROM "Partner" p WHERE p.id = ANY(${[...ids]}::uuid[])`;
}

export interface GrantFilter {
  partnerId?: string | null;
  chapterId?: string | null;
  /** only grants in force today (not revoked, today within their validity) */
  inForce?: boolean | null;
}

const GRANT_COLUMNS = sql`
  g.id::text, g."partnerId"::text, g."chapterId"::text, c.code AS "chapterCode", g."grantingChapterId"::text,
  gc.code AS "grantingChapterCode", g.scopes, g.operations, g."validFrom", g."validUntil", g.reason, g."grantedBy",
  g."revokedAt", g."revokedBy", g."revokeReason", g."createdAt", g."updatedAt"`;

/** SQL condition: the grant `g` is in force on `day`. */
export const grantInForce = (day: Date): Sql => sql`g."revokedAt" IS NULL AND g."validFrom" <= ${day}::date AND g."validUntil" > ${day}::date`;

async function grantWhere(ctx: OrgContext, filter: GrantFilter & { ids?: readonly string[] }): Promise<Sql> {
  const today = todayInVietnam();
  const roots = await sliceRoots(ctx);
  return sql`WHERE ${inSlice(`g."grantingChapterId"`, roots, today)}
    ${filter.ids ? sql`AND g.id = ANY(${[...filter.ids]}::uuid[])` : empty}
    ${filter.partnerId ? sql`AND g."partnerId" = ${filter.partnerId}::uuid` : empty}
    ${filter.chapterId ? sql`AND g."chapterId" = ${filter.chapterId}::uuid` : empty}
    ${filter.inForce ? sql`AND ${grantInForce(today)}` : empty}`;
}

const GRANT_FROM = sql`FROM "PartnerGrant" g JOIN "Chapter" c ON c.id = g."chapterId" JOIN "Chapter" gc ON gc.id = g."grantingChapterId"`;

/** Grants the caller manages (granted by its chapter or below), newest first. */
export async function listGrants(ctx: OrgContext, filter: GrantFilter, page: Page): Promise<GrantRow[]> {
  return ctx.prisma.$queryRaw<GrantRow[]>`
    SELECT ${GRANT_COLUMNS} ${GRANT_FROM} ${await grantWhere(ctx, filter)}
    ORDER BY g."createdAt" DESC, g.id LIMIT ${page.limit} OFFSET ${page.offset}`;
}

export async function countGrants(ctx: OrgContext, filter: GrantFilter): Promise<number> {
  const [row] = await ctx.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n ${GRANT_FROM} ${await grantWhere(ctx, filter)}`;
  return Number(row?.n ?? 0);
}

/** The grants with these ids that the caller manages (others are simply absent). */
export async function grantsByIds(ctx: OrgContext, ids: readonly string[]): Promise<GrantRow[]> {
  return ctx.prisma.$queryRaw<GrantRow[]>`SELECT ${GRANT_COLUMNS} ${GRANT_FROM} ${await grantWhere(ctx, { ids })}`;
}
