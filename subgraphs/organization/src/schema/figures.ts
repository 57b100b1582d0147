// Chapter.figures(year, restated): the people and money of a chapter's whole subtree for a year
// (ORG-PEOPLE, ORG-DUES, ORG-FUND, ORG-COVERAGE, ORG-REFORM). Each group of figures is one
// batched statement for every chapter of a list.
import { checkYear } from "@chapters/core";
import { builder, type OrgContext } from "../builder.ts";
import { coverageRate, type CoverageCounts } from "../figures/coverage.ts";
import { collectionRate, type DuesCounts } from "../figures/dues.ts";
import type { FundSums } from "../figures/funds.ts";
import { duesThresholdLoader } from "../figures/dues-threshold.ts";
import { coverageLoader, duesLoader, fundLoader, memberLoader } from "../figures/loaders.ts";
import type { MemberCounts } from "../figures/members.ts";
import { referenceDate } from "../figures/period.ts";
import { requireFigures } from "../access/roles.ts";
import { targetLoader } from "../targets/read.ts";
import { ChapterRef } from "./chapter.ts";

export interface FiguresParent {
  chapterId: string;
  year: number;
  restated: boolean;
}

export const VND_NOTE = "whole đồng (VND), exact";

export function figuresArgs(year: number, restated: boolean | null | undefined, chapterId: string): FiguresParent {
  return { chapterId, year: checkYear(year), restated: restated ?? false };
}

const MemberFiguresRef = builder.objectRef<MemberCounts>("MemberFigures").implement({
  description: "People of the chapter's subtree on the year's reference date (hội viên, TNV, thanh thiếu niên, cán bộ)",
  fields: (t) => ({
    members: t.exposeInt("members", { description: "Hội viên" }),
    volunteers: t.exposeInt("volunteers", { description: "Tình nguyện viên" }),
    youth: t.exposeInt("youth", { description: "Thanh thiếu niên Chữ thập đỏ" }),
    staff: t.exposeInt("staff", { description: "Cán bộ chuyên trách" }),
    membersAtStart: t.exposeInt("membersAtStart", { description: "Members on the last day of the year before (tree of that day)" }),
    growth: t.exposeInt("joined", {
      description:
        "New members (phát triển hội viên mới): members on the reference date who joined during the year; members who arrived by a merger or dissolution are not new (ORG-REFORM)",
    }),
    growthRate: t.float({
      nullable: true,
      description: "growth ÷ membersAtStart; null when there were none",
      resolve: (m) => (m.membersAtStart > 0 ? m.joined / m.membersAtStart : null),
    }),
  }),
});

const DuesFiguresRef = builder.objectRef<DuesCounts & FiguresParent>("DuesFigures").implement({
  description: "Hội phí for the year: members owing and their status (see MemberDues.status for the rule)",
  fields: (t) => ({
    owing: t.exposeInt("owing", { description: "Members owing dues for the year" }),
    paid: t.exposeInt("paid"),
    exempt: t.exposeInt("exempt"),
    overdue: t.exposeInt("overdue"),
    lapsed: t.exposeInt("lapsed"),
    collected: t.expose("collected", { type: "Money", description: `Dues collected for the year, ${VND_NOTE}` }),
    rate: t.float({ nullable: true, description: "Collection rate paid ÷ (owing − exempt), 0–1; null when nobody owes", resolve: collectionRate }),
    threshold: t.float({
      nullable: true,
      description: "The collection share below which the chapter's plan demotes a unit (EM-DEMOTE; Kiên Giang: 0.9), 0–1; null where no plan sets one",
      resolve: (d, _a, ctx) => duesThresholdLoader(ctx, d.year).load(d.chapterId),
    }),
    belowThreshold: t.boolean({
      nullable: true,
      description: "Thu hội phí dưới ngưỡng: the fact emulation reads (rate < threshold); null when either is unknown",
      resolve: async (d, _a, ctx) => {
        const threshold = await duesThresholdLoader(ctx, d.year).load(d.chapterId);
        const rate = collectionRate(d);
        return threshold === null || rate === null ? null : rate < threshold;
      },
    }),
  }),
});

const FundFiguresRef = builder.objectRef<FundSums & FiguresParent>("FundFigures").implement({
  description: `Quỹ Hội on the year's reference date; amounts in ${VND_NOTE}`,
  fields: (t) => ({
    balance: t.expose("balance", { type: "Money", description: "The chapter's own fund balance" }),
    subtreeBalance: t.expose("subtreeBalance", { type: "Money", description: "Balances of the chapter and every chapter below it, summed" }),
    income: t.expose("income", { type: "Money", description: "Income recorded during the year in the subtree (transfers excluded)" }),
    spending: t.expose("spending", { type: "Money", description: "Spending recorded during the year in the subtree (transfers excluded)" }),
    target: t.field({
      type: "Money",
      nullable: true,
      description: "Year-end balance target of the chapter: its org.fund-balance target, the same row organizationIndicators reads (assigned, else the most specific FundTarget rule row); null when none applies",
      resolve: (f, _args, ctx) => fundTarget(ctx, f),
    }),
    targetMet: t.boolean({
      nullable: true,
      description: "Whether the own balance reaches the target",
      resolve: async (f, _args, ctx) => {
        const target = await fundTarget(ctx, f);
        return target === null ? null : f.balance >= target;
      },
    }),
  }),
});

/** ORG-FUND: the year-end balance target, read where organizationIndicators reads it (one target per indicator). */
async function fundTarget(ctx: OrgContext, f: FiguresParent): Promise<number | null> {
  const target = await targetLoader(ctx).load({ chapterId: f.chapterId, indicatorCode: "org.fund-balance", year: f.year, restated: f.restated });
  return target ? target.value : null;
}

/** ORG-COVERAGE: the goal is a target row of the chapter whose document states it (Từ Sơn: 80%
 * for 2023–2033), read in the figures' view; no national constant. As a share 0–1. */
async function coverageTarget(ctx: OrgContext, f: FiguresParent): Promise<number | null> {
  const target = await targetLoader(ctx).load({ chapterId: f.chapterId, indicatorCode: "org.coverage-rate", year: f.year, restated: f.restated });
  return target ? target.value / 100 : null;
}

const CoverageFiguresRef = builder.objectRef<CoverageCounts & FiguresParent>("CoverageFigures").implement({
  description: "Agencies, schools and hospitals in the area with a Red Cross organisation (ORG-COVERAGE)",
  fields: (t) => ({
    organisations: t.exposeInt("organisations", { description: "Agencies, schools and hospitals listed" }),
    covered: t.exposeInt("covered", { description: "Of those, with a Red Cross organisation" }),
    enterprises: t.exposeInt("enterprises", { description: "Enterprises listed (not part of the rate)" }),
    enterprisesCovered: t.exposeInt("enterprisesCovered"),
    rate: t.float({ nullable: true, description: "covered ÷ organisations, 0–1", resolve: coverageRate }),
    target: t.float({
      nullable: true,
      description: "The chapter's coverage target (org.coverage-rate), 0–1 (Từ Sơn: 0.8); null when its documents set none",
      resolve: (c, _a, ctx) => coverageTarget(ctx, c),
    }),
    targetMet: t.boolean({
      nullable: true,
      resolve: async (c, _a, ctx) => {
        const rate = coverageRate(c);
        const target = await coverageTarget(ctx, c);
        return rate === null || target === null ? null : rate >= target;
      },
    }),
  }),
});

export const ChapterFiguresRef = builder.objectRef<FiguresParent>("ChapterFigures").implement({
  description:
    "A chapter's figures for a year, for its whole subtree, on the year's reference date (31 December, or today for the running year). " +
    "restated=false uses the tree of that date; restated=true counts the past onto today's tree (a merged chapter's figures in its successor).",
  fields: (t) => ({
    year: t.exposeInt("year"),
    restated: t.exposeBoolean("restated"),
    asOf: t.field({ type: "Date", description: "The reference date", resolve: (f) => referenceDate(f.year) }),
    members: t.field({ type: MemberFiguresRef, resolve: (f, _a, ctx) => memberLoader(ctx, f).load(f.chapterId) }),
    dues: t.field({ type: DuesFiguresRef, resolve: async (f, _a, ctx) => ({ ...(await duesLoader(ctx, f).load(f.chapterId)), ...f }) }),
    fund: t.field({ type: FundFiguresRef, resolve: async (f, _a, ctx) => ({ ...(await fundLoader(ctx, f).load(f.chapterId)), ...f }) }),
    coverage: t.field({ type: CoverageFiguresRef, resolve: async (f, _a, ctx) => ({ ...(await coverageLoader(ctx, f).load(f.chapterId)), ...f }) }),
  }),
});

builder.objectField(ChapterRef, "figures", (t) =>
  t.field({
    type: ChapterFiguresRef,
    description: "Members, dues, fund and coverage of this chapter and everything below it, for a year",
    args: {
      year: t.arg.int({ required: true }),
      restated: t.arg.boolean({ required: false, defaultValue: false, description: "Count past years onto today's tree" }),
    },
    resolve: (c, args, ctx) => {
      requireFigures(ctx);
      return figuresArgs(args.year, args.restated, c.id);
    },
  }),
);
