// Demo data for the reform year (EM-REGISTER, ORG-REFORM): the 2025 plans of Kiên Giang and An
// Giang, whose districts registered in February 2025 and were dissolved on 1 July 2025 (Kiên
// Giang itself was merged into An Giang that day). A plan's units are the units as registered,
// so Rạch Giá and Châu Thành stay units of Kiên Giang's 2025 plan and Long Xuyên of An Giang's,
// although none of them is below anything on 31 December 2025; their results are read from the
// chapter their area passed to (An Giang) when restated.
// The seeds hold no 2025 plan: both plans are the 2024 plan copied through the product's own
// copy (copyEmulationPlan), and their source says so — illustrative demo rows, not seed 002's
// rules carried into another year by code.
import type { EmulationContext } from "../../subgraphs/emulation/src/builder.ts";
import { copyPlan } from "../../subgraphs/emulation/src/plans/write.ts";
import { computeResults } from "../../subgraphs/emulation/src/results/compute.ts";
import { importArrivals } from "../../subgraphs/emulation/src/arrivals/write.ts";
import { verifySheet } from "../../subgraphs/emulation/src/sheets/write.ts";
import { inTransaction } from "../../subgraphs/emulation/src/write/transaction.ts";

const BY = "seed";
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const DEMO_SOURCE = "Dữ liệu mẫu: kế hoạch năm 2025 sao chép từ kế hoạch năm 2024 của Hội Chữ thập đỏ tỉnh Kiên Giang (copyEmulationPlan); các văn bản trong seeds không nêu kế hoạch năm 2025";

type Grades = (codes: string[], a: number, c: number, converted?: number) => { criterionCode: string; grade: "A" | "B" | "C"; converted: boolean }[];

/** Kiên Giang's and An Giang's 2025 plans with their registered districts, computed (PROPOSED). */
export async function seedReformYear(ctx: EmulationContext, id: (code: string) => string, kienGiang2024PlanId: string, gradesFor: Grades): Promise<void> {
  const roots = [id("TW")];
  const [kgPlan, agPlan] = await inTransaction(ctx, async (tx) => {
    const kg = await copyPlan(tx, roots, BY, { planId: kienGiang2024PlanId, year: 2025 });
    const ag = await copyPlan(tx, roots, BY, { planId: kienGiang2024PlanId, chapterId: id("AG"), year: 2025, title: "Kế hoạch phát động thi đua công tác Hội và phong trào Chữ thập đỏ năm 2025 (tỉnh An Giang)" });
    await tx.emulationPlan.updateMany({ where: { id: { in: [kg, ag] } }, data: { source: DEMO_SOURCE } });
    return [kg, ag];
  });
  const codes = (await ctx.prisma.planCriterion.findMany({ where: { planId: kgPlan }, orderBy: { position: "asc" }, select: { code: true } })).map((c) => c.code);
  const [rachGia, chauThanh, longXuyen] = [id("KG.RG"), id("KG.CT"), id("AG.LX")];
  await inTransaction(ctx, async (tx) => {
    // a year already run: its dates are imported from the documents they come from (EM-REGISTER),
    // registered in February 2025 while the districts existed; the year-end report and sheet were
    // sent by the chapter that took over each dissolved district's area
    const kgDocument = "Danh sách đăng ký thi đua và hồ sơ tự chấm điểm năm 2025 của Hội Chữ thập đỏ tỉnh Kiên Giang (dữ liệu mẫu)";
    const agDocument = "Danh sách đăng ký thi đua và hồ sơ tự chấm điểm năm 2025 của Hội Chữ thập đỏ tỉnh An Giang (dữ liệu mẫu)";
    const report = (day: string) => ({ submittedOn: d(day), summary: "Báo cáo tổng kết công tác Hội và phong trào Chữ thập đỏ năm 2025" });
    await importArrivals(tx, roots, BY, {
      planId: kgPlan, unitId: rachGia, document: kgDocument, registeredOn: d("2025-02-12"), report: report("2025-12-04"),
      sheet: { submittedOn: d("2025-12-04"), baseChaptersTotal: 6, baseChaptersGood: 5, grades: gradesFor(codes, 40, 2) },
    });
    await importArrivals(tx, roots, BY, { planId: kgPlan, unitId: chauThanh, document: kgDocument, registeredOn: d("2025-02-18") });
    await importArrivals(tx, roots, BY, {
      planId: agPlan, unitId: longXuyen, document: agDocument, registeredOn: d("2025-02-14"), report: report("2025-12-08"),
      sheet: { submittedOn: d("2025-12-08"), baseChaptersTotal: 2, baseChaptersGood: 2, grades: gradesFor(codes, 37, 4) },
    });
    await verifySheet(tx, roots, "doan-kiem-tra@AG", { planId: kgPlan, unitId: rachGia, reason: "Đoàn kiểm tra thẩm định bảng tự chấm điểm năm 2025" });
    await verifySheet(tx, roots, "doan-kiem-tra@AG", { planId: agPlan, unitId: longXuyen, reason: "Đoàn kiểm tra thẩm định bảng tự chấm điểm năm 2025" });
  });
  // Châu Thành registered but sent no sheet: a unit of the plan, not considered (EM-REGISTER)
  await computeResults(ctx, roots, BY, { planId: kgPlan });
  await computeResults(ctx, roots, BY, { planId: agPlan });
}
