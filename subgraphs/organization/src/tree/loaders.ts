// Per-request batching of every per-chapter lookup, so a list of N chapters costs the same
// number of statements as a list of one.
import { formatIsoDate, requestLoader } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import { ancestorsOf, chaptersByKeys, childCounts, childPages, type ChapterView, type ChildPageRequest } from "./read.ts";

export function chapterLoader(ctx: OrgContext, asOf: Date) {
  return requestLoader<string, ChapterView | null>(ctx, `chapter@${formatIsoDate(asOf)}`, async (ids) => {
    const views = new Map((await chaptersByKeys(ctx, { ids: [...ids] }, asOf)).map((v) => [v.id, v]));
    return ids.map((id) => views.get(id) ?? null);
  });
}

export function childCountLoader(ctx: OrgContext, on: Date) {
  return requestLoader<string, number>(ctx, `child-count@${formatIsoDate(on)}`, async (ids) => {
    const counts = await childCounts(ctx, ids, on);
    return ids.map((id) => counts.get(id) ?? 0);
  });
}

export function ancestorsLoader(ctx: OrgContext, on: Date) {
  return requestLoader<string, ChapterView[]>(ctx, `ancestors@${formatIsoDate(on)}`, async (ids) => {
    const found = await ancestorsOf(ctx, ids, on);
    return ids.map((id) => found.get(id) ?? []);
  });
}

/** Children pages that share date, filter, order and page size are fetched together. */
export function childPageLoader(ctx: OrgContext, request: Omit<ChildPageRequest, "parentId">) {
  const key = [formatIsoDate(request.seenOn), request.levels?.join(",") ?? "", request.orderBy, request.limit, request.offset].join("|");
  return requestLoader<ChildPageRequest, { items: ChapterView[]; total: number }, string>(
    ctx,
    `children@${key}`,
    (requests) => childPages(ctx, requests),
    { cacheKeyFn: (r) => r.parentId },
  );
}
