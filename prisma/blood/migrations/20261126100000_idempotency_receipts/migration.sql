-- DropIndex
DROP INDEX "Donor_idempotencyKey_key";

-- DropIndex
DROP INDEX "Drive_idempotencyKey_key";

-- DropIndex
DROP INDEX "Donation_idempotencyKey_key";

-- DropIndex
DROP INDEX "OrganRegistration_idempotencyKey_key";

-- AlterTable
ALTER TABLE "Donor" DROP COLUMN "idempotencyKey";

-- AlterTable
ALTER TABLE "Drive" DROP COLUMN "idempotencyKey";

-- AlterTable
ALTER TABLE "Donation" DROP COLUMN "idempotencyKey";

-- AlterTable
ALTER TABLE "OrganRegistration" DROP COLUMN "idempotencyKey";

-- CreateTable
CREATE TABLE "IdempotencyReceipt" (
    "subject" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "inputHash" TEXT NOT NULL,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyReceipt_pkey" PRIMARY KEY ("subject","operation","key")
);

