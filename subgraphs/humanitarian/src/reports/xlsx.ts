// HA-CALENDAR, seed 004 §V.1: a quarterly report in its set form, as an XLSX workbook (written by
// exceljs). The seed asks the district chapters and attached schools for "bảng số liệu, danh sách đề
// xuất địa chỉ nhân đạo đã được cơ sở khảo sát, phê duyệt và đã cập nhật lên hệ thống nhân đạo điện
// tử" — a table of figures and the list of addresses proposed (surveyed), approved and uploaded to
// iNHANDAO — and the campaign counts every form of help by its value (HA-CAMPAIGNS). Three sheets:
//   "Bảng số liệu"            the chapter's whole subtree and each chapter directly below it: addresses
//                             proposed in the period and by its end, approved, uploaded; support
//                             given (records, VND)
//   "Trợ giúp theo hình thức" support by kind: records, VND (HA-SUPPORT)
//   "Danh sách địa chỉ"       the addresses proposed by the period's end, names masked (personal data
//                             never leaves in a file: HA-PROFILE)
// The figures are the report's (its days, on the tree of its last day: reports/read.ts), computed
// now — the same as the report's `current` figures. Statements do not grow with rows.
import { badInputFields, maskName, sql, formatIsoDate, todayInVietnam } from "@chapters/core";
import ExcelJS from "exceljs";
import type { HumanitarianContext } from "../builder.ts";
import { requireFiguresReader } from "../access/roles.ts";
import { sliceRoots, inSlice } from "../access/slice.ts";
import { REPORT_KINDS, type ReportKindCode } from "../calendar.ts";
import { COUNTED, figuresFor } from "../indicators/read.ts";
import { addressCategoryLabels, addressStatusLabels, reportKindLabels, supportKindLabels } from "../labels.ts";
import { owedReports, reportWindow, requireReportChapterInSlice } from "./read.ts";

/** The columns of the figures sheet, in order (the test reads them by these headers). */
export const FIGURE_COLUMNS = [
  "Đơn vị",
  "Địa chỉ đề xuất mới trong kỳ",
  "Địa chỉ đã khảo sát (lũy kế)",
  "Địa chỉ đã phê duyệt",
  "Địa chỉ đã cập nhật lên hệ thống iNHANDAO",
  "Số lượt trợ giúp",
  "Giá trị trợ giúp (đồng)",
] as const;

export const KIND_COLUMNS = ["Hình thức trợ giúp", "Số lượt", "Giá trị (đồng)"] as const;

export const LIST_COLUMNS = ["Đơn vị", "Họ tên (che)", "Diện", "Tình trạng", "Ngày khảo sát", "Ngày phê duyệt", "Ngày cập nhật hệ thống"] as const;

export interface QuarterlyAsk {
  chapterId: string;
  year: number;
  kind: ReportKindCode;
}

/** Reads ?chapterId=&year=&kind= (a quarterly report: QUARTER_1…QUARTER_4), refusing bad input by field. */
export function readAsk(query: Record<string, unknown>): QuarterlyAsk {
  const problems: { field: string; message: string }[] = [];
  const chapterId = typeof query.chapterId === "string" ? query.chapterId : "";
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(chapterId)) problems.push({ field: "chapterId", message: "give the chapter's id (a UUID)" });
  const year = Number(query.year);
  if (!Number.isInteger(year) || year < 2000 || year > todayInVietnam().getUTCFullYear() + 1) problems.push({ field: "year", message: "give the reporting year, e.g. 2023" });
  const kind = String(query.kind ?? "");
  if (!REPORT_KINDS.slice(0, 4).includes(kind as ReportKindCode)) problems.push({ field: "kind", message: "give a quarterly report: QUARTER_1, QUARTER_2, QUARTER_3 or QUARTER_4" });
  if (problems.length) throw badInputFields(problems);
  return { chapterId, year, kind: kind as ReportKindCode };
}

/** The workbook of one chapter's quarterly report. */
export async function quarterlyWorkbook(ctx: HumanitarianContext, ask: QuarterlyAsk): Promise<{ workbook: ExcelJS.Workbook; fileName: string }> {
  requireFiguresReader(ctx);
  const roots = await sliceRoots(ctx);
  await requireReportChapterInSlice(ctx.prisma, roots, ask.chapterId, ask.year);
  const owed = (await owedReports(ctx, [ask.chapterId], ask.year)).get(ask.chapterId)!;
  const period = owed.periods.find((p) => p.kind === ask.kind);
  if (!period) {
    throw badInputFields([{ field: "kind", message: `this chapter does not owe a ${ask.kind} report for ${ask.year} (reports are due only from the chapters a document names)` }]);
  }
  const window = reportWindow(owed.reporting, period);
  const [chapter] = await ctx.prisma.$queryRaw<{ code: string }[]>(sql`SELECT code FROM "TreeChapter" WHERE id = ${ask.chapterId}::uuid`);
  // the chapters directly below it on the report's last day, in the caller's slice
  const children = await ctx.prisma.$queryRaw<{ id: string; code: string }[]>(sql`
    SELECT c."descendantId"::text AS id, t.code FROM "TreeClosure" c JOIN "TreeChapter" t ON t.id = c."descendantId"
    WHERE c."ancestorId" = ${ask.chapterId}::uuid AND c.depth = 1 AND c."validFrom" <= ${window.on}::date AND (c."validTo" IS NULL OR c."validTo" > ${window.on}::date)
      AND ${inSlice('c."descendantId"', roots, window.on)}
    ORDER BY t.code`);
  const figures = await figuresFor(ctx, [ask.chapterId, ...children.map((c) => c.id)], window, false);
  const subtree = sql`(SELECT c."descendantId" FROM "TreeClosure" c WHERE c."ancestorId" = ${ask.chapterId}::uuid
    AND c."validFrom" <= ${window.on}::date AND (c."validTo" IS NULL OR c."validTo" > ${window.on}::date) AND ${inSlice('c."descendantId"', roots, window.on)})`;
  const byKind = await ctx.prisma.$queryRaw<{ kind: keyof typeof supportKindLabels; records: number; value: bigint }[]>(sql`
    SELECT s.kind::text AS kind, count(*)::int AS records, sum(s.value)::bigint AS value FROM "SupportRecord" s
    WHERE s."chapterId" IN ${subtree} AND s."givenOn" >= ${window.from}::date AND s."givenOn" <= ${window.to}::date AND ${COUNTED}
    GROUP BY s.kind ORDER BY s.kind`);
  const addresses = await ctx.prisma.$queryRaw<{ code: string; fullName: string; categories: (keyof typeof addressCategoryLabels)[]; status: keyof typeof addressStatusLabels; surveyedOn: Date; approvedOn: Date | null; publishedOn: Date | null }[]>(sql`
    SELECT t.code, a."fullName", a.categories::text[] AS categories,
      -- the step it had reached by the period's end
      CASE WHEN a."closedOn" <= ${window.to}::date THEN 'CLOSED' WHEN a."supportedOn" <= ${window.to}::date THEN 'SUPPORTED'
        WHEN a."approvedOn" <= ${window.to}::date THEN 'APPROVED' WHEN a."profiledOn" <= ${window.to}::date THEN 'PROFILED' ELSE 'SURVEYED' END AS status,
      a."surveyedOn",
      CASE WHEN a."approvedOn" <= ${window.to}::date THEN a."approvedOn" END AS "approvedOn",
      CASE WHEN a."publishedOn" <= ${window.to}::date THEN a."publishedOn" END AS "publishedOn"
    FROM "HumanitarianAddress" a JOIN "TreeChapter" t ON t.id = a."chapterId"
    WHERE a."chapterId" IN ${subtree} AND a."surveyedOn" <= ${window.to}::date
    ORDER BY t.code, a."surveyedOn", a.id`);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Chapters";
  workbook.created = new Date(0); // a fixed stamp: the same report makes the same file
  const title = `${reportKindLabels[ask.kind]} năm ${ask.year} — ${chapter?.code ?? ask.chapterId} (số liệu từ ${formatIsoDate(window.from)} đến ${formatIsoDate(window.to)}${owed.reporting.source ? `; năm báo cáo theo ${owed.reporting.source}` : "; năm dương lịch"})`;

  const sheet = workbook.addWorksheet("Bảng số liệu");
  sheet.addRow([title]);
  sheet.addRow([...FIGURE_COLUMNS]).font = { bold: true };
  const line = (label: string, id: string) => {
    const f = figures.get(id);
    if (f) sheet.addRow([label, f.newAddresses, f.surveyed, f.approved, f.published, f.supports, Number(f.value)]);
  };
  line(`Tổng ${chapter?.code ?? ""}`.trim(), ask.chapterId);
  for (const child of children) line(child.code, child.id);
  sheet.getColumn(7).numFmt = "#,##0";

  const kinds = workbook.addWorksheet("Trợ giúp theo hình thức");
  kinds.addRow([title]);
  kinds.addRow([...KIND_COLUMNS]).font = { bold: true };
  for (const k of byKind) kinds.addRow([supportKindLabels[k.kind], k.records, Number(k.value)]);
  kinds.getColumn(3).numFmt = "#,##0";

  const list = workbook.addWorksheet("Danh sách địa chỉ");
  list.addRow([title]);
  list.addRow([...LIST_COLUMNS]).font = { bold: true };
  for (const a of addresses) {
    list.addRow([
      a.code, maskName(a.fullName), a.categories.map((c) => addressCategoryLabels[c]).join("; "), addressStatusLabels[a.status],
      formatIsoDate(a.surveyedOn), a.approvedOn ? formatIsoDate(a.approvedOn) : "", a.publishedOn ? formatIsoDate(a.publishedOn) : "",
    ]);
  }
  return { workbook, fileName: `bao-cao-${ask.kind.toLowerCase().replace("_", "-")}-${ask.year}-${chapter?.code ?? "chapter"}.xlsx` };
}
