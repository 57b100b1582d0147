// Reading the audit log (docs/partners-and-audit.md): an ADMIN's slice, newest first, filtered in SQL. An
// entry belongs to the slice when the chapter it concerns, or the caller's own chapter, lies in
// the subtree of one of the caller's roots today — so a province's ADMIN sees what was done to
// its chapters, also by someone above, and what its own people did.
import { requireIdentity, type RequestContext } from "../context.ts";
import { notFound, forbidden } from "../errors.ts";
import { todayInVietnam } from "../dates.ts";
import { empty, join, raw, sql, type Sql } from "../db/sql.ts";
import { inSlice, sliceRoots } from "../auth/slice.ts";
import type { TreeTables } from "../replica/tables.ts";
import type { AuditKind } from "./entries.ts";

export interface AuditRow {
  id: string;
  at: Date;
  requestId: string;
  subject: string;
  role: string;
  callerChapter: string;
  chapterId: string | null;
  kind: AuditKind;
  operation: string;
  operationName: string | null;
  variables: unknown;
  outcome: string;
  records: unknown;
}

export interface AuditFilter {
  /** code of a chapter in the caller's slice: only entries of its subtree */
  chapter?: string | null;
  caller?: string | null;
  operation?: string | null;
  kind?: AuditKind | null;
  /** first and last day, in Vietnam's time */
  from?: Date | null;
  to?: Date | null;
}

interface RawQuerier {
  $queryRaw<T = unknown>(query: Sql): PromiseLike<T>;
}

/** Only an ADMIN reads the audit log. */
export function requireAuditReader(ctx: RequestContext): void {
  if (requireIdentity(ctx).role !== "ADMIN") {
    throw forbidden("Only an ADMIN may read the audit log: ask an ADMIN of your chapter or of a chapter above it.");
  }
}

const DAY_MS = 86_400_000;
/** Midnight in Vietnam (UTC+7, no daylight saving) at the start of `day`. */
const vietnamMidnight = (day: Date) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - 7 * 3_600_000);

export interface AuditLogReader {
  page(page: { limit: number; offset: number }): Promise<AuditRow[]>;
  count(): Promise<number>;
}

/** The caller's audit log on this subgraph's tables, as pages and a count. */
export async function auditLog(ctx: RequestContext & { prisma: unknown }, tables: TreeTables, filter: AuditFilter): Promise<AuditLogReader> {
  requireAuditReader(ctx);
  const db = ctx.prisma as RawQuerier;
  const today = todayInVietnam();
  let roots = await sliceRoots(ctx, tables);
  if (filter.chapter) {
    const [chapter] = await db.$queryRaw<{ id: string }[]>(sql`
      SELECT c.id::text AS id FROM ${raw(`"${tables.chapter}"`)} c WHERE c.code = ${filter.chapter} AND ${inSlice(tables, "c.id", roots, today)}`);
    if (!chapter) throw notFound(`No chapter ${filter.chapter} in your part of the tree: filter on your own chapter or one below it.`);
    roots = [chapter.id];
  }
  const conditions: Sql[] = [
    sql`(${inSlice(tables, `e."chapterId"`, roots, today)} OR ${inSlice(tables, "caller.id", roots, today)})`,
    filter.caller ? sql`e.subject = ${filter.caller}` : empty,
    filter.operation ? sql`e.operation = ${filter.operation}` : empty,
    filter.kind ? sql`e.kind = ${filter.kind}::"AuditKind"` : empty,
    filter.from ? sql`e.at >= ${vietnamMidnight(filter.from)}` : empty,
    filter.to ? sql`e.at < ${new Date(vietnamMidnight(filter.to).getTime() + DAY_MS)}` : empty,
  ].filter((condition) => condition !== empty);
  const from = sql`FROM "AuditEntry" e LEFT JOIN ${raw(`"${tables.chapter}"`)} caller ON caller.code = e."callerChapter"
    WHERE ${join(conditions, " AND ")}`;
  return {
    page: async ({ limit, offset }) =>
      db.$queryRaw<AuditRow[]>(sql`
        SELECT e.id::text AS id, e.at, e."requestId", e.subject, e.role, e."callerChapter", e."chapterId"::text AS "chapterId",
               e.kind::text AS kind, e.operation, e."operationName", e.variables, e.outcome, e.records
        ${from} ORDER BY e.at DESC, e.id DESC LIMIT ${limit} OFFSET ${offset}`),
    count: async () => {
      const [row] = await db.$queryRaw<{ count: number }[]>(sql`SELECT count(*)::int AS count ${from}`);
      return row?.count ?? 0;
    },
  };
}
