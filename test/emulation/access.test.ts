// docs/domain.md §4 EM-SCORE, EM-PLAN, EM-RANK, EM-CONFERENCE, EM-LIVE with ORG-TREE slices: each
// level sees its own slice (An Giang sees Kiên Giang's history, Hải Phòng does not), cluster
// heads see and forward their cluster's sheets and nobody beside does, the verified sheet's
// audit trail is complete (who, when, from, to, why) and frozen by the council's confirmation,
// failed mutations write nothing, idempotency keys count once, partners and screens read only
// what they are granted, the delegate quota refuses with a clear error, and announcing an
// honouree publishes the ceremony's running list.
import type { EmulationPrisma } from "@chapters/emulation";
import { HONOURS_TOPIC, type HonoursEvent } from "@chapters/emulation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { chapterIds, computeAndConfirm, createTestPlan, gradesOf, ok, scoreUnit } from "../support/emulation.ts";

let t: TestStack;
let db: EmulationPrisma;
let ids: Map<string, string>;
let kgPlan: string;
let hpPlan: string;
const hp = { chapter: "HP", role: "OFFICER" as const };
const code = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  // partners and screens send ad-hoc queries here: these tests are about the subgraph's own rules
  t = await startTestStack({ gateway: { registeredOnly: [] } });
  db = t.stack.services.emulation!.database.prisma as EmulationPrisma;
  ids = await chapterIds(t);
  kgPlan = (await db.emulationPlan.findFirstOrThrow({ where: { year: 2024, chapterId: ids.get("KG") } })).id;
  // Hải Phòng's 2026 plan: its wards sit directly below it since the reform
  hpPlan = await createTestPlan(t, hp, ids.get("HP")!, 2026);
  ok(await t.query(`mutation($i: CreateEmulationClusterInput!) { createEmulationCluster(input: $i) { id } }`, {
    i: { planId: hpPlan, name: "Cụm Hồng Bàng", unitIds: [ids.get("HP.HB.HVT"), ids.get("HP.HB.MKH")], headId: ids.get("HP.HB.HVT") },
  }, hp));
  // each ward registers and self-scores itself; the province's inspection team verifies
  for (const unit of ["HP.HB.HVT", "HP.HB.MKH", "HP.LC.ABI"]) {
    const own = { chapter: unit, role: "OFFICER" as const };
    const [planId, unitId] = [hpPlan, ids.get(unit)!];
    ok(await t.query(`mutation($i: RegisterForEmulationInput!) { registerForEmulation(input: $i) { late } }`, { i: { planId, unitId } }, own));
    ok(await t.query(`mutation($i: SubmitEmulationSheetInput!) { submitEmulationSheet(input: $i) { id } }`, {
      i: { planId, unitId, baseChaptersTotal: 4, baseChaptersGood: 4, grades: gradesOf({ aCount: 42, convertedACount: 0, cCount: 1 }) },
    }, own));
    const selfVerify = await t.query(`mutation($i: VerifyEmulationSheetInput!) { verifyEmulationSheet(input: $i) { id } }`, { i: { planId, unitId, reason: "Tự thẩm định" } }, own);
    expect(code(selfVerify)).toBe("FORBIDDEN");
    ok(await t.query(`mutation($i: VerifyEmulationSheetInput!) { verifyEmulationSheet(input: $i) { id } }`, { i: { planId, unitId, reason: "Thẩm định cuối năm" } }, hp));
  }
}, 600_000);
afterAll(async () => t?.stop());

const SHEETS = `query($p: ID!) { emulationPlan(id: $p) { id sheets(kind: SELF) { totalCount nodes { unitCode forwardedBy } } results { nodes { unitCode } } } }`;

describe("ORG-TREE slices and EM-SCORE cluster heads", () => {
  it("ORG-TREE: An Giang sees Kiên Giang's 2024 plan (its history); Hải Phòng and Bắc Ninh see nothing of it", async () => {
    const ag = ok(await t.query(`{ chapter(code: "AG") { emulationPlans(year: 2024) { id } } }`, {}, { chapter: "AG", role: "VIEWER" }));
    expect(ag.chapter.emulationPlans.map((p: any) => p.id)).toEqual([kgPlan]);
    for (const chapter of ["HP", "BN"]) {
      const r = ok(await t.query(SHEETS, { p: kgPlan }, { chapter, role: "ADMIN" }));
      expect(r.emulationPlan, chapter).toBeNull();
    }
  });

  it("EM-SCORE: a cluster head sees its cluster's sheets and results; a member only its own; a unit outside the cluster only its own, none of theirs", async () => {
    const head = ok(await t.query(SHEETS, { p: kgPlan }, { chapter: "KG.RG", role: "VIEWER" }));
    expect(head.emulationPlan.sheets.nodes.map((n: any) => n.unitCode).sort()).toEqual(["KG.CT", "KG.RG"]);
    const member = ok(await t.query(SHEETS, { p: kgPlan }, { chapter: "KG.CT", role: "VIEWER" }));
    expect(member.emulationPlan.sheets.nodes.map((n: any) => n.unitCode)).toEqual(["KG.CT"]);
    expect(member.emulationPlan.results.nodes.map((n: any) => n.unitCode)).toEqual(["KG.CT"]);
    const outside = ok(await t.query(SHEETS, { p: kgPlan }, { chapter: "KG.BVDK", role: "VIEWER" }));
    expect(outside.emulationPlan.sheets.nodes.map((n: any) => n.unitCode)).toEqual(["KG.BVDK"]);
    expect(outside.emulationPlan.results.nodes.map((n: any) => n.unitCode)).toEqual(["KG.BVDK"]);
    const province = ok(await t.query(SHEETS, { p: kgPlan }, { chapter: "AG", role: "VIEWER" }));
    expect(province.emulationPlan.sheets.totalCount).toBe(3);
  });

  it("EM-SCORE: the head of Hồng Bàng's cluster forwards a member's sheet; the member cannot forward the head's, and An Biên (another line) cannot see either", async () => {
    const fwd = `mutation($i: EmulationUnitInput!) { forwardEmulationSheet(input: $i) { unitCode forwardedBy } }`;
    const forwarded = ok(await t.query(fwd, { i: { planId: hpPlan, unitId: ids.get("HP.HB.MKH") } }, { chapter: "HP.HB.HVT", role: "OFFICER" }));
    expect(forwarded.forwardEmulationSheet).toEqual({ unitCode: "HP.HB.MKH", forwardedBy: "dev-officer@HP.HB.HVT" });
    const refused = await t.query(fwd, { i: { planId: hpPlan, unitId: ids.get("HP.HB.HVT") } }, { chapter: "HP.HB.MKH", role: "OFFICER" });
    expect(code(refused)).toBe("FORBIDDEN");
    const abi = ok(await t.query(SHEETS, { p: hpPlan }, { chapter: "HP.LC.ABI", role: "OFFICER" }));
    expect(abi.emulationPlan.sheets.nodes.map((n: any) => n.unitCode)).toEqual(["HP.LC.ABI"]);
  });
});

const CHANGE = `mutation($i: ChangeVerifiedEmulationSheetInput!) { changeVerifiedEmulationSheet(input: $i) { id } }`;
const TRAIL = `query($p: ID!, $u: ID!) { emulationPlan(id: $p) { sheet(unitId: $u, kind: VERIFIED) { grades { criterionCode grade converted }
  changes(first: 20) { totalCount nodes { field criterionCode from to reason changedBy changedAt } } } } }`;

describe("EM-SCORE the verified sheet's audit trail", () => {
  it("EM-SCORE: every change to a verified sheet is recorded with who, when, from, to and why; the unit itself cannot change it", async () => {
    const unit = ids.get("HP.LC.ABI")!;
    const base = { planId: hpPlan, unitId: unit };
    const unitOfficer = await t.query(CHANGE, { i: { ...base, reason: "Tự sửa", grade: { criterionCode: "C50", grade: "A" } } }, { chapter: "HP.LC.ABI", role: "OFFICER" });
    expect(code(unitOfficer)).toBe("FORBIDDEN");
    ok(await t.query(CHANGE, { i: { ...base, reason: "Kiểm tra thực tế: đạt chỉ tiêu", grade: { criterionCode: "C50", grade: "A" } } }, hp));
    ok(await t.query(CHANGE, { i: { ...base, reason: "Điểm quy đổi", grade: { criterionCode: "C1", grade: "A", converted: true } } }, hp));
    ok(await t.query(CHANGE, { i: { ...base, reason: "Hồ sơ Hội cơ sở", baseChaptersTotal: 5, baseChaptersGood: 3 } }, hp));
    ok(await t.query(CHANGE, { i: { ...base, reason: "Báo cáo quý III nộp chậm", addFindingCode: "LATE_REPORT", findingNote: "Báo cáo quý III nộp ngày 20/10" } }, hp));
    ok(await t.query(CHANGE, { i: { ...base, reason: "Đơn vị bổ sung chứng từ", removeFindingCode: "LATE_REPORT" } }, hp));
    const trail = ok(await t.query(TRAIL, { p: hpPlan, u: unit }, hp)).emulationPlan.sheet;
    const rows = trail.changes.nodes.map((c: any) => [c.field, c.criterionCode, c.from, c.to, c.reason, c.changedBy]);
    expect(rows).toEqual([
      ["sheet", null, null, expect.stringContaining("verified from the self-scoring sheet"), "Thẩm định cuối năm", "dev-officer@HP"],
      ["grade C50", "C50", "B", "A", "Kiểm tra thực tế: đạt chỉ tiêu", "dev-officer@HP"],
      ["grade C1", "C1", "A", "A (converted)", "Điểm quy đổi", "dev-officer@HP"],
      ["baseChapters", null, "4/4 Good or better", "3/5 Good or better", "Hồ sơ Hội cơ sở", "dev-officer@HP"],
      ["finding LATE_REPORT", null, null, "Báo cáo quý III nộp ngày 20/10", "Báo cáo quý III nộp chậm", "dev-officer@HP"],
      ["finding LATE_REPORT", null, "Báo cáo quý III nộp ngày 20/10", null, "Đơn vị bổ sung chứng từ", "dev-officer@HP"],
    ]);
    for (const c of trail.changes.nodes) expect(Date.parse(c.changedAt)).toBeGreaterThan(Date.now() - 600_000);
    expect(trail.grades.find((g: any) => g.criterionCode === "C50")).toEqual({ criterionCode: "C50", grade: "A", converted: false });
  });

  it("EM-SCORE: the council's confirmation freezes the verified sheet and the plan's rule table; the refused change writes nothing", async () => {
    const unit = ids.get("HP.HB.MKH")!;
    await computeAndConfirm(t, hp, hpPlan, [unit]);
    const before = await db.sheetChange.count();
    const r = await t.query(CHANGE, { i: { planId: hpPlan, unitId: unit, reason: "Sửa sau khi xác nhận", grade: { criterionCode: "C50", grade: "A" } } }, hp);
    expect(code(r)).toBe("CONFLICT");
    expect(r.errors?.[0]?.message).toContain("confirmed");
    expect(await db.sheetChange.count()).toBe(before);
    const grade = ok(await t.query(TRAIL, { p: hpPlan, u: unit }, hp)).emulationPlan.sheet.grades.find((g: any) => g.criterionCode === "C50");
    expect(grade.grade).toBe("B");
    const rule = await t.query(`mutation($i: SetEmulationClassRuleInput!) { setEmulationClassRule(input: $i) { id } }`, { i: { planId: hpPlan, rule: { class: "GOOD", minA: 30, maxC: 5, minBaseShare: 0.5 } } }, hp);
    expect(code(rule)).toBe("CONFLICT");
  });

  it("EM-PLAN: a rule table is data: before any confirmation a class row changes and the what-if follows it", async () => {
    const planId = await createTestPlan(t, hp, ids.get("HP")!, 2025);
    const q = `query($p: ID!) { emulationPlan(id: $p) { classify(sheet: { aCount: 38, convertedACount: 0, cCount: 2, baseChapterShare: 0.8, registered: true, submittedOnTime: true, demotionCodes: [] }) { class } } }`;
    expect(ok(await t.query(q, { p: planId }, hp)).emulationPlan.classify.class).toBe("GOOD");
    ok(await t.query(`mutation($i: SetEmulationClassRuleInput!) { setEmulationClassRule(input: $i) { id } }`, { i: { planId, rule: { class: "EXCELLENT", minA: 38, maxC: 3, minBaseShare: 0.75 } } }, hp));
    expect(ok(await t.query(q, { p: planId }, hp)).emulationPlan.classify.class).toBe("EXCELLENT");
  });
});

describe("EM-REGISTER, EM-SCORE mutation rules", () => {
  it("EM-SCORE: a sheet with an unknown criterion is refused naming the field, and writes nothing", async () => {
    const planId = await createTestPlan(t, hp, ids.get("HP")!, 2024);
    const before = await db.scoreSheet.count();
    const grades = gradesOf({ aCount: 40, convertedACount: 0, cCount: 0 });
    grades[3] = { criterionCode: "X9", grade: "A", converted: false };
    const r = await t.query(`mutation($i: SubmitEmulationSheetInput!) { submitEmulationSheet(input: $i) { id } }`, { i: { planId, unitId: ids.get("HP.HB"), baseChaptersTotal: 3, baseChaptersGood: 3, grades } }, hp);
    expect(code(r)).toBe("BAD_USER_INPUT");
    expect((r.errors?.[0]?.extensions?.problems as any[]).map((p) => p.field)).toEqual(["grades.3.criterionCode", "grades"]);
    expect(await db.scoreSheet.count()).toBe(before);
  });

  it("EM-REGISTER: an officer outside the unit's line gets NOT_FOUND; a retry with the same key registers once; the key with other input is CONFLICT", async () => {
    const planId = await createTestPlan(t, hp, ids.get("HP")!, 2023);
    const reg = `mutation($i: RegisterForEmulationInput!) { registerForEmulation(input: $i) { registeredOn late } }`;
    const outsider = await t.query(reg, { i: { planId, unitId: ids.get("HP.LC") } }, { chapter: "BN", role: "OFFICER" });
    expect(code(outsider)).toBe("NOT_FOUND");
    const input = { planId, unitId: ids.get("HP.LC"), idempotencyKey: "dang-ky-le-chan" };
    const first = ok(await t.query(reg, { i: input }, hp));
    const again = ok(await t.query(reg, { i: input }, hp));
    expect(again).toEqual(first);
    expect(await db.registration.count({ where: { planId } })).toBe(1);
    const other = await t.query(reg, { i: { ...input, unitId: ids.get("HP.HB") } }, hp);
    expect(code(other)).toBe("CONFLICT");
    const twice = await t.query(reg, { i: { planId, unitId: ids.get("HP.LC") } }, hp);
    expect(code(twice)).toBe("CONFLICT");
  });

  it("EM-RANK: the product proposes cluster leaders with ties surfaced; the council's recorded leader (with its reason) is what ranks, and it may differ from the proposal", async () => {
    const planId = await createTestPlan(t, hp, ids.get("HP")!, 2022);
    const [a, b] = [ids.get("HP.HB")!, ids.get("HP.LC")!];
    const clusterId = ok(await t.query(`mutation($i: CreateEmulationClusterInput!) { createEmulationCluster(input: $i) { id } }`, { i: { planId, name: "Cụm quận", unitIds: [a, b], headId: a } }, hp)).createEmulationCluster.id;
    await scoreUnit(t, hp, planId, a, { aCount: 44, convertedACount: 0, cCount: 1 }, { registeredOn: "2022-02-01", submittedOn: "2022-12-01" });
    await scoreUnit(t, hp, planId, b, { aCount: 44, convertedACount: 0, cCount: 1 }, { registeredOn: "2022-02-01", submittedOn: "2022-12-01" });
    await computeAndConfirm(t, hp, planId, [a, b]);
    const candidates = ok(await t.query(`query($p: ID!) { emulationPlan(id: $p) { rankingCandidates { unit { id } countedA tiedWith { id } councilLeader } } }`, { p: planId }, hp)).emulationPlan.rankingCandidates;
    expect(candidates).toHaveLength(2);
    expect(candidates.find((c: any) => c.unit.id === a).tiedWith).toEqual([{ id: b }]);
    expect(candidates.every((c: any) => !c.councilLeader)).toBe(true);
    const rank = `mutation($i: RecordEmulationRankInput!) { recordEmulationRank(input: $i) { rank rankLabel } }`;
    // a proposal is not a decision: nobody is ranked until the council records the cluster's leader
    expect(code(await t.query(rank, { i: { planId, unitId: a, place: "FIRST", note: "Quyết định của Hội đồng thi đua" } }, hp))).toBe("BAD_USER_INPUT");
    const lead = `mutation($i: DecideClusterLeaderInput!) { decideClusterLeader(input: $i) { clusterLeaders { clusterName unit { id } reason decidedBy } } }`;
    const leaders = ok(await t.query(lead, { i: { planId, clusterId, unitId: b, reason: "Hội đồng thi đua: quận Lê Chân dẫn đầu cụm (hoạt động nhân đạo nổi bật hơn)" } }, hp)).decideClusterLeader.clusterLeaders;
    expect(leaders).toEqual([{ clusterName: "Cụm quận", unit: { id: b }, reason: expect.stringContaining("Lê Chân"), decidedBy: expect.any(String) }]);
    expect(code(await t.query(rank, { i: { planId, unitId: a, place: "FIRST", note: "Quyết định" } }, hp))).toBe("BAD_USER_INPUT");
    ok(await t.query(rank, { i: { planId, unitId: b, place: "FIRST", note: "Quyết định của Hội đồng thi đua" } }, hp));
    const samePlace = await t.query(rank, { i: { planId, unitId: b, place: "SECOND", note: "Quyết định của Hội đồng thi đua" } }, hp);
    expect(code(samePlace)).toBe("CONFLICT");
    // once ranked on it, the leader decision stands
    expect(code(await t.query(lead, { i: { planId, clusterId, unitId: a, reason: "Đổi ý" } }, hp))).toBe("CONFLICT");
    const weak = await createTestPlan(t, hp, ids.get("HP")!, 2021);
    await scoreUnit(t, hp, weak, a, { aCount: 30, convertedACount: 0, cCount: 1 }, { registeredOn: "2021-02-01", submittedOn: "2021-12-01" });
    await computeAndConfirm(t, hp, weak, [a]);
    const notExcellent = await t.query(rank, { i: { planId: weak, unitId: a, place: "FIRST", note: "Quyết định" } }, hp);
    expect(code(notExcellent)).toBe("BAD_USER_INPUT");
  });
});

describe("Partners and screens", () => {
  it("EM-CLASS: a partner reads results only with the emulation-results grant; a screen never reads sheets", async () => {
    const q = `query($p: ID!) { emulationPlan(id: $p) { results { nodes { unitCode class } } } }`;
    expect(code(await t.query(q, { p: kgPlan }, { chapter: "AG", role: "PARTNER" }))).toBe("FORBIDDEN");
    const granted = ok(await t.query(q, { p: kgPlan }, { chapter: "AG", role: "PARTNER", grants: ["emulation-results"] }));
    expect(granted.emulationPlan.results.nodes).toHaveLength(3);
    expect(code(await t.query(`query($p: ID!) { emulationPlan(id: $p) { sheets(kind: SELF) { totalCount } } }`, { p: kgPlan }, { chapter: "AG", role: "SCREEN" }))).toBe("FORBIDDEN");
  });
});

describe("EM-CONFERENCE quota and EM-LIVE honours", () => {
  it("EM-CONFERENCE: a quota above Thái Nguyên's ceiling is refused, as is a level its host chapter does not hold (naming both); the delegate past the quota gets a clear CONFLICT and is not written", async () => {
    const create = `mutation($i: CreateEmulationConferenceInput!) { createEmulationConference(input: $i) { id delegateQuota programme { kind } } }`;
    const tn = { chapter: "TN", role: "OFFICER" as const };
    const tooMany = await t.query(create, { i: { chapterId: ids.get("TN.TP"), level: "DISTRICT", title: "Hội nghị thử", heldOn: "2024-12-20", delegateQuota: 151 } }, tn);
    expect(code(tooMany)).toBe("BAD_USER_INPUT");
    expect(tooMany.errors?.[0]?.message).toContain("at most 150 delegates");
    // EM-CONFERENCE: a conference's level is its host's — a commune cannot host a 250-delegate province conference
    const misplaced = await t.query(create, { i: { chapterId: ids.get("TN.TP.PDP"), level: "PROVINCE", title: "Hội nghị cấp tỉnh ở phường", heldOn: "2026-12-20" } }, tn);
    expect(code(misplaced)).toBe("BAD_USER_INPUT");
    expect(misplaced.errors?.[0]?.message).toMatch(/PROVINCE conference .* TN\.TP\.PDP is a COMMUNE chapter/);
    expect(await db.conference.count({ where: { title: "Hội nghị cấp tỉnh ở phường" } })).toBe(0);
    const conf = ok(await t.query(create, { i: { chapterId: ids.get("TN"), level: "PROVINCE", title: "Hội nghị điển hình tiên tiến 2026", heldOn: "2026-12-20", delegateQuota: 2 } }, tn)).createEmulationConference;
    expect(conf.programme.map((s: any) => s.kind)).toContain("HONOURING");
    const add = `mutation($i: AddConferenceDelegateInput!) { addConferenceDelegate(input: $i) { delegateCount } }`;
    for (const name of ["Nguyễn Văn Một", "Trần Thị Hai"]) ok(await t.query(add, { i: { conferenceId: conf.id, fullName: name, fromChapterId: ids.get("TN.TP.PDP"), exemplar: "Điển hình cấp xã" } }, tn));
    const third = await t.query(add, { i: { conferenceId: conf.id, fullName: "Lê Văn Ba", fromChapterId: ids.get("TN.TP.PDP"), exemplar: "Điển hình cấp xã" } }, tn);
    expect(code(third)).toBe("CONFLICT");
    expect(third.errors?.[0]?.message).toContain("quota is 2 delegates");
    expect(await db.delegate.count({ where: { conferenceId: conf.id } })).toBe(2);
  });

  it("EM-LIVE: announcing an honouree publishes emulation.ceremony.honours with the ceremony's running list, in announcement order", async () => {
    const events: HonoursEvent[] = [];
    const stop = await t.stack.pubsub.subscribe(HONOURS_TOPIC, (e) => events.push(e as HonoursEvent));
    const tn = { chapter: "TN", role: "OFFICER" as const };
    const conf = ok(await t.query(`{ chapter(code: "TN") { emulationConferences(year: 2020) { id level honourees { id name announced } } } }`, {}, tn)).chapter.emulationConferences.find((c: any) => c.level === "PROVINCE");
    const [first, second] = conf.honourees;
    const announce = `mutation($h: ID!) { announceHonouree(honoureeId: $h) { name announced } }`;
    ok(await t.query(announce, { h: second.id }, tn));
    ok(await t.query(announce, { h: first.id }, tn));
    const again = await t.query(announce, { h: first.id }, tn);
    expect(code(again)).toBe("CONFLICT");
    await new Promise((r) => setTimeout(r, 100));
    await stop();
    expect(events).toHaveLength(2);
    expect(events[1]!.conferenceId).toBe(conf.id);
    expect(events[1]!.running.map((h) => h.name)).toEqual([second.name, first.name]);
    expect(events[1]).toMatchObject({ announcedCount: 2, totalCount: conf.honourees.length, announced: { name: first.name } });
  });
});
