// The audit log as GraphQL (docs/partners-and-audit.md): each subgraph serves its own log under its own root
// field (federation cannot merge one root field from four subgraphs), all with this one shape —
// `AuditEntry` is a shareable value type, identical in every subgraph. Read-only: there is no
// mutation on the log, and the database refuses UPDATE and DELETE anyway.
import type { SubgraphContext, SubgraphTypes } from "../subgraph-types.ts";
import { described } from "../text.ts";
import type { TreeTables } from "../replica/tables.ts";
import { offsetConnection } from "../pagination.ts";
import type { AuditKind } from "./entries.ts";
import { auditLog, type AuditRow } from "./log.ts";

export const auditKindLabels: Record<AuditKind, string> = {
  MUTATION: "Thay đổi dữ liệu",
  GRANT_CHANGE: "Thay đổi quyền truy cập",
  PERSONAL_DATA_READ: "Xem dữ liệu cá nhân",
};

type Builder<Ctx extends SubgraphContext<unknown>, P extends {}> = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<SubgraphTypes<Ctx, P>>>;

/** Adds `field` (e.g. "bloodAuditLog") to Query: this subgraph's audit log, for ADMINs. */
export function addAuditLogField<Ctx extends SubgraphContext<unknown>, P extends {}>(builder: Builder<Ctx, P>, field: string, tables: TreeTables): void {
  const AuditKindEnum = builder.enumType("AuditKind", { description: "Why an audit entry was written", values: described(auditKindLabels) });
  const AuditEntryRef = builder.objectRef<AuditRow>("AuditEntry").implement({
    description: "One line of the audit log (nhật ký kiểm toán): who did what, with personal data redacted. Append-only.",
    shareable: true,
    fields: (t) => ({
      id: t.exposeID("id"),
      at: t.string({ description: "When, as an ISO timestamp", resolve: (e) => e.at.toISOString() }),
      requestId: t.exposeString("requestId", { description: "The request's x-request-id, as in the logs" }),
      caller: t.exposeString("subject", { description: "Who: the token's subject" }),
      role: t.exposeString("role"),
      callerChapter: t.exposeString("callerChapter", { description: "Code of the caller's chapter" }),
      chapterId: t.exposeID("chapterId", { nullable: true, description: "The chapter the change concerns, when its arguments name one" }),
      kind: t.field({ type: AuditKindEnum, resolve: (e) => e.kind }),
      kindLabel: t.string({ resolve: (e) => auditKindLabels[e.kind] }),
      operation: t.exposeString("operation", { description: "The mutation (e.g. recordDonation), or for a read the operation's name" }),
      operationName: t.exposeString("operationName", { nullable: true, description: "The GraphQL operation's name as this subgraph received it" }),
      variables: t.string({ description: "The arguments as JSON, personal data replaced by \"[redacted]\"", resolve: (e) => JSON.stringify(e.variables) }),
      outcome: t.exposeString("outcome", { description: "OK, REPLAYED (an idempotent retry: nothing changed) or the error code the caller got" }),
      records: t.string({ nullable: true, description: "For a read: the records shown, by type, as JSON ({\"Donor\": {\"count\": 2, \"ids\": […]}})", resolve: (e) => (e.records ? JSON.stringify(e.records) : null) }),
    }),
  });
  builder.queryField(field, (t) =>
    t.connection({
      type: AuditEntryRef,
      description: "This subgraph's audit log for your part of the tree, newest first (ADMIN only)",
      args: {
        chapter: t.arg.string({ required: false, description: "Code of a chapter in your part of the tree: only entries of it and the chapters below it" }),
        caller: t.arg.string({ required: false, description: "Only this caller's entries (token subject)" }),
        operation: t.arg.string({ required: false, description: "Only this mutation (e.g. recordDonation) or read operation" }),
        kind: t.arg({ type: AuditKindEnum, required: false }),
        from: t.arg({ type: "Date", required: false, description: "From this day on (Vietnam time)" }),
        to: t.arg({ type: "Date", required: false, description: "Up to and including this day (Vietnam time)" }),
      },
      resolve: async (_root, args, ctx) => {
        const log = await auditLog(ctx, tables, args);
        return offsetConnection(args, { page: log.page, count: log.count });
      },
    }),
  );
}

