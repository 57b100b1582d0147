-- CreateEnum
CREATE TYPE "AuditKind" AS ENUM ('MUTATION', 'GRANT_CHANGE', 'PERSONAL_DATA_READ');

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "callerChapter" TEXT NOT NULL,
    "chapterId" UUID,
    "kind" "AuditKind" NOT NULL,
    "operation" TEXT NOT NULL,
    "operationName" TEXT,
    "variables" JSONB NOT NULL,
    "outcome" TEXT NOT NULL,
    "records" JSONB,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_callerChapter_at_idx" ON "AuditEntry"("callerChapter", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_chapterId_at_idx" ON "AuditEntry"("chapterId", "at");


-- Append-only, held by the database: any UPDATE, DELETE or TRUNCATE of the audit log fails,
-- whoever sends it (statement-level, so even a change matching no row is refused).
CREATE FUNCTION audit_entry_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The audit log is append-only: % on "AuditEntry" is refused.', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "AuditEntry"
FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
