// docs/domain.md §4 EM-DEMOTE, EM-CLASS, EM-RANK with the facts other subgraphs own: dues rate,
// member growth and fund balance come from organization, resources and Tháng Nhân đạo from
// humanitarian — read from their owners when the council computes, never typed in; each result
// shows which facts it used, their values and their source, and one gateway request returns a
// province's year-end table (class, explanation, facts, cluster, rank) with the owners' own
// indicators beside it, which must agree with the facts used. Statement counts of that table do
// not grow with the number of units.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildManifest } from "@chapters/gateway";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { chapterIds, computeAndConfirm, createTestPlan, KG_DEMOTIONS, ok, RESULT_FIELDS, scoreUnit, withSubgraphDb } from "../support/emulation.ts";

let t: TestStack;
let ids: Map<string, string>;
let kgPlan: string;
const admin = { chapter: "TW", role: "ADMIN" as const };
const bnOfficer = { chapter: "BN", role: "OFFICER" as const };

beforeAll(async () => {
  t = await startTestStack();
  ids = await chapterIds(t);
  kgPlan = ok(await t.query(`{ chapter(code: "AG") { emulationPlans(year: 2024) { id } } }`, {}, { chapter: "AG", role: "VIEWER" })).chapter.emulationPlans[0].id;
}, 600_000);
afterAll(async () => t?.stop());

const ORG = `query($y: Int!) { ts: chapter(code: "BN.TS", asOf: "2024-12-31") { organizationIndicators(year: $y) { indicatorCode actual target { value } } }
  td: chapter(code: "BN.TD", asOf: "2024-12-31") { organizationIndicators(year: $y) { indicatorCode actual target { value } } } }`;
const actualOf = (list: any[], code: string) => list.find((i) => i.indicatorCode === code)?.actual ?? null;

describe("EM-DEMOTE facts owned by organization", () => {
  it("EM-DEMOTE: DUES, MEMBER_GROWTH and FUND_TARGET are read from organization; three facts drop Từ Sơn one class in total", async () => {
    // next year's plan is an edit: Kiên Giang's 2024 plan copied to Bắc Ninh for 2024
    const copy = ok(await t.query(`mutation($i: CopyEmulationPlanInput!) { copyEmulationPlan(input: $i) { id year registrationDeadline criteria(first: 100) { totalCount nodes { code } } demotionRules { code } } }`, { i: { planId: kgPlan, chapterId: ids.get("BN"), year: 2024, title: "Kế hoạch thi đua năm 2024 (Bắc Ninh)" } }, admin)).copyEmulationPlan;
    expect(copy.criteria.totalCount).toBe(43);
    expect(copy.demotionRules.map((d: any) => d.code)).toContain("HUMANITARIAN_MONTH");
    const planId = copy.id;
    const codes = copy.criteria.nodes.map((c: any) => c.code);
    const [ts, td] = [ids.get("BN.TS")!, ids.get("BN.TD")!];

    const before = ok(await t.query(ORG, { y: 2024 }, bnOfficer));
    const tsDues = actualOf(before.ts.organizationIndicators, "org.dues-rate");
    const tdDues = actualOf(before.td.organizationIndicators, "org.dues-rate");
    const tsJoined = actualOf(before.ts.organizationIndicators, "org.member-growth");
    const tsFund = actualOf(before.ts.organizationIndicators, "org.fund-balance");
    expect(tsDues).not.toBeNull();
    expect(tdDues).not.toBeNull();
    // targets are organization's: assigned there, never in emulation
    const assign = `mutation($i: AssignTargetsInput!) { assignTargets(input: $i) { value } }`;
    ok(await t.query(assign, { i: { parentId: ids.get("BN"), year: 2024, indicatorCode: "org.member-growth", targets: [{ chapterId: ts, value: tsJoined * 2 + 10 }] } }, bnOfficer));
    ok(await t.query(assign, { i: { parentId: ids.get("BN"), year: 2024, indicatorCode: "org.fund-balance", targets: [{ chapterId: ts, value: tsFund + 1_000_000 }] } }, bnOfficer));
    // the plan's dues threshold is data: set just above Từ Sơn's rate, so the rule applies to it
    const threshold = Math.floor(tsDues) + 1;
    ok(await t.query(`mutation($i: SetEmulationDemotionRuleInput!) { setEmulationDemotionRule(input: $i) { id } }`, { i: { planId, rule: { code: "DUES", label: `Nộp hội phí đạt dưới ${threshold}%`, effect: "DEMOTE", source: "ORGANIZATION", indicatorCode: "org.dues-rate", threshold } } }, admin));

    await scoreUnit(t, bnOfficer, planId, ts, { aCount: 42, convertedACount: 0, cCount: 1, baseTotal: 10, baseGood: 9 }, { registeredOn: "2024-02-01", submittedOn: "2024-12-05" }, codes);
    await scoreUnit(t, bnOfficer, planId, td, { aCount: 38, convertedACount: 0, cCount: 2, baseTotal: 4, baseGood: 4 }, { registeredOn: "2024-02-01", submittedOn: "2024-12-05" }, codes);
    const [tsResult, tdResult] = await computeAndConfirm(t, bnOfficer, planId, [ts, td]);

    const fact = (r: any, code: string) => r.facts.find((f: any) => f.code === code);
    expect(fact(tsResult, "DUES")).toMatchObject({ source: "ORGANIZATION", indicatorCode: "org.dues-rate", actual: tsDues, threshold, applies: true });
    expect(fact(tsResult, "MEMBER_GROWTH")).toMatchObject({ source: "ORGANIZATION", actual: tsJoined, target: tsJoined * 2 + 10, applies: true });
    expect(fact(tsResult, "FUND_TARGET")).toMatchObject({ source: "ORGANIZATION", actual: tsFund, target: tsFund + 1_000_000, applies: true });
    expect(fact(tsResult, "DUES").via).toContain("organization: Chapter.figures(year: 2024).dues");
    expect(tsResult.demotionCodes.sort()).toEqual(["DUES", "FUND_TARGET", "MEMBER_GROWTH"]);
    expect(tsResult.class).toBe("GOOD");
    expect(tsResult.explanation.at(-1)).toContain("3 demotion facts drop the unit one class in total: Xuất sắc (EXCELLENT) → Khá (GOOD)");
    // Tiên Du: its own dues rate against the same threshold; it has no growth target, so that
    // fact is UNKNOWN (with what is missing and who owns it) and the council decided it (computeAndConfirm)
    expect(fact(tdResult, "DUES")).toMatchObject({ actual: tdDues, applies: tdDues < threshold });
    expect(fact(tdResult, "MEMBER_GROWTH")).toMatchObject({ status: "UNKNOWN", owner: "organization", applies: false, decision: { applies: false } });
    expect(fact(tdResult, "MEMBER_GROWTH").missing[0]).toContain("no org.member-growth target");
    expect(tdResult.class).toBe(tdDues < threshold ? "AVERAGE" : "GOOD");
  });
});

describe("EM-DEMOTE facts owned by humanitarian", () => {
  it("EM-DEMOTE: RESOURCES and HUMANITARIAN_MONTH are read from humanitarian against the resource-mobilisation target it holds; without a target they are UNKNOWN and the council decides them (audited) before it can confirm", async () => {
    const planId = await createTestPlan(t, admin, ids.get("TW")!, 2023, { demotions: KG_DEMOTIONS.filter((d) => d.source === "HUMANITARIAN") });
    ok(await t.query(`mutation($i: ResourceMobilisationTargetInput!) { setResourceMobilisationTarget(input: $i) }`, { i: { chapterId: ids.get("BN"), year: 2023, target: 1_000_000_000 } }, admin));
    const [bn, hp] = [ids.get("BN")!, ids.get("HP")!];
    await scoreUnit(t, admin, planId, bn, { aCount: 45, convertedACount: 0, cCount: 0, baseTotal: 2, baseGood: 2 }, { registeredOn: "2023-01-20", submittedOn: "2023-12-01" });
    await scoreUnit(t, admin, planId, hp, { aCount: 45, convertedACount: 0, cCount: 0, baseTotal: 2, baseGood: 2 }, { registeredOn: "2023-01-20", submittedOn: "2023-12-01" });
    const [bnResult] = await computeAndConfirm(t, admin, planId, [bn]);

    const owners = ok(await t.query(`{ chapter(code: "BN") { humanitarianIndicators(year: 2023) { indicatorCode actual } } }`, {}, admin));
    const value = actualOf(owners.chapter.humanitarianIndicators, "humanitarian.value");
    const resources = bnResult.facts.find((f: any) => f.code === "RESOURCES");
    const month = bnResult.facts.find((f: any) => f.code === "HUMANITARIAN_MONTH");
    expect(resources).toMatchObject({ source: "HUMANITARIAN", indicatorCode: "humanitarian.value", actual: value, target: 1_000_000_000, applies: (value / 1e9) * 100 < 90 });
    expect(month).toMatchObject({ source: "HUMANITARIAN", target: 1_000_000_000 });
    expect(month.actual).not.toBeNull();
    expect(month.via).toContain("THANG_NHAN_DAO");
    // Bắc Ninh raised far less than 90% of a billion in 2023; its Tháng Nhân đạo has no share to
    // reach — the 20% is Kiên Giang's 2024 rule (HA-CAMPAIGNS), humanitarian holds none for Bắc Ninh
    expect(resources.applies).toBe(true);
    expect(month).toMatchObject({ status: "DOES_NOT_APPLY", applies: false, threshold: null });
    expect(bnResult.demotionCodes.sort()).toEqual(["RESOURCES"]);
    expect(bnResult.class).toBe("GOOD");

    // Hải Phòng has no resource-mobilisation target in humanitarian: RESOURCES is UNKNOWN — not
    // "does not apply" — and the council must decide it before it can confirm (EM-DEMOTE); the
    // month has no rule in Hải Phòng, so it does not apply whatever the target
    const compute = `mutation($i: ComputeEmulationResultsInput!) { computeEmulationResults(input: $i) { id } }`;
    ok(await t.query(compute, { i: { planId, unitIds: [hp] } }, admin));
    const read = async () => ok(await t.query(`query($p: ID!, $u: ID!) { emulationPlan(id: $p) { result(unitId: $u) { ${RESULT_FIELDS} } } }`, { p: planId, u: hp }, admin)).emulationPlan.result;
    const proposed = await read();
    const hpMonth = proposed.facts.find((f: any) => f.code === "HUMANITARIAN_MONTH");
    expect(hpMonth).toMatchObject({ status: "DOES_NOT_APPLY", applies: false, decision: null });
    const hpResources = proposed.facts.find((f: any) => f.code === "RESOURCES");
    expect(hpResources).toMatchObject({ status: "UNKNOWN", applies: false, owner: "humanitarian", decision: null });
    expect(hpResources.missing.join(" ")).toContain("no resource-mobilisation target");
    expect(proposed).toMatchObject({ class: "EXCELLENT", factsUndecided: 1, factsDecidedByCouncil: 0 });
    const confirm = `mutation($i: ConfirmEmulationResultsInput!) { confirmEmulationResults(input: $i) { id } }`;
    const refused = await t.query(confirm, { i: { planId, unitIds: [hp] } }, admin);
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(refused.errors?.[0]?.message).toContain("RESOURCES");
    expect((await read()).status).toBe("PROPOSED");

    const decide = `mutation($i: DecideEmulationFactInput!) { decideEmulationFact(input: $i) { class factsUndecided factsDecidedByCouncil explanation facts { code status applies decision { applies reason decidedBy } } } }`;
    // only an UNKNOWN fact is the council's: one evaluated from the inspection's record stands
    const notUnknown = await t.query(decide, { i: { planId, unitId: hp, code: "LATE_REPORT", applies: true, reason: "Báo cáo chậm" } }, admin);
    expect(notUnknown.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    // only an UNKNOWN fact is the council's: the month, which does not apply, is not either
    const notTheirs = await t.query(decide, { i: { planId, unitId: hp, code: "HUMANITARIAN_MONTH", applies: true, reason: "Tháng Nhân đạo thấp" } }, admin);
    expect(notTheirs.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    // the council decides resources apply (its report shows less than 90%): one class down at once
    const decided = ok(await t.query(decide, { i: { planId, unitId: hp, code: "RESOURCES", applies: true, reason: "Biên bản họp Hội đồng thi đua: tổng nguồn lực đạt 60% nghị quyết" } }, admin)).decideEmulationFact;
    expect(decided).toMatchObject({ class: "GOOD", factsUndecided: 0, factsDecidedByCouncil: 1 });
    expect(decided.facts.find((f: any) => f.code === "RESOURCES")).toMatchObject({ status: "UNKNOWN", applies: true, decision: { applies: true, decidedBy: expect.any(String) } });
    expect(decided.explanation.join(" ")).toContain("EM-DEMOTE RESOURCES");
    // a later computation keeps the council's decisions
    ok(await t.query(compute, { i: { planId, unitIds: [hp] } }, admin));
    expect(await read()).toMatchObject({ class: "GOOD", factsUndecided: 0, factsDecidedByCouncil: 1 });
    ok(await t.query(confirm, { i: { planId, unitIds: [hp] } }, admin));
    const frozen = await t.query(decide, { i: { planId, unitId: hp, code: "RESOURCES", applies: true, reason: "Đổi ý" } }, admin);
    expect(frozen.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    // audited like every mutation, refusals included
    const log = ok(await t.query(`{ emulationAuditLog(operation: "decideEmulationFact", first: 200) { nodes { operation outcome variables } } }`, {}, admin)).emulationAuditLog.nodes;
    expect(log.filter((e: any) => JSON.stringify(e.variables).includes(hp)).map((e: any) => e.outcome).sort()).toEqual(["BAD_USER_INPUT", "BAD_USER_INPUT", "CONFLICT", "OK"]);
  });
});

describe("HA-CAMPAIGNS, HA-TARGETS the Tháng Nhân đạo share is humanitarian's rule row", () => {
  it("HA-CAMPAIGNS, HA-TARGETS, EM-DEMOTE: HUMANITARIAN_MONTH takes its share from humanitarian's Kiên Giang 2024 rule — changing the row changes the fact, removing it makes the rule not apply; a commune has none; a plan may not hold a copy", async () => {
    const month = KG_DEMOTIONS.find((d) => d.code === "HUMANITARIAN_MONTH")!;
    // a plan's own threshold for the month is refused: the share is not the plan's to hold
    await expect(createTestPlan(t, admin, ids.get("TW")!, 2024, { demotions: [{ ...month, threshold: 20 }] })).rejects.toThrow(/BAD_USER_INPUT[\s\S]*threshold/);
    const planId = await createTestPlan(t, admin, ids.get("TW")!, 2024, { demotions: [month] });
    const [ct, commune] = [ids.get("KG.CT")!, ids.get("KG.CT.BAN")!];
    for (const unit of [ct, commune]) await scoreUnit(t, admin, planId, unit, { aCount: 45, convertedACount: 0, cCount: 0, baseTotal: 2, baseGood: 2 }, { registeredOn: "2024-01-20", submittedOn: "2024-12-01" });
    const fact = async (unitId: string) => {
      ok(await t.query(`mutation($i: ComputeEmulationResultsInput!) { computeEmulationResults(input: $i) { id } }`, { i: { planId, unitIds: [unitId] } }, admin));
      const result = ok(await t.query(`query($p: ID!, $u: ID!) { emulationPlan(id: $p) { result(unitId: $u) { ${RESULT_FIELDS} } } }`, { p: planId, u: unitId }, admin)).emulationPlan.result;
      return result.facts.find((f: any) => f.code === "HUMANITARIAN_MONTH");
    };
    const rules = (statement: string) => withSubgraphDb(t, "humanitarian", (db) => db.query(statement, [ids.get("KG")]));
    const saved = (await rules(`SELECT json_agg(r) AS rows FROM "HumanitarianRule" r WHERE "chapterId" = $1 AND "indicatorCode" = 'humanitarian.month-share'`)).rows[0].rows;
    expect(saved).toHaveLength(2); // the province (depth 0) and its districts (depth 1)
    // Châu Thành 2024: 40 M of 200 M is exactly the 20% humanitarian's row sets — not below it
    expect(await fact(ct)).toMatchObject({ actual: 40_000_000, target: 200_000_000, threshold: 20, status: "DOES_NOT_APPLY" });
    // the commune: the rule is the province's and its districts' only
    expect(await fact(commune)).toMatchObject({ threshold: null, status: "DOES_NOT_APPLY" });
    // humanitarian's row says 25%: the same month is now below it
    await rules(`UPDATE "HumanitarianRule" SET threshold = 25 WHERE "chapterId" = $1 AND "indicatorCode" = 'humanitarian.month-share'`);
    expect(await fact(ct)).toMatchObject({ threshold: 25, status: "APPLIES", applies: true });
    // no row at all: no document sets a share, so the rule does not apply
    await rules(`DELETE FROM "HumanitarianRule" WHERE "chapterId" = $1 AND "indicatorCode" = 'humanitarian.month-share'`);
    const none = await fact(ct);
    expect(none).toMatchObject({ threshold: null, status: "DOES_NOT_APPLY", applies: false });
    expect(none.note).toContain("no rule");
    // the demo's rows back, for the suites after this one
    await withSubgraphDb(t, "humanitarian", (db) => db.query(`INSERT INTO "HumanitarianRule" SELECT * FROM json_populate_recordset(NULL::"HumanitarianRule", $1)`, [JSON.stringify(saved)]));
  }, 180_000);
});

const TABLE = `query { chapter(code: "AG") { code emulationPlans(year: 2024) { title chapter { id }
  results(first: 50) { totalCount nodes { unitCode class classLabel explanation status rank rankLabel cluster { name unitIsHead }
    facts { code source sourceLabel indicatorCode actual target value threshold applies note via }
    unit { id organizationIndicators(year: 2024) { indicatorCode actual target { value } } humanitarianIndicators(year: 2024) { indicatorCode actual } } } }
  rankingCandidates { unit { id } countedA tiedWith { id } rank } } } }`;

describe("EM-CLASS the province's year-end table in one request", () => {
  it("EM-CLASS: An Giang's history holds Kiên Giang's 2024 table: each unit's class, explanation, facts with values from organization and humanitarian, cluster and rank", async () => {
    const res = ok(await t.query(TABLE, {}, { chapter: "AG", role: "VIEWER" }));
    const [plan] = res.chapter.emulationPlans;
    expect(plan.chapter.id).toBe(ids.get("KG"));
    const rows = plan.results.nodes as any[];
    expect(rows.map((r) => [r.unitCode, r.class, r.status, r.rank])).toEqual([
      ["KG.RG", "EXCELLENT", "CONFIRMED", "FIRST"],
      ["KG.BVDK", "GOOD", "CONFIRMED", null],
      ["KG.CT", "AVERAGE", "CONFIRMED", null],
    ]);
    const [rg, bv, ct] = rows;
    expect(rg.cluster).toEqual({ name: "Cụm thi đua số 1", unitIsHead: true });
    expect(rg.rankLabel).toBe("Hạng Nhất");
    expect(rg.explanation[0]).toContain("41 A counted (42 A of which 1 converted, not counted)");
    expect(ct.explanation.join(" ")).toContain("EM-DEMOTE STAFF_TRAINING");
    expect(ct.explanation.join(" ")).toContain("EM-DEMOTE FUND_TARGET");
    expect(bv.explanation[0]).toContain("no base chapters: classed on its grades alone");
    for (const row of rows) {
      expect(row.facts.map((f: any) => f.code)).toEqual(["DUES", "MEMBER_GROWTH", "LATE_REPORT", "NO_TRAINING", "STAFF_TRAINING", "MOVEMENT_TARGET", "FUND_TARGET", "RESOURCES", "HUMANITARIAN_MONTH"]);
      // the facts used are the owners' own figures, which the same request also fetched from them
      for (const f of row.facts.filter((x: any) => x.source === "ORGANIZATION")) {
        expect(f.actual, `${row.unitCode} ${f.code}`).toBe(actualOf(row.unit.organizationIndicators, f.indicatorCode));
        expect(f.via).toMatch(/^organization: /);
      }
      const resources = row.facts.find((f: any) => f.code === "RESOURCES");
      expect(resources.actual).toBe(actualOf(row.unit.humanitarianIndicators, "humanitarian.value"));
      expect(resources.via).toMatch(/^humanitarian: /);
    }
    expect(plan.rankingCandidates).toEqual([{ unit: { id: ids.get("KG.RG") }, countedA: 41, tiedWith: [], rank: "FIRST" }]);
  });

  it("EM-CLASS: statements in emulation for the table do not grow with its units (3 units vs 10)", async () => {
    const q = `query($p: ID!) { emulationPlan(id: $p) { title criteria(first: 5) { totalCount nodes { code } } classRules { class } demotionRules { code }
      results(first: 50) { totalCount nodes { unitCode class explanation facts { code value } cluster { name } rank } }
      rankingCandidates { countedA } sheets(kind: VERIFIED, first: 50) { totalCount nodes { unitCode grades { grade } changes(first: 5) { totalCount nodes { reason } } } } } }`;
    const tw = ok(await t.query(`{ chapter(code: "TW") { emulationPlans(year: 2023) { id } } }`, {}, admin)).chapter.emulationPlans[0]?.id
      ?? (await createTestPlan(t, admin, ids.get("TW")!, 2023));
    // every province below the central society in 2023 gets a sheet and a result
    const provinces = ["HP", "HD", "BN", "BG", "KG", "AG", "TN", "BK", "BP", "DN"];
    for (const code of provinces) {
      const has = ok(await t.query(`query($p: ID!, $u: ID!) { emulationPlan(id: $p) { sheet(unitId: $u, kind: VERIFIED) { id } } }`, { p: tw, u: ids.get(code) }, admin)).emulationPlan.sheet;
      if (!has) await scoreUnit(t, admin, tw, ids.get(code)!, { aCount: 30 + provinces.indexOf(code), convertedACount: 1, cCount: 2 }, { registeredOn: "2023-01-20", submittedOn: "2023-12-01" });
    }
    ok(await t.query(`mutation($i: ComputeEmulationResultsInput!) { computeEmulationResults(input: $i) { id } }`, { i: { planId: tw } }, admin));
    const count = async (planId: string) => {
      const start = t.statements("emulation");
      const r = ok(await t.query(q, { p: planId }, admin));
      return { statements: t.statements("emulation") - start, rows: r.emulationPlan.results.totalCount, sheets: r.emulationPlan.sheets.totalCount };
    };
    const small = await count(kgPlan);
    const large = await count(tw);
    expect(small.rows).toBe(3);
    expect(large.rows).toBeGreaterThanOrEqual(10);
    expect(large.sheets).toBeGreaterThanOrEqual(10);
    expect(large.statements).toBe(small.statements);
  });
});

describe("EM-LIVE, EM-CLASS registered operations for screens and partners", () => {
  const idOf = (name: string) => buildManifest().operations.find((o) => o.name === name)!.id;
  const persisted = async (name: string, variables: Record<string, unknown>, token: string) => {
    const response = await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: idOf(name) } } }),
    });
    return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  };

  it("EM-LIVE: a hall screen runs ScreenCeremonyHonours (the honouring list in announcement order) and no ad-hoc query", async () => {
    const screen = await t.token("TN", "SCREEN");
    const [conference] = ok(await t.query(`{ chapter(code: "TN") { emulationConferences(year: 2020) { id level } } }`, {}, { chapter: "TN", role: "VIEWER" })).chapter.emulationConferences;
    expect(conference.level).toBe("PROVINCE");
    const res = await persisted("ScreenCeremonyHonours", { id: conference.id }, screen);
    expect(res.errors).toBeUndefined();
    expect(res.data.emulationConference.programme.map((s: any) => s.kindLabel)[6]).toBe("Tôn vinh khen thưởng tập thể, cá nhân xuất sắc");
    expect(res.data.emulationConference.honourees.map((h: any) => [h.position, h.name])).toEqual([[1, "Hội Chữ thập đỏ phường Quang Trung"], [2, "Trần Văn Thắng"], [3, "Lê Minh Đức"]]);
    const adHoc = await t.query(`query($id: ID!) { emulationConference(id: $id) { title } }`, { id: conference.id }, { token: screen });
    expect(adHoc.errors?.[0]?.extensions?.code).toBe("PERSISTED_ONLY");
  });

  it("EM-CLASS: a partner granted emulation-results runs PartnerEmulationResults for An Giang's 2024 table", async () => {
    const partner = await t.token("AG", "PARTNER", ["emulation-results"]);
    const res = await persisted("PartnerEmulationResults", { code: "AG", year: 2024 }, partner);
    expect(res.errors).toBeUndefined();
    expect(res.data.chapter.emulationPlans[0].results.nodes.map((n: any) => [n.unitCode, n.class, n.rank])).toEqual([
      ["KG.RG", "EXCELLENT", "FIRST"], ["KG.BVDK", "GOOD", null], ["KG.CT", "AVERAGE", null],
    ]);
    const ungranted = await persisted("PartnerEmulationResults", { code: "AG", year: 2024 }, await t.token("AG", "PARTNER", []));
    expect(ungranted.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("EM-REGISTER, EM-SCORE, EM-CLASS: a plan's progress for the dashboards", () => {
  it("EM-CLASS: An Giang's 2024 plan reports registrations, sheets and classes equal to its rows, for each province in one request", async () => {
    const query = `{ chapter(code: "TW") { children(first: 100, levels: [PROVINCE]) { nodes { code emulationPlans(year: 2024) { id progress {
      registered registeredLate selfSheets selfSheetsLate verifiedSheets classified confirmed byClass { class classLabel count } } } } } } }`;
    const provinces = ok(await t.query(query, {}, admin)).chapter.children.nodes;
    const ag = provinces.find((p: any) => p.code === "AG").emulationPlans.find((p: any) => p.id === kgPlan);
    const db = new pg.Client({ connectionString: t.databaseUrl("emulation"), options: "-c search_path=emulation" });
    await db.connect();
    try {
      const count = async (text: string) => Number((await db.query(text, [kgPlan])).rows[0].n);
      expect(ag.progress).toMatchObject({
        registered: await count(`SELECT count(*) AS n FROM "Registration" WHERE "planId" = $1`),
        registeredLate: await count(`SELECT count(*) AS n FROM "Registration" r JOIN "EmulationPlan" p ON p.id = r."planId" WHERE p.id = $1 AND r."registeredOn" >= p."registrationDeadline"`),
        selfSheets: await count(`SELECT count(*) AS n FROM "ScoreSheet" WHERE "planId" = $1 AND kind = 'SELF'`),
        verifiedSheets: await count(`SELECT count(*) AS n FROM "ScoreSheet" WHERE "planId" = $1 AND kind = 'VERIFIED'`),
        classified: await count(`SELECT count(*) AS n FROM "EmulationResult" WHERE "planId" = $1`),
      });
      // the confirmed table above: Rạch Giá Excellent, the hospital Good, Châu Thành Average
      expect(ag.progress.classified).toBeGreaterThan(0);
      const byClass = Object.fromEntries(ag.progress.byClass.map((c: any) => [c.class, c.count]));
      for (const { class: c, n } of (await db.query(`SELECT class::text AS class, count(*)::int AS n FROM "EmulationResult" WHERE "planId" = $1 GROUP BY class`, [kgPlan])).rows) {
        expect(byClass[c]).toBe(n);
      }
      expect(ag.progress.byClass.map((c: any) => c.classLabel)).toEqual(["Xuất sắc", "Khá", "Trung bình", "Yếu", "Không xét thi đua"]);
      expect(ag.progress.byClass.reduce((sum: number, c: any) => sum + c.count, 0)).toBe(ag.progress.classified);
    } finally {
      await db.end();
    }
  });
});
