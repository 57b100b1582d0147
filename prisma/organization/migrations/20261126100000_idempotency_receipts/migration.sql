-- DropIndex
DROP INDEX "TreeChange_idempotencyKey_key";

-- AlterTable
ALTER TABLE "TreeChange" DROP COLUMN "idempotencyKey";

-- DropTable
DROP TABLE "MutationReceipt";

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

