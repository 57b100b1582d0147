// docs/domain.md §4 EM-DEMOTE, EM-CLASS: the comparisons a demotion rule makes are exact — rates and
// shares of a target are compared in whole numbers, never as a float rounded for display — and
// a fact whose figure or target is missing is UNKNOWN (never "does not apply"). Pure: the
// evaluation the council's computation runs (facts/evaluate.ts), on the owners' exact parts.
import { describe, expect, it } from "vitest";
import { classify, evaluateFacts, withDecision, type DemotionRuleFull, type OwnedFigure } from "@chapters/emulation";

const rule = (code: string, source: "ORGANIZATION" | "HUMANITARIAN", indicatorCode: string, threshold: number | null, ofTarget: boolean): DemotionRuleFull =>
  ({ code, label: code, effect: "DEMOTE", source, indicatorCode, threshold, ofTarget, baseChaptersMayMiss: 0 });
const DUES = rule("DUES", "ORGANIZATION", "org.dues-rate", 90, false);
const RESOURCES = rule("RESOURCES", "HUMANITARIAN", "humanitarian.value", 90, true);
// HA-CAMPAIGNS: the month's share is humanitarian's rule row, read with the figure (ownerThreshold), not the plan's
const MONTH = rule("HUMANITARIAN_MONTH", "HUMANITARIAN", "humanitarian.month-value", null, true);
const KG_SHARE = { value: 20, source: "seed 002" };
const FUND = rule("FUND_TARGET", "ORGANIZATION", "org.fund-balance", 100, true);

const figure = (indicatorCode: string, f: Partial<OwnedFigure>): [string, OwnedFigure] =>
  [indicatorCode, { source: indicatorCode.startsWith("org") ? "ORGANIZATION" : "HUMANITARIAN", indicatorCode, actual: null, target: null, missing: [], via: "test", ...f }];
const one = (r: DemotionRuleFull, f: [string, OwnedFigure]) => evaluateFacts([r], new Map([f]), new Map())[0]!;

describe("EM-DEMOTE exact comparisons", () => {
  it("EM-DEMOTE: dues collected at 89.996% (22,499 of 25,000) are below 90% and demote; 90% (22,500) does not", () => {
    const below = one(DUES, figure("org.dues-rate", { actual: 89.996, rate: { num: 22_499, den: 25_000 } }));
    expect(below).toMatchObject({ status: "APPLIES", applies: true, value: 90 }); // shown rounded, compared exactly
    expect(one(DUES, figure("org.dues-rate", { actual: 90, rate: { num: 22_500, den: 25_000 } }))).toMatchObject({ status: "DOES_NOT_APPLY", applies: false });
  });

  it("EM-DEMOTE: resources at 89.996% of the resolution (89,996,000 of 100,000,000 đ) demote; at 90% they do not", () => {
    expect(one(RESOURCES, figure("humanitarian.value", { actual: 89_996_000, target: 100_000_000 }))).toMatchObject({ status: "APPLIES", value: 90 });
    expect(one(RESOURCES, figure("humanitarian.value", { actual: 90_000_000, target: 100_000_000 }))).toMatchObject({ status: "DOES_NOT_APPLY" });
  });

  it("EM-DEMOTE: a Tháng Nhân đạo at 19.996% of the resolution demotes (as humanitarian reports it not met); at 20% it does not", () => {
    expect(one(MONTH, figure("humanitarian.month-value", { actual: 19_996_000, target: 100_000_000, ownerThreshold: KG_SHARE }))).toMatchObject({ status: "APPLIES", applies: true, value: 20 });
    expect(one(MONTH, figure("humanitarian.month-value", { actual: 20_000_000, target: 100_000_000, ownerThreshold: KG_SHARE }))).toMatchObject({ status: "DOES_NOT_APPLY", applies: false });
  });

  it("HA-CAMPAIGNS: the month's share is humanitarian's rule row — another share there is the one compared, a copy left in a plan is ignored, and without a rule the fact does not apply", () => {
    const oldPlanRow = rule("HUMANITARIAN_MONTH", "HUMANITARIAN", "humanitarian.month-value", 20, true);
    expect(one(oldPlanRow, figure("humanitarian.month-value", { actual: 25_000_000, target: 100_000_000, ownerThreshold: { value: 30, source: "test" } }))).toMatchObject({ status: "APPLIES", threshold: 30 });
    const noRule = one(oldPlanRow, figure("humanitarian.month-value", { actual: 1_000_000, target: 100_000_000, ownerThreshold: null }));
    expect(noRule).toMatchObject({ status: "DOES_NOT_APPLY", applies: false, threshold: null, missing: [] });
    expect(noRule.note).toContain("no rule");
    // no target and no rule: nothing to decide
    expect(one(MONTH, figure("humanitarian.month-value", { actual: 1_000_000, target: null, missing: ["no target"], ownerThreshold: null }))).toMatchObject({ status: "DOES_NOT_APPLY" });
  });

  it("EM-DEMOTE: a missing figure or target is UNKNOWN with what is missing and its owner — never 'does not apply' — until the council decides", () => {
    const noTarget = one(MONTH, figure("humanitarian.month-value", { actual: 5_000_000, target: null, missing: ["humanitarian holds no resource-mobilisation target"], ownerThreshold: KG_SHARE }));
    expect(noTarget).toMatchObject({ status: "UNKNOWN", applies: false, owner: "humanitarian", decision: null, missing: ["humanitarian holds no resource-mobilisation target"] });
    const absent = evaluateFacts([DUES], new Map(), new Map())[0]!;
    expect(absent).toMatchObject({ status: "UNKNOWN", owner: "organization" });
    const decided = withDecision([noTarget], "HUMANITARIAN_MONTH", { applies: true, reason: "Hội đồng: không báo cáo", decidedBy: "council", decidedAt: "2025-01-10T00:00:00.000Z" })[0]!;
    expect(decided).toMatchObject({ status: "UNKNOWN", applies: true, decision: { applies: true } });
    expect(decided.note).toContain("the council decided it applies");
  });

  it("EM-DEMOTE ORG-FUND: the fund is checked at two levels — the unit's own and each base chapter's against its own target; a commune without a target makes it UNKNOWN", () => {
    const communes = (balances: [number, number | null][]) => balances.map(([actual, target], i) => ({ chapterId: `c${i}`, code: `X.${i}`, actual, target }));
    const fund = (own: number, list: [number, number | null][]) => one(FUND, figure("org.fund-balance", { actual: own, target: 50_000_000, baseChapters: communes(list) }));
    expect(fund(50_000_000, [[10_000_000, 10_000_000], [12_000_000, 10_000_000]]).status).toBe("DOES_NOT_APPLY");
    expect(fund(49_999_999, [[10_000_000, 10_000_000]]).status).toBe("APPLIES");
    expect(fund(60_000_000, [[9_999_999, 10_000_000], [12_000_000, 10_000_000]])).toMatchObject({ status: "APPLIES" });
    expect(fund(60_000_000, [[12_000_000, null]])).toMatchObject({ status: "UNKNOWN", owner: "organization" });
    // the plan may let some communes miss (default none)
    const lenient = evaluateFacts([{ ...FUND, baseChaptersMayMiss: 1 }], new Map([figure("org.fund-balance", { actual: 60_000_000, target: 50_000_000, baseChapters: communes([[1, 10_000_000], [12_000_000, 10_000_000]]) })]), new Map())[0]!;
    expect(lenient.status).toBe("DOES_NOT_APPLY");
  });
});

describe("EM-CLASS no base chapters", () => {
  const rules = {
    criteriaCount: 43, demotionsStack: false, demotions: [],
    classRules: [
      { class: "EXCELLENT" as const, position: 1, minA: 41, maxC: 3, minBaseShare: 0.75 },
      { class: "GOOD" as const, position: 2, minA: 36, maxC: 5, minBaseShare: 0.75 },
      { class: "AVERAGE" as const, position: 3, minA: 32, maxC: 7, minBaseShare: 0.3 },
    ],
  };
  it("EM-CLASS: a unit with no base chapters (43 A, 0 C) is classed on its grades alone — Excellent, and the explanation says so", () => {
    const c = classify({ aCount: 43, convertedACount: 0, cCount: 0, baseChapterShare: null, registered: true, submittedOnTime: true, demotionCodes: [] }, rules);
    expect(c.class).toBe("EXCELLENT");
    expect(c.explanation[0]).toContain("no base chapters: classed on its grades alone");
    // with base chapters the share still counts: 0% of them Good or better is Weak
    expect(classify({ aCount: 43, convertedACount: 0, cCount: 0, baseChapterShare: 0, registered: true, submittedOnTime: true, demotionCodes: [] }, rules).class).toBe("WEAK");
  });
});
