// docs/domain.md §4 EM-CLASS, EM-DEMOTE, EM-REGISTER: every class boundary of the Kiên Giang 2024
// table (41/40 A, 3/4 C, 75/74%, 36/35 A, 5/6 C, 32/31 A, 7/8 C, 30/29%), converted A not
// counted and the fall-through to the next class, each demotion code and several codes dropping
// one class in total, late or missing registration and late sheets — each case both through the
// public what-if `EmulationPlan.classify` and through a real classification: a unit registered,
// self-scored, verified, computed and confirmed by the council, whose confirmed class and
// explanation must equal the what-if's (one code path). Real cases use plans of Bắc Ninh for
// past years (one plan per chapter and year) with Từ Sơn as the unit, over 50 criteria so every
// boundary fits on a sheet.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { chapterIds, computeAndConfirm, createTestPlan, INSPECTION_CODES, KG_DEMOTIONS, ok, scoreUnit, type Sheet } from "../support/emulation.ts";

let t: TestStack;
let ids: Map<string, string>;
let kgPlan: string;
const bn = { chapter: "BN", role: "OFFICER" as const };
let cases = 0;

/** A fresh (chapter, year) for a plan: one plan per chapter and year, and the unit must have
 * existed below the chapter all year (districts ended on 2025-07-01). */
function nextPlace(): { owner: { chapter: string; role: "OFFICER" }; unitCode: string; year: number } {
  const k = cases++;
  const [chapter, unitCode] = ([["BN", "BN.TS"], ["HP", "HP.HB"], ["TN", "TN.TP"]] as const)[Math.floor(k / 24)]!;
  return { owner: { chapter, role: "OFFICER" }, unitCode, year: 2001 + (k % 24) };
}

beforeAll(async () => {
  t = await startTestStack();
  ids = await chapterIds(t);
  const r = ok(await t.query(`{ chapter(code: "AG") { emulationPlans(year: 2024) { id } } }`, {}, { chapter: "AG", role: "OFFICER" }));
  kgPlan = r.chapter.emulationPlans[0].id;
}, 600_000);
afterAll(async () => t?.stop());

interface Case extends Sheet {
  share: number;
  registered?: boolean;
  onTime?: boolean;
  codes?: string[];
}

const INSPECTION_RULES = KG_DEMOTIONS.filter((d) => d.source === "INSPECTION");
const CLASSIFY = `query($p: ID!, $s: ClassifySheetInput!) { emulationPlan(id: $p) { classify(sheet: $s) { class explanation } } }`;

const ag = { chapter: "AG", role: "VIEWER" as const };

/** The what-if on Kiên Giang's 2024 plan (An Giang's history), or on another plan as Bắc Ninh. */
async function whatIf(c: Case, planId = kgPlan, as: { chapter: string; role: "OFFICER" | "VIEWER" } = bn) {
  const sheet = { aCount: c.aCount, convertedACount: c.convertedACount, cCount: c.cCount, baseChapterShare: c.share, registered: c.registered ?? true, submittedOnTime: c.onTime ?? true, demotionCodes: c.codes ?? [] };
  return ok(await t.query(CLASSIFY, { p: planId, s: sheet }, planId === kgPlan ? ag : as)).emulationPlan.classify as { class: string; explanation: string[] };
}

/** The same case as a real unit: Từ Sơn under a fresh Bắc Ninh plan, confirmed by the council. */
async function real(c: Case) {
  const { owner, unitCode, year } = nextPlace();
  // the inspection rules only: organization's and humanitarian's facts have their own tests (em-facts)
  const planId = await createTestPlan(t, owner, ids.get(owner.chapter)!, year, { demotions: INSPECTION_RULES });
  const unit = ids.get(unitCode)!;
  const [good, total] = [Math.round(c.share * 100), 100];
  await scoreUnit(t, owner, planId, unit, { ...c, baseTotal: total, baseGood: good }, {
    registeredOn: c.registered === false ? null : `${year}-02-01`,
    submittedOn: c.onTime === false ? `${year}-12-11` : `${year}-12-01`,
  });
  for (const code of c.codes ?? []) {
    ok(await t.query(`mutation($i: ChangeVerifiedEmulationSheetInput!) { changeVerifiedEmulationSheet(input: $i) { id } }`, { i: { planId, unitId: unit, reason: "Kiểm tra thực tế", addFindingCode: code, findingNote: `Phát hiện ${code}` } }, owner));
  }
  const [result] = await computeAndConfirm(t, owner, planId, [unit]);
  expect(result.status).toBe("CONFIRMED");
  const reference = await whatIf(c, planId, owner);
  return { result, reference };
}

async function expectClass(c: Case, expected: string) {
  const what = await whatIf(c);
  expect(what.class).toBe(expected);
  const { result, reference } = await real(c);
  expect(result.class).toBe(expected);
  expect(reference.class).toBe(expected);
  expect(result.explanation).toEqual(reference.explanation);
  return { what, result };
}

describe("EM-CLASS class boundaries, what-if and confirmed", () => {
  it("EM-CLASS: 41 A is Excellent, 40 A falls through to Good", async () => {
    await expectClass({ aCount: 41, convertedACount: 0, cCount: 3, share: 0.75 }, "EXCELLENT");
    const { what } = await expectClass({ aCount: 40, convertedACount: 0, cCount: 3, share: 0.75 }, "GOOD");
    expect(what.explanation.some((l) => l.includes("EXCELLENT") && l.includes("40 A counted, at least 41 needed"))).toBe(true);
  });
  it("EM-CLASS: 3 C is Excellent, 4 C falls through to Good", async () => {
    await expectClass({ aCount: 42, convertedACount: 0, cCount: 3, share: 0.8 }, "EXCELLENT");
    const { what } = await expectClass({ aCount: 42, convertedACount: 0, cCount: 4, share: 0.8 }, "GOOD");
    expect(what.explanation.join(" ")).toContain("4 C, at most 3 allowed");
  });
  it("EM-CLASS: 75% of base chapters is Excellent, 74% falls through Good (also 75%) to Average", async () => {
    await expectClass({ aCount: 41, convertedACount: 0, cCount: 3, share: 0.75 }, "EXCELLENT");
    await expectClass({ aCount: 41, convertedACount: 0, cCount: 3, share: 0.74 }, "AVERAGE");
  });
  it("EM-CLASS: 36 A is Good, 35 A falls through to Average", async () => {
    await expectClass({ aCount: 36, convertedACount: 0, cCount: 5, share: 0.75 }, "GOOD");
    await expectClass({ aCount: 35, convertedACount: 0, cCount: 5, share: 0.75 }, "AVERAGE");
  });
  it("EM-CLASS: 5 C is Good, 6 C falls through to Average", async () => {
    await expectClass({ aCount: 37, convertedACount: 0, cCount: 5, share: 0.8 }, "GOOD");
    await expectClass({ aCount: 37, convertedACount: 0, cCount: 6, share: 0.8 }, "AVERAGE");
  });
  it("EM-CLASS: 32 A is Average, 31 A is Weak", async () => {
    await expectClass({ aCount: 32, convertedACount: 0, cCount: 7, share: 0.3 }, "AVERAGE");
    await expectClass({ aCount: 31, convertedACount: 0, cCount: 7, share: 0.3 }, "WEAK");
  });
  it("EM-CLASS: 7 C is Average, 8 C is Weak", async () => {
    await expectClass({ aCount: 33, convertedACount: 0, cCount: 7, share: 0.5 }, "AVERAGE");
    await expectClass({ aCount: 33, convertedACount: 0, cCount: 8, share: 0.5 }, "WEAK");
  });
  it("EM-CLASS: 30% of base chapters is Average, 29% is Weak", async () => {
    await expectClass({ aCount: 34, convertedACount: 0, cCount: 6, share: 0.3 }, "AVERAGE");
    await expectClass({ aCount: 34, convertedACount: 0, cCount: 6, share: 0.29 }, "WEAK");
  });
  it("EM-CLASS: converted A do not count: 42 A with 1 converted is Excellent, with 2 converted (40 counted) is Good", async () => {
    await expectClass({ aCount: 42, convertedACount: 1, cCount: 2, share: 0.9 }, "EXCELLENT");
    const { result } = await expectClass({ aCount: 42, convertedACount: 2, cCount: 2, share: 0.9 }, "GOOD");
    expect(result.countedA).toBe(40);
  });
  it("EM-CLASS: the fall-through takes the highest class whose three conditions all hold (42 A, 4 C, 80% → Good)", async () => {
    const { what } = await expectClass({ aCount: 42, convertedACount: 0, cCount: 4, share: 0.8 }, "GOOD");
    expect(what.explanation[1]).toMatch(/^Xuất sắc \(EXCELLENT\): not met/);
    expect(what.explanation[2]).toMatch(/^Khá \(GOOD\): met/);
  });
});

describe("EM-DEMOTE demotion codes", () => {
  it("EM-DEMOTE: each of the plan's nine codes drops a Good unit to Average (what-if)", async () => {
    expect(KG_DEMOTIONS.map((d) => d.code)).toEqual(["DUES", "MEMBER_GROWTH", "LATE_REPORT", "NO_TRAINING", "STAFF_TRAINING", "MOVEMENT_TARGET", "FUND_TARGET", "RESOURCES", "HUMANITARIAN_MONTH"]);
    for (const code of KG_DEMOTIONS.map((d) => d.code)) {
      const r = await whatIf({ aCount: 38, convertedACount: 0, cCount: 3, share: 0.8, codes: [code] });
      expect(r.class, code).toBe("AVERAGE");
      expect(r.explanation.some((l) => l.startsWith(`EM-DEMOTE ${code}:`))).toBe(true);
    }
  });
  it("EM-DEMOTE: several codes together drop one class in total, never below Weak (what-if)", async () => {
    const all = KG_DEMOTIONS.map((d) => d.code);
    expect((await whatIf({ aCount: 42, convertedACount: 0, cCount: 1, share: 1, codes: all })).class).toBe("GOOD");
    expect((await whatIf({ aCount: 38, convertedACount: 0, cCount: 3, share: 0.8, codes: ["DUES", "RESOURCES", "LATE_REPORT"] })).class).toBe("AVERAGE");
    const weak = await whatIf({ aCount: 20, convertedACount: 0, cCount: 10, share: 0.1, codes: ["DUES", "FUND_TARGET"] });
    expect(weak.class).toBe("WEAK");
    expect(weak.explanation.at(-1)).toContain("no lower class");
  });
  it("EM-DEMOTE: each inspection finding (LATE_REPORT, NO_TRAINING, STAFF_TRAINING, MOVEMENT_TARGET) drops a confirmed Good unit to Average", async () => {
    for (const code of INSPECTION_CODES) {
      const { result } = await real({ aCount: 38, convertedACount: 0, cCount: 3, share: 0.8, codes: [code] });
      expect(result.class, code).toBe("AVERAGE");
      expect(result.demotionCodes).toEqual([code]);
      const fact = result.facts.find((f: any) => f.code === code);
      expect(fact).toMatchObject({ source: "INSPECTION", applies: true, note: `Phát hiện ${code}` });
    }
  });
  it("EM-DEMOTE: all four inspection findings together drop a confirmed Excellent unit one class in total (Good)", async () => {
    const { result, reference } = await real({ aCount: 43, convertedACount: 0, cCount: 0, share: 1, codes: INSPECTION_CODES });
    expect(result.class).toBe("GOOD");
    expect(result.explanation).toEqual(reference.explanation);
    expect(result.explanation.at(-1)).toContain("4 demotion facts drop the unit one class in total");
  });
  it("EM-DEMOTE: a code that is not one of the plan's rules is refused, naming demotionCodes", async () => {
    const r = await t.query(CLASSIFY, { p: kgPlan, s: { aCount: 40, convertedACount: 0, cCount: 1, baseChapterShare: 0.8, registered: true, submittedOnTime: true, demotionCodes: ["LATE"] } }, ag);
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((r.errors?.[0]?.extensions?.problems as any[])[0].field).toBe("sheet.demotionCodes");
  });
  it("EM-CLASS: impossible sheets are refused with the field named (converted above aCount, share above 1)", async () => {
    const r = await t.query(CLASSIFY, { p: kgPlan, s: { aCount: 10, convertedACount: 11, cCount: 1, baseChapterShare: 1.2, registered: true, submittedOnTime: true, demotionCodes: [] } }, ag);
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((r.errors?.[0]?.extensions?.problems as any[]).map((p) => p.field).sort()).toEqual(["sheet.baseChapterShare", "sheet.convertedACount"]);
  });
});

describe("EM-REGISTER registration and deadlines", () => {
  it("EM-REGISTER: not registered, or no sheet on time, is NOT_CONSIDERED whatever the scores (what-if)", async () => {
    expect((await whatIf({ aCount: 43, convertedACount: 0, cCount: 0, share: 1, registered: false })).class).toBe("NOT_CONSIDERED");
    expect((await whatIf({ aCount: 43, convertedACount: 0, cCount: 0, share: 1, onTime: false })).class).toBe("NOT_CONSIDERED");
  });
  it("EM-REGISTER: a unit that never registered is confirmed NOT_CONSIDERED", async () => {
    const { result } = await real({ aCount: 45, convertedACount: 0, cCount: 0, share: 1, registered: false });
    expect(result.class).toBe("NOT_CONSIDERED");
    expect(result.explanation[0]).toContain("did not register");
  });
  it("EM-REGISTER: a sheet sent after the deadline (11 Dec, deadline 10 Dec) is confirmed NOT_CONSIDERED", async () => {
    const { result } = await real({ aCount: 45, convertedACount: 0, cCount: 0, share: 1, onTime: false });
    expect(result.class).toBe("NOT_CONSIDERED");
    expect(result.explanation.join(" ")).toContain("after the deadline");
  });
  it("EM-REGISTER: registering on 23 Feb (deadline 22 Feb) is recorded as late and the unit is confirmed NOT_CONSIDERED", async () => {
    const { owner, unitCode, year } = nextPlace();
    const planId = await createTestPlan(t, owner, ids.get(owner.chapter)!, year, { demotions: INSPECTION_RULES });
    const unit = ids.get(unitCode)!;
    await scoreUnit(t, owner, planId, unit, { aCount: 45, convertedACount: 0, cCount: 0 }, { registeredOn: `${year}-02-23`, submittedOn: `${year}-12-01` });
    const [result] = await computeAndConfirm(t, owner, planId, [unit]);
    expect(result.class).toBe("NOT_CONSIDERED");
    expect(result.explanation[0]).toContain(`Registered on ${year}-02-23, after the deadline ${year}-02-22`);
  });
});
