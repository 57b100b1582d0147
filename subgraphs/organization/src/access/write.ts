// Write access: OFFICER or ADMIN of the target chapter or of a chapter above it (ORG-TREE).
import { canWrite, forbidden, formatIsoDate, notFound, organizationTables, requireIdentity, requireLiveChapter } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import { chaptersByKeys, type ChapterView } from "../tree/read.ts";

/** An OFFICER or ADMIN whose own chapter still exists today (a token of a merged or dissolved
 * chapter writes nothing). Call it before any check that answers NOT_FOUND, so a refusal for
 * the caller's own sake is not disguised as a missing record. */
export async function requireOrgWriter(ctx: OrgContext): Promise<void> {
  const identity = requireIdentity(ctx);
  if (!canWrite(identity.role)) throw forbidden("Only an OFFICER or ADMIN may record changes.");
  await requireLiveChapter(ctx, organizationTables);
}

/** Returns the chapters as of `at`, or fails: NOT_FOUND for chapters outside the caller's slice
 * (so nothing is learnt of them), CONFLICT-free checks only. */
export async function writableChapters(ctx: OrgContext, ids: string[], at: Date): Promise<Map<string, ChapterView>> {
  await requireOrgWriter(ctx);
  const unique = [...new Set(ids)];
  const views = new Map((await chaptersByKeys(ctx, { ids: unique }, at)).map((v) => [v.id, v]));
  for (const id of unique) {
    const view = views.get(id);
    if (!view) throw notFound(`No chapter ${id} in your part of the tree.`);
    if (view.seenOn.getTime() !== at.getTime()) {
      throw notFound(`Chapter ${view.code} (${view.name}) does not exist on ${formatIsoDate(at)}.`);
    }
  }
  return views;
}
