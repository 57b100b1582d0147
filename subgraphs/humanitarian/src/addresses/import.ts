// HA-PROFILE: CSV import of surveyed addresses, in the form a commune keeps them in a spreadsheet.
// Columns (header row, any order; Vietnamese names as in the commune's sheet):
//   Họ và tên | Năm sinh | Loại (Cá nhân / Hộ gia đình) | Đối tượng (a category label) |
//   Số nhân khẩu | Địa chỉ | Số điện thoại | CCCD | Hoàn cảnh, nhu cầu | Ngày khảo sát (dd/mm/yyyy) |
//   Ngày đồng ý nhận trợ giúp (dd/mm/yyyy, may be blank)
// All or nothing: every bad row is listed (row, column, message) and nothing is written.
import { badInput, foldForSearch, parseCsv, todayInVietnam } from "@chapters/core";
import type { AddressCategory, AddressKind } from "../generated/prisma/enums.ts";
import { addressCategoryLabels, addressKindLabels } from "../labels.ts";
import { nationalId, phone } from "../write/inputs.ts";
import type { NewAddress } from "./write.ts";

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

const COLUMNS = {
  fullName: "Họ và tên",
  birthYear: "Năm sinh",
  kind: "Loại",
  category: "Đối tượng",
  householdSize: "Số nhân khẩu",
  addressLine: "Địa chỉ",
  phone: "Số điện thoại",
  nationalId: "CCCD",
  needs: "Hoàn cảnh, nhu cầu",
  surveyedOn: "Ngày khảo sát",
  consentOn: "Ngày đồng ý nhận trợ giúp",
} as const;
const REQUIRED: (keyof typeof COLUMNS)[] = ["fullName", "kind", "category", "addressLine", "needs", "surveyedOn"];

/** A label (accents and case ignored) or the English code, to the code. */
function lookup<K extends string>(labels: Record<K, string>, value: string): K | null {
  const folded = foldForSearch(value);
  for (const [code, label] of Object.entries(labels) as [K, string][]) {
    if (foldForSearch(label) === folded || code.toLowerCase() === folded.replace(/\s+/g, "_")) return code;
  }
  return null;
}

export function parseDayMonthYear(text: string): Date | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])));
  return date.getUTCDate() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 ? date : null;
}

/** The rows of the file as new addresses of `chapterId`, or every problem found. */
export function readAddressCsv(text: string, chapterId: string): { rows: NewAddress[]; problems: RowProblem[] } {
  const lines = parseCsv(text);
  const header = lines[0];
  if (!header) return { rows: [], problems: [{ row: 1, column: "", message: "the file is empty: the first row must name the columns" }] };
  const index = new Map(header.cells.map((c, i) => [foldForSearch(c), i]));
  const missing = REQUIRED.filter((k) => !index.has(foldForSearch(COLUMNS[k])));
  if (missing.length) {
    return { rows: [], problems: missing.map((k) => ({ row: header.line, column: COLUMNS[k], message: "this column is missing from the header row" })) };
  }
  if (lines.length === 1) return { rows: [], problems: [{ row: 2, column: "", message: "the file has no addresses below the header row" }] };
  const today = todayInVietnam();
  const rows: NewAddress[] = [];
  const problems: RowProblem[] = [];
  for (const line of lines.slice(1)) {
    const cell = (k: keyof typeof COLUMNS) => {
      const i = index.get(foldForSearch(COLUMNS[k]));
      return i === undefined ? "" : (line.cells[i] ?? "").trim();
    };
    const problem = (k: keyof typeof COLUMNS, message: string) => problems.push({ row: line.line, column: COLUMNS[k], message });
    const before = problems.length;
    for (const k of REQUIRED) if (!cell(k)) problem(k, "is required");
    const fullName = cell("fullName");
    if (fullName && (fullName.length < 2 || fullName.length > 200)) problem("fullName", "must be 2 to 200 characters");
    const kind = cell("kind") ? lookup<AddressKind>(addressKindLabels, cell("kind")) : null;
    if (cell("kind") && !kind) problem("kind", `must be one of: ${Object.values(addressKindLabels).join(", ")}`);
    // several categories separated by ";", the main one first (seed 004: e.g. "Người khuyết tật; Hộ nghèo")
    const categories = cell("category").split(";").map((c) => c.trim()).filter(Boolean).map((c) => lookup<AddressCategory>(addressCategoryLabels, c));
    const category = categories[0] ?? null;
    if (cell("category") && categories.some((c) => !c)) problem("category", `must be one or more of (separated by ";"): ${Object.values(addressCategoryLabels).join("; ")}`);
    const birthYear = cell("birthYear") ? Number(cell("birthYear")) : null;
    if (birthYear !== null && (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > today.getUTCFullYear())) problem("birthYear", "must be a year such as 1958");
    const size = cell("householdSize") ? Number(cell("householdSize")) : 1;
    if (!Number.isInteger(size) || size < 1 || size > 50) problem("householdSize", "must be a whole number from 1 to 50");
    const phoneParsed = cell("phone") ? phone.safeParse(cell("phone")) : null;
    if (phoneParsed && !phoneParsed.success) problem("phone", phoneParsed.error.issues[0]!.message);
    const idParsed = cell("nationalId") ? nationalId.safeParse(cell("nationalId")) : null;
    if (idParsed && !idParsed.success) problem("nationalId", idParsed.error.issues[0]!.message);
    const surveyedOn = cell("surveyedOn") ? parseDayMonthYear(cell("surveyedOn")) : null;
    if (cell("surveyedOn") && !surveyedOn) problem("surveyedOn", "must be a date written dd/mm/yyyy, e.g. 15/03/2023");
    if (surveyedOn && surveyedOn > today) problem("surveyedOn", "cannot be in the future");
    const consentOn = cell("consentOn") ? parseDayMonthYear(cell("consentOn")) : null;
    if (cell("consentOn") && !consentOn) problem("consentOn", "must be a date written dd/mm/yyyy, or blank");
    if (consentOn && surveyedOn && consentOn < surveyedOn) problem("consentOn", "cannot precede the survey");
    if (consentOn && consentOn > today) problem("consentOn", "cannot be in the future");
    if (cell("needs").length > 2000 || cell("addressLine").length > 500) problem("needs", "is too long (needs ≤ 2,000, address ≤ 500 characters)");
    if (problems.length > before) continue;
    rows.push({
      chapterId,
      kind: kind!,
      category: category!,
      otherCategories: categories.slice(1) as AddressCategory[],
      fullName,
      birthYear,
      nationalId: idParsed?.success ? idParsed.data : null,
      phone: phoneParsed?.success ? phoneParsed.data : null,
      addressLine: cell("addressLine"),
      householdSize: size,
      needs: cell("needs"),
      surveyedOn: surveyedOn!,
      consentOn,
    });
  }
  return { rows, problems };
}

/** The one error of a rejected file: how many rows, the first problem, and every problem in `rows`. */
export function rowsRejected(problems: RowProblem[]) {
  const first = problems[0]!;
  const count = new Set(problems.map((p) => p.row)).size;
  return badInput(
    `Nothing was imported: ${count} row(s) have problems (first: row ${first.row}${first.column ? `, column "${first.column}"` : ""}: ${first.message}). Fix them and send the whole file again.`,
    { rows: problems },
  );
}
