-- Issue 8: dues payments accumulate until the amount in force (ORG-DUES), a target may be a range
-- (ORG-TARGETS, BL-TARGETS: Từ Sơn 800–1,400 units of blood), and the dues threshold of EM-DEMOTE is
-- a row scoped to the chapter whose plan states it.
-- DropIndex
DROP INDEX "DuesPayment_membershipId_year_key";

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "maxValue" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "DuesThreshold" (
    "id" UUID NOT NULL,
    "withinId" UUID NOT NULL,
    "share" DOUBLE PRECISION NOT NULL,
    "note" TEXT,

    CONSTRAINT "DuesThreshold_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DuesPayment_membershipId_year_idx" ON "DuesPayment"("membershipId", "year");

