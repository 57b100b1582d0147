-- ORG-FUND, HA-SUPPORT: a fund-ledger line may name the document behind it (a receipt or decision
-- number, or the humanitarian support record a chapter paid for from its fund); one line per
-- document and chapter, so a saga step repeated after a lost answer never spends twice.
ALTER TABLE "FundEntry" ADD COLUMN "reference" TEXT;
CREATE UNIQUE INDEX "FundEntry_reference_counted_once" ON "FundEntry"("chapterId", "reference");

-- ORG-FUND, ORG-DUES, ORG-TARGETS: a rule or target row carries the years its document covers and
-- the document itself, so a province's 2024 plan never applies to 2023 or 2025 (Kiên Giang's fund
-- and dues rules: 2024; Từ Sơn's: 2023–2033). Rows written before periods existed keep applying
-- to every year until an officer gives them one.
ALTER TABLE "FundTarget" ADD COLUMN "fromYear" INTEGER NOT NULL DEFAULT 2000, ADD COLUMN "toYear" INTEGER, ADD COLUMN "source" TEXT;
ALTER TABLE "DuesThreshold" ADD COLUMN "fromYear" INTEGER NOT NULL DEFAULT 2000, ADD COLUMN "toYear" INTEGER, ADD COLUMN "source" TEXT;
ALTER TABLE "Target" ADD COLUMN "source" TEXT;
ALTER TABLE "FundTarget" ADD CONSTRAINT "FundTarget_period" CHECK ("toYear" IS NULL OR "toYear" >= "fromYear");
ALTER TABLE "DuesThreshold" ADD CONSTRAINT "DuesThreshold_period" CHECK ("toYear" IS NULL OR "toYear" >= "fromYear");
