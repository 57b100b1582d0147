// Validation of a chapter's people list imported from CSV (ORG-PEOPLE). Every row is checked and
// every problem reported with its row number (as in the spreadsheet: the header is row 1), the
// column as written in the file, and a message saying what to write instead.
import { foldForSearch, formatIsoDate, parseIsoDate } from "@chapters/core";
import { z } from "zod";
import type { MembershipKind } from "../generated/prisma/enums.ts";
import { parseCsv } from "./csv.ts";

export interface ImportedPerson {
  row: number;
  fullName: string;
  birthDate: Date | null;
  phone: string | null;
  nationalId: string | null;
  kind: MembershipKind;
  joinedOn: Date;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

type Field = "fullName" | "birthDate" | "phone" | "nationalId" | "kind" | "joinedOn";

/** Header names accepted for each field, folded (no accents, lower case). */
const HEADERS: Record<Field, string[]> = {
  fullName: ["ho va ten", "ho ten", "full name", "full_name", "fullname", "name"],
  birthDate: ["ngay sinh", "birth date", "birth_date", "birthdate"],
  phone: ["so dien thoai", "dien thoai", "sdt", "phone"],
  nationalId: ["cccd", "so cccd", "can cuoc", "so can cuoc", "cmnd/cccd", "national id", "national_id"],
  kind: ["loai", "doi tuong", "kind"],
  joinedOn: ["ngay vao hoi", "ngay tham gia", "ngay vao", "joined on", "joined_on"],
};
const REQUIRED: Field[] = ["fullName", "kind", "joinedOn"];

const KINDS: Record<string, MembershipKind> = {
  "hoi vien": "MEMBER", member: "MEMBER",
  "tinh nguyen vien": "VOLUNTEER", tnv: "VOLUNTEER", volunteer: "VOLUNTEER",
  "thanh thieu nien": "YOUTH", "thanh thieu nien chu thap do": "YOUTH", youth: "YOUTH",
  "can bo": "STAFF", "can bo chuyen trach": "STAFF", staff: "STAFF",
};

/** dd/mm/yyyy (as Vietnamese spreadsheets write it) or yyyy-mm-dd. */
export function parseDayText(text: string): Date | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) return parseIsoDate(`${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`);
  return parseIsoDate(text);
}

const optional = (text: string) => (text.trim() === "" ? undefined : text.trim());

function rowSchema(today: Date) {
  const day = (what: string) =>
    z.string().transform((text, ctx) => {
      const date = parseDayText(text);
      if (!date) {
        ctx.addIssue({ code: "custom", message: `"${text}" is not a date: write the ${what} as dd/mm/yyyy, e.g. 17/05/1990` });
        return z.NEVER;
      }
      if (date > today) ctx.addIssue({ code: "custom", message: `the ${what} ${formatIsoDate(date)} is in the future` });
      if (date.getUTCFullYear() < 1900) ctx.addIssue({ code: "custom", message: `the ${what} ${formatIsoDate(date)} is before 1900` });
      return date;
    });
  return z
    .object({
      fullName: z.string().trim().min(2, "write the person's full name").max(200, "at most 200 characters"),
      birthDate: day("birth date").optional(),
      phone: z
        .string()
        .transform((text) => text.replace(/[\s.()-]/g, "").replace(/^\+84/, "0"))
        .refine((p) => /^0\d{9}$/.test(p), "write a 10-digit phone number starting with 0, e.g. 0912 345 678")
        .optional(),
      nationalId: z.string().trim().regex(/^(\d{9}|\d{12})$/, "a CCCD has 12 digits (an old CMND 9)").optional(),
      kind: z.string().transform((text, ctx) => {
        const kind = KINDS[foldForSearch(text)];
        if (!kind) ctx.addIssue({ code: "custom", message: `"${text}" is not a kind: write hội viên, tình nguyện viên, thanh thiếu niên or cán bộ` });
        return kind as MembershipKind;
      }),
      joinedOn: day("joining date"),
    })
    .superRefine((v, ctx) => {
      if (v.birthDate && v.joinedOn < v.birthDate) ctx.addIssue({ code: "custom", path: ["joinedOn"], message: "the joining date is before the birth date" });
    });
}

/** Reads and checks the whole file; returns either every person or every problem. */
export function readPeopleCsv(text: string, today: Date): { people: ImportedPerson[]; problems: RowProblem[] } {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) return { people: [], problems: [{ row: 1, column: "", message: "the file is empty: the first row must name the columns" }] };
  const problems: RowProblem[] = [];
  const columnOf = new Map<Field, number>();
  const written = new Map<Field, string>();
  header.cells.forEach((name, index) => {
    const folded = foldForSearch(name);
    const field = (Object.keys(HEADERS) as Field[]).find((f) => HEADERS[f].includes(folded));
    if (!field) problems.push({ row: header.line, column: name, message: `unknown column "${name}"; columns: Họ và tên, Ngày sinh, Số điện thoại, CCCD, Loại, Ngày vào Hội` });
    else if (columnOf.has(field)) problems.push({ row: header.line, column: name, message: `column "${name}" appears twice` });
    else {
      columnOf.set(field, index);
      written.set(field, name.trim());
    }
  });
  for (const field of REQUIRED) {
    if (!columnOf.has(field)) problems.push({ row: header.line, column: HEADERS[field][0]!, message: `the column ${HEADERS[field][0]} is missing` });
  }
  if (problems.length) return { people: [], problems };
  if (rows.length === 1) return { people: [], problems: [{ row: 2, column: "", message: "the file has no people below the header row" }] };

  const schema = rowSchema(today);
  const people: ImportedPerson[] = [];
  const seenIds = new Map<string, number>();
  const problemsLater: RowProblem[] = [];
  for (const row of rows.slice(1)) {
    const cell = (f: Field) => (columnOf.has(f) ? optional(row.cells[columnOf.get(f)!] ?? "") : undefined);
    const input = Object.fromEntries((Object.keys(HEADERS) as Field[]).map((f) => [f, cell(f)]));
    const parsed = schema.safeParse(input);
    // duplicates are checked on every row, even one with other problems
    const nationalId = cell("nationalId");
    if (nationalId) {
      const first = seenIds.get(nationalId);
      if (first) problemsLater.push({ row: row.line, column: written.get("nationalId")!, message: `CCCD ${nationalId} is already on row ${first} of this file` });
      else seenIds.set(nationalId, row.line);
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        const message = issue.code === "invalid_type" ? "this column cannot be empty" : issue.message;
        problems.push({ row: row.line, column: written.get(field) ?? String(field), message });
      }
      problems.push(...problemsLater.splice(0));
      continue;
    }
    problems.push(...problemsLater.splice(0));
    const v = parsed.data;
    people.push({ row: row.line, fullName: v.fullName, birthDate: v.birthDate ?? null, phone: v.phone ?? null, nationalId: v.nationalId ?? null, kind: v.kind, joinedOn: v.joinedOn });
  }
  return problems.length ? { people: [], problems } : { people, problems };
}
