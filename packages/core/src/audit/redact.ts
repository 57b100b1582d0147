// Which arguments hold personal data, in one place (docs/partners-and-audit.md): the audit log keeps what a
// caller asked for, minus anything that identifies or describes a person. Matched by field name
// at any depth (input objects, lists of them), case-insensitively. "name" is on the list although
// most names are of chapters and clubs: a sponsor or a delegate can be a person, and the log is
// no place to guess which.
import type { ReceiptValue } from "../db/sql.ts";

export const PERSONAL_DATA_FIELDS = [
  "fullName",
  "name",
  "birthDate",
  "dateOfBirth",
  "birthYear",
  "nationalId",
  "cccd",
  "phone",
  "address",
  "addressLine",
  "healthNote",
  "needs",
  // a CSV import holds a list of people
  "csv",
] as const;

export const REDACTED = "[redacted]";

const personal = new Set(PERSONAL_DATA_FIELDS.map((name) => name.toLowerCase()));

/** The value as JSON, with every personal-data field's value replaced by "[redacted]". */
export function redactPersonalData(value: unknown): ReceiptValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(redactPersonalData);
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, field]) => [
        key,
        personal.has(key.toLowerCase()) && field !== null && field !== undefined ? REDACTED : redactPersonalData(field),
      ]),
    );
  }
  return String(value);
}
