// Per-request batching of the figures: every chapter of a list asking for the same year and
// view shares one statement per kind of figure.
import { requestLoader, todayInVietnam } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import { sliceRoots } from "../tree/slice.ts";
import { coverageCounts, type CoverageCounts } from "./coverage.ts";
import { duesCounts, type DuesCounts } from "./dues.ts";
import { fundSums, fundTargets, type FundSums } from "./funds.ts";
import { memberCounts, type MemberCounts } from "./members.ts";
import { referenceDate } from "./period.ts";
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

function figureLoader<T>(name: string, compute: Compute<T>) {
  return (ctx: OrgContext, key: FiguresKey) =>
    requestLoader<string, T>(ctx, `${name}@${key.year}|${key.restated}|${key.consumer ?? ""}`, async (ids) => {
      const roots = await sliceRoots(ctx);
      const found = await compute(ctx.prisma, { ids, restated: key.restated, roots, today: todayInVietnam() }, key.year);
      return ids.map((id) => found.get(id)!);
    });
}

export const memberLoader = figureLoader<MemberCounts>("members", memberCounts);
export const duesLoader = figureLoader<DuesCounts>("dues", duesCounts);
export const fundLoader = figureLoader<FundSums>("funds", fundSums);
export const coverageLoader = figureLoader<CoverageCounts>("coverage", coverageCounts);

/** Fund targets apply to a chapter as it stood on the year's reference date. */
export const fundTargetLoader = (ctx: OrgContext, year: number) =>
  requestLoader<string, number | null>(ctx, `fund-target@${year}`, async (ids) => {
    const found = await fundTargets(ctx.prisma, ids, referenceDate(year));
    return ids.map((id) => found.get(id) ?? null);
  });
