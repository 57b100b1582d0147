// The audit trail (docs/partners-and-audit.md): what is recorded, how it is written and how ADMINs read it.
export { auditAs, auditedTransaction, markReplayed, AuditPlugin } from "./mutations.ts";
export { showsPersonalData, personalDataReadAudit } from "./reads.ts";
export { PERSONAL_DATA_FIELDS, REDACTED, redactLogValue, redactMessage, redactPersonalData } from "./redact.ts";
export { auditKinds, insertAuditEntry, type AuditKind, type AuditEntry } from "./entries.ts";
export { auditLog, requireAuditReader, type AuditFilter, type AuditRow } from "./log.ts";
export { addAuditLogField, auditKindLabels } from "./schema.ts";
