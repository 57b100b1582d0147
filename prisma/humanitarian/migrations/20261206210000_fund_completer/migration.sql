-- HA-SUPPORT, ORG-FUND: a chapter-fund gift whose fund-ledger step could not reach organization is
-- completed in the background (supports/completer.ts), on behalf of the officer who recorded it:
-- the record keeps the recorder's chapter code and role beside their subject (recordedBy), so the
-- completer can sign an internal identity for them and organization checks their own rights again.
-- Records written before this column have none and are completed only by a resend.
ALTER TABLE "SupportRecord" ADD COLUMN "recorderChapter" TEXT;
ALTER TABLE "SupportRecord" ADD COLUMN "recorderRole" TEXT;

-- the completer's poll reads the few PENDING records
CREATE INDEX "SupportRecord_fundState_idx" ON "SupportRecord"("fundState");
