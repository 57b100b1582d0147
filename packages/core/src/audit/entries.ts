// Writing one audit entry (docs/partners-and-audit.md): one INSERT into the subgraph's own "AuditEntry",
// on whatever connection the caller hands in — a mutation's transaction, so the entry commits or
// rolls back with the change, or the plain client for a refused attempt or a read.
import type { RequestContext } from "../context.ts";
import type { RawTx, ReceiptValue, Sql } from "../db/sql.ts";
import { sql } from "../db/sql.ts";
import { redactPersonalData, storableForAudit } from "./redact.ts";

export const auditKinds = ["MUTATION", "GRANT_CHANGE", "PERSONAL_DATA_READ"] as const;
export type AuditKind = (typeof auditKinds)[number];

/** What happened: OK, REPLAYED (an idempotent retry, nothing changed) or the error code. */
export type AuditOutcome = "OK" | "REPLAYED" | (string & {});

export interface AuditEntry {
  kind: AuditKind;
  /** the mutation field, or for a read the operation's name */
  operation: string;
  operationName: string | null;
  /** as asked; redacted when written */
  variables: unknown;
  /** the chapter the entry concerns, when known (a uuid) */
  chapterId: string | null;
  outcome: AuditOutcome;
  records?: ReceiptValue;
}

/** Appends `entry` for the caller of `ctx` through `db`; `chapter`, when given, is an SQL
 * expression that finds the chapter in the INSERT itself (audit/target.ts). */
export async function insertAuditEntry(db: Pick<RawTx, "$executeRaw">, ctx: RequestContext, entry: AuditEntry, chapter?: Sql): Promise<void> {
  const caller = ctx.identity;
  await db.$executeRaw(sql`
    INSERT INTO "AuditEntry" ("requestId", subject, role, "callerChapter", "chapterId", kind, operation, "operationName", variables, outcome, records)
    VALUES (${ctx.requestId}, ${caller?.subject ?? "anonymous"}, ${caller?.role ?? "NONE"}, ${caller?.chapterCode ?? ""},
            ${chapter ?? sql`${entry.chapterId}::uuid`}, ${entry.kind}::"AuditKind", ${entry.operation}, ${entry.operationName},
            ${JSON.stringify(storableForAudit(redactPersonalData(entry.variables)))}::jsonb, ${entry.outcome},
            ${entry.records === undefined ? null : JSON.stringify(entry.records)}::jsonb)`);
}
