// HA-PLEDGE, ORG-PEOPLE: CSV import of the heads of agencies and organisations in a chapter's area,
// in the form the chapter keeps its list. Columns (header row, any order):
//   Mã (the list's own key for the row, unique in the chapter) | Họ và tên | Chức vụ |
//   Cơ quan, tổ chức | Số điện thoại | Từ ngày (dd/mm/yyyy) | Đến ngày (dd/mm/yyyy, may be blank) |
//   Mã nhà tài trợ (the head's own sponsor record, may be blank)
// All or nothing: every bad row is listed (row, column, message) and nothing is written.
import { foldForSearch, parseCsv, todayInVietnam } from "@chapters/core";
import { parseDayMonthYear, type RowProblem } from "../addresses/import.ts";
import { name, phone, reference, uuid } from "../write/inputs.ts";
import type { HeadRecord } from "./read.ts";

export const HEAD_COLUMNS = {
  reference: "Mã",
  fullName: "Họ và tên",
  position: "Chức vụ",
  organisation: "Cơ quan, tổ chức",
  phone: "Số điện thoại",
  servesFrom: "Từ ngày",
  servesUntil: "Đến ngày",
  sponsorId: "Mã nhà tài trợ",
} as const;
const REQUIRED: (keyof typeof HEAD_COLUMNS)[] = ["reference", "fullName", "position", "organisation", "servesFrom"];

/** A row of the file, with its line for problems found when writing (a sponsor not found). */
export interface HeadRow extends Omit<HeadRecord, "id" | "chapterId"> {
  line: number;
}

/** The rows of the file, or every problem found. */
export function readHeadCsv(text: string): { rows: HeadRow[]; problems: RowProblem[] } {
  const lines = parseCsv(text);
  const header = lines[0];
  if (!header) return { rows: [], problems: [{ row: 1, column: "", message: "the file is empty: the first row must name the columns" }] };
  const index = new Map(header.cells.map((c, i) => [foldForSearch(c), i]));
  const missing = REQUIRED.filter((k) => !index.has(foldForSearch(HEAD_COLUMNS[k])));
  if (missing.length) {
    return { rows: [], problems: missing.map((k) => ({ row: header.line, column: HEAD_COLUMNS[k], message: "this column is missing from the header row" })) };
  }
  if (lines.length === 1) return { rows: [], problems: [{ row: 2, column: "", message: "the file has no heads below the header row" }] };
  const today = todayInVietnam();
  const rows: HeadRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const cell = (k: keyof typeof HEAD_COLUMNS) => {
      const i = index.get(foldForSearch(HEAD_COLUMNS[k]));
      return i === undefined ? "" : (line.cells[i] ?? "").trim();
    };
    const problem = (k: keyof typeof HEAD_COLUMNS, message: string) => problems.push({ row: line.line, column: HEAD_COLUMNS[k], message });
    const before = problems.length;
    for (const k of REQUIRED) if (!cell(k)) problem(k, "is required");
    const ref = cell("reference") ? reference.safeParse(cell("reference")) : null;
    if (ref && !ref.success) problem("reference", ref.error.issues[0]!.message);
    if (ref?.success) {
      const first = seen.get(ref.data);
      if (first !== undefined) problem("reference", `repeats row ${first}: each head is listed once`);
      else seen.set(ref.data, line.line);
    }
    const fullName = cell("fullName") ? name.safeParse(cell("fullName")) : null;
    if (fullName && !fullName.success) problem("fullName", fullName.error.issues[0]!.message);
    if (cell("position").length > 200) problem("position", "must be at most 200 characters");
    if (cell("organisation").length > 300) problem("organisation", "must be at most 300 characters");
    const phoneParsed = cell("phone") ? phone.safeParse(cell("phone")) : null;
    if (phoneParsed && !phoneParsed.success) problem("phone", phoneParsed.error.issues[0]!.message);
    const servesFrom = cell("servesFrom") ? parseDayMonthYear(cell("servesFrom")) : null;
    if (cell("servesFrom") && !servesFrom) problem("servesFrom", "must be a date written dd/mm/yyyy, e.g. 01/01/2023");
    if (servesFrom && servesFrom > today) problem("servesFrom", "cannot be in the future");
    const servesUntil = cell("servesUntil") ? parseDayMonthYear(cell("servesUntil")) : null;
    if (cell("servesUntil") && !servesUntil) problem("servesUntil", "must be a date written dd/mm/yyyy, or blank");
    if (servesUntil && servesFrom && servesUntil < servesFrom) problem("servesUntil", "cannot precede the start (Từ ngày)");
    const sponsor = cell("sponsorId") ? uuid.safeParse(cell("sponsorId")) : null;
    if (sponsor && !sponsor.success) problem("sponsorId", "must be a sponsor's id as the sponsors list shows it, or blank");
    if (problems.length > before) continue;
    rows.push({
      line: line.line,
      reference: ref!.success ? ref!.data : "",
      fullName: fullName!.success ? fullName!.data : "",
      position: cell("position"),
      organisation: cell("organisation"),
      phone: phoneParsed?.success ? phoneParsed.data : null,
      servesFrom: servesFrom!,
      servesUntil,
      sponsorId: sponsor?.success ? sponsor.data : null,
    });
  }
  return { rows, problems };
}
