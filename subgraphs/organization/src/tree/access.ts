// Write access: OFFICER or ADMIN of the target chapter or of a chapter above it (ORG-TREE).
import { forbidden, formatIsoDate, notFound, requireIdentity, canWrite } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import { chaptersByKeys, type ChapterView } from "./read.ts";

/** Returns the chapters as of `at`, or fails: NOT_FOUND for chapters outside the caller's slice
 * (so nothing is learnt of them), CONFLICT-free checks only. */
export async function writableChapters(ctx: OrgContext, ids: string[], at: Date): Promise<Map<string, ChapterView>> {
  const identity = requireIdentity(ctx);
  if (!canWrite(identity.role)) throw forbidden("Only an OFFICER or ADMIN may change the chapter tree.");
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
