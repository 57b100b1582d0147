// A token names a chapter, and tokens outlive chapters: after a merge or a dissolution (ORG-REFORM)
// an officer's token for the ended chapter must write nothing, since its history now belongs to
// the successor, whose officers make any correction. Checked once per request, on the tree
// tables of the subgraph asking (organization's own, or a domain subgraph's replica).
import { memoize, requireIdentity, type RequestContext } from "../context.ts";
import { formatIsoDate, todayInVietnam } from "../dates.ts";
import { forbidden } from "../errors.ts";
import { raw, sql } from "../db/sql.ts";
import type { TreeTables } from "../replica/tables.ts";

interface RawQuerier {
  $queryRaw<T = unknown>(query: ReturnType<typeof sql>): PromiseLike<T>;
}

interface CallerChapter {
  live: boolean;
  endedOn: Date | null;
  successors: string[] | null;
  /** the parent it last had: where a dissolved chapter's work goes when no successor is recorded */
  lastParent: string | null;
}

/** Fails with FORBIDDEN, naming the successor, when the caller's own chapter no longer exists today. */
export async function requireLiveChapter(ctx: RequestContext & { prisma: unknown }, tables: TreeTables): Promise<void> {
  const identity = requireIdentity(ctx);
  const today = todayInVietnam();
  const chapter = await memoize(ctx, "caller-chapter", async () => {
    const db = ctx.prisma as RawQuerier;
    const [row] = await db.$queryRaw<CallerChapter[]>(sql`
      SELECT coalesce(bool_or(self."validTo" IS NULL OR self."validTo" > ${today}::date), false) AS live,
             max(self."validTo") AS "endedOn",
             (SELECT array_agg(n.code ORDER BY n.code) FROM ${raw(`"${tables.succession}"`)} s
                JOIN ${raw(`"${tables.chapter}"`)} n ON n.id = s."successorId" WHERE s."predecessorId" = c.id) AS successors,
             (SELECT p.code FROM ${raw(`"${tables.closure}"`)} up JOIN ${raw(`"${tables.chapter}"`)} p ON p.id = up."ancestorId"
                WHERE up."descendantId" = c.id AND up.depth = 1 ORDER BY up."validFrom" DESC LIMIT 1) AS "lastParent"
      FROM ${raw(`"${tables.chapter}"`)} c
      LEFT JOIN ${raw(`"${tables.closure}"`)} self ON self."ancestorId" = c.id AND self."descendantId" = c.id AND self."validFrom" <= ${today}::date
      WHERE c.code = ${identity.chapterCode}
      GROUP BY c.id`);
    return row ?? null;
  });
  if (chapter?.live) return;
  if (!chapter) throw forbidden(`Your token names chapter ${identity.chapterCode}, which does not exist: ask for a new token.`);
  const ended = chapter.endedOn ? ` on ${formatIsoDate(chapter.endedOn)}` : "";
  const heirs = chapter.successors?.length ? chapter.successors : chapter.lastParent ? [chapter.lastParent] : [];
  const successors = heirs.length
    ? ` Its work passed to ${heirs.join(", ")}: an officer of ${heirs.length > 1 ? "those chapters" : "that chapter"} records changes, including corrections to ${identity.chapterCode}'s history.`
    : " Ask an officer of the chapter above it to record changes.";
  throw forbidden(`Your chapter ${identity.chapterCode} no longer exists (it ended${ended}), so its tokens may not record anything.${successors}`);
}
