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

/** GraphQL's message for a variable that does not fit its type prints the value the caller sent
 * (`Variable "$i" got invalid value { fullName: "…", cccd: "…" }; Field "cccd" is not defined…`),
 * and a scalar's reason may quote it again. */
const INVALID_VARIABLE = /^(Variable "\$[^"]*" got invalid value )/;

/** Where the printed value ends: the first `; ` or ` at "` outside a quoted string. */
function endOfPrintedValue(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === "\\") i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (text.startsWith("; ", i) || text.startsWith(' at "', i)) return i;
  }
  return text.length;
}

/** A message with the value a caller sent replaced by "[redacted]", and any quoted value in the
 * reason after it too: what stays says which variable and why, never what it held. Other
 * messages are returned unchanged. */
export function redactMessage(message: string): string {
  const head = INVALID_VARIABLE.exec(message);
  if (!head) return message;
  const end = endOfPrintedValue(message, head[1]!.length);
  const rest = message.slice(end);
  // the reason names fields and types in quotes ("cccd", "RegisterDonorInput") and may quote the value: keep names only
  const reason = rest.replace(/"((?:[^"\\]|\\.)*)"/g, (quoted, inner: string) => (/^[$A-Za-z_][\w.[\]$]*$/.test(inner) ? quoted : `"${REDACTED}"`));
  return `${head[1]}${REDACTED}${reason}`;
}

/** A log record with personal data removed at any depth: personal-data fields by name (as in the
 * audit log) and sent values inside error messages. Errors keep their type and stack. */
export function redactLogValue(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return typeof value === "string" ? redactMessage(value) : value;
  if (value instanceof Error) {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(value) as object) as Error, value);
    Object.defineProperty(copy, "message", { value: redactMessage(value.message), enumerable: false });
    if (value.stack) Object.defineProperty(copy, "stack", { value: value.stack.replace(value.message, copy.message), enumerable: false });
    for (const [key, field] of Object.entries(value)) (copy as unknown as Record<string, unknown>)[key] = key === "name" ? field : redactField(key, field, depth);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => redactLogValue(item, depth + 1));
  if (value instanceof Date) return value;
  // an error's `name` is its class, not a person's
  const errorLike = "message" in value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, field]) => [key, errorLike && key === "name" ? field : redactField(key, field, depth)]),
  );
}

const redactField = (key: string, field: unknown, depth: number) =>
  personal.has(key.toLowerCase()) && field !== null && field !== undefined ? REDACTED : redactLogValue(field, depth + 1);

/** Longest text an audit entry keeps of one argument: a refused 10 MB string is recorded by its
 * start and its length, not stored whole. */
export const AUDIT_TEXT_LIMIT = 200;

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What an audit entry stores of a value already redacted: long text cut, and characters
 * PostgreSQL's jsonb cannot hold (NUL, half a surrogate pair) shown as U+FFFD — the refusals of
 * exactly such text are what the entry records. */
export function storableForAudit(value: ReceiptValue): ReceiptValue {
  if (typeof value === "string") {
    const clean = value.replace(UNSTORABLE, "\uFFFD");
    return clean.length > AUDIT_TEXT_LIMIT ? `${clean.slice(0, AUDIT_TEXT_LIMIT)}…(${value.length} characters)` : clean;
  }
  if (Array.isArray(value)) return value.slice(0, 100).map(storableForAudit);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, storableForAudit(field)]));
  return value;
}
