// ORG-PEOPLE: a chapter's own full-time staff (cán bộ chuyên trách) on the year's reference date —
// the staff of the chapter itself, never of its subtree: seed 001's "2–3 at the city chapter" is
// compared with Từ Sơn's own staff, not with every ward's. In the restated view, the staff of the
// chapters whose history went to it count as its own (ORG-REFORM). Only chapters in the caller's
// slice answer. One statement for every chapter of a list.
import { requestLoader, todayInVietnam } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import { sliceRoots } from "../access/slice.ts";
import { referenceDate } from "./period.ts";
import { livesOn, scopePairs } from "./scope.ts";

/** Own staff per chapter (0 when none; null outside the slice). */
export const ownStaffLoader = (ctx: OrgContext, year: number, restated: boolean) =>
  requestLoader<string, number | null>(ctx, `own-staff@${year}|${restated}`, async (ids) => {
    const today = todayInVietnam();
    const on = referenceDate(year, today);
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<{ x: string; n: number }[]>`
      SELECT s.x::text AS x, count(m.id)::int AS n
      FROM ${scopePairs({ ids, on, restated, roots, today })} s
      LEFT JOIN "Membership" m ON m."chapterId" = s.c AND m.kind = 'STAFF' AND ${livesOn("m", "joinedOn", "leftOn", on)}
      WHERE s.own GROUP BY s.x`;
    const found = new Map(rows.map((r) => [r.x, r.n]));
    return ids.map((id) => found.get(id) ?? null);
  });
