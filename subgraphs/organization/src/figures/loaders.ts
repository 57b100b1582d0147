// Per-request batching of the figures: every chapter of a list asking for the same year and
// view shares one statement for all groups of figures when the rollups answer (rollup-read.ts),
// else one statement per group computed from the rows.
import { requestLoader, todayInVietnam } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import { sliceRoots } from "../access/slice.ts";
import { coverageCounts } from "./coverage.ts";
import { duesCounts } from "./dues.ts";
import { fundSums } from "./funds.ts";
import { memberCounts } from "./members.ts";
import { referenceDate } from "./period.ts";
import { rollupFigures, type AllFigures } from "./rollup-read.ts";
import type { ScopeRequest } from "./scope.ts";

export interface FiguresKey {
  year: number;
  restated: boolean;
  /** who asks: loads from one consumer are issued in the same tick and batch together, while
   * two consumers sharing a loader could split into batches depending on timing; a loader per
   * consumer keeps the statement count fixed */
  consumer?: string;
}

type Compute<T> = (prisma: OrgContext["prisma"], base: Omit<ScopeRequest, "on">, year: number) => Promise<Map<string, T>>;

const keyOf = (key: FiguresKey) => `${key.year}|${key.restated}|${key.consumer ?? ""}`;

/** Every group of figures of the chapters of one request, from the rollups in one statement;
 * null for all when the rollups cannot answer exactly (rollup-read.ts says when). */
const rollupLoader = (ctx: OrgContext, key: FiguresKey) =>
  requestLoader<string, AllFigures | null>(ctx, `rollups@${keyOf(key)}`, async (ids) => {
    const roots = await sliceRoots(ctx);
    const found = await rollupFigures(ctx.prisma, { ids, restated: key.restated, roots, today: todayInVietnam() }, key.year);
    return ids.map((id) => found?.get(id) ?? null);
  });

/** One group of figures: from the rollups when they answer, else computed from the rows. */
function figureLoader<K extends keyof AllFigures>(group: K, compute: Compute<AllFigures[K]>) {
  return (ctx: OrgContext, key: FiguresKey) =>
    requestLoader<string, AllFigures[K]>(ctx, `${group}@${keyOf(key)}`, async (ids) => {
      const rolled = await rollupLoader(ctx, key).loadMany(ids);
      if (rolled.every((r) => r && !(r instanceof Error))) return rolled.map((r) => (r as AllFigures)[group]);
      const roots = await sliceRoots(ctx);
      const found = await compute(ctx.prisma, { ids, restated: key.restated, roots, today: todayInVietnam() }, key.year);
      return ids.map((id) => found.get(id)!);
    });
}

export const memberLoader = figureLoader("members", memberCounts);
export const duesLoader = figureLoader("dues", duesCounts);
export const fundLoader = figureLoader("fund", fundSums);
export const coverageLoader = figureLoader("coverage", coverageCounts);

