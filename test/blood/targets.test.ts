// BL-TARGETS through the organization's target catalogue (ORG-TARGETS, INDICATORS.md): a province
// assigns blood targets to its chapters in organization, and one request through the gateway
// returns each chapter's actual (measured by blood) beside its target (held by organization).
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => t?.stop());

const officer = { chapter: DEMO.bacNinh, role: "OFFICER" as const };
const YEAR = 2025;

const DASHBOARD = `query($y: Int!) { chapter(code: "BN") { id
  bloodIndicators(year: $y) { indicatorCode actual target { value assignedBelow { sum count } } }
  children(first: 100, levels: [COMMUNE]) { nodes { id code
    bloodFigures(year: $y) { units repeatRatePercent }
    bloodIndicators(year: $y) { indicatorCode year actual target { value unit indicator { name ownerSubgraph } } } } } } }`;

describe("BL-TARGETS actual from blood, target from organization, in one request", () => {
  it("each child chapter's blood units stand beside the target its province assigned", async () => {
    const first = await t.query(DASHBOARD, { y: YEAR }, officer);
    expect(first.errors).toBeUndefined();
    const children = first.data.chapter.children.nodes as { id: string; code: string }[];
    expect(children.length).toBeGreaterThan(2);
    const targets = children.map((c, i) => ({ chapterId: c.id, value: 100 + 10 * i }));

    const assigned = await t.query(
      `mutation($input: AssignTargetsInput!) { assignTargets(input: $input) { value } }`,
      { input: { parentId: first.data.chapter.id, year: YEAR, indicatorCode: "blood.units", targets } },
      officer,
    );
    expect(assigned.errors).toBeUndefined();

    const res = await t.query(DASHBOARD, { y: YEAR }, officer);
    expect(res.errors).toBeUndefined();
    for (const [i, child] of (res.data.chapter.children.nodes as any[]).entries()) {
      const units = child.bloodIndicators.find((x: { indicatorCode: string }) => x.indicatorCode === "blood.units");
      expect(units.actual).toBeCloseTo(child.bloodFigures.units, 6);
      expect(units.target).toMatchObject({ value: targets[i]!.value, unit: "BLOOD_UNITS", indicator: { ownerSubgraph: "blood" } });
      const repeat = child.bloodIndicators.find((x: { indicatorCode: string }) => x.indicatorCode === "blood.repeat-rate");
      expect(repeat.actual).toBe(child.bloodFigures.repeatRatePercent);
      expect(repeat.target).toBeNull();
    }
    // the province's own plan is the one organization holds (seeded from the provincial plan), no second copy in blood
    const own = res.data.chapter.bloodIndicators.find((x: { indicatorCode: string }) => x.indicatorCode === "blood.units");
    expect(own.target.value).toBe(9000);
  });

  it("the province sees the sum of what it assigned below on its own target", async () => {
    const admin = { chapter: DEMO.central, role: "ADMIN" as const };
    const tw = (await t.query(`{ chapter(code: "TW") { id } bn: chapter(code: "BN") { id } }`, {}, admin)).data;
    const set = await t.query(
      `mutation($input: AssignTargetsInput!) { assignTargets(input: $input) { value } }`,
      { input: { parentId: tw.chapter.id, year: YEAR, indicatorCode: "blood.units", targets: [{ chapterId: tw.bn.id, value: 5000 }] } },
      admin,
    );
    expect(set.errors).toBeUndefined();
    const res = await t.query(DASHBOARD, { y: YEAR }, officer);
    const own = res.data.chapter.bloodIndicators.find((x: { indicatorCode: string }) => x.indicatorCode === "blood.units");
    const children = res.data.chapter.children.nodes as any[];
    // today's communes, plus the Từ Sơn district it had until 1 July 2025 (seeded range 800–1,400: its lower bound)
    const tuSon = await t.query(`{ chapter(code: "BN.TS", asOf: "2025-06-30") { targets(year: ${YEAR}) { nodes { indicatorCode value } } } }`, {}, officer);
    const tuSonUnits = tuSon.data.chapter.targets.nodes.find((x: { indicatorCode: string }) => x.indicatorCode === "blood.units").value as number;
    expect(tuSonUnits).toBe(800);
    const expected = children.reduce((sum, c) => sum + c.bloodIndicators.find((x: { indicatorCode: string }) => x.indicatorCode === "blood.units").target.value, tuSonUnits);
    expect(own.target.value).toBe(5000);
    expect(own.target.assignedBelow.sum).toBe(expected);
  });

  it("a chapter outside the caller's slice reports no indicators", async () => {
    const res = await t.query(
      `query($id: ID!) { chapter(id: $id) { bloodIndicators(year: ${YEAR}) { indicatorCode } } }`,
      { id: (await t.query(`{ chapter(code: "BN") { id } }`, {}, officer)).data.chapter.id },
      { chapter: DEMO.haiPhong, role: "OFFICER" },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
