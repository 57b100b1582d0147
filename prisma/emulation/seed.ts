// Demo data for the emulation subgraph (docs/domain.md §4), through the subgraph's own write code:
//   - Kiên Giang's 2024 plan (seed 002: 43 criteria, class table, demotion rules, deadlines) and
//     its year-end table for the units directly below the province in 2024 — Rạch Giá and Châu
//     Thành (one cluster, Rạch Giá its head) and the provincial hospital's chapter (affiliated: no
//     base chapters, so classed on its grades alone). Kiên Giang was merged into An Giang on
//     2025-07-01, so on today's tree this is An Giang's history. Results are computed at seed time
//     through the same code as the council's, from the figures organization and humanitarian hold
//     (prisma/organization/kien-giang-2024.ts, prisma/humanitarian/kien-giang-2024.ts): Châu
//     Thành is demoted by a data-driven fact (a commune's fund below its target) and the hospital's
//     fund, which has no target, is UNKNOWN until the council decides it; then the council
//     confirms, and ranks Rạch Giá.
//   - the reform year (prisma/emulation/reform-2025.ts): Kiên Giang's and An Giang's 2025 plans,
//     whose districts registered in February and were dissolved on 1 July 2025 (EM-REGISTER).
//   - Thái Nguyên's conferences of advanced exemplars (seed 003) and Hải Phòng's titles (seed 000)
//     come from prisma/emulation/ceremonies.ts.
// Runs once (does nothing when a plan exists).
import type { EmulationService } from "../../subgraphs/emulation/src/server.ts";
import type { EmulationContext } from "../../subgraphs/emulation/src/builder.ts";
import { insertPlan } from "../../subgraphs/emulation/src/plans/write.ts";
import { importArrivals } from "../../subgraphs/emulation/src/arrivals/write.ts";
import { changeVerifiedSheet, createCluster, forwardSheet, verifySheet, type GradeInput } from "../../subgraphs/emulation/src/sheets/write.ts";
import { computeResults, confirmResults } from "../../subgraphs/emulation/src/results/compute.ts";
import { decideFact } from "../../subgraphs/emulation/src/facts/decide.ts";
import { decideClusterLeader, recordRank } from "../../subgraphs/emulation/src/results/rank.ts";
import { inTransaction } from "../../subgraphs/emulation/src/write/transaction.ts";
import { seedCeremonies } from "./ceremonies.ts";
import { kienGiang2024 } from "./kien-giang-2024.ts";
import { seedReformYear } from "./reform-2025.ts";

const BY = "seed";
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Grades for every criterion: `a` A (the first `converted` of them converted), `c` C, the rest B. */
export function gradesFor(codes: string[], a: number, c: number, converted = 0): GradeInput[] {
  return codes.map((criterionCode, i) => ({
    criterionCode,
    grade: i < a ? "A" : i < a + c ? "C" : "B",
    converted: i < converted,
  }));
}

/** A request context for the seed: the central society's service identity, with a fresh memo. */
export function seedContext(service: EmulationService): EmulationContext {
  return {
    identity: { subject: BY, chapterCode: "TW", role: "SERVICE", grants: [] },
    requestId: "seed",
    memo: new Map(),
    prisma: service.database.prisma,
    pubsub: undefined as never,
    live: service.live,
    facts: service.facts,
  };
}

export async function seedEmulationDemo(service: EmulationService): Promise<{ created: boolean }> {
  const prisma = service.database.prisma;
  if ((await prisma.emulationPlan.count()) > 0) return { created: false };
  const chapters = new Map((await prisma.treeChapter.findMany()).map((c) => [c.code, c.id]));
  const id = (code: string) => {
    const found = chapters.get(code);
    if (!found) throw new Error(`emulation seed: no chapter ${code} in the tree replica`);
    return found;
  };
  const ctx = seedContext(service);
  const roots = [id("TW")];
  const [rachGia, chauThanh, hospital] = [id("KG.RG"), id("KG.CT"), id("KG.BVDK")];

  const plan = kienGiang2024(id("KG"));
  const codes = plan.criteria.map((c) => c.code);
  const planId = await inTransaction(ctx, (tx) => insertPlan(tx, BY, plan));
  await inTransaction(ctx, async (tx) => {
    await createCluster(tx, roots, { planId, name: "Cụm thi đua số 1", unitIds: [rachGia, chauThanh], headId: rachGia });
    // a year already run: registrations, reports and self-scoring sheets are imported with their
    // dates and the document they come from (EM-REGISTER); "seed" is who imported them
    const document = "Hồ sơ thi đua năm 2024 của Hội Chữ thập đỏ tỉnh Kiên Giang: danh sách đăng ký, báo cáo và bảng tự chấm điểm (dữ liệu mẫu)";
    const report = (day: string) => ({ submittedOn: d(day), summary: "Báo cáo tổng kết công tác Hội và phong trào Chữ thập đỏ năm 2024" });
    await importArrivals(tx, roots, BY, {
      planId, unitId: rachGia, document, registeredOn: d("2024-02-05"), report: report("2024-12-06"),
      sheet: { submittedOn: d("2024-12-06"), baseChaptersTotal: 6, baseChaptersGood: 6, grades: gradesFor(codes, 42, 1) },
    });
    await importArrivals(tx, roots, BY, {
      planId, unitId: chauThanh, document, registeredOn: d("2024-02-20"), report: report("2024-12-09"),
      sheet: { submittedOn: d("2024-12-09"), baseChaptersTotal: 3, baseChaptersGood: 3, grades: gradesFor(codes, 38, 3) },
    });
    // the hospital's chapter has no base chapters (Hội trực thuộc): 0 of 0
    await importArrivals(tx, roots, BY, {
      planId, unitId: hospital, document, registeredOn: d("2024-02-16"), report: report("2024-12-04"),
      sheet: { submittedOn: d("2024-12-04"), baseChaptersTotal: 0, baseChaptersGood: 0, grades: gradesFor(codes, 39, 2) },
    });
    // EM-SCORE: the cluster head (Rạch Giá) forwards its cluster's sheets before 10 Dec; a past
    // year's forwarding is imported with its date and the document it comes from
    const forwarded = { at: new Date("2024-12-09T02:30:00Z"), document: "Tờ trình kết quả chấm điểm thi đua Cụm số 1 năm 2024 (dữ liệu mẫu)" };
    await forwardSheet(tx, roots, "cum-truong@KG.RG", { planId, unitId: rachGia }, forwarded);
    await forwardSheet(tx, roots, "cum-truong@KG.RG", { planId, unitId: chauThanh }, forwarded);
    await verifySheet(tx, roots, "doan-kiem-tra@KG", { planId, unitId: rachGia, reason: "Đoàn kiểm tra thẩm định bảng tự chấm điểm cuối năm 2024" });
    await verifySheet(tx, roots, "doan-kiem-tra@KG", { planId, unitId: hospital, reason: "Đoàn kiểm tra thẩm định bảng tự chấm điểm cuối năm 2024" });
    await verifySheet(tx, roots, "doan-kiem-tra@KG", { planId, unitId: chauThanh, reason: "Đoàn kiểm tra thẩm định bảng tự chấm điểm cuối năm 2024" });
    // the inspection team: one of Rạch Giá's A is a converted A; Châu Thành sent too few staff to training
    await changeVerifiedSheet(tx, roots, "doan-kiem-tra@KG", { planId, unitId: rachGia, reason: "Điểm A tiêu chí 1.1 là điểm quy đổi, không tính vào số điểm A", grade: { criterionCode: "1.1", grade: "A", converted: true } });
    await changeVerifiedSheet(tx, roots, "doan-kiem-tra@KG", { planId, unitId: chauThanh, reason: "Kiểm tra thực tế: cử cán bộ dự tập huấn của tỉnh đạt 60%", addFinding: { code: "STAFF_TRAINING", note: "Cử 3/5 cán bộ (60%) tham gia tập huấn do tỉnh tổ chức" } });
  });
  await computeResults(ctx, roots, BY, { planId });
  await inTransaction(ctx, async (tx) => {
    // EM-DEMOTE: the hospital's fund has no target in organization (seed 002 sets them for
    // districts and communes): UNKNOWN, so the council decides before it confirms
    await decideFact(tx, roots, "hoi-dong-thi-dua@KG", {
      planId, unitId: hospital, code: "FUND_TARGET", applies: false,
      reason: "Kế hoạch thi đua 2024 giao chỉ tiêu quỹ Hội cho cấp huyện và cơ sở Hội xã, phường, thị trấn; Hội trực thuộc không có chỉ tiêu quỹ: không xét hạ loại (kỳ họp thẩm định cuối năm 2024)",
    });
    await confirmResults(tx, roots, "hoi-dong-thi-dua@KG", { planId, unitIds: [rachGia, chauThanh, hospital] });
    // EM-RANK: the council records who leads the cluster (the product only proposes), then ranks
    const [cluster] = await tx.cluster.findMany({ where: { planId }, select: { id: true } });
    await decideClusterLeader(tx, roots, "hoi-dong-thi-dua@KG", { planId, clusterId: cluster!.id, unitId: rachGia, reason: "Hội đồng thi đua, khen thưởng tỉnh: thị xã Rạch Giá dẫn đầu Cụm thi đua số 1 năm 2024" });
    await recordRank(tx, roots, "hoi-dong-thi-dua@KG", { planId, unitId: rachGia, place: "FIRST", note: "Hội đồng thi đua, khen thưởng Hội Chữ thập đỏ tỉnh, kỳ họp thẩm định cuối năm 2024" });
  });
  await seedReformYear(ctx, id, planId, gradesFor);
  await seedCeremonies(ctx, id);
  return { created: true };
}
