-- Issue 8: dues payments accumulate until the amount in force (ORG-DUES), and a target may be a
-- range (ORG-TARGETS, BL-TARGETS: Từ Sơn 800–1,400 units of blood).
-- DropIndex
DROP INDEX "DuesPayment_membershipId_year_key";

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "maxValue" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "DuesPayment_membershipId_year_idx" ON "DuesPayment"("membershipId", "year");

